import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { PayQuery, StartCardPaymentMutation } from '$lib/graphql';
import { parseMoneyInput } from '$lib/decimal';
import { toFormErrors } from '$lib/errors';
import { api, loadFromApi } from '$lib/server/api';
import { text } from '$lib/server/forms';

export const load = ((event) =>
  loadFromApi(event, async () => {
    const data = await api(event).query(PayQuery);
    return { pay: data.me, documentUnavailable: event.url.searchParams.get('document') === 'unavailable' };
  })) satisfies PageServerLoad;

export const actions = {
  /** «Банковская карта»: start a card payment and send the subscriber to the gateway's page. */
  card: async (event) => {
    const form = await event.request.formData();
    const raw = text(form, 'amount');
    const amount = parseMoneyInput(raw);
    if (!amount) {
      return fail(400, {
        amount: raw,
        fieldErrors: { amount: raw ? 'Введите сумму в рублях, например 1044,02.' : 'Введите сумму к оплате.' },
        formError: null,
      });
    }
    let confirmationUrl: string;
    try {
      const { startCardPayment } = await api(event).mutate(StartCardPaymentMutation, { amount });
      confirmationUrl = startCardPayment.confirmationUrl;
    } catch (err) {
      const { fieldErrors, formError } = toFormErrors(err, ['amount']);
      return fail(400, { amount: raw, fieldErrors, formError: formError ?? null });
    }
    redirect(303, confirmationUrl);
  },
} satisfies Actions;
