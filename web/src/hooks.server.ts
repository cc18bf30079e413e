/**
 * Every request: read the session cookies, refresh an expired access token with the refresh token,
 * keep signed-out visitors to the public pages, and add the security headers (lib/server/headers.ts;
 * HSTS and CARD_GATEWAY_ORIGIN are read there, see lib/server/config.ts).
 */
import { redirect, type Handle, type HandleServerError, type ServerInit } from '@sveltejs/kit';
import { refreshSession } from '$lib/server/api';
import { checkConfig } from '$lib/server/config';
import { withSecurityHeaders } from '$lib/server/headers';
import { clearSessionCookies, isAccessTokenUsable, isStaffPath, jwtSubjectType, readSessionCookies, readStaffCookies } from '$lib/server/session';

/** At start-up: a setting the site cannot take stops it here, with the setting's name, not at the first request. */
export const init: ServerInit = () => {
  checkConfig();
};

/** Pages anyone may see. Everything else needs a signed-in subscriber. */
const PUBLIC_PATHS = ['/login', '/registration', '/agreement', '/forgot', '/reset', '/contacts', '/logout'];
/** Pages that make no sense once signed in. */
const SIGNED_OUT_ONLY = ['/login', '/registration'];

function matches(pathname: string, paths: string[]): boolean {
  return paths.some((p) => pathname === p || pathname.startsWith(`${p}/`));
}

/** Operators' pages open without signing in. */
const STAFF_PUBLIC_PATHS = ['/staff/login', '/staff/logout'];

export const handle: Handle = async ({ event, resolve }) => {
  // The operators' area (/staff) uses the operator's cookies only; every other page the subscriber's only.
  const staff = isStaffPath(event.url.pathname);
  const session = staff ? { ...readStaffCookies(event.cookies), remember: false } : readSessionCookies(event.cookies);
  const { accessToken, refreshToken, remember } = session;
  event.locals.staff = staff;
  event.locals.staffName = staff ? (readStaffCookies(event.cookies).name ?? null) : null;
  event.locals.accessToken = isAccessTokenUsable(accessToken) ? accessToken : null;
  event.locals.refreshToken = refreshToken;
  event.locals.remember = remember;

  if (!event.locals.accessToken && refreshToken) {
    try {
      await refreshSession(event);
    } catch (err) {
      // The API cannot be reached: keep the cookies and carry on; pages will say the service is down.
      console.error('Session refresh failed', err);
    }
  }

  // Only an operator's token opens the operators' area (and only a subscriber's the subscriber's pages).
  const type = event.locals.accessToken ? jwtSubjectType(event.locals.accessToken) : null;
  if (event.locals.accessToken && (staff ? type !== 'STAFF' : type === 'STAFF')) {
    clearSessionCookies(event);
    event.locals.accessToken = null;
    event.locals.refreshToken = null;
  }

  const signedIn = Boolean(event.locals.accessToken);
  const { pathname, search } = event.url;
  if (event.route.id && staff) {
    if (!signedIn && !matches(pathname, STAFF_PUBLIC_PATHS)) {
      const next = pathname === '/staff' ? '' : `?next=${encodeURIComponent(pathname + search)}`;
      redirect(303, `/staff/login${next}`);
    }
    if (signedIn && matches(pathname, ['/staff/login'])) redirect(303, '/staff');
  } else if (event.route.id) {
    if (!signedIn && !matches(pathname, PUBLIC_PATHS)) {
      const next = pathname === '/' ? '' : `?next=${encodeURIComponent(pathname + search)}`;
      redirect(303, `/login${next}`);
    }
    if (signedIn && matches(pathname, SIGNED_OUT_ONLY)) redirect(303, '/');
  }

  const response = await resolve(event, {
    filterSerializedResponseHeaders: (name) => name === 'content-type',
  });
  // Security headers on every answer; pages, data and downloads of a session (and the whole operators'
  // area) show personal data: no cache may keep them (Cache-Control: private, no-store).
  return withSecurityHeaders(event, response, signedIn || staff);
};

export const handleError: HandleServerError = ({ error, status, message }) => {
  if (status !== 404) console.error(error);
  return { message: status === 404 ? 'Страница не найдена' : message === 'Internal Error' ? 'Внутренняя ошибка. Попробуйте позже.' : message };
};
