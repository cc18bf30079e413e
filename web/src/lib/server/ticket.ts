/**
 * POST …/ticket: a one-time ticket (valid 60 s) for a page's live connection (graphql-ws). The site asks the API
 * for it with the session's access token, which stays in its httpOnly cookie: page JavaScript never sees the token.
 * A ticket is good for one connection: the page asks again at every reconnection. The subscriber's pages ask
 * /appeals/ticket (the subscriber's session), the operators' /staff/ticket (the operator's: its cookies are sent
 * under /staff only).
 *
 * Only for the site's own pages: SvelteKit's origin check covers form posts, and this one has no body, so the
 * Origin is checked here (browsers send it with every POST).
 */
import { error, json, type RequestEvent } from '@sveltejs/kit';
import { CreateSubscriptionTicketMutation } from '$lib/graphql';
import { ApiError, NETWORK_MESSAGE } from '$lib/errors';
import { api } from '$lib/server/api';

export interface TicketWords {
  /** Refusal of a POST from another site. */
  foreign: string;
  /** Refusal without a session. */
  signIn: string;
}

export async function subscriptionTicket(event: RequestEvent, words: TicketWords): Promise<Response> {
  if (event.request.headers.get('origin') !== event.url.origin) error(403, words.foreign);
  if (!event.locals.accessToken) error(401, words.signIn);
  try {
    const { createSubscriptionTicket } = await api(event).mutate(CreateSubscriptionTicketMutation);
    return json(createSubscriptionTicket, { headers: { 'cache-control': 'private, no-store' } });
  } catch (err) {
    if (err instanceof ApiError && err.network) error(503, NETWORK_MESSAGE);
    if (err instanceof ApiError && err.has('UNAUTHENTICATED')) error(401, words.signIn);
    console.error('createSubscriptionTicket failed', err);
    error(502, 'Не удалось подключить обновления в реальном времени.');
  }
}
