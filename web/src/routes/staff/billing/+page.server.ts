/**
 * Закрытие месяца: the API says which month is next (months are closed in order, only once they are
 * over) and whether it can be closed now; the form closes exactly that month, after a confirmation step.
 */
import type { Actions, PageServerLoad } from './$types';
import { BillingCloseStatusQuery, CloseBillingPeriodMutation } from '$lib/staff/operations';
import { api } from '$lib/server/api';
import { text } from '$lib/server/forms';
import { failAction, loadStaff } from '$lib/staff/staff.server';

export const load = ((event) =>
  loadStaff(event, async () => {
    const { billingCloseStatus } = await api(event).query(BillingCloseStatusQuery);
    return { status: billingCloseStatus };
  })) satisfies PageServerLoad;

export const actions = {
  /** The first step: ask to confirm. The month is the one the page offered (the API checks it when closing). */
  confirm: async (event) => {
    const period = text(await event.request.formData(), 'period');
    return { confirm: period };
  },
  close: async (event) => {
    const period = text(await event.request.formData(), 'period');
    try {
      const { closeBillingPeriod } = await api(event).mutate(CloseBillingPeriodMutation, { period });
      return { result: closeBillingPeriod };
    } catch (err) {
      return failAction(err, ['period'], { period });
    }
  },
} satisfies Actions;
