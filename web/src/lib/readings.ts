/**
 * The meters page's typed values and their consumption preview («РАССЧИТАТЬ РАСХОД»): shared by the page in
 * the browser (no round trip) and on the server (without JavaScript). The preview only computes: whether a
 * value is taken is the API's to say when it is sent (ПЕРЕДАТЬ ПОКАЗАНИЯ), next to its meter.
 */
import { normalizeNumberInput, volumeDiff } from './decimal';

export interface MeterForPreview {
  id: string;
  previousReading: { value: string } | null;
}

/** The form field that carries a meter's new value. */
export const valueField = (meterId: string) => `value:${meterId}`;

/** Every typed value of a form (`value:<meterId>` fields), trimmed, by meter id; empty ones left out. */
export function entriesFromForm(form: FormData): Record<string, string> {
  const entries: Record<string, string> = {};
  for (const [name, value] of form.entries()) {
    if (name.startsWith('value:') && typeof value === 'string' && value.trim()) entries[name.slice('value:'.length)] = value.trim();
  }
  return entries;
}

/** What goes to the API: the typed values, spaces out and the decimal comma a point, in the order typed. */
export function readingsToSend(entries: Record<string, string>): { meterId: string; value: string }[] {
  return Object.entries(entries).map(([meterId, value]) => ({ meterId, value: normalizeNumberInput(value) }));
}

export interface ReadingPreview {
  /** The value as a volume ("241.375"), when it reads as one. */
  value: string | null;
  /** value − previous ("5", "0.375", "-2"), when both are known. */
  consumption: string | null;
}

/** A number the preview can subtract (litres): digits, and up to three after the point. */
const VOLUME = /^\d+(\.\d{1,3})?$/;

/** The preview of each typed value: its volume and the consumption since the previous reading. */
export function previewReadings(meters: readonly MeterForPreview[], entries: Record<string, string>): Record<string, ReadingPreview> {
  const previews: Record<string, ReadingPreview> = {};
  for (const meter of meters) {
    const raw = entries[meter.id];
    if (!raw) continue;
    const typed = normalizeNumberInput(raw);
    const value = VOLUME.test(typed) ? typed : null;
    const previous = meter.previousReading?.value;
    previews[meter.id] = { value, consumption: value !== null && previous !== undefined ? volumeDiff(value, previous) : null };
  }
  return previews;
}

/** A reading the API asks the subscriber to confirm (CONFIRMATION_REQUIRED, extensions.readings). */
export interface UnusualReading {
  meterId: string;
  title: string;
  value: string;
  consumption: string;
  /** The counter passed 99 999,999 and started again from 0. */
  rollover: boolean;
}

/** extensions.readings of CONFIRMATION_REQUIRED, read defensively. */
export function unusualReadings(raw: unknown): UnusualReading[] {
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((r) => {
    if (!r || typeof r !== 'object') return [];
    const { meterId, title, value, consumption, rollover } = r as Record<string, unknown>;
    if (meterId === undefined || value === undefined) return [];
    return [{ meterId: String(meterId), title: String(title ?? ''), value: String(value), consumption: String(consumption ?? ''), rollover: rollover === true }];
  });
}
