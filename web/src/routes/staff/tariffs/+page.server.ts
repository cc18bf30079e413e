/** Тарифы: the prices and norms by service; set a new one from a date. */
import type { Actions, PageServerLoad } from './$types';
import { SetTariffMutation, TariffsQuery } from '$lib/staff/operations';
import { api } from '$lib/server/api';
import { text } from '$lib/server/forms';
import { parseMoneyInput, parseVolumeInput } from '$lib/decimal';
import { today } from '$lib/format';
import { SERVICES, type Service } from '$lib/staff/labels';
import { failAction, invalid, loadOptional } from '$lib/staff/staff.server';

export const load = (async (event) => {
  const raw = event.url.searchParams.get('service') ?? '';
  const service = (SERVICES as readonly string[]).includes(raw) ? (raw as Service) : null;
  const tariffs = await loadOptional(event, async () => (await api(event).query(TariffsQuery, { service })).tariffs);
  // The first day of next month: the usual start of a new tariff.
  const [y, m] = today().split('-').map(Number);
  const nextMonth = m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
  return { tariffs, service: service ?? '', nextMonth };
}) satisfies PageServerLoad;

export const actions = {
  default: async (event) => {
    const form = await event.request.formData();
    const service = text(form, 'service');
    const rawPrice = text(form, 'pricePerM3');
    const rawNorm = text(form, 'normPerResident');
    const validFrom = text(form, 'validFrom');
    const values = { service, pricePerM3: rawPrice, normPerResident: rawNorm, validFrom };
    const pricePerM3 = parseMoneyInput(rawPrice);
    const normPerResident = parseVolumeInput(rawNorm);
    const fieldErrors: Record<string, string> = {};
    if (!(SERVICES as readonly string[]).includes(service)) fieldErrors.service = 'Выберите услугу.';
    if (!pricePerM3) fieldErrors.pricePerM3 = 'Цена за м³ — больше нуля, не больше двух знаков после запятой, например 45,12.';
    if (normPerResident === null) fieldErrors.normPerResident = 'Норматив — м³ на человека в месяц, до трёх знаков после запятой, например 4,9.';
    if (!/^\d{4}-\d{2}-01$/.test(validFrom)) fieldErrors.validFrom = 'Тариф действует с первого числа месяца: укажите 1-е число.';
    if (Object.keys(fieldErrors).length) return invalid(values, fieldErrors);
    try {
      const { setTariff } = await api(event).mutate(SetTariffMutation, {
        input: { service: service as Service, pricePerM3: pricePerM3!, normPerResident: normPerResident!, validFrom },
      });
      return { saved: setTariff };
    } catch (err) {
      return failAction(err, ['service', 'pricePerM3', 'normPerResident', 'validFrom'], values);
    }
  },
} satisfies Actions;
