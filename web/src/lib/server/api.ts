/**
 * The API as seen from one request of the site: typed queries and mutations through the urql
 * client, the subscriber's access token, the browser's address, and one silent session refresh
 * when the API says the access token is no longer good.
 */
import { error, isHttpError, isRedirect, redirect, type RequestEvent } from '@sveltejs/kit';
import type { AnyVariables, CombinedError, TypedDocumentNode } from '@urql/core';
import { createGraphQLClient, RefreshSessionMutation } from '$lib/graphql';
import { ApiError, NETWORK_MESSAGE, problemsFromGraphQL } from '$lib/errors';
import { apiUrl } from './config';
import { clearSessionCookies, setSessionCookies, type Tokens } from './session';

type Event = Pick<RequestEvent, 'locals' | 'cookies' | 'url' | 'getClientAddress'>;

function toApiError(err: CombinedError): ApiError {
  if (err.graphQLErrors?.length) return new ApiError(problemsFromGraphQL(err.graphQLErrors));
  return new ApiError([{ code: 'NETWORK', message: NETWORK_MESSAGE, extensions: {} }], true);
}

function clientIp(event: Event): string | null {
  try {
    return event.getClientAddress();
  } catch {
    return null;
  }
}

/** How long the site waits for the API before saying the service is unavailable. */
const API_TIMEOUT_MS = 15_000;

/** fetch that gives up after API_TIMEOUT_MS, whatever signal urql passes along. */
const timedFetch: typeof fetch = (input, init) => {
  const timeout = AbortSignal.timeout(API_TIMEOUT_MS);
  const signal = init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
  return fetch(input, { ...init, signal });
};

/** A client with no session, for refreshing tokens. */
function anonymousClient(ip: string | null) {
  return createGraphQLClient({ url: apiUrl(), fetch: timedFetch, clientIp: ip });
}

/**
 * Refreshes in flight or just done, by refresh token. A page and its data request can arrive
 * together with the same old cookie; they must not both spend the (single-use) refresh token.
 */
const refreshes = new Map<string, Promise<Tokens>>();
const REFRESH_REUSE_MS = 30_000;

export function refreshTokens(refreshToken: string, ip: string | null): Promise<Tokens> {
  const existing = refreshes.get(refreshToken);
  if (existing) return existing;
  const pending = (async () => {
    const result = await anonymousClient(ip).mutation(RefreshSessionMutation, { refreshToken }).toPromise();
    if (result.error) throw toApiError(result.error);
    if (!result.data) throw new ApiError([{ code: 'NETWORK', message: NETWORK_MESSAGE, extensions: {} }], true);
    return result.data.refreshSession;
  })();
  refreshes.set(refreshToken, pending);
  const forget = () => setTimeout(() => refreshes.delete(refreshToken), REFRESH_REUSE_MS).unref?.();
  pending.then(forget, () => refreshes.delete(refreshToken));
  return pending;
}

/**
 * Makes sure `locals.accessToken` holds a usable token when the browser has a session: refreshes
 * it with the refresh token when needed and sets the new cookies. Returns false when signed out.
 */
export async function refreshSession(event: Event): Promise<boolean> {
  const refreshToken = event.locals.refreshToken;
  if (!refreshToken) return false;
  try {
    const tokens = await refreshTokens(refreshToken, clientIp(event));
    setSessionCookies(event, tokens, event.locals.remember);
    event.locals.accessToken = tokens.accessToken;
    event.locals.refreshToken = tokens.refreshToken;
    return true;
  } catch (err) {
    if (err instanceof ApiError && err.network) throw err;
    // The refresh token is no longer valid: the session is over.
    clearSessionCookies(event);
    event.locals.accessToken = null;
    event.locals.refreshToken = null;
    return false;
  }
}

export interface Api {
  query<R, V extends AnyVariables>(doc: TypedDocumentNode<R, V>, variables?: V): Promise<R>;
  mutate<R, V extends AnyVariables>(doc: TypedDocumentNode<R, V>, variables?: V): Promise<R>;
}

/** The API for this request. Errors are thrown as ApiError. */
export function api(event: Event): Api {
  const ip = clientIp(event);
  const client = createGraphQLClient({
    url: apiUrl(),
    fetch: timedFetch,
    getAccessToken: () => event.locals.accessToken,
    clientIp: ip,
  });

  async function run<R, V extends AnyVariables>(kind: 'query' | 'mutation', doc: TypedDocumentNode<R, V>, variables: V): Promise<R> {
    const send = () =>
      (kind === 'query' ? client.query(doc, variables) : client.mutation(doc, variables)).toPromise();
    let result = await send();
    const unauthenticated = result.error?.graphQLErrors?.some((e) => e.extensions?.code === 'UNAUTHENTICATED');
    if (unauthenticated && event.locals.accessToken && event.locals.refreshToken) {
      // The API refused a token we thought good (clock skew, revoked): refresh once and retry.
      event.locals.accessToken = null;
      if (await refreshSession(event)) result = await send();
    }
    if (result.error) {
      const apiError = toApiError(result.error);
      if (apiError.has('UNAUTHENTICATED') && event.locals.accessToken) {
        clearSessionCookies(event);
        event.locals.accessToken = null;
        event.locals.refreshToken = null;
      }
      throw apiError;
    }
    if (!result.data) throw new ApiError([{ code: 'NETWORK', message: NETWORK_MESSAGE, extensions: {} }], true);
    return result.data;
  }

  return {
    query: (doc, variables) => run('query', doc, (variables ?? {}) as never),
    mutate: (doc, variables) => run('mutation', doc, (variables ?? {}) as never),
  };
}

/**
 * For load functions: turns an API failure into what the subscriber should see — the sign-in page
 * when the session is over, a 404, or a friendly «service unavailable» page.
 */
export function failLoad(err: unknown, event: Pick<RequestEvent, 'url'>): never {
  // A page's own error() or redirect() (a meter that is not there, a malformed ?account=) goes through as it is.
  if (isHttpError(err) || isRedirect(err)) throw err;
  if (err instanceof ApiError) {
    if (err.network) error(503, NETWORK_MESSAGE);
    if (err.has('UNAUTHENTICATED')) {
      redirect(303, `/login?next=${encodeURIComponent(event.url.pathname + event.url.search)}`);
    }
    if (err.has('NOT_FOUND')) error(404, 'Страница не найдена');
    // Another person's account in the address (#15): the API's own words, which say what to do.
    const forbidden = err.problems.find((p) => p.code === 'FORBIDDEN');
    if (forbidden) error(403, /[А-Яа-яЁё]/.test(forbidden.message) ? forbidden.message : 'Недостаточно прав');
    if (err.has('RATE_LIMITED')) error(429, err.problems[0].message || 'Слишком много запросов. Повторите позже.');
  }
  console.error('API request failed', err);
  error(502, 'Не удалось получить данные. Попробуйте обновить страницу позже.');
}

/** Runs a load's API calls; failures become the right page (see failLoad). */
export async function loadFromApi<T>(event: Pick<RequestEvent, 'url'>, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    failLoad(err, event);
  }
}
