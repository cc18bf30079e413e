import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { MetersQuery, SubmitReadingsMutation } from '$lib/graphql';
import { ApiError, problemText, toFormErrors } from '$lib/errors';
import { entriesFromForm, readingsToSend, unusualReadings, type UnusualReading } from '$lib/readings';
import { api, loadFromApi } from '$lib/server/api';
import { checked } from '$lib/server/forms';
import { accountVariables, answeredAccount } from '$lib/server/account';

export const load = ((event) =>
  loadFromApi(event, async () => {
    // The selected account's meters (`?account=`), or the signed-in account's.
    const data = await api(event).query(MetersQuery, accountVariables(event));
    return { meters: answeredAccount(data).meters, window: data.readingsWindow };
  })) satisfies PageServerLoad;

/** The confirmation step: what the API found unusual, to confirm or correct. */
interface Confirmation {
  readings: UnusualReading[];
  /** «намного больше обычного»: more than this many m³ a month. */
  thresholdM3: string | null;
  /** The API's own words, shown when it listed no readings. */
  message: string;
}

const noErrors = {} as Record<string, string>;

export const actions = {
  /** «ВВЕСТИ» without JavaScript (and «Исправить» of the confirmation step): the inputs, with what was typed. */
  enter: async (event) => {
    const entries = entriesFromForm(await event.request.formData());
    return { mode: 'enter' as const, entries, errors: noErrors, formError: null };
  },

  /** «РАССЧИТАТЬ РАСХОД» without JavaScript: the page computes the consumption of what was typed. */
  calculate: async (event) => {
    const entries = entriesFromForm(await event.request.formData());
    return { mode: 'calculated' as const, entries, errors: noErrors, formError: null };
  },

  /**
   * «ПЕРЕДАТЬ ПОКАЗАНИЯ», and «Да, всё верно — передать» of the confirmation step (confirmUnusual): one call to
   * the API, which checks everything; its refusals go next to their meters.
   */
  submit: async (event) => {
    const form = await event.request.formData();
    const entries = entriesFromForm(form);
    const readings = readingsToSend(entries);
    const confirmUnusual = checked(form, 'confirmUnusual');
    try {
      await api(event).mutate(SubmitReadingsMutation, { readings, ...(confirmUnusual ? { confirmUnusual: true } : {}) });
      return { mode: 'sent' as const, entries, errors: noErrors, formError: null };
    } catch (err) {
      if (!(err instanceof ApiError) || err.network) {
        return fail(503, { mode: 'enter' as const, entries, errors: noErrors, formError: toFormErrors(err, []).formError ?? null });
      }
      // The window closed meanwhile: the page says so itself (its notice, once), nothing to type.
      if (err.has('READINGS_WINDOW_CLOSED')) return fail(409, { mode: 'closed' as const, entries, errors: noErrors, formError: null });
      // A consumption far above the usual, or a counter that passed 99 999,999: the subscriber confirms first.
      const asked = err.problems.find((p) => p.code === 'CONFIRMATION_REQUIRED');
      if (asked) {
        const confirmation: Confirmation = {
          readings: unusualReadings(asked.extensions.readings),
          thresholdM3: asked.extensions.thresholdM3 == null ? null : String(asked.extensions.thresholdM3),
          message: problemText(asked),
        };
        return { mode: 'confirm' as const, entries, errors: noErrors, confirmation, formError: null };
      }
      // Each problem next to its meter: the API names the reading (readings.<index>.value) or the meter.
      const errors: Record<string, string> = {};
      const general: string[] = [];
      for (const problem of err.problems) {
        const index = /^readings\.(\d+)\./.exec(problem.path ?? '')?.[1];
        const meterId = index !== undefined ? readings[Number(index)]?.meterId : typeof problem.extensions.meterId === 'string' ? problem.extensions.meterId : undefined;
        if (meterId && !errors[meterId]) errors[meterId] = problemText(problem);
        else general.push(problemText(problem));
      }
      return fail(400, { mode: 'enter' as const, entries, errors, formError: general.length ? [...new Set(general)].join(' ') : null });
    }
  },
} satisfies Actions;
