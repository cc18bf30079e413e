/** «Квитанция»: the payment document's PDF, fetched from the API with the subscriber's token. */
import { redirect } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { PaymentDocumentQuery } from '$lib/graphql';
import { api } from '$lib/server/api';
import { fetchFromApi, passThrough } from '$lib/server/proxy';

export const GET: RequestHandler = async (event) => {
  const requested = event.url.searchParams.get('period');
  const period = requested && /^\d{4}-\d{2}$/.test(requested) ? requested : null;
  let pdfUrl: string;
  let name: string;
  try {
    const { me } = await api(event).query(PaymentDocumentQuery, { period });
    pdfUrl = me.paymentDocument.pdfUrl;
    name = `kvitanciya-${me.number}-${me.paymentDocument.period}.pdf`;
  } catch (err) {
    console.error('Payment document query failed', err);
    redirect(303, '/pay?document=unavailable');
  }
  // Only the path and query of pdfUrl are used: the file is always asked of API_URL's origin.
  const parsed = new URL(pdfUrl, 'http://api.invalid');
  const response = await fetchFromApi(event, parsed.pathname + parsed.search).catch((err) => {
    console.error('Payment document PDF: the API cannot be reached', err);
    return null;
  });
  if (!response?.ok || !response.body) {
    if (response) console.error(`Payment document PDF: the API answered ${response.status}`);
    redirect(303, '/pay?document=unavailable');
  }
  return passThrough(response, name);
};
