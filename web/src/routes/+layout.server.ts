import type { LayoutServerLoad } from './$types';
import { AccountSummaryQuery, type ResultOf } from '$lib/graphql';
import { selectedAccount } from '$lib/account';
import { api } from '$lib/server/api';
import { utilityInfo } from '$lib/server/utility';

type Summary = ResultOf<typeof AccountSummaryQuery>;
/** The account a page shows (the selected one, or the one signed in with), with the person's name for the header. */
export type ShownAccount = Summary['myAccounts'][number] & Pick<Summary['me'], 'lastName' | 'firstName' | 'middleName'>;

export const load = (async (event) => {
  // Re-run on every navigation: the balance and the unread replies in the header stay current; and
  // on invalidate('kabinet:account') (the appeals page, once it has marked the replies read).
  void event.url.pathname;
  event.depends('kabinet:account');
  const utility = await utilityInfo(event);
  let account: ShownAccount | null = null;
  /** Every account of the person (#15): the one signed in with first, then by number. */
  let accounts: Summary['myAccounts'] = [];
  /** The number of the account signed in with (`me`). */
  let signedInNumber: string | null = null;
  let apiDown = utility === null;
  // The account in the address (`?account=`); a malformed one is left to the page, which says so.
  const selected = selectedAccount(event.url);
  // The operators' area has its own header (routes/staff/+layout.svelte) and no subscriber.
  if (event.locals.accessToken && !event.locals.staff) {
    try {
      const { me, myAccounts } = await api(event).query(AccountSummaryQuery);
      accounts = myAccounts;
      signedInNumber = me.number;
      // Not among the person's (another's, or just unlinked): the page says so with the API's words.
      const shown = myAccounts.find((a) => a.number === (selected ?? me.number));
      if (shown) account = { ...shown, lastName: me.lastName, firstName: me.firstName, middleName: me.middleName };
    } catch (err) {
      apiDown = true;
      console.error('Account summary failed', err);
    }
  }
  return { utility, account, accounts, signedInNumber, selectedAccount: selected, signedIn: Boolean(event.locals.accessToken) && !event.locals.staff, apiDown };
}) satisfies LayoutServerLoad;
