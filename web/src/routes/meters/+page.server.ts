import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { MetersQuery, SubmitReadingsMutation } from '$lib/graphql';
import { ApiError, problemText, toFormErrors } from '$lib/errors';
import { checkReadings, entriesFromForm, rawEntriesFromForm, uncheckedEntries, unusualReadings, type ReadingsCheck, type UnusualReading } from '$lib/readings';
import { api, failLoad, loadFromApi } from '$lib/server/api';
import { checked } from '$lib/server/forms';

export const load = ((event) =>
  loadFromApi(event, async () => {
    const data = await api(event).query(MetersQuery);
    return { meters: data.me.meters, window: data.readingsWindow };
  })) satisfies PageServerLoad;

async function metersOf(event: Parameters<Actions[string]>[0]) {
  try {
    return (await api(event).query(MetersQuery)).me.meters;
  } catch (err) {
    failLoad(err, event);
  }
}

/** The confirmation step: what the API found unusual, to confirm or correct. */
interface Confirmation {
  readings: UnusualReading[];
  /** «намного больше обычного»: more than this many m³ a month. */
  thresholdM3: string | null;
  /** The API's own words, shown when it listed no readings. */
  message: string;
}

export const actions = {
  /** «ВВЕСТИ» without JavaScript (and «Исправить» of the confirmation step): the inputs, with what was typed. */
  enter: async (event) => {
    const raw = rawEntriesFromForm(await event.request.formData());
    return { mode: 'enter' as const, check: Object.keys(raw).length ? uncheckedEntries(raw) : null, formError: null };
  },

  /** «РАССЧИТАТЬ РАСХОД» without JavaScript: check the values and compute the consumption. */
  calculate: async (event) => {
    const meters = await metersOf(event);
    const check = checkReadings(meters, entriesFromForm(await event.request.formData(), meters));
    const hasErrors = Object.keys(check.errors).length > 0;
    if (!Object.keys(check.raw).length) {
      return fail(400, { mode: 'enter' as const, check, formError: 'Введите показания хотя бы одного прибора.' });
    }
    if (hasErrors) return fail(400, { mode: 'enter' as const, check, formError: null });
    // A value below the previous one stays in the inputs with its note: to correct it, or to send it as it is.
    return Object.keys(check.warnings).length ? { mode: 'enter' as const, check, formError: null } : { mode: 'calculated' as const, check, formError: null };
  },

  /** «ПЕРЕДАТЬ ПОКАЗАНИЯ», and «Да, всё верно — передать» of the confirmation step (confirmUnusual). */
  submit: async (event) => {
    const meters = await metersOf(event);
    const form = await event.request.formData();
    const check = checkReadings(meters, entriesFromForm(form, meters));
    if (!Object.keys(check.raw).length) {
      return fail(400, {
        mode: 'enter' as const,
        check,
        formError: 'Введите показания: нажмите «ВВЕСТИ», впишите значения со счетчиков и нажмите «ПЕРЕДАТЬ ПОКАЗАНИЯ».',
      });
    }
    if (Object.keys(check.errors).length) return fail(400, { mode: 'enter' as const, check, formError: null });

    const readings = Object.entries(check.values).map(([meterId, value]) => ({ meterId, value }));
    const confirmUnusual = checked(form, 'confirmUnusual');
    try {
      await api(event).mutate(SubmitReadingsMutation, { readings, ...(confirmUnusual ? { confirmUnusual: true } : {}) });
      return { mode: 'sent' as const, check, formError: null };
    } catch (err) {
      if (!(err instanceof ApiError) || err.network) {
        return fail(503, { mode: 'enter' as const, check, formError: toFormErrors(err, []).formError ?? null });
      }
      // A consumption far above the usual, or a counter that passed 99 999,999: the subscriber confirms first.
      const asked = err.problems.find((p) => p.code === 'CONFIRMATION_REQUIRED');
      if (asked) {
        const unusual = unusualReadings(asked.extensions.readings);
        const consumption = { ...check.consumption };
        for (const u of unusual) if (u.consumption) consumption[u.meterId] = u.consumption;
        const confirmation: Confirmation = {
          readings: unusual,
          thresholdM3: asked.extensions.thresholdM3 == null ? null : String(asked.extensions.thresholdM3),
          message: problemText(asked),
        };
        return { mode: 'confirm' as const, check: { ...check, consumption } satisfies ReadingsCheck, confirmation, formError: null };
      }
      // Put each problem next to its meter when the API says which one (meterId, or an index in the field path).
      const errors: Record<string, string> = {};
      const general: string[] = [];
      for (const problem of err.problems) {
        const rawField = typeof problem.extensions.field === 'string' ? problem.extensions.field : '';
        const index = /(\d+)/.exec(rawField)?.[1];
        const meterId =
          (typeof problem.extensions.meterId === 'string' && problem.extensions.meterId) ||
          (index !== undefined ? readings[Number(index)]?.meterId : undefined) ||
          (readings.length === 1 && ['value', 'meterId'].includes(problem.field ?? '') ? readings[0].meterId : undefined) ||
          (readings.length === 1 && ['READING_BELOW_PREVIOUS', 'METER_VERIFICATION_EXPIRED', 'METER_FAILED'].includes(problem.code)
            ? readings[0].meterId
            : undefined);
        if (meterId && !errors[meterId]) errors[meterId] = problemText(problem);
        else general.push(problemText(problem));
      }
      return fail(400, {
        mode: 'enter' as const,
        check: { ...check, errors: { ...check.errors, ...errors } },
        formError: general.length ? [...new Set(general)].join(' ') : null,
      });
    }
  },
} satisfies Actions;
