import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { StaffLoginMutation } from '$lib/staff/operations';
import { toFormErrors } from '$lib/errors';
import { api } from '$lib/server/api';
import { text } from '$lib/server/forms';
import { setSessionCookies, STAFF_NAME_COOKIE, STAFF_PATH } from '$lib/server/session';
import { safeStaffNext } from '$lib/staff/staff.server';

export const load = (({ url }) => ({ next: safeStaffNext(url.searchParams.get('next'), url.origin) })) satisfies PageServerLoad;

export const actions = {
  default: async (event) => {
    const form = await event.request.formData();
    const username = text(form, 'username');
    const password = typeof form.get('password') === 'string' ? String(form.get('password')) : '';
    const next = safeStaffNext(text(form, 'next'), event.url.origin);

    try {
      const { staffLogin } = await api(event).mutate(StaffLoginMutation, { username, password });
      setSessionCookies(event, staffLogin, false);
      event.cookies.set(STAFF_NAME_COOKIE, username, {
        path: STAFF_PATH,
        httpOnly: true,
        sameSite: 'lax',
        secure: event.url.protocol === 'https:',
      });
    } catch (err) {
      const { fieldErrors, formError } = toFormErrors(err, ['username', 'password']);
      return fail(400, { username, fieldErrors, formError: formError ?? null });
    }
    redirect(303, next);
  },
} satisfies Actions;
