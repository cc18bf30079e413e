import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { AppealsQuery, CreateAppealMutation, MarkAppealsReadMutation } from '$lib/graphql';
import { toFormErrors } from '$lib/errors';
import { api, loadFromApi } from '$lib/server/api';
import { publicWsUrl } from '$lib/server/config';
import { MAX_APPEAL_LENGTH } from '$lib/labels';

export const load = ((event) =>
  loadFromApi(event, async () => {
    const after = event.url.searchParams.get('after') || null;
    const client = api(event);
    const data = await client.query(AppealsQuery, { first: 20, after });
    let repliesMarkedRead = false;
    if (data.me.unreadReplyCount > 0) {
      // Seen now: the header's «new replies» count goes away.
      repliesMarkedRead = await client.mutate(MarkAppealsReadMutation).then(
        () => true,
        (err) => (console.error('markAppealsRead failed', err), false),
      );
    }
    return {
      appeals: data.me.appeals,
      after,
      repliesMarkedRead,
      // For the live replies (graphql-ws in the browser): the token and where to connect.
      accessToken: event.locals.accessToken,
      wsUrl: publicWsUrl() ?? null,
    };
  })) satisfies PageServerLoad;

export const actions = {
  default: async (event) => {
    const form = await event.request.formData();
    const raw = form.get('text');
    const text = typeof raw === 'string' ? raw.replace(/\r\n/g, '\n').trim() : '';
    if (!text) return fail(400, { text, fieldErrors: { text: 'Напишите текст обращения.' }, formError: null });
    if ([...text].length > MAX_APPEAL_LENGTH) {
      return fail(400, { text, fieldErrors: { text: `Не больше ${MAX_APPEAL_LENGTH} символов: сократите текст.` }, formError: null });
    }
    try {
      await api(event).mutate(CreateAppealMutation, { input: { text } });
    } catch (err) {
      const { fieldErrors, formError } = toFormErrors(err, ['text']);
      return fail(400, { text, fieldErrors, formError: formError ?? null });
    }
    return { created: true };
  },
} satisfies Actions;
