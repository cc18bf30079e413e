/**
 * Links of the subscriber's pages keep the selected account (`?account=`, lib/account.ts): `link('/pay')` in a
 * page or component gives '/pay?account=NUMBER' while an account is selected, '/pay' otherwise. Read during
 * rendering (it reads the page's address), so every link follows the address as it changes.
 */
import { page } from '$app/state';
import { selectedAccount, withAccount } from './account';

export function link(href: string): string {
  return withAccount(href, selectedAccount(page.url));
}
