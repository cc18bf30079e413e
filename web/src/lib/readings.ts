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
  /** Problems by meter id. */
  errors: Record<string, string>;
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
  const result: ReadingsCheck = { values: {}, consumption: {}, errors: {}, raw: { ...entries } };
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
    if (previous !== undefined && compareVolumes(value, previous) < 0) {
      result.errors[meter.id] =
        `Показание меньше предыдущего (${formatMeterValue(previous)}). Проверьте цифры на счетчике; если прибор заменён, напишите в виртуальную приемную.`;
      continue;
    }
    result.values[meter.id] = value;
    if (previous !== undefined) result.consumption[meter.id] = volumeDiff(value, previous);
  }
  return result;
}
