/**
 * Reading the values of the operator's CSV uploads (bank registries, charges): decimal point
 * or comma, dates YYYY-MM-DD or DD.MM.YYYY, and the size limits of an upload.
 */
import { parseCsv, type CsvRow } from '../common/csv';
import { AppError, ErrorCode, badInput } from '../errors';
import { isValidDate } from '../graphql/scalars';

export const MAX_UPLOAD_BYTES = 5 * 1024 * 1024;
export const MAX_UPLOAD_LINES = 50_000;

/** A line that cannot be loaded; the message goes to the report as is. */
export class LineRefused extends Error {}

/** `Столбец amount: …` — a line's problem, naming the CSV column. */
export function refuse(column: string, message: string): LineRefused {
  return new LineRefused(`Столбец ${column}: ${message}`);
}

/** Runs `check`, turning a BAD_USER_INPUT on one of `columns`' fields into a LineRefused naming the CSV column. */
export function asLineCheck<T>(columns: Record<string, string>, check: () => T): T {
  try {
    return check();
  } catch (e) {
    if (e instanceof AppError && e.code === ErrorCode.BAD_USER_INPUT) {
      const field = String(e.extensions.field ?? '');
      throw refuse(columns[field] ?? field, lowerFirst(e.message));
    }
    throw e;
  }
}

function lowerFirst(text: string): string {
  return text.length > 1 && /^[А-ЯЁA-Z][а-яёa-z]/.test(text) ? text[0].toLowerCase() + text.slice(1) : text;
}

/** "1 044,02" → "1044.02": spaces (also non-breaking) dropped, a decimal comma becomes a point. */
export function decimalText(raw: string): string {
  return String(raw ?? '').replace(/[\s\u00A0\u202F]/g, '').replace(',', '.');
}

/** "2026-03-16" or "16.03.2026" → "2026-03-16"; null when it is neither or no such day. */
export function csvDate(raw: string): string | null {
  const text = String(raw ?? '').trim();
  const ru = /^(\d{2})\.(\d{2})\.(\d{4})$/.exec(text);
  const iso = ru ? `${ru[3]}-${ru[2]}-${ru[1]}` : text;
  return isValidDate(iso) ? iso : null;
}

/** "2026-02" → "2026-02-28": the last day of a YYYY-MM period. */
export function lastDayOf(period: string): string {
  const [y, m] = period.split('-').map(Number);
  const day = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return `${period}-${String(day).padStart(2, '0')}`;
}

export const isPeriod = (text: string): boolean => /^\d{4}-(0[1-9]|1[0-2])$/.test(text);

/**
 * The file's rows, once its size, line count and header are acceptable; otherwise BAD_USER_INPUT on `csv`
 * (nothing is loaded). `required` columns must all be in the header.
 */
export function readUpload(csv: string, required: readonly string[], optional: readonly string[]): CsvRow[] {
  const bytes = Buffer.byteLength(String(csv ?? ''), 'utf8');
  const columns = [...required, ...optional].join(';');
  if (bytes > MAX_UPLOAD_BYTES) {
    throw badInput('csv', `Файл слишком большой: ${(bytes / 1024 / 1024).toFixed(1)} МБ, можно не больше 5 МБ и ${MAX_UPLOAD_LINES.toLocaleString('ru-RU')} строк. Разделите его на части и загрузите их по очереди.`);
  }
  const { header, rows } = parseCsv(String(csv ?? ''));
  if (!header.length) throw badInput('csv', `Файл пуст. Первая строка — заголовок: ${columns}.`);
  const missing = required.filter((c) => !header.includes(c));
  if (missing.length) throw badInput('csv', `В заголовке нет столбцов ${missing.join(', ')}. Ожидаемые столбцы: ${columns} (разделитель «;» или «,»).`);
  if (!rows.length) throw badInput('csv', 'В файле нет строк с данными, только заголовок.');
  if (rows.length > MAX_UPLOAD_LINES) {
    throw badInput('csv', `В файле ${rows.length.toLocaleString('ru-RU')} строк, можно не больше ${MAX_UPLOAD_LINES.toLocaleString('ru-RU')}. Разделите его на части и загрузите их по очереди.`);
  }
  return rows;
}
