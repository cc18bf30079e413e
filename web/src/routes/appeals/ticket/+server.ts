/** POST: a one-time ticket for the live replies of /appeals (the subscriber's session; see lib/server/ticket.ts). */
import type { RequestHandler } from './$types';
import { subscriptionTicket } from '$lib/server/ticket';

export const POST: RequestHandler = (event) =>
  subscriptionTicket(event, {
    foreign: 'Запрос отклонён: он отправлен не со страницы личного кабинета.',
    signIn: 'Войдите в личный кабинет, чтобы продолжить.',
  });
