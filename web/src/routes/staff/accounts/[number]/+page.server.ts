/**
 * An account as its subscriber sees it, plus the operator's actions: record a payment, set residents and
 * owners, replace a meter or record that it failed.
 */
import { error } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import {
  MarkMeterFailedMutation,
  RecordPaymentMutation,
  ReplaceMeterMutation,
  SetResidentsMutation,
  StaffAccountQuery,
} from '$lib/staff/operations';
import { api } from '$lib/server/api';
import { dateInput, text } from '$lib/server/forms';
import { normalizeNumberInput } from '$lib/decimal';
import { today } from '$lib/format';
import { failAction, loadStaff } from '$lib/staff/staff.server';

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
    const values = { kind: 'payment' as const, amount: text(form, 'amount'), paidOn: text(form, 'paidOn'), externalId: text(form, 'externalId') };
    try {
      const entry = await api(event).mutate(RecordPaymentMutation, {
        input: { accountNumber: event.params.number, amount: normalizeNumberInput(values.amount), paidOn: dateInput(values.paidOn), externalId: values.externalId },
      });
      return { kind: 'payment' as const, recorded: entry.recordPayment.amount };
    } catch (err) {
      return failAction(err, ['amount', 'paidOn', 'externalId'], values);
    }
  },
  /** Residents and owners (the norm counts the owners when nobody is registered, ПП №354 п.56(2)). */
  residents: async (event) => {
    const form = await event.request.formData();
    const values = { kind: 'residents' as const, residents: text(form, 'residents'), owners: text(form, 'owners') };
    // Numbers as typed: the API says which it takes (its Int refuses anything but a whole number).
    const count = (raw: string) => (/^\d+$/.test(raw) ? Number(raw) : raw);
    try {
      await api(event).mutate(SetResidentsMutation, {
        accountNumber: event.params.number,
        residents: count(values.residents) as number,
        ...(values.owners ? { owners: count(values.owners) as number } : {}),
      });
      return { kind: 'residents' as const, saved: true };
    } catch (err) {
      return failAction(err, ['residents', 'owners'], values);
    }
  },

  /** «Заменить прибор»: the old meter's final reading (when it can be read) and the new meter. */
  replace: async (event) => {
    const form = await event.request.formData();
    const values = {
      kind: 'replace' as const,
      meterId: text(form, 'meterId'),
      replacedOn: text(form, 'replacedOn'),
      finalReading: text(form, 'finalReading'),
      serialNumber: text(form, 'serialNumber'),
      initialValue: text(form, 'initialValue'),
      verificationDueOn: text(form, 'verificationDueOn'),
      title: text(form, 'title'),
    };
    try {
      const { replaceMeter } = await api(event).mutate(ReplaceMeterMutation, {
        input: {
          meterId: values.meterId,
          replacedOn: dateInput(values.replacedOn),
          ...(values.finalReading ? { finalReading: normalizeNumberInput(values.finalReading) } : {}),
          serialNumber: values.serialNumber,
          initialValue: normalizeNumberInput(values.initialValue),
          verificationDueOn: dateInput(values.verificationDueOn),
          ...(values.title ? { title: values.title } : {}),
        },
      });
      return { kind: 'replace' as const, meterId: values.meterId, replaced: replaceMeter };
    } catch (err) {
      return failAction(err, ['replacedOn', 'finalReading', 'serialNumber', 'initialValue', 'verificationDueOn', 'title'], values);
    }
  },

  /** «Отметить неисправным»: from that day the meter takes no readings (average, then norm × 1.5). */
  fail: async (event) => {
    const form = await event.request.formData();
    const values = { kind: 'fail' as const, meterId: text(form, 'meterId'), failedOn: text(form, 'failedOn') };
    try {
      const { markMeterFailed } = await api(event).mutate(MarkMeterFailedMutation, { meterId: values.meterId, failedOn: dateInput(values.failedOn) });
      return { kind: 'fail' as const, meterId: values.meterId, failed: markMeterFailed };
    } catch (err) {
      return failAction(err, ['failedOn'], values);
    }
  },
} satisfies Actions;
