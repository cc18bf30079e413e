import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { LoginMutation } from '$lib/graphql';
import { toFormErrors } from '$lib/errors';
import { api } from '$lib/server/api';
import { accountNumber, checked, safeNext, text } from '$lib/server/forms';
import { rememberLogin, rememberedLogin, setSessionCookies } from '$lib/server/session';

export const load = (({ url, cookies }) => ({
  next: safeNext(url.searchParams.get('next'), '/', url.origin),
  passwordChanged: url.searchParams.get('reset') === '1',
  /** The account the person signed in with was just unlinked (#15): that sign-in is over. */
  unlinked: /^\d{12}$/.test(url.searchParams.get('unlinked') ?? '') ? url.searchParams.get('unlinked') : null,
  /** «Сохранить логин» was ticked on this browser: the account number comes filled in. */
  remembered: rememberedLogin(cookies),
})) satisfies PageServerLoad;

export const actions = {
  default: async (event) => {
    const form = await event.request.formData();
    const number = accountNumber(text(form, 'accountNumber'));
    const password = typeof form.get('password') === 'string' ? String(form.get('password')) : '';
    const remember = checked(form, 'remember');
    const next = safeNext(text(form, 'next'), '/', event.url.origin);

    try {
      const { login } = await api(event).mutate(LoginMutation, { accountNumber: number, password, remember });
      setSessionCookies(event, login, remember);
      rememberLogin(event, remember ? number : null);
    } catch (err) {
      const { fieldErrors, formError } = toFormErrors(err, ['accountNumber', 'password']);
      return fail(400, { accountNumber: number, remember, fieldErrors, formError: formError ?? null });
    }
    redirect(303, next);
  },
} satisfies Actions;
