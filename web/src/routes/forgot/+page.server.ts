import { fail } from '@sveltejs/kit';
import type { Actions } from './$types';
import { RequestPasswordResetMutation } from '$lib/graphql';
import { ApiError, toFormErrors } from '$lib/errors';
import { api } from '$lib/server/api';
import { ACCOUNT_NUMBER, accountNumber, text } from '$lib/server/forms';

export const actions = {
  default: async (event) => {
    const form = await event.request.formData();
    const number = accountNumber(text(form, 'accountNumber'));
    if (!ACCOUNT_NUMBER.test(number)) {
      return fail(400, {
        accountNumber: number,
        fieldErrors: {
          accountNumber: number ? 'Номер лицевого счета — от 8 до 20 цифр, как в квитанции.' : 'Введите номер лицевого счета.',
        } as Record<string, string>,
        formError: null,
        sent: false,
      });
    }
    try {
      await api(event).mutate(RequestPasswordResetMutation, { accountNumber: number });
    } catch (err) {
      // The answer must not tell whether the account exists: only a failure to reach the API or a
      // rate limit is worth saying; anything else gets the same neutral answer.
      if (err instanceof ApiError && (err.network || err.has('RATE_LIMITED'))) {
        const { formError } = toFormErrors(err, []);
        return fail(err.network ? 503 : 429, { accountNumber: number, fieldErrors: {} as Record<string, string>, formError: formError ?? null, sent: false });
      }
    }
    return { sent: true, accountNumber: number, fieldErrors: {} as Record<string, string>, formError: null };
  },
} satisfies Actions;
