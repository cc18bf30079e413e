import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { PasswordResetLinkValidQuery, ResetPasswordMutation } from '$lib/graphql';
import { toFormErrors } from '$lib/errors';
import { api, loadFromApi } from '$lib/server/api';
import { text } from '$lib/server/forms';

/** The link is checked as the page opens: a used, expired or made-up one gets no password form. */
export const load = ((event) =>
  loadFromApi(event, async () => {
    const token = event.url.searchParams.get('token') ?? '';
    const valid = token ? (await api(event).query(PasswordResetLinkValidQuery, { token })).passwordResetLinkValid : false;
    return { token: valid ? token : '', valid };
  })) satisfies PageServerLoad;

export const actions = {
  default: async (event) => {
    const form = await event.request.formData();
    const token = text(form, 'token');
    const newPassword = String(form.get('newPassword') ?? '');
    const newPasswordRepeat = String(form.get('newPasswordRepeat') ?? '');
    // The repeat is this form's own field (the API takes the new password once): a typo is caught here.
    if (newPassword !== newPasswordRepeat) {
      return fail(400, { fieldErrors: { newPasswordRepeat: 'Пароли не совпадают.' } as Record<string, string>, formError: null, linkInvalid: false });
    }
    try {
      await api(event).mutate(ResetPasswordMutation, { token, newPassword });
    } catch (err) {
      const { fieldErrors, formError } = toFormErrors(err, ['newPassword', 'newPasswordRepeat', 'token']);
      // The link was used up meanwhile (in another tab, say): the page says so instead of the form.
      if (fieldErrors.token) return fail(400, { fieldErrors: {} as Record<string, string>, formError: null, linkInvalid: true });
      return fail(400, { fieldErrors, formError: formError ?? null, linkInvalid: false });
    }
    redirect(303, '/login?reset=1');
  },
} satisfies Actions;
