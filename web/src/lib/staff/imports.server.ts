/** The CSV uploads (bank registry, charges): the file from a file input or a pasted text, as the API checks it. */
import type { RequestEvent } from '@sveltejs/kit';
import { ImportChargesMutation, ImportPaymentRegistryMutation } from './operations';
import { api } from '$lib/server/api';
import { failAction } from './staff.server';

export async function importCsv(event: RequestEvent, kind: 'payments' | 'charges') {
  const form = await event.request.formData();
  const file = form.get('file');
  const pasted = typeof form.get('csv') === 'string' ? String(form.get('csv')) : '';
  const fromFile = file instanceof File && file.size > 0;
  const fileName = fromFile ? file.name : null;
  const csv = (fromFile ? await file.text() : pasted).replace(/^\uFEFF/, '');
  try {
    const client = api(event);
    const report =
      kind === 'payments'
        ? (await client.mutate(ImportPaymentRegistryMutation, { csv })).importPaymentRegistry
        : (await client.mutate(ImportChargesMutation, { csv })).importCharges;
    return { report, fileName };
  } catch (err) {
    // The API's word about the file goes next to where it came from: the file input or the pasted text.
    const failed = failAction(err, ['csv'], { csv: fromFile ? '' : pasted, fileName });
    if (fromFile && failed.data.fieldErrors.csv) failed.data.fieldErrors = { file: failed.data.fieldErrors.csv };
    return failed;
  }
}
