/** The CSV uploads (bank registry, charges): the file from a file input or a pasted text, as the API checks it. */
import type { RequestEvent } from '@sveltejs/kit';
import { ImportChargesMutation, ImportPaymentRegistryMutation } from './operations';
import { api } from '$lib/server/api';
import { failAction } from './staff.server';

/**
 * A CSV file's text: UTF-8 when it starts with the UTF-8 BOM or is valid UTF-8 throughout, else Windows-1251 (Russian
 * banks' and billing systems' software still writes it). `file.text()` would read every file as UTF-8 and turn the
 * Cyrillic of a 1251 file into «\uFFFD», which the API refuses.
 */
export function decodeCsvFile(bytes: Uint8Array): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return new TextDecoder('utf-8').decode(bytes);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1251').decode(bytes);
  }
}

export async function importCsv(event: RequestEvent, kind: 'payments' | 'charges') {
  const form = await event.request.formData();
  const file = form.get('file');
  const pasted = typeof form.get('csv') === 'string' ? String(form.get('csv')) : '';
  const fromFile = file instanceof File && file.size > 0;
  const fileName = fromFile ? file.name : null;
  const csv = (fromFile ? decodeCsvFile(new Uint8Array(await file.arrayBuffer())) : pasted).replace(/^\uFEFF/, '');
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
