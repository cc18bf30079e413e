import { fail } from '@sveltejs/kit';
import type { Actions } from './$types';
import { RegisterMutation } from '$lib/graphql';
import { toFormErrors } from '$lib/errors';
import { api } from '$lib/server/api';
import { accountNumber, checked, text } from '$lib/server/forms';

const FIELDS = ['accountNumber', 'lastName', 'firstName', 'middleName', 'email', 'phone', 'activationCode', 'acceptTerms'] as const;

export const actions = {
  default: async (event) => {
    const form = await event.request.formData();
    const values = {
      accountNumber: accountNumber(text(form, 'accountNumber')),
      lastName: text(form, 'lastName'),
      firstName: text(form, 'firstName'),
      middleName: text(form, 'middleName'),
      email: text(form, 'email'),
      phone: text(form, 'phone'),
      activationCode: text(form, 'activationCode'),
      acceptTerms: checked(form, 'acceptTerms'),
    };

    // The API checks what was typed and says at the field what is wrong.
    try {
      const { register } = await api(event).mutate(RegisterMutation, {
        input: { ...values, middleName: values.middleName || null },
      });
      return { success: true as const, maskedEmail: register.maskedEmail, accountNumber: register.accountNumber };
    } catch (err) {
      const { fieldErrors, formError } = toFormErrors(err, FIELDS);
      return fail(400, { values, fieldErrors, formError: formError ?? null, success: false as const });
    }
  },
} satisfies Actions;
