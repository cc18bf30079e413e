/**
 * POST: a one-time ticket (valid 60 s) for the page's live connection (graphql-ws). The site asks the
 * API for it with the session's access token, which stays in its httpOnly cookie: page JavaScript
 * never sees the token. A ticket is good for one connection: the page asks again at every reconnection.
 *
 * Only for the site's own pages: SvelteKit's origin check covers form posts, and this one has no
 * body, so the Origin is checked here (browsers send it with every POST).
 */
import { error, json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { CreateSubscriptionTicketMutation } from '$lib/graphql';
import { ApiError, NETWORK_MESSAGE } from '$lib/errors';
import { api } from '$lib/server/api';

export const POST: RequestHandler = async (event) => {
  if (event.request.headers.get('origin') !== event.url.origin) error(403, 'Запрос отклонён: он отправлен не со страницы личного кабинета.');
  if (!event.locals.accessToken) error(401, 'Войдите в личный кабинет, чтобы продолжить.');
  try {
    const { createSubscriptionTicket } = await api(event).mutate(CreateSubscriptionTicketMutation);
    return json(createSubscriptionTicket, { headers: { 'cache-control': 'private, no-store' } });
  } catch (err) {
    if (err instanceof ApiError && err.network) error(503, NETWORK_MESSAGE);
    if (err instanceof ApiError && err.has('UNAUTHENTICATED')) error(401, 'Войдите в личный кабинет, чтобы продолжить.');
    console.error('createSubscriptionTicket failed', err);
    error(502, 'Не удалось подключить ответы в реальном времени.');
  }
};
