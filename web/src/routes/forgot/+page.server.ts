import { fail } from '@sveltejs/kit';
import type { Actions } from './$types';
import { RequestPasswordResetMutation } from '$lib/graphql';
import { ApiError, toFormErrors } from '$lib/errors';
import { api } from '$lib/server/api';
import { accountNumber, text } from '$lib/server/forms';

export const actions = {
  default: async (event) => {
    const form = await event.request.formData();
    const number = accountNumber(text(form, 'accountNumber'));
    try {
      await api(event).mutate(RequestPasswordResetMutation, { accountNumber: number });
    } catch (err) {
      // The answer never tells whether the account exists (the API's «true» is the same for all): what comes
      // back is a number that is not one (at the field), a rate limit, or no answer at all.
      const { fieldErrors, formError } = toFormErrors(err, ['accountNumber']);
      const status = err instanceof ApiError && err.network ? 503 : err instanceof ApiError && err.has('RATE_LIMITED') ? 429 : 400;
      return fail(status, { accountNumber: number, fieldErrors, formError: formError ?? null, sent: false });
    }
    return { sent: true, accountNumber: number, fieldErrors: {} as Record<string, string>, formError: null };
  },
} satisfies Actions;
