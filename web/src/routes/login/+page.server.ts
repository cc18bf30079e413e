import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { LoginMutation } from '$lib/graphql';
import { toFormErrors } from '$lib/errors';
import { api } from '$lib/server/api';
import { ACCOUNT_NUMBER, accountNumber, checked, safeNext, text } from '$lib/server/forms';
import { setSessionCookies } from '$lib/server/session';

export const load = (({ url }) => ({
  next: safeNext(url.searchParams.get('next'), '/', url.origin),
  passwordChanged: url.searchParams.get('reset') === '1',
})) satisfies PageServerLoad;

export const actions = {
  default: async (event) => {
    const form = await event.request.formData();
    const number = accountNumber(text(form, 'accountNumber'));
    const password = typeof form.get('password') === 'string' ? String(form.get('password')) : '';
    const remember = checked(form, 'remember');
    const next = safeNext(text(form, 'next'), '/', event.url.origin);

    const fieldErrors: Record<string, string> = {};
    if (!number) fieldErrors.accountNumber = 'Введите номер лицевого счета.';
    else if (!ACCOUNT_NUMBER.test(number)) fieldErrors.accountNumber = 'Номер лицевого счета — от 8 до 20 цифр, как в квитанции.';
    if (!password) fieldErrors.password = 'Введите пароль.';
    if (Object.keys(fieldErrors).length) return fail(400, { accountNumber: number, remember, fieldErrors, formError: null });

    try {
      const { login } = await api(event).mutate(LoginMutation, { accountNumber: number, password, remember });
      setSessionCookies(event, login, remember);
    } catch (err) {
      const { fieldErrors, formError } = toFormErrors(err, ['accountNumber']);
      return fail(400, { accountNumber: number, remember, fieldErrors, formError: formError ?? null });
    }
    redirect(303, next);
  },
} satisfies Actions;
