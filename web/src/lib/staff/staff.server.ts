/**
 * The operators' area on the server: loads whose failures become the right page (the operators'
 * sign-in, not the subscriber's), and the API's refusals placed on a form.
 */
import { error, fail, isHttpError, isRedirect, redirect, type RequestEvent } from '@sveltejs/kit';
import { ApiError, NETWORK_MESSAGE, toFormErrors } from '$lib/errors';
import { safeNext } from '$lib/server/forms';
import { clearSessionCookies } from '$lib/server/session';

/** For staff loads: the operators' sign-in when the session is over, else an error page. */
export function failStaffLoad(err: unknown, event: Pick<RequestEvent, 'url' | 'cookies'>): never {
  // A page's own error() or redirect() goes through as it is.
  if (isHttpError(err) || isRedirect(err)) throw err;
  if (err instanceof ApiError) {
    if (err.network) error(503, NETWORK_MESSAGE);
    if (err.has('UNAUTHENTICATED') || err.has('FORBIDDEN')) {
      // Not an operator's session (or no longer one): sign in again.
      clearSessionCookies(event);
      redirect(303, `/staff/login?next=${encodeURIComponent(event.url.pathname + event.url.search)}`);
    }
    if (err.has('NOT_FOUND')) error(404, 'Запись не найдена');
    if (err.has('RATE_LIMITED')) error(429, err.problems[0].message || 'Слишком много запросов. Повторите позже.');
  }
  console.error('API request failed', err);
  error(502, 'Не удалось получить данные. Попробуйте обновить страницу позже.');
}

export async function loadStaff<T>(event: Pick<RequestEvent, 'url' | 'cookies'>, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    failStaffLoad(err, event);
  }
}

/**
 * A failed action: problems about the form's fields go next to them, the rest above the form.
 * `values` are given back so that the form keeps what was typed.
 */
export function failAction<V extends Record<string, unknown>>(err: unknown, fields: readonly string[], values: V, status = 400) {
  if (err instanceof ApiError && err.has('UNAUTHENTICATED')) redirect(303, '/staff/login');
  const { fieldErrors, formError } = toFormErrors(err, fields);
  return fail(status, { ...values, fieldErrors, formError: formError ?? null });
}

/** A page of the operators' area to go to after signing in; /staff for anything else (see safeNext). */
export function safeStaffNext(raw: unknown, origin?: string): string {
  return safeNext(raw, '/staff', origin);
}
