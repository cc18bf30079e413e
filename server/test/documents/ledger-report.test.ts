import { LEDGER_CSV_HEADER, ledgerCsv, renderLedgerPdf, type LedgerReportData } from '../../src/documents/ledger-report';
import { sumMoney, toKopecks } from '../../src/documents/ru-format';
import { ledgerReport } from './fixtures';
import { pdfText, squash } from './pdf-text';

/** RFC 4180-style parser for «;»-separated, CRLF-terminated text (quotes may hold ; " CR LF). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i++; } else if (c === '"') quoted = false; else cell += c;
    } else if (c === '"' && cell === '') quoted = true;
    else if (c === ';') { row.push(cell); cell = ''; } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell); rows.push(row); row = []; cell = ''; i++;
    } else if (c === '\n' || c === '\r') throw new Error(`bare line break at ${i}`);
    else cell += c;
  }
  if (quoted) throw new Error('unterminated quote');
  if (cell !== '' || row.length) throw new Error('last line has no CRLF');
  return rows;
}

const rubles = (ruDecimal: string): string => ruDecimal.replace(',', '.');

describe('ledgerCsv', () => {
  const data = ledgerReport();
  const csv = ledgerCsv(data);
  const text = csv.toString('utf8');
  const rows = parseCsv(text.slice(1));

  test('UTF-8 with a BOM, «;» separated, CRLF lines', () => {
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(text.startsWith('\uFEFFДата;Вид;Период;Описание;Начислено, руб.;Оплачено, руб.\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    expect(rows[0]).toEqual([...LEDGER_CSV_HEADER]);
    for (const r of rows) expect(r).toHaveLength(6);
  });

  test('entries in the given order, decimal comma, DD.MM.YYYY dates, kinds in Russian', () => {
    expect(rows.slice(1, 5)).toEqual([
      ['31.03.2020', 'Перерасчёт', '03.2020', 'Перерасчёт по показаниям', '-1846,62', ''],
      ['16.03.2020', 'Оплачено', '', 'Оплата банковской картой', '', '3132,06'],
      ['29.02.2020', 'Начислено', '02.2020', 'Начисление за февраль', '1044,02', ''],
      ['31.01.2020', 'Начислено', '01.2020', 'Начисление за январь', '1044,02', ''],
    ]);
  });

  test('summary rows, and the sums parse back to the totals', () => {
    expect(rows.slice(5)).toEqual([
      ['Входящее сальдо', '', '', 'на 01.01.2020', '0,00', ''],
      ['Начислено', '', '', 'итого за период', '241,42', ''],
      ['Оплачено', '', '', 'итого за период', '', '3132,06'],
      ['Исходящее сальдо', '', '', 'на 31.03.2020', '-2890,64', ''],
    ]);
    const entries = rows.slice(1, 5);
    expect(sumMoney(entries.map((r) => rubles(r[4] || '0')))).toBe(data.totalCharged);
    expect(sumMoney(entries.map((r) => rubles(r[5] || '0')))).toBe(data.totalPaid);
    const closing = toKopecks(rubles(rows[5][4])) + toKopecks(rubles(rows[6][4])) - toKopecks(rubles(rows[7][5]));
    expect(closing).toBe(toKopecks(rubles(rows[8][4])));
  });

  test('quotes fields that need it and neutralises formulas (CSV injection)', () => {
    const descriptions = [
      'Платёж; "срочно"\r\nвторая строка',
      '=HYPERLINK("http://evil","нажми")',
      '+7 911 123-45-67',
      '-1+1',
      '@SUM(A1:A2)',
      '  =1+1',
      'обычный текст',
    ];
    const r: LedgerReportData = {
      ...ledgerReport(),
      entries: descriptions.map((description) => ({ date: '2020-03-16', kind: 'PAYMENT', period: null, description, amount: '-1.00' })),
    };
    const out = ledgerCsv(r).toString('utf8');
    expect(out).toContain('"Платёж; ""срочно""\r\nвторая строка"');
    const parsed = parseCsv(out.slice(1));
    expect(parsed.slice(1, 1 + descriptions.length).map((row) => row[3])).toEqual([
      'Платёж; "срочно"\r\nвторая строка',
      '\'=HYPERLINK("http://evil","нажми")',
      '\'+7 911 123-45-67',
      '\'-1+1',
      '\'@SUM(A1:A2)',
      '\'  =1+1',
      'обычный текст',
    ]);
    // our own negative numbers are written as numbers, not neutralised
    expect(parseCsv(ledgerCsv(ledgerReport()).toString('utf8').slice(1))[1][4]).toBe('-1846,62');
  });

  test('a lone LF or CR inside a value is quoted as well; a value that needs nothing is written as it is', () => {
    const descriptions = ['одна\nстрока', 'другая\rстрока', '\tвкладка', 'просто, с запятой', ''];
    const r: LedgerReportData = {
      ...ledgerReport(),
      entries: descriptions.map((description) => ({ date: '2020-03-16', kind: 'CHARGE', period: '2020-03', description, amount: '1.00' })),
    };
    const lines = ledgerCsv(r).toString('utf8').split('\r\n');
    expect(lines.slice(1, 1 + descriptions.length)).toEqual([
      '16.03.2020;Начислено;03.2020;"одна\nстрока";1,00;',
      '16.03.2020;Начислено;03.2020;"другая\rстрока";1,00;',
      "16.03.2020;Начислено;03.2020;'\tвкладка;1,00;",
      '16.03.2020;Начислено;03.2020;просто, с запятой;1,00;',
      '16.03.2020;Начислено;03.2020;;1,00;',
    ]);
  });
});

describe('renderLedgerPdf', () => {
  test('«Начисления и платежи» with the account, the range, the entries and the totals', async () => {
    const pdf = await renderLedgerPdf(ledgerReport());
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const { text, pages } = await pdfText(pdf);
    const t = squash(text);
    expect(pages).toBe(1);
    for (const s of [
      'Начисления и платежи', 'С 01.01.2020 по 31.03.2020', 'Лицевой счёт: 123456789101', 'Иванов Иван Иванович',
      'Перерасчёт', 'Оплачено', 'Начислено', 'Оплата банковской картой', 'март 2020',
      '3 132,06', '1 044,02', '-1 846,62', 'Входящее сальдо на 01.01.2020', 'Исходящее сальдо на 31.03.2020',
      '-2 890,64 ₽ (аванс)', '241,42 ₽',
    ]) {
      expect(t).toContain(s);
    }
  });

  test('a long ledger runs over several pages, with the header and page numbers on each', async () => {
    const base = ledgerReport();
    const entries = Array.from({ length: 150 }, (_, i) => ({ ...base.entries[i % 4], description: `Операция № ${i + 1}` }));
    entries.push({ date: '2020-03-20', kind: 'PENALTY', period: '2020-02', description: 'Пени за просрочку', amount: '0.50' });
    const { text, pages } = await pdfText(await renderLedgerPdf({ ...base, entries }));
    const t = squash(text);
    expect(pages).toBeGreaterThan(2);
    for (let i = 1; i <= 150; i++) expect(t).toContain(`Операция № ${i} `);
    expect(t).toContain('Пени за просрочку');
    expect(t.match(/Описание/g)?.length).toBeGreaterThanOrEqual(pages);
    expect(t).toContain(`стр. ${pages} из ${pages}`);
    expect(t).toContain('Исходящее сальдо');
  });

  test('an empty range still gives a report', async () => {
    const { text } = await pdfText(await renderLedgerPdf({ ...ledgerReport(), entries: [] }));
    expect(squash(text)).toContain('За выбранный период операций нет');
  });
});
