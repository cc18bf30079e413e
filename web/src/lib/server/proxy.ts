/**
 * Files the API serves outside GraphQL (the payment document's PDF, the ledger reports) need the
 * subscriber's bearer token, which lives in an httpOnly cookie: the site fetches them for the
 * browser and passes the body through.
 */
import type { RequestEvent } from '@sveltejs/kit';
import { apiOrigin } from './config';
import { refreshSession } from './api';

const PASSED_HEADERS = ['content-type', 'content-disposition', 'content-length', 'last-modified', 'etag'];

/**
 * GETs a path of the API (path and query only: always sent to API_URL's origin, so the token never
 * goes anywhere else). Refreshes the session once when the API answers 401.
 */
export async function fetchFromApi(event: RequestEvent, pathAndQuery: string): Promise<globalThis.Response> {
  const url = new URL(pathAndQuery, apiOrigin());
  const send = () => {
    const headers: Record<string, string> = {};
    if (event.locals.accessToken) headers.authorization = `Bearer ${event.locals.accessToken}`;
    try {
      headers['x-forwarded-for'] = event.getClientAddress();
    } catch {
      // No client address (e.g. during prerendering): nothing to forward.
    }
    return fetch(url, { headers, redirect: 'manual', signal: AbortSignal.timeout(60_000) });
  };
  let response = await send();
  if (response.status === 401 && event.locals.refreshToken) {
    event.locals.accessToken = null;
    if (await refreshSession(event)) response = await send();
  }
  return response;
}

/**
 * The API's answer as the site's, with its body streamed and only the file's own headers kept.
 * `download`: saved as a file under `fallbackName`, whatever the API suggests (a form's answer, which
 * would otherwise replace the page).
 */
export function passThrough(response: globalThis.Response, fallbackName: string, { download = false } = {}): Response {
  const headers = new Headers({ 'cache-control': 'private, no-store' });
  for (const name of PASSED_HEADERS) {
    const value = response.headers.get(name);
    if (value) headers.set(name, value);
  }
  if (download || !headers.has('content-disposition')) headers.set('content-disposition', `attachment; filename="${fallbackName}"`);
  return new Response(response.body, { status: 200, headers });
}
