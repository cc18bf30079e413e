/** The CSV uploads (bank registry, charges): the file from a file input or a pasted text. */
import type { RequestEvent } from '@sveltejs/kit';
import { ImportChargesMutation, ImportPaymentRegistryMutation } from './operations';
import { api } from '$lib/server/api';
import { failAction, invalid } from './staff.server';

/** The API's own limit on an upload. */
const MAX_BYTES = 5 * 1024 * 1024;

export async function importCsv(event: RequestEvent, kind: 'payments' | 'charges') {
  const form = await event.request.formData();
  const file = form.get('file');
  const pasted = typeof form.get('csv') === 'string' ? String(form.get('csv')) : '';
  let csv = pasted;
  let fileName: string | null = null;
  if (file instanceof File && file.size > 0) {
    if (file.size > MAX_BYTES) return invalid({ csv: '', fileName: file.name }, { file: 'Файл больше 5 МБ: разделите его на части.' });
    csv = await file.text();
    fileName = file.name;
  }
  csv = csv.replace(/^\uFEFF/, '');
  if (!csv.trim()) {
    return invalid({ csv: pasted, fileName }, { file: 'Выберите файл CSV или вставьте его текст в поле ниже.' });
  }
  try {
    const client = api(event);
    const report =
      kind === 'payments'
        ? (await client.mutate(ImportPaymentRegistryMutation, { csv })).importPaymentRegistry
        : (await client.mutate(ImportChargesMutation, { csv })).importCharges;
    return { report, fileName };
  } catch (err) {
    return failAction(err, ['csv'], { csv: fileName ? '' : pasted, fileName });
  }
}
