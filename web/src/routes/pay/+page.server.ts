import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { PayQuery, PaymentDocumentQuery, StartCardPaymentMutation } from '$lib/graphql';
import { normalizeNumberInput } from '$lib/decimal';
import { ApiError, toFormErrors } from '$lib/errors';
import { api, loadFromApi, type Api } from '$lib/server/api';
import { text } from '$lib/server/forms';

/** The payment document of the latest month with charges (null before the first one), asking `amount` when given. */
async function paymentDocument(client: Api, amount?: string) {
  try {
    return (await client.query(PaymentDocumentQuery, amount ? { amount } : {})).me.paymentDocument;
  } catch (err) {
    if (err instanceof ApiError && err.has('NOT_FOUND')) return null;
    throw err;
  }
}

export const load = ((event) =>
  loadFromApi(event, async () => {
    const client = api(event);
    const [data, document] = await Promise.all([client.query(PayQuery), paymentDocument(client)]);
    // Back from «Распечатать» with an amount the API did not take (a hand-made link): its message at the field.
    const typed = event.url.searchParams.get('amount');
    let amountError: string | null = null;
    if (typed) {
      try {
        await paymentDocument(client, normalizeNumberInput(typed));
      } catch (err) {
        const { fieldErrors, formError } = toFormErrors(err, ['amount']);
        amountError = fieldErrors.amount ?? formError ?? null;
      }
    }
    return {
      pay: data.me,
      document,
      typedAmount: typed,
      amountError,
      documentUnavailable: event.url.searchParams.get('document') === 'unavailable',
    };
  })) satisfies PageServerLoad;

export const actions = {
  /** «Банковская карта»: start a card payment for the amount and send the subscriber to the gateway's page. */
  card: async (event) => {
    const raw = text(await event.request.formData(), 'amount');
    let confirmationUrl: string;
    try {
      const { startCardPayment } = await api(event).mutate(StartCardPaymentMutation, { amount: normalizeNumberInput(raw) });
      confirmationUrl = startCardPayment.confirmationUrl;
    } catch (err) {
      const { fieldErrors, formError } = toFormErrors(err, ['amount']);
      return fail(400, { amount: raw, fieldErrors, formError: formError ?? null });
    }
    redirect(303, confirmationUrl);
  },

  /**
   * «Распечатать платежный документ»: the document asks the amount in the field (the API checks it, and its
   * message goes next to the field); an empty field gives the document as it is, asking what is owed.
   */
  document: async (event) => {
    const raw = text(await event.request.formData(), 'amount');
    if (!raw) redirect(303, '/pay/document');
    const amount = normalizeNumberInput(raw);
    let document: Awaited<ReturnType<typeof paymentDocument>>;
    try {
      document = await paymentDocument(api(event), amount);
    } catch (err) {
      const { fieldErrors, formError } = toFormErrors(err, ['amount']);
      return fail(400, { amount: raw, fieldErrors, formError: formError ?? null });
    }
    if (!document) redirect(303, '/pay?document=unavailable');
    redirect(303, `/pay/document?amount=${encodeURIComponent(document.amount)}`);
  },
} satisfies Actions;
