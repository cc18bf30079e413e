/** Начисления: upload a CSV file and see what was loaded, skipped and refused. */
import type { Actions } from './$types';
import { importCsv } from '$lib/staff/imports.server';

export const actions = {
  default: (event) => importCsv(event, 'charges'),
} satisfies Actions;
