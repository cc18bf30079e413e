/** An account as its subscriber sees it, plus the operator's actions: record a payment, set residents. */
import { error } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { RecordPaymentMutation, SetResidentsMutation, StaffAccountQuery } from '$lib/staff/operations';
import { api } from '$lib/server/api';
import { text } from '$lib/server/forms';
import { parseMoneyInput } from '$lib/decimal';
import { today } from '$lib/format';
import { failAction, invalid, loadStaff } from '$lib/staff/staff.server';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A fresh payment id for the form: submitting the same form twice records the payment once. */
function newExternalId(): string {
  return `OP-${Date.now().toString(36).toUpperCase()}-${Math.random().toString(36).slice(2, 6).toUpperCase()}`;
}

export const load = ((event) =>
  loadStaff(event, async () => {
    const data = await api(event).query(StaffAccountQuery, { number: event.params.number });
    if (!data.account) error(404, 'Лицевой счет не найден');
    return { account: data.account, today: today(), externalId: newExternalId() };
  })) satisfies PageServerLoad;

export const actions = {
  payment: async (event) => {
    const form = await event.request.formData();
    const rawAmount = text(form, 'amount');
    const paidOn = text(form, 'paidOn');
    const externalId = text(form, 'externalId');
    const values = { kind: 'payment' as const, amount: rawAmount, paidOn, externalId };
    const amount = parseMoneyInput(rawAmount);
    const fieldErrors: Record<string, string> = {};
    if (!rawAmount) fieldErrors.amount = 'Введите сумму платежа.';
    else if (!amount) fieldErrors.amount = 'Сумма — положительное число, не больше двух знаков после запятой, например 1044,02.';
    if (!DATE.test(paidOn)) fieldErrors.paidOn = 'Укажите дату платежа.';
    if (!externalId) fieldErrors.externalId = 'Укажите номер платёжного документа.';
    if (Object.keys(fieldErrors).length) return invalid(values, fieldErrors);
    try {
      const entry = await api(event).mutate(RecordPaymentMutation, {
        input: { accountNumber: event.params.number, amount: amount!, paidOn, externalId },
      });
      return { kind: 'payment' as const, recorded: entry.recordPayment.amount };
    } catch (err) {
      return failAction(err, ['amount', 'paidOn', 'externalId'], values);
    }
  },
  residents: async (event) => {
    const form = await event.request.formData();
    const raw = text(form, 'residents');
    const values = { kind: 'residents' as const, residents: raw };
    if (!/^\d{1,2}$/.test(raw)) return invalid(values, { residents: 'Число проживающих — целое число от 0 до 99.' });
    try {
      await api(event).mutate(SetResidentsMutation, { accountNumber: event.params.number, residents: Number(raw) });
      return { kind: 'residents' as const, saved: true };
    } catch (err) {
      return failAction(err, ['residents'], values);
    }
  },
} satisfies Actions;
