/**
 * The CSV reader (common/csv.ts) on files as banks and billing systems send them: Windows-1251,
 * a UTF-8 BOM, CRLF, `;` and line breaks inside quoted values, `,` separators with quoted decimal
 * commas. Line numbers are the file's lines, a quoted line break counting as one.
 */
import fs from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import { stringify } from 'csv-stringify/sync';
import { CsvSyntaxError, decodeCsv, detectCsvEncoding, parseCsv } from '../../src/common/csv';

const fixture = (name: string) => fs.readFileSync(path.join(__dirname, 'fixtures', name));

/** The registry in both bank fixtures (ids prefixed by the file). */
function expectRegistry(parsed: ReturnType<typeof parseCsv>, prefix: string) {
  expect(parsed.header).toEqual(['external_id', 'account_number', 'amount', 'paid_on', 'payer']);
  expect(parsed.rows.map((r) => [r.line, r.values.external_id, r.values.amount, r.values.payer])).toEqual([
    [2, `${prefix}-001`, '1 044,02', 'Иванов Иван Иванович'],
    [3, `${prefix}-002`, '500,50', 'ООО "Ромашка"; по договору №12'],
    [4, `${prefix}-003`, '250,00', 'Пётр Ёлкин\r\n(по доверенности)'],
    // After a value with a line break: line 6 of the file, not the 5th record.
    [6, `${prefix}-004`, '100,00', 'Щукина А.Б.'],
  ]);
}

describe('files as banks send them', () => {
  it('Windows-1251 with CRLF, a quoted «;», doubled quotes and a line break inside a value', () => {
    const bytes = fixture('registry-cp1251.csv');
    expect(bytes.includes(Buffer.from([0xc8, 0xe2, 0xe0, 0xed, 0xee, 0xe2]))).toBe(true); // «Иванов» in 1251
    expect(detectCsvEncoding(bytes)).toBe('windows-1251');
    expectRegistry(parseCsv(bytes), 'BANK1251');
    expect(parseCsv(decodeCsv(bytes))).toEqual(parseCsv(bytes));
  });

  it('UTF-8 with a BOM and CRLF: the BOM is not part of the first column', () => {
    const bytes = fixture('registry-utf8-bom.csv');
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(detectCsvEncoding(bytes)).toBe('utf-8');
    expectRegistry(parseCsv(bytes), 'BANKBOM');
    // The same file as text (what the API receives), BOM and all.
    expectRegistry(parseCsv(bytes.toString('utf8')), 'BANKBOM');
  });

  it('«,» separated with LF, quoted decimal commas, a quoted value over two lines with quotes inside', () => {
    const { header, rows } = parseCsv(fixture('charges-comma-lf.csv'));
    expect(header).toEqual(['external_id', 'account_number', 'period', 'kind', 'amount', 'description', 'service', 'volume', 'tariff']);
    expect(rows.map((r) => [r.line, r.values.external_id, r.values.amount, r.values.description, r.values.volume])).toEqual([
      [2, 'BILLCOMMA-001', '236,78', 'Холодное водоснабжение, февраль', '5,250'],
      [3, 'BILLCOMMA-002', '-120,50', 'Перерасчёт:\nпоказания переданы "с опозданием"', ''],
      [5, 'BILLCOMMA-003', '1,5', 'Пени', ''],
    ]);
  });

  it('the billing export in Windows-1251, as the import:accounts command reads it', () => {
    const { rows } = parseCsv(fixture('accounts-cp1251.csv'));
    expect(rows.map((r) => [r.line, r.values.account_number, r.values.last_name, r.values.address])).toEqual([
      [2, '300000000011', 'Ёлкина', 'г. Апатиты, ул. Ферсмана, д. 5;\r\nкв. 12'],
      [4, '300000000012', 'Щукин', 'г. Кировск, пр. Ленина, д. 1, кв. 3'],
      [5, '12', 'Плохой', 'адрес'],
    ]);
  });
});

