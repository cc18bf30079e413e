import type { LayoutServerLoad } from './$types';
import { AccountSummaryQuery } from '$lib/graphql';
import { api } from '$lib/server/api';
import { utilityInfo } from '$lib/server/utility';

export const load = (async (event) => {
  // Re-run on every navigation: the balance and the unread replies in the header stay current; and
  // on invalidate('kabinet:account') (the appeals page, once it has marked the replies read).
  void event.url.pathname;
  event.depends('kabinet:account');
  const utility = await utilityInfo(event);
  let account = null;
  let apiDown = utility === null;
  // The operators' area has its own header (routes/staff/+layout.svelte) and no subscriber.
  if (event.locals.accessToken && !event.locals.staff) {
    try {
      account = (await api(event).query(AccountSummaryQuery)).me;
    } catch (err) {
      apiDown = true;
      console.error('Account summary failed', err);
    }
  }
  return { utility, account, signedIn: Boolean(event.locals.accessToken) && !event.locals.staff, apiDown };
}) satisfies LayoutServerLoad;
