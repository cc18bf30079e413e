import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { LogoutMutation } from '$lib/graphql';
import { api } from '$lib/server/api';
import { clearSessionCookies } from '$lib/server/session';

export const load = (({ locals }) => {
  if (!locals.accessToken && !locals.refreshToken) redirect(303, '/login');
  return {};
}) satisfies PageServerLoad;

export const actions = {
  default: async (event) => {
    const refreshToken = event.locals.refreshToken;
    if (refreshToken) {
      try {
        await api(event).mutate(LogoutMutation, { refreshToken });
      } catch (err) {
        // The cookies go anyway; the refresh session expires by itself on the API.
        console.error('Logout failed on the API', err);
      }
    }
    clearSessionCookies(event);
    event.locals.accessToken = null;
    event.locals.refreshToken = null;
    redirect(303, '/login');
  },
} satisfies Actions;
