/**
 * The selected account (#15: several accounts under one sign-in) travels in the URL as `?account=NUMBER`:
 * every internal link and form of a subscriber's page keeps it (`withAccount`), so that links, reloads and the
 * back button stay on the account chosen. Absent: the account signed in with (`me`).
 *
 * Imports nothing: the server, the pages and the tests (support/site-module.ts) use it alike.
 */

/** The query parameter that names the selected account. */
export const ACCOUNT_PARAM = 'account';

/** An account number as the address carries it: 12 digits. */
const ACCOUNT_NUMBER = /^\d{12}$/;

export function isAccountNumber(value: string): boolean {
  return ACCOUNT_NUMBER.test(value);
}

/**
 * The `?account=` of an address: null when absent or empty, the number when it is 12 digits, 'invalid' for
 * anything else (a page then says so; links drop it).
 */
export function accountParam(url: URL): string | null | 'invalid' {
  const raw = url.searchParams.get(ACCOUNT_PARAM);
  if (raw === null || raw === '') return null;
  return isAccountNumber(raw) ? raw : 'invalid';
}

/** The selected account of an address, for links: its number, or null (the signed-in one; a malformed one is dropped). */
export function selectedAccount(url: URL): string | null {
  const value = accountParam(url);
  return value === 'invalid' ? null : value;
}

/**
 * A link or a form action of the site with the selected account in its query (first), or without one when
 * `account` is null. Other parameters, the path and the fragment stay as they are:
 *   withAccount('/pay', '100000000002')        → '/pay?account=100000000002'
 *   withAccount('?/send', '100000000002')      → '?account=100000000002&/send' (a named form action)
 *   withAccount('/ledger?from=2026-01-01', n)  → '/ledger?account=…&from=2026-01-01'
 */
export function withAccount(href: string, account: string | null | undefined): string {
  const hashAt = href.indexOf('#');
  const hash = hashAt >= 0 ? href.slice(hashAt) : '';
  const rest = hashAt >= 0 ? href.slice(0, hashAt) : href;
  const queryAt = rest.indexOf('?');
  const path = queryAt >= 0 ? rest.slice(0, queryAt) : rest;
  const others = (queryAt >= 0 ? rest.slice(queryAt + 1) : '').split('&').filter((p) => p && !/^account(=|$)/.test(p));
  const number = account && isAccountNumber(account) ? account : null;
  const parts = number ? [`${ACCOUNT_PARAM}=${number}`, ...others] : others;
  // A link to "?" (this page without parameters) stays one.
  const query = parts.length ? `?${parts.join('&')}` : queryAt >= 0 && !path ? '?' : '';
  return `${path}${query}${hash}`;
}

/**
 * Where the header's switcher takes the subscriber for another account: the same page, without what belongs
 * to the account shown (a meter's history, a payment's result, a page of a list); the ledger keeps its range.
 * `account` null: the signed-in account (no parameter).
 */
export function switchAccountHref(url: URL, account: string | null): string {
  let path = url.pathname;
  if (path.startsWith('/meters/')) path = '/meters';
  else if (path.startsWith('/pay/')) path = '/pay';
  const kept = new URLSearchParams();
  if (path === '/ledger') {
    for (const name of ['from', 'to', 'sort']) {
      const value = url.searchParams.get(name);
      if (value) kept.set(name, value);
    }
  }
  const query = kept.toString();
  return withAccount(`${path}${query ? `?${query}` : ''}`, account);
}