describe('encodings', () => {
  it('tells UTF-8 (with or without a BOM), UTF-16 with a BOM and Windows-1251 apart', () => {
    const text = 'external_id;payer\r\nX-1;Ёжиков Щ.Ю. №5 «ООО»\r\n';
    expect(detectCsvEncoding(Buffer.from('external_id;amount\n1;2\n'))).toBe('utf-8'); // ASCII reads the same either way
    expect(detectCsvEncoding(Buffer.from(text))).toBe('utf-8');
    expect(detectCsvEncoding(iconv.encode(text, 'win1251'))).toBe('windows-1251');
    expect(detectCsvEncoding(iconv.encode(text, 'utf-16le', { addBOM: true }))).toBe('utf-16le');
    expect(detectCsvEncoding(iconv.encode(text, 'utf-16be', { addBOM: true }))).toBe('utf-16be');
    for (const encoding of ['utf8', 'win1251', 'utf-16le', 'utf-16be']) {
      const bytes = iconv.encode(text, encoding, { addBOM: encoding.startsWith('utf-16') });
      expect({ encoding, text: decodeCsv(bytes) }).toEqual({ encoding, text });
    }
  });

  it('reads every Cyrillic letter of Windows-1251, upper and lower case, with Ё/ё and №', () => {
    const letters = 'АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯабвгдеёжзийклмнопрстуфхцчшщъыьэюя№';
    const { rows } = parseCsv(iconv.encode(`payer;account_number\r\n${letters};1\r\n`, 'win1251'));
    expect(rows[0].values.payer).toBe(letters);
  });
});

describe('the reader', () => {
  it('takes CRLF, LF and lone CR line ends, mixed in one file', () => {
    const { rows } = parseCsv('a;b\r\n1;2\n3;4\r5;6');
    expect(rows.map((r) => [r.line, r.values.a, r.values.b])).toEqual([
      [2, '1', '2'],
      [3, '3', '4'],
      [4, '5', '6'],
    ]);
  });

  it('skips blank lines and rows of empty fields, keeping the line numbers; short rows read as empty columns', () => {
    const { rows } = parseCsv('\r\nA ; B ;C\r\n\r\n;;\r\n 1 ; "2" \r\n7\r\n1;2;3;4\r\n');
    expect(rows).toEqual([
      { line: 5, values: { a: '1', b: '2', c: '' } },
      { line: 6, values: { a: '7', b: '', c: '' } },
      { line: 7, values: { a: '1', b: '2', c: '3' } },
    ]);
  });

  it('takes a quote inside an unquoted value as a character', () => {
    expect(parseCsv('a;payer\n1;Иванов "мл."\n').rows[0].values.payer).toBe('Иванов "мл."');
  });

  it('refuses a file with an unclosed quote, naming the line the row starts on', () => {
    const read = () => parseCsv('a;b\r\n1;"x\r\ny"\r\n2;"не закрыта\r\n3;4\r\n');
    expect(read).toThrow(CsvSyntaxError);
    expect(read).toThrow(/^Строка 4: кавычка открыта и не закрыта/);
    expect(() => parseCsv('a;b\n1;"x" y\n')).toThrow(/^Строка 2: после закрывающей кавычки/);
  });

  it('reads back whatever csv-stringify writes, values and line numbers alike (200 random files)', () => {
    let seed = 20260316;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const alphabet = ['а', 'Ё', 'z', '7', ' ', ';', ',', '"', '\r\n', '\n', '№', "'", '='];
    const value = () => {
      const s = Array.from({ length: Math.floor(random() * 8) }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
      return `${alphabet[Math.floor(random() * 4)]}${s}`.trim() || 'x';
    };
    for (let file = 0; file < 200; file++) {
      const delimiter = random() < 0.5 ? ';' : ',';
      const lineEnd = random() < 0.5 ? '\r\n' : '\n';
      const header = ['id', 'payer', 'note'];
      const records = Array.from({ length: 1 + Math.floor(random() * 6) }, (_, i) => [`id${i}`, value(), value()]);
      const text = stringify([header, ...records], { delimiter, record_delimiter: lineEnd, quoted_match: [/^\s|\s$/, /[\r\n]/] });
      const { rows } = parseCsv(random() < 0.5 ? text : iconv.encode(text, 'win1251'));
      expect(rows.map((r) => [r.values.id, r.values.payer, r.values.note])).toEqual(records);
      // The line of each row: one more than the line breaks before it.
      const starts = rows.map((r) => text.indexOf(`${r.values.id}${delimiter}`));
      expect(rows.map((r) => r.line)).toEqual(starts.map((at) => text.slice(0, at).split(/\r\n|\n|\r/).length));
    }
  });
});
