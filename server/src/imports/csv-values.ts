/**
 * Reading the values of the operator's CSV uploads (bank registries, charges): decimal point
 * or comma, dates YYYY-MM-DD or DD.MM.YYYY, and the size limits of an upload.
 */
import { CsvSyntaxError, parseCsv, type CsvRow } from '../common/csv';
import { AppError, ErrorCode, badInput } from '../errors';
import { isValidDate } from '../common/calendar';
import { ImportLineCode } from './import-report.types';

export const MAX_UPLOAD_BYTES = 5 * 1024 * 1024;
export const MAX_UPLOAD_LINES = 50_000;

/** The message of an empty required column. */
export const MISSING_MESSAGE = 'пустое значение, а оно обязательно.';

/** The reason code of a refused value, by the column at fault. */
const CODE_OF_COLUMN: Record<string, ImportLineCode> = {
  external_id: ImportLineCode.BAD_EXTERNAL_ID,
  account_number: ImportLineCode.BAD_ACCOUNT_NUMBER,
  amount: ImportLineCode.BAD_AMOUNT,
  paid_on: ImportLineCode.BAD_DATE,
  payer: ImportLineCode.BAD_PAYER,
  period: ImportLineCode.BAD_PERIOD,
  kind: ImportLineCode.BAD_KIND,
  description: ImportLineCode.BAD_DESCRIPTION,
  service: ImportLineCode.BAD_SERVICE,
  volume: ImportLineCode.BAD_VOLUME,
  tariff: ImportLineCode.BAD_TARIFF,
};

/** MISSING_VALUE for an empty required column, else the column's BAD_… code (BAD_VALUE for a column without one). */
export function refusalCode(column: string, message: string): ImportLineCode {
  return message === MISSING_MESSAGE ? ImportLineCode.MISSING_VALUE : CODE_OF_COLUMN[column] ?? ImportLineCode.BAD_VALUE;
}

/** A line that cannot be loaded; the message goes to the report as is, with its code and the column at fault. */
export class LineRefused extends Error {
  constructor(
    message: string,
    readonly code: ImportLineCode,
    readonly column: string | null,
  ) {
    super(message);
  }
}

/** `Столбец amount: …` — a line's problem, naming the CSV column; the code is the column's (refusalCode) unless given. */
export function refuse(column: string, message: string, code: ImportLineCode = refusalCode(column, message)): LineRefused {
  return new LineRefused(`Столбец ${column}: ${message}`, code, column);
}

/** An empty required column. */
export function missing(column: string): LineRefused {
  return refuse(column, MISSING_MESSAGE, ImportLineCode.MISSING_VALUE);
}

/**
 * A refusal known only by its message (a caller that kept `e.message` of a LineRefused): the column and code
 * read back from refuse()'s «Столбец <column>: …» form; BAD_VALUE without a column otherwise.
 */
export function refusalOf(message: string): LineRefused {
  const m = /^Столбец ([a-z_]+): ([\s\S]*)$/.exec(message);
  return m ? new LineRefused(message, refusalCode(m[1], m[2]), m[1]) : new LineRefused(message, ImportLineCode.BAD_VALUE, null);
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

/** "2026-03-16" or "16.03.2026" → "2026-03-16"; null when it is neither or no such day. */
export function csvDate(raw: string): string | null {
  const text = String(raw ?? '').trim();
  const ru = /^(\d{2})\.(\d{2})\.(\d{4})$/.exec(text);
  const iso = ru ? `${ru[3]}-${ru[2]}-${ru[1]}` : text;
  return isValidDate(iso) ? iso : null;
}

/**
 * The file's rows, once its size, line count and header are acceptable; otherwise BAD_USER_INPUT on `csv`
 * (nothing is loaded). `required` columns must all be in the header.
 */
export function readUpload(csv: string, required: readonly string[], optional: readonly string[]): CsvRow[] {
  const text = String(csv ?? '');
  const bytes = Buffer.byteLength(text, 'utf8');
  const columns = [...required, ...optional].join(';');
  if (bytes > MAX_UPLOAD_BYTES) {
    throw badInput('csv', `Файл слишком большой: ${(bytes / 1024 / 1024).toFixed(1)} МБ, можно не больше 5 МБ и ${MAX_UPLOAD_LINES.toLocaleString('ru-RU')} строк. Разделите его на части и загрузите их по очереди.`);
  }
  // The text of a file read as UTF-8 though it was not (a Windows-1251 registry read by a client as UTF-8):
  // its letters are lost (each one a U+FFFD) before they reach us; loading it would put those marks in the ledger.
  const unreadable = text.indexOf('\uFFFD');
  if (unreadable >= 0) {
    const line = text.slice(0, unreadable).split(/\r\n|\n|\r/).length;
    throw badInput('csv', `Файл прочитан не в своей кодировке: в строке ${line} вместо букв знаки «\uFFFD». Так бывает с файлом в Windows-1251, прочитанным как UTF-8. Сохраните его в UTF-8 (в Excel — «CSV UTF-8») или передайте текст файла, прочитанный в Windows-1251.`);
  }
  let parsed: ReturnType<typeof parseCsv>;
  try {
    parsed = parseCsv(text);
  } catch (e) {
    if (e instanceof CsvSyntaxError) throw badInput('csv', `${e.message} Файл не загружен.`);
    throw e;
  }
  const { header, rows } = parsed;
  if (!header.length) throw badInput('csv', `Файл пуст. Первая строка — заголовок: ${columns}.`);
  const missing = required.filter((c) => !header.includes(c));
  if (missing.length) throw badInput('csv', `В заголовке нет столбцов ${missing.join(', ')}. Ожидаемые столбцы: ${columns} (разделитель «;» или «,»).`);
  if (!rows.length) throw badInput('csv', 'В файле нет строк с данными, только заголовок.');
  if (rows.length > MAX_UPLOAD_LINES) {
    throw badInput('csv', `В файле ${rows.length.toLocaleString('ru-RU')} строк, можно не больше ${MAX_UPLOAD_LINES.toLocaleString('ru-RU')}. Разделите его на части и загрузите их по очереди.`);
  }
  return rows;
}
