import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { MetersQuery, SubmitReadingsMutation } from '$lib/graphql';
import { ApiError, problemText, toFormErrors } from '$lib/errors';
import { checkReadings, entriesFromForm } from '$lib/readings';
import { api, failLoad, loadFromApi } from '$lib/server/api';

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

export const actions = {
  /** «ВВЕСТИ» without JavaScript: show the inputs. */
  enter: async () => ({ mode: 'enter' as const }),

  /** «РАССЧИТАТЬ РАСХОД» without JavaScript: check the values and compute the consumption. */
  calculate: async (event) => {
    const meters = await metersOf(event);
    const check = checkReadings(meters, entriesFromForm(await event.request.formData(), meters));
    const hasErrors = Object.keys(check.errors).length > 0;
    if (!Object.keys(check.raw).length) {
      return fail(400, { mode: 'enter' as const, check, formError: 'Введите показания хотя бы одного прибора.' });
    }
    return hasErrors ? fail(400, { mode: 'enter' as const, check, formError: null }) : { mode: 'calculated' as const, check, formError: null };
  },

  /** «ПЕРЕДАТЬ ПОКАЗАНИЯ». */
  submit: async (event) => {
    const meters = await metersOf(event);
    const check = checkReadings(meters, entriesFromForm(await event.request.formData(), meters));
    if (!Object.keys(check.raw).length) {
      return fail(400, {
        mode: 'enter' as const,
        check,
        formError: 'Введите показания: нажмите «ВВЕСТИ», впишите значения со счетчиков и нажмите «ПЕРЕДАТЬ ПОКАЗАНИЯ».',
      });
    }
    if (Object.keys(check.errors).length) return fail(400, { mode: 'enter' as const, check, formError: null });

    const readings = Object.entries(check.values).map(([meterId, value]) => ({ meterId, value }));
    try {
      await api(event).mutate(SubmitReadingsMutation, { readings });
      return { mode: 'sent' as const, check, formError: null };
    } catch (err) {
      if (!(err instanceof ApiError) || err.network) {
        return fail(503, { mode: 'enter' as const, check, formError: toFormErrors(err, []).formError ?? null });
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
          (readings.length === 1 && ['READING_BELOW_PREVIOUS', 'METER_VERIFICATION_EXPIRED'].includes(problem.code)
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
