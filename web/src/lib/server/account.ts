/**
 * The account a request is about (#15): `?account=NUMBER` in its address (see lib/account.ts), the account
 * signed in with when absent. Loads and form actions read it here; the API decides whether it is the person's
 * (another's is FORBIDDEN, shown by failLoad with the API's words).
 */
import { error, type RequestEvent } from '@sveltejs/kit';
import { accountParam } from '$lib/account';

export const INVALID_ACCOUNT_MESSAGE =
  'В адресе страницы неверный номер лицевого счёта: он состоит из 12 цифр. Выберите лицевой счёт в списке «Мои лицевые счета» на главной странице.';

/** The selected account's number, or null for the account signed in with; a malformed one is a 400 page. */
export function requestedAccount(event: Pick<RequestEvent, 'url'>): string | null {
  const value = accountParam(event.url);
  if (value === 'invalid') error(400, INVALID_ACCOUNT_MESSAGE);
  return value;
}

/** The variables of an account page's query: `account(number:)` for a selected account, `me` otherwise. */
export function accountVariables(event: Pick<RequestEvent, 'url'>): { number: string; byNumber: boolean } {
  const number = requestedAccount(event);
  return number ? { number, byNumber: true } : { number: '', byNumber: false };
}

/** The account a query of `accountVariables` answered: `account` when asked by number, else `me`. */
export function answeredAccount<T>(data: { me?: T | null; account?: T | null }): T {
  const account = data.account ?? data.me;
  // `account(number:)` answers null only to staff (an unknown number); a subscriber's is FORBIDDEN instead.
  if (!account) error(404, 'Лицевой счёт не найден');
  return account;
}
