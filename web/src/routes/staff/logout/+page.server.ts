import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { LogoutMutation } from '$lib/graphql';
import { api } from '$lib/server/api';
import { clearSessionCookies } from '$lib/server/session';

export const load = (() => redirect(303, '/staff/login')) satisfies PageServerLoad;

export const actions = {
  default: async (event) => {
    const refreshToken = event.locals.refreshToken;
    if (refreshToken) {
      try {
        await api(event).mutate(LogoutMutation, { refreshToken });
      } catch (err) {
        console.error('Staff logout failed', err);
      }
    }
    clearSessionCookies(event);
    redirect(303, '/staff/login');
  },
} satisfies Actions;
