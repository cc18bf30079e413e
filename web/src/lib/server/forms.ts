/** Reading submitted forms. */

export function text(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === 'string' ? value.trim() : '';
}

/** A checkbox: ticked when present with any value but "0"/"false"/"off". */
export function checked(form: FormData, name: string): boolean {
  const value = form.get(name);
  return typeof value === 'string' && !['', '0', 'false', 'off'].includes(value);
}

/** An account number as people type it: spaces and dashes removed. */
export function accountNumber(raw: string): string {
  return raw.replace(/[\s\-\u00a0]/g, '');
}

/** Control characters (C0 with tab, CR and LF; DEL; C1) and the backslash, which browsers read as "/". */
const UNSAFE_IN_NEXT = /[\u0000-\u001f\u007f-\u009f\\]/;
/** Stands in for the site's origin when the caller does not give it: only paths are taken anyway. */
const PLACEHOLDER_ORIGIN = 'http://kabinet.invalid';
const MAX_NEXT_LENGTH = 2000;

/** A pathname inside `area` ("/" or "/staff"): the area itself or below it. */
function within(pathname: string, area: string): boolean {
  return area === '/' || pathname === area || pathname.startsWith(`${area}/`);
}

/**
 * A page of the site to go to after signing in (`?next=`), or the area's home (`/`, or `/staff` for
 * the operators' sign-in) for anything else; never throws. Taken only: a path (one leading "/", not
 * "//" or a scheme), with no control character or backslash in it, as sent or percent-decoded (up to
 * three times), that resolves against the site's origin (`new URL(next, origin)`) to that same origin
 * and to a pathname that is neither "//…" (dot segments can make one: "/.//evil") nor the area's
 * sign-in or sign-out page. The answer is rebuilt from the parsed URL: pathname, query and fragment.
 */
export function safeNext(raw: unknown, area: '/' | '/staff' = '/', origin: string = PLACEHOLDER_ORIGIN): string {
  if (typeof raw !== 'string' || raw.length > MAX_NEXT_LENGTH) return area;
  if (!raw.startsWith('/') || raw.startsWith('//')) return area;
  // "/%2F%2Fevil", "/%5Cevil", "/%0d%0a…", "/%252F…": whatever a later decoding would make of it.
  let decoded = raw;
  for (let i = 0; i < 3; i++) {
    if (UNSAFE_IN_NEXT.test(decoded) || decoded.startsWith('//')) return area;
    let next: string;
    try {
      next = decodeURIComponent(decoded);
    } catch {
      return area;
    }
    if (next === decoded) break;
    decoded = next;
  }
  if (UNSAFE_IN_NEXT.test(decoded) || decoded.startsWith('//')) return area;

  let url: URL;
  try {
    const base = new URL(origin);
    url = new URL(raw, base);
    if (url.origin !== base.origin) return area;
  } catch {
    return area;
  }
  const { pathname } = url;
  if (pathname.startsWith('//') || !within(pathname, area)) return area;
  const own = area === '/' ? '' : area;
  if (within(pathname, `${own}/login`) || within(pathname, `${own}/logout`)) return area;
  const path = pathname + url.search + url.hash;
  return UNSAFE_IN_NEXT.test(path) ? area : path;
}

/**
 * A date as a date field sends it (YYYY-MM-DD), or as people type it where there is no date picker
 * ("20.12.2026" → "2026-12-20"). Anything else is passed on as typed: the API says what is wrong.
 */
export function dateInput(raw: string): string {
  const m = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(raw.trim());
  return m ? `${m[3]}-${m[2].padStart(2, '0')}-${m[1].padStart(2, '0')}` : raw.trim();
}
