/**
 * The subscriber's session in httpOnly cookies:
 *   kabinet_access   the access JWT (expires with the token)
 *   kabinet_refresh  the refresh token: 30 days with «Сохранить логин», a browser-session cookie otherwise
 *   kabinet_remember "1" when «Сохранить логин» was ticked, so that a refreshed session keeps the choice
 *   kabinet_login    the account number, with «Сохранить логин»: the sign-in form comes filled in on this
 *                    browser, also after ВЫХОД (which ends the session, not this); signing in without the
 *                    box ticked forgets it
 *
 * The operators' area (/staff) has its own pair, kabinet_staff_access and kabinet_staff_refresh,
 * with path /staff: the browser never sends them to the subscriber's pages, and the /staff pages
 * never read the subscriber's cookies. Which pair a call uses follows from the request's path.
 */
import type { Cookies, RequestEvent } from '@sveltejs/kit';

export const ACCESS_COOKIE = 'kabinet_access';
export const REFRESH_COOKIE = 'kabinet_refresh';
export const REMEMBER_COOKIE = 'kabinet_remember';

export const LOGIN_COOKIE = 'kabinet_login';

export const REMEMBER_MAX_AGE = 30 * 24 * 3600;
/** How long this browser keeps the remembered account number (each sign-in with the box ticked renews it). */
export const LOGIN_MAX_AGE = 365 * 24 * 3600;

export const STAFF_PATH = '/staff';
export const STAFF_ACCESS_COOKIE = 'kabinet_staff_access';
export const STAFF_REFRESH_COOKIE = 'kabinet_staff_refresh';
/** The operator's username, for the header (the API has no «who am I» for staff). */
export const STAFF_NAME_COOKIE = 'kabinet_staff_name';

/** Is this a page of the operators' area? */
export function isStaffPath(pathname: string): boolean {
  return pathname === STAFF_PATH || pathname.startsWith(`${STAFF_PATH}/`);
}

/** Seconds before its `exp` that an access token is already treated as expired. */
const EXPIRY_MARGIN_SECONDS = 30;

export interface Tokens {
  accessToken: string;
  refreshToken: string;
  expiresAt?: string | null;
}

/** The `exp` claim (seconds since epoch) of a JWT, read without verifying the signature. */
export function jwtExpiry(token: string | undefined | null): number | null {
  if (!token) return null;
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  try {
    const payload = JSON.parse(Buffer.from(parts[1].replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('utf8'));
    return typeof payload.exp === 'number' ? payload.exp : null;
  } catch {
    return null;
  }
}

/** The `typ` claim of an access JWT ("SUBSCRIBER" or "STAFF"), read without verifying the signature. */
export function jwtSubjectType(token: string | undefined | null): string | null {
  if (!token) return null;
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  try {
    const payload = JSON.parse(Buffer.from(parts[1].replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('utf8'));
    return typeof payload.typ === 'string' ? payload.typ : null;
  } catch {
    return null;
  }
}

export function isAccessTokenUsable(token: string | undefined | null, now = Date.now()): token is string {
  const exp = jwtExpiry(token);
  return exp !== null && exp - EXPIRY_MARGIN_SECONDS > now / 1000;
}

function baseOptions(event: Pick<RequestEvent, 'url'>) {
  return {
    path: isStaffPath(event.url.pathname) ? STAFF_PATH : '/',
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: event.url.protocol === 'https:',
  };
}

export function setSessionCookies(event: Pick<RequestEvent, 'cookies' | 'url'>, tokens: Tokens, remember: boolean): void {
  const options = baseOptions(event);
  const exp = jwtExpiry(tokens.accessToken);
  const fromExpiresAt = tokens.expiresAt ? Math.floor(Date.parse(tokens.expiresAt) / 1000) : NaN;
  const expiresAt = exp ?? (Number.isFinite(fromExpiresAt) ? fromExpiresAt : null);
  const accessMaxAge = expiresAt ? Math.max(1, expiresAt - Math.floor(Date.now() / 1000)) : 15 * 60;
  if (isStaffPath(event.url.pathname)) {
    // Operators: no «remember me»; the refresh token lives as long as the browser session.
    event.cookies.set(STAFF_ACCESS_COOKIE, tokens.accessToken, { ...options, maxAge: accessMaxAge });
    event.cookies.set(STAFF_REFRESH_COOKIE, tokens.refreshToken, options);
    return;
  }
  event.cookies.set(ACCESS_COOKIE, tokens.accessToken, { ...options, maxAge: accessMaxAge });
  if (remember) {
    event.cookies.set(REFRESH_COOKIE, tokens.refreshToken, { ...options, maxAge: REMEMBER_MAX_AGE });
    event.cookies.set(REMEMBER_COOKIE, '1', { ...options, maxAge: REMEMBER_MAX_AGE });
  } else {
    // No maxAge: a session cookie, gone when the browser closes.
    event.cookies.set(REFRESH_COOKIE, tokens.refreshToken, options);
    event.cookies.delete(REMEMBER_COOKIE, options);
  }
}

/** «Сохранить логин»: remember the account number on this browser, or forget it. */
export function rememberLogin(event: Pick<RequestEvent, 'cookies' | 'url'>, accountNumber: string | null): void {
  const options = { ...baseOptions(event), path: '/' };
  if (accountNumber) event.cookies.set(LOGIN_COOKIE, accountNumber, { ...options, maxAge: LOGIN_MAX_AGE });
  else event.cookies.delete(LOGIN_COOKIE, options);
}

/** The account number remembered on this browser, if any. */
export function rememberedLogin(cookies: Cookies): string | null {
  const value = cookies.get(LOGIN_COOKIE) ?? '';
  return /^\d{1,20}$/.test(value) ? value : null;
}

export function clearSessionCookies(event: Pick<RequestEvent, 'cookies' | 'url'>): void {
  const options = baseOptions(event);
  if (isStaffPath(event.url.pathname)) {
    for (const name of [STAFF_ACCESS_COOKIE, STAFF_REFRESH_COOKIE, STAFF_NAME_COOKIE]) event.cookies.delete(name, options);
    return;
  }
  for (const name of [ACCESS_COOKIE, REFRESH_COOKIE, REMEMBER_COOKIE]) event.cookies.delete(name, options);
}

export function readSessionCookies(cookies: Cookies) {
  return {
    accessToken: cookies.get(ACCESS_COOKIE) || null,
    refreshToken: cookies.get(REFRESH_COOKIE) || null,
    remember: cookies.get(REMEMBER_COOKIE) === '1',
  };
}

/** The operator's session (only ever read on /staff pages). */
export function readStaffCookies(cookies: Cookies) {
  return {
    accessToken: cookies.get(STAFF_ACCESS_COOKIE) || null,
    refreshToken: cookies.get(STAFF_REFRESH_COOKIE) || null,
    name: cookies.get(STAFF_NAME_COOKIE) || null,
  };
}
