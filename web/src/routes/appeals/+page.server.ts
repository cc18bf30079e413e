import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { AppealsQuery, CreateAppealMutation, MarkAppealsReadMutation } from '$lib/graphql';
import { toFormErrors } from '$lib/errors';
import { api, loadFromApi } from '$lib/server/api';
import { accountVariables, answeredAccount, requestedAccount } from '$lib/server/account';
import { liveWsUrl } from '$lib/server/config';

// Reading the page changes nothing: replies are marked read by the `read` action (a POST).
export const load = ((event) =>
  loadFromApi(event, async () => {
    const after = event.url.searchParams.get('after') || null;
    // The appeals of the selected account (`?account=`, #15), or of the signed-in one.
    const account = answeredAccount(await api(event).query(AppealsQuery, { first: 20, after, ...accountVariables(event) }));
    return {
      appeals: account.appeals,
      after,
      unreadReplyCount: account.unreadReplyCount,
      /** The account whose appeals these are: a live reply to another account's appeal is only announced. */
      appealsAccount: account.number,
      // Where the live replies connect (graphql-ws in the browser, with a ticket from POST /appeals/ticket).
      wsUrl: liveWsUrl(event.url),
    };
  })) satisfies PageServerLoad;

export const actions = {
  /** «Отправить»: a new appeal, about the selected account (the signed-in one when none is). */
  send: async (event) => {
    const form = await event.request.formData();
    const raw = form.get('text');
    const text = typeof raw === 'string' ? raw.replace(/\r\n/g, '\n').trim() : '';
    const accountNumber = requestedAccount(event);
    try {
      await api(event).mutate(CreateAppealMutation, { input: { text, ...(accountNumber ? { accountNumber } : {}) } });
    } catch (err) {
      const { fieldErrors, formError } = toFormErrors(err, ['text']);
      return fail(400, { text, fieldErrors, formError: formError ?? null });
    }
    return { created: true };
  },

  /**
   * «Отметить прочитанным»: the subscriber has seen the replies of the account shown (the header's count
   * goes). The page's script posts it once the replies are shown, and again when one arrives live; without
   * JavaScript it is the button.
   */
  read: async (event) => {
    const accountNumber = requestedAccount(event);
    try {
      await api(event).mutate(MarkAppealsReadMutation, accountNumber ? { accountNumber } : {});
    } catch (err) {
      const { formError } = toFormErrors(err, []);
      return fail(400, { readError: formError ?? 'Не удалось отметить ответы прочитанными. Попробуйте ещё раз.' });
    }
    return { read: true };
  },
} satisfies Actions;
