/** Показания: the readings waiting for review, flagged first; accept or reject each. */
import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { ReadingsForReviewQuery, ReviewReadingMutation } from '$lib/staff/operations';
import { ApiError, problemText } from '$lib/errors';
import { api } from '$lib/server/api';
import { checked, text } from '$lib/server/forms';
import { failAction, loadStaff } from '$lib/staff/staff.server';

const PAGE_SIZE = 100;

export const load = ((event) =>
  loadStaff(event, async () => {
    const after = event.url.searchParams.get('after') || null;
    const data = await api(event).query(ReadingsForReviewQuery, { first: PAGE_SIZE, after });
    return { readings: data.readingsForReview, after };
  })) satisfies PageServerLoad;

export const actions = {
  /**
   * «Принять». A flagged reading (far above the usual, or a roll-over) the API accepts only once the
   * operator confirms it: its refusal (CONFIRMATION_REQUIRED) becomes the row's confirmation, whose
   * button sends confirmFlagged.
   */
  accept: async (event) => {
    const form = await event.request.formData();
    const readingId = text(form, 'readingId');
    const confirmFlagged = checked(form, 'confirmFlagged');
    try {
      await api(event).mutate(ReviewReadingMutation, { readingId, accept: true, ...(confirmFlagged ? { confirmFlagged: true } : {}) });
    } catch (err) {
      const asked = err instanceof ApiError ? err.problems.find((p) => p.code === 'CONFIRMATION_REQUIRED') : undefined;
      if (asked) {
        return fail(409, { readingId, reason: '', fieldErrors: {} as Record<string, string>, formError: null as string | null, confirmAccept: problemText(asked) });
      }
      return failAction(err, [], { readingId, reason: '' });
    }
    return { reviewed: { readingId, accepted: true } };
  },
  reject: async (event) => {
    const form = await event.request.formData();
    const readingId = text(form, 'readingId');
    const reason = text(form, 'reason');
    try {
      await api(event).mutate(ReviewReadingMutation, { readingId, accept: false, reason });
    } catch (err) {
      return failAction(err, ['reason'], { readingId, reason });
    }
    return { reviewed: { readingId, accepted: false } };
  },
} satisfies Actions;
