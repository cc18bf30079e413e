/**
 * Reading the CSV files that banks and the billing system send (csv-parse underneath): `;` or `,`
 * separated (told from the header), RFC 4180 quoting — `;`, `,` and line breaks inside quoted fields,
 * `""` for a quote —, CRLF, LF or CR line ends (mixed too), an optional BOM. Bytes are decoded by
 * decodeCsv: UTF-8 when they are valid UTF-8, else Windows-1251 (what Russian banks' software still
 * writes). Every row carries the line of the file it starts on, counting the line breaks inside
 * quoted fields as the file's lines, so that a report's «строка 7» is line 7 in any text editor.
 */
import { CsvError, parse } from 'csv-parse/sync';
import iconv from 'iconv-lite';

export interface CsvRow {
  /** 1-based line number of the row's first line in the file. */
  line: number;
  values: Record<string, string>;
}

/** The file is not CSV: an unclosed quote, text after a closing quote. Nothing of it should be loaded. */
export class CsvSyntaxError extends Error {
  constructor(
    /** The line the broken row starts on. */
    readonly line: number,
    message: string,
  ) {
    super(message);
    this.name = 'CsvSyntaxError';
  }
}

/** The encodings decodeCsv tells apart. */
export type CsvEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1251';

/**
 * How a file's bytes are to be read: by its BOM when it has one (UTF-8, UTF-16); else UTF-8 when the
 * bytes are valid UTF-8 — ASCII-only files included —, else Windows-1251. Cyrillic text in
 * Windows-1251 is practically never valid UTF-8 (its letters are bytes 0xC0–0xFF, which in UTF-8
 * must be followed by continuation bytes 0x80–0xBF, i.e. «Ё», «№», quotes and dashes in 1251), so
 * the guess does not misread a real file. KOI8-R and CP866 are not guessed: they would read as 1251.
 */
export function detectCsvEncoding(bytes: Uint8Array): CsvEncoding {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return 'utf-8';
  } catch {
    return 'windows-1251';
  }
}

/** A file's text (without a BOM), decoded as detectCsvEncoding says — or as `encoding` says when given. */
export function decodeCsv(bytes: Uint8Array, encoding: CsvEncoding = detectCsvEncoding(bytes)): string {
  return iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), encoding, { stripBOM: true });
}

/** `;` unless the header has more `,` than `;`. */
function separatorOf(text: string): ';' | ',' {
  const end = text.search(/[\r\n]/);
  const firstLine = end < 0 ? text : text.slice(0, end);
  return (firstLine.match(/;/g)?.length ?? 0) >= (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
}

/**
 * The 1-based line at byte offsets that only grow: a line break is CRLF, LF or a lone CR, as for
 * csv-parse's record delimiters (csv-parse's own `info.lines` counts a CRLF inside quotes twice).
 */
function lineCounter(buffer: Buffer): (offset: number) => number {
  let at = 0;
  let line = 1;
  return (offset) => {
    for (; at < offset && at < buffer.length; at++) {
      const byte = buffer[at];
      if (byte === 0x0a || (byte === 0x0d && buffer[at + 1] !== 0x0a)) line++;
    }
    return line;
  };
}

function syntaxMessage(error: CsvError, line: number): string {
  const hint = 'Значение с «;», «,» или переносом строки берут в кавычки "…", а кавычку внутри значения удваивают ("").';
  switch (error.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return `Строка ${line}: кавычка открыта и не закрыта до конца файла. ${hint}`;
    case 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE':
    case 'CSV_INVALID_CLOSING_QUOTE':
      return `Строка ${line}: после закрывающей кавычки идут другие символы. ${hint}`;
    default:
      return `Строка ${line}: файл не читается как CSV (${error.message}).`;
  }
}

/**
 * The header (trimmed, lower-case) and the rows under it, values trimmed and keyed by the header;
 * rows with every field empty are left out. Text is taken as it is (a BOM is dropped); bytes go
 * through decodeCsv first. Throws CsvSyntaxError on a file that is not CSV.
 */
export function parseCsv(input: string | Uint8Array): { header: string[]; rows: CsvRow[] } {
  const text = (typeof input === 'string' ? input : decodeCsv(input)).replace(/^\uFEFF/, '');
  const buffer = Buffer.from(text, 'utf8');
  const lineAt = lineCounter(buffer);
  // csv-parse tells the byte offset just past each record (its line break included): the next one starts there.
  let recordStart = 0;
  const lines: number[] = [];
  let records: string[][];
  try {
    records = parse(buffer, {
      delimiter: separatorOf(text),
      record_delimiter: ['\r\n', '\n', '\r'],
      relax_column_count: true,
      // A quote inside an unquoted value is a character of the value (Иванов "мл."), as before.
      relax_quotes: true,
      // Blanks around a quoted value (` "1 044,02" `) are not part of it.
      trim: true,
      on_record: (fields, context) => {
        lines.push(lineAt(recordStart));
        recordStart = context.bytes;
        return fields;
      },
    });
  } catch (error) {
    if (error instanceof CsvError) {
      const line = lineAt(recordStart);
      throw new CsvSyntaxError(line, syntaxMessage(error, line));
    }
    throw error;
  }
  const nonEmpty = records.map((fields, i) => ({ line: lines[i], fields })).filter((r) => r.fields.some((f) => f.trim() !== ''));
  const header = (nonEmpty.shift()?.fields ?? []).map((h) => h.trim().toLowerCase());
  return {
    header,
    rows: nonEmpty.map((r) => ({
      line: r.line,
      values: Object.fromEntries(header.map((h, idx) => [h, (r.fields[idx] ?? '').trim()])),
    })),
  };
}
