/** Обращения: the subscribers' appeals by status; reply, close. */
import type { Actions, PageServerLoad } from './$types';
import type { AppealStatus } from '$lib/graphql';
import { AppealsForReviewQuery, CloseAppealMutation, ReplyToAppealMutation } from '$lib/staff/operations';
import { api } from '$lib/server/api';
import { text } from '$lib/server/forms';
import { failAction, loadStaff } from '$lib/staff/staff.server';

const STATUSES: AppealStatus[] = ['OPEN', 'ANSWERED', 'CLOSED'];

export const load = ((event) =>
  loadStaff(event, async () => {
    const raw = event.url.searchParams.get('status') ?? 'OPEN';
    const status = (STATUSES as string[]).includes(raw) ? (raw as AppealStatus) : null;
    const after = event.url.searchParams.get('after') || null;
    const data = await api(event).query(AppealsForReviewQuery, { status, first: 30, after });
    return { appeals: data.appealsForReview, status: status ?? 'ALL', after };
  })) satisfies PageServerLoad;

export const actions = {
  reply: async (event) => {
    const form = await event.request.formData();
    const appealId = text(form, 'appealId');
    const raw = form.get('text');
    const replyText = typeof raw === 'string' ? raw.replace(/\r\n/g, '\n').trim() : '';
    try {
      await api(event).mutate(ReplyToAppealMutation, { appealId, text: replyText });
    } catch (err) {
      return failAction(err, ['text'], { appealId, text: replyText });
    }
    return { replied: appealId };
  },
  close: async (event) => {
    const form = await event.request.formData();
    const appealId = text(form, 'appealId');
    try {
      await api(event).mutate(CloseAppealMutation, { appealId });
    } catch (err) {
      return failAction(err, [], { appealId, text: '' });
    }
    return { closed: appealId };
  },
} satisfies Actions;
