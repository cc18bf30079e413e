import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { PayQuery, PaymentDocumentQuery, StartCardPaymentMutation } from '$lib/graphql';
import { withAccount } from '$lib/account';
import { normalizeNumberInput } from '$lib/decimal';
import { ApiError, problemText, toFormErrors } from '$lib/errors';
import { api, loadFromApi, type Api } from '$lib/server/api';
import { accountVariables, answeredAccount, requestedAccount } from '$lib/server/account';
import { text } from '$lib/server/forms';
import { splitEntries, splitTotal } from '$lib/split-payment';

/**
 * The payment document of the latest month with charges (null before the first one), asking `amount` when
 * given; of the selected account (`?account=`) or the signed-in one.
 */
async function paymentDocument(client: Api, account: { number: string; byNumber: boolean }, amount?: string) {
  try {
    return answeredAccount(await client.query(PaymentDocumentQuery, { ...account, ...(amount ? { amount } : {}) })).paymentDocument;
  } catch (err) {
    if (err instanceof ApiError && err.has('NOT_FOUND')) return null;
    throw err;
  }
}

export const load = ((event) =>
  loadFromApi(event, async () => {
    const client = api(event);
    const account = accountVariables(event);
    const [data, document] = await Promise.all([client.query(PayQuery, account), paymentDocument(client, account)]);
    // Back from «Распечатать» with an amount the API did not take (a hand-made link): its message at the field.
    const typed = event.url.searchParams.get('amount');
    let amountError: string | null = null;
    if (typed) {
      try {
        await paymentDocument(client, account, normalizeNumberInput(typed));
      } catch (err) {
        const { fieldErrors, formError } = toFormErrors(err, ['amount']);
        amountError = fieldErrors.amount ?? formError ?? null;
      }
    }
    return {
      pay: answeredAccount(data),
      /** Every account of the person, for paying several at once (#15). */
      payAccounts: data.myAccounts,
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
    const accountNumber = requestedAccount(event);
    let confirmationUrl: string;
    try {
      const { startCardPayment } = await api(event).mutate(StartCardPaymentMutation, {
        amount: normalizeNumberInput(raw),
        ...(accountNumber ? { accountNumber } : {}),
      });
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
    const selected = requestedAccount(event);
    if (!raw) redirect(303, withAccount('/pay/document', selected));
    const amount = normalizeNumberInput(raw);
    let document: Awaited<ReturnType<typeof paymentDocument>>;
    try {
      document = await paymentDocument(api(event), accountVariables(event), amount);
    } catch (err) {
      const { fieldErrors, formError } = toFormErrors(err, ['amount']);
      return fail(400, { amount: raw, fieldErrors, formError: formError ?? null });
    }
    if (!document) redirect(303, withAccount('/pay?document=unavailable', selected));
    redirect(303, withAccount(`/pay/document?amount=${encodeURIComponent(document.amount)}`, selected));
  },

  /**
   * «Оплатить несколько лицевых счетов» (#15): one card payment split over the accounts whose amount field is
   * filled in (an empty one is left out), for their sum. One call to the API, which checks every share; its
   * refusals go next to the account they concern (`parts.<i>.amount`), the total's above the form.
   */
  split: async (event) => {
    const entries = splitEntries(await event.request.formData());
    const parts = entries.filter((e) => e.value !== '').map((e) => ({ accountNumber: e.accountNumber, amount: normalizeNumberInput(e.value) }));
    let confirmationUrl: string;
    try {
      const { startCardPayment } = await api(event).mutate(StartCardPaymentMutation, { amount: splitTotal(parts.map((p) => p.amount)), parts });
      confirmationUrl = startCardPayment.confirmationUrl;
    } catch (err) {
      const values = Object.fromEntries(entries.map((e) => [e.accountNumber, e.value]));
      if (!(err instanceof ApiError) || err.network) {
        return fail(503, { split: true as const, values, errors: {} as Record<string, string>, formError: toFormErrors(err, []).formError ?? null });
      }
      // Each problem next to its account: the API names the share (parts.<index>.amount / .accountNumber).
      const errors: Record<string, string> = {};
      const general: string[] = [];
      for (const problem of err.problems) {
        const index = /^parts\.(\d+)\./.exec(problem.path ?? '')?.[1];
        const number = index !== undefined ? parts[Number(index)]?.accountNumber : undefined;
        if (number && !errors[number]) errors[number] = problemText(problem);
        else general.push(problemText(problem));
      }
      return fail(400, { split: true as const, values, errors, formError: general.length ? [...new Set(general)].join(' ') : null });
    }
    redirect(303, confirmationUrl);
  },
} satisfies Actions;
