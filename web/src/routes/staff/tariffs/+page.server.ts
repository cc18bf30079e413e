/** Тарифы: the prices and norms by service; set a new one from a date. */
import type { Actions, PageServerLoad } from './$types';
import { SetTariffMutation, TariffsQuery } from '$lib/staff/operations';
import { api } from '$lib/server/api';
import { dateInput, text } from '$lib/server/forms';
import { normalizeNumberInput } from '$lib/decimal';
import { today } from '$lib/format';
import { SERVICES, type Service } from '$lib/staff/labels';
import { failAction, loadStaff } from '$lib/staff/staff.server';

export const load = ((event) =>
  loadStaff(event, async () => {
    const raw = event.url.searchParams.get('service') ?? '';
    const service = (SERVICES as readonly string[]).includes(raw) ? (raw as Service) : null;
    const { tariffs } = await api(event).query(TariffsQuery, { service });
    // The first day of next month: the usual start of a new tariff.
    const [y, m] = today().split('-').map(Number);
    const nextMonth = m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
    return { tariffs, service: service ?? '', nextMonth };
  })) satisfies PageServerLoad;

export const actions = {
  default: async (event) => {
    const form = await event.request.formData();
    const values = {
      service: text(form, 'service'),
      pricePerM3: text(form, 'pricePerM3'),
      normPerResident: text(form, 'normPerResident'),
      validFrom: text(form, 'validFrom'),
    };
    try {
      const { setTariff } = await api(event).mutate(SetTariffMutation, {
        input: {
          service: values.service as Service,
          pricePerM3: normalizeNumberInput(values.pricePerM3),
          normPerResident: normalizeNumberInput(values.normPerResident),
          validFrom: dateInput(values.validFrom),
        },
      });
      return { saved: setTariff };
    } catch (err) {
      return failAction(err, ['service', 'pricePerM3', 'normPerResident', 'validFrom'], values);
    }
  },
} satisfies Actions;
