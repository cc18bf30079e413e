/**
 * POST: a one-time ticket for the live updates of the operators' pages (the month close's progress), with the
 * operator's session (see lib/server/ticket.ts). Signed out, the hook sends the request to the operators' sign-in.
 */
import type { RequestHandler } from './$types';
import { subscriptionTicket } from '$lib/server/ticket';

export const POST: RequestHandler = (event) =>
  subscriptionTicket(event, {
    foreign: 'Запрос отклонён: он отправлен не со страницы кабинета оператора.',
    signIn: 'Войдите в кабинет оператора, чтобы продолжить.',
  });
