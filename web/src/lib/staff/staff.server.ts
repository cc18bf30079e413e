/**
 * The operators' area on the server: loads whose failures become the right page (the operators'
 * sign-in, not the subscriber's), form errors, and the sections whose operation the running API
 * does not know yet («Раздел появится после обновления API»).
 */
import { error, fail, isHttpError, isRedirect, redirect, type RequestEvent } from '@sveltejs/kit';
import { ApiError, NETWORK_MESSAGE, toFormErrors } from '$lib/errors';
import { safeNext } from '$lib/server/forms';
import { clearSessionCookies } from '$lib/server/session';
import { UNAVAILABLE } from './texts';

export const UNAVAILABLE_MESSAGE = UNAVAILABLE;

/** The API does not know the operation (an older API): the section waits for its update. */
export function isUnavailable(err: unknown): boolean {
  return err instanceof ApiError && err.has('GRAPHQL_VALIDATION_FAILED') && err.problems.some((p) => /Cannot query field|Unknown type|Unknown argument/i.test(p.message));
}

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

/** Like loadStaff, but an operation the API does not know yet gives `null` (the page says so). */
export async function loadOptional<T>(event: Pick<RequestEvent, 'url' | 'cookies'>, work: () => Promise<T>): Promise<T | null> {
  try {
    return await work();
  } catch (err) {
    if (isUnavailable(err)) return null;
    failStaffLoad(err, event);
  }
}

/**
 * A failed action: problems about the form's fields go next to them, the rest above the form.
 * `values` are given back so that the form keeps what was typed.
 */
export function failAction<V extends Record<string, unknown>>(err: unknown, fields: readonly string[], values: V, status = 400) {
  if (err instanceof ApiError && err.has('UNAUTHENTICATED')) redirect(303, '/staff/login');
  if (isUnavailable(err)) return fail(501, { ...values, fieldErrors: {} as Record<string, string>, formError: UNAVAILABLE_MESSAGE as string | null });
  const { fieldErrors, formError } = toFormErrors(err, fields);
  return fail(status, { ...values, fieldErrors, formError: formError ?? null });
}

/** A refusal found before asking the API. */
export function invalid<V extends Record<string, unknown>>(values: V, fieldErrors: Record<string, string>, formError: string | null = null) {
  return fail(400, { ...values, fieldErrors, formError });
}

/** A page of the operators' area to go to after signing in; /staff for anything else (see safeNext). */
export function safeStaffNext(raw: unknown, origin?: string): string {
  return safeNext(raw, '/staff', origin);
}

/** Today's month, YYYY-MM, in the utility's time zone, and the month before it. */
export function previousMonth(today: string): string {
  const [y, m] = today.slice(0, 7).split('-').map(Number);
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}
