import type { LayoutServerLoad } from './$types';

export const load = (async (event) => {
  void event.url.pathname;
  return {
    staffSignedIn: Boolean(event.locals.accessToken),
    operatorName: event.locals.staffName,
  };
}) satisfies LayoutServerLoad;
