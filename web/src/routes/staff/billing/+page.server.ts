/** Закрытие месяца: charge every account for a month, after a confirmation step. */
import type { Actions, PageServerLoad } from './$types';
import { CloseBillingPeriodMutation } from '$lib/staff/operations';
import { api } from '$lib/server/api';
import { text } from '$lib/server/forms';
import { today } from '$lib/format';
import { failAction, invalid, previousMonth } from '$lib/staff/staff.server';

const PERIOD = /^\d{4}-(0[1-9]|1[0-2])$/;

export const load = (() => ({ defaultPeriod: previousMonth(today()), currentPeriod: today().slice(0, 7) })) satisfies PageServerLoad;

function checkPeriod(period: string) {
  if (!PERIOD.test(period)) return 'Укажите месяц в виде ГГГГ-ММ, например 2026-03.';
  if (period > today().slice(0, 7)) return 'Нельзя закрыть месяц, который ещё не наступил.';
  return null;
}

export const actions = {
  /** The first step: ask to confirm. */
  confirm: async (event) => {
    const period = text(await event.request.formData(), 'period');
    const problem = checkPeriod(period);
    if (problem) return invalid({ period }, { period: problem });
    return { confirm: period };
  },
  close: async (event) => {
    const period = text(await event.request.formData(), 'period');
    const problem = checkPeriod(period);
    if (problem) return invalid({ period }, { period: problem });
    try {
      const { closeBillingPeriod } = await api(event).mutate(CloseBillingPeriodMutation, { period });
      return { result: closeBillingPeriod };
    } catch (err) {
      return failAction(err, ['period'], { period });
    }
  },
} satisfies Actions;
