/**
 * «Квитанция»: the payment document's PDF, fetched from the API with the subscriber's token. With
 * `amount` (the field «Сумму можно изменить»), the document and its QR code ask that amount: the API's
 * pdfUrl then carries it.
 */
import { redirect } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { PaymentDocumentQuery } from '$lib/graphql';
import { normalizeNumberInput } from '$lib/decimal';
import { ApiError } from '$lib/errors';
import { withAccount } from '$lib/account';
import { api } from '$lib/server/api';
import { accountVariables, answeredAccount } from '$lib/server/account';
import { fetchFromApi, passThrough } from '$lib/server/proxy';

export const GET: RequestHandler = async (event) => {
  const requested = event.url.searchParams.get('period');
  const period = requested && /^\d{4}-\d{2}$/.test(requested) ? requested : null;
  const typed = event.url.searchParams.get('amount')?.trim() || null;
  // The selected account's document (`?account=`, #15), or the signed-in account's.
  const account = accountVariables(event);
  const selected = account.byNumber ? account.number : null;
  let pdfUrl: string;
  let name: string;
  try {
    const data = await api(event).query(PaymentDocumentQuery, { period, ...account, ...(typed ? { amount: normalizeNumberInput(typed) } : {}) });
    const { number, paymentDocument } = answeredAccount(data);
    pdfUrl = paymentDocument.pdfUrl;
    name = `kvitanciya-${number}-${paymentDocument.period}.pdf`;
  } catch (err) {
    // An amount the API does not take: back to «Оплатить», where its message is shown at the field.
    if (typed && err instanceof ApiError && err.problems.some((p) => p.field === 'amount')) {
      redirect(303, withAccount(`/pay?amount=${encodeURIComponent(typed)}`, selected));
    }
    console.error('Payment document query failed', err);
    redirect(303, withAccount('/pay?document=unavailable', selected));
  }
  // Only the path and query of pdfUrl are used: the file is always asked of API_URL's origin.
  const parsed = new URL(pdfUrl, 'http://api.invalid');
  // The API's pdfUrl names no account for a subscriber (it means the signed-in one): the selected one is added.
  if (selected) parsed.searchParams.set('account', selected);
  const response = await fetchFromApi(event, parsed.pathname + parsed.search).catch((err) => {
    console.error('Payment document PDF: the API cannot be reached', err);
    return null;
  });
  if (!response?.ok || !response.body) {
    if (response) console.error(`Payment document PDF: the API answered ${response.status}`);
    redirect(303, withAccount('/pay?document=unavailable', selected));
  }
  // Saved, as the link «Распечатать» always did: the page «Оплатить» stays where it is.
  return passThrough(response, name, { download: true });
};
