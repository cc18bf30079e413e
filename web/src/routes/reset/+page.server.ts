import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { ResetPasswordMutation } from '$lib/graphql';
import { toFormErrors } from '$lib/errors';
import { api } from '$lib/server/api';
import { text } from '$lib/server/forms';

export const load = (({ url }) => ({ token: url.searchParams.get('token') ?? '' })) satisfies PageServerLoad;

export const actions = {
  default: async (event) => {
    const form = await event.request.formData();
    const token = text(form, 'token');
    const newPassword = String(form.get('newPassword') ?? '');
    const newPasswordRepeat = String(form.get('newPasswordRepeat') ?? '');

    const fieldErrors: Record<string, string> = {};
    if (!newPassword) fieldErrors.newPassword = 'Введите новый пароль.';
    else if (newPassword.length < 8) fieldErrors.newPassword = 'Пароль должен быть не короче 8 символов.';
    if (!newPasswordRepeat) fieldErrors.newPasswordRepeat = 'Повторите новый пароль.';
    else if (newPassword && newPassword !== newPasswordRepeat) fieldErrors.newPasswordRepeat = 'Пароли не совпадают.';
    if (!token) return fail(400, { fieldErrors, formError: 'Ссылка неполная. Откройте ссылку из письма ещё раз или запросите новую.' });
    if (Object.keys(fieldErrors).length) return fail(400, { fieldErrors, formError: null });

    try {
      await api(event).mutate(ResetPasswordMutation, { token, newPassword });
    } catch (err) {
      const { fieldErrors, formError } = toFormErrors(err, ['newPassword', 'newPasswordRepeat']);
      return fail(400, { fieldErrors, formError: formError ?? null });
    }
    redirect(303, '/login?reset=1');
  },
} satisfies Actions;
