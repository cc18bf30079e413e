/**
 * Checking meter readings as typed, and their consumption: shared by the meters page in the
 * browser («РАССЧИТАТЬ РАСХОД» without a round trip) and its form actions (without JavaScript).
 */
import { compareVolumes, parseVolumeInput, volumeDiff } from './decimal';
import { formatMeterValue } from './format';

export interface MeterForCheck {
  id: string;
  verificationExpired: boolean;
  previousReading: { value: string } | null;
}

export interface ReadingsCheck {
  /** Normalised values ("241.375") by meter id, for the meters with a valid entry. */
  values: Record<string, string>;
  /** Consumption by meter id ("5", "0.375"), when there is a previous reading. */
  consumption: Record<string, string>;
  /** Problems by meter id: the value cannot be sent as it is. */
  errors: Record<string, string>;
  /**
   * Notes by meter id about a value that can still be sent: below the previous one, which the API takes
   * only as a roll-over of the counter (past 99 999,999) — it then asks to confirm — and refuses otherwise.
   */
  warnings: Record<string, string>;
  /** Entries as typed, by meter id, to show again. */
  raw: Record<string, string>;
}

/** The form field that carries a meter's new value. */
export const valueField = (meterId: string) => `value:${meterId}`;

/** Reads the typed values out of a submitted form. */
export function entriesFromForm(form: FormData, meters: readonly { id: string }[]): Record<string, string> {
  const entries: Record<string, string> = {};
  for (const meter of meters) {
    const value = form.get(valueField(meter.id));
    if (typeof value === 'string' && value.trim()) entries[meter.id] = value.trim();
  }
  return entries;
}

export function checkReadings(meters: readonly MeterForCheck[], entries: Record<string, string>): ReadingsCheck {
  const result: ReadingsCheck = { values: {}, consumption: {}, errors: {}, warnings: {}, raw: { ...entries } };
  for (const meter of meters) {
    const raw = entries[meter.id]?.trim();
    if (!raw) continue;
    if (meter.verificationExpired) {
      result.errors[meter.id] = 'Срок поверки истёк: показания этого прибора не принимаются.';
      continue;
    }
    const value = parseVolumeInput(raw);
    if (value === null) {
      result.errors[meter.id] = 'Введите показание числом: до 5 цифр и до 3 знаков после запятой, например 241 или 241,375.';
      continue;
    }
    const previous = meter.previousReading?.value;
    result.values[meter.id] = value;
    if (previous !== undefined && compareVolumes(value, previous) < 0) {
      // Whether it is a roll-over is the API's to say (it asks to confirm one, refuses anything else).
      result.warnings[meter.id] =
        `Показание меньше предыдущего (${formatMeterValue(previous)}). Проверьте цифры на счетчике. Если счётчик прошёл 99 999,999 и начал с нуля, передайте показания — мы попросим подтвердить расход.`;
      continue;
    }
    if (previous !== undefined) result.consumption[meter.id] = volumeDiff(value, previous);
  }
  return result;
}

/** Every typed value of a submitted form (`value:<meterId>` fields), as typed, without asking which meters there are. */
export function rawEntriesFromForm(form: FormData): Record<string, string> {
  const entries: Record<string, string> = {};
  for (const [name, value] of form.entries()) {
    if (name.startsWith('value:') && typeof value === 'string' && value.trim()) entries[name.slice('value:'.length)] = value.trim();
  }
  return entries;
}

/** Typed values to show again in the inputs, not checked yet. */
export function uncheckedEntries(raw: Record<string, string>): ReadingsCheck {
  return { values: {}, consumption: {}, errors: {}, warnings: {}, raw };
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
