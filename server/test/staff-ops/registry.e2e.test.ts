/**
 * importPaymentRegistry: a bank's registry of payments, loaded line by line by the rules of
 * recordPayment, once per external_id; a report by line; limits on the file.
 */
import fs from 'node:fs';
import path from 'node:path';
import { decodeCsv } from '../../src/common/csv';
import { DEMO, seedDemoData } from '../../src/seed/demo-data';
import { codeOf, startTestApi, type TestApi } from '../support/api';
import { staffToken, subscriberToken } from '../payments/helpers';
import { auditOf, balanceOf, ledgerCount, operatorToken } from './helpers';

const NOW = '2026-03-20T12:00:00+03:00';
const IMPORT = `mutation($csv: String!) { importPaymentRegistry(csv: $csv) { loaded skipped refused lines { line status message code column } } }`;
const IVAN = DEMO.unregistered.number;
const ANNA = DEMO.registered.number;

let t: TestApi;
let staff: string;

beforeAll(async () => {
  t = await startTestApi();
  t.api.services.clock.set(NOW);
  await seedDemoData(t.database.db, new Date(NOW));
  staff = await staffToken(t);
});
afterAll(() => t?.stop());

async function upload(csv: string, token = staff) {
  const res = await t.gql(IMPORT, { csv }, token);
  if (!res.data) throw new Error(JSON.stringify(res.errors));
  return res.data.importPaymentRegistry;
}

const FILE = [
  'external_id;account_number;amount;paid_on;payer',
  `R1-001;${IVAN};1044,02;16.03.2026;Иванов И.И.`,
  `R1-002;${ANNA};500.50;2026-03-17;`,
  `R1-003;999999999999;100,00;17.03.2026;`,
  `R1-004;${ANNA};сто рублей;17.03.2026;`,
  `R1-005;${ANNA};100,00;21.03.2026;`,
  `R1-006;${ANNA};-5,00;17.03.2026;`,
  `R1-007;${ANNA};100,00;31.02.2026;`,
  `;${ANNA};100,00;17.03.2026;`,
  `R1-009;${ANNA};1,005;17.03.2026;`,
  '',
].join('\r\n');

describe('a registry with good and bad lines', () => {
  it('loads the good lines and reports every other one by line, naming the column', async () => {
    const ivanBefore = await balanceOf(t, staff, IVAN);
    const annaBefore = await balanceOf(t, staff, ANNA);
    const report = await upload(FILE);
    expect(report).toMatchObject({ loaded: 2, skipped: 0, refused: 7 });
    expect(report.lines.map((l: { line: number }) => l.line)).toEqual([4, 5, 6, 7, 8, 9, 10]);
    expect(report.lines.every((l: { status: string }) => l.status === 'REFUSED')).toBe(true);
    const message = (line: number) => report.lines.find((l: { line: number }) => l.line === line).message;
    expect(message(4)).toMatch(/^Столбец account_number: лицевой счёт 999999999999 не найден/);
    expect(message(5)).toMatch(/^Столбец amount: /);
    expect(message(6)).toMatch(/^Столбец paid_on: .*не может быть позже сегодняшней/);
    expect(message(7)).toMatch(/^Столбец amount: .*положительной/);
    expect(message(8)).toMatch(/^Столбец paid_on: .*ДД\.ММ\.ГГГГ/);
    expect(message(9)).toMatch(/^Столбец external_id: /);
    expect(message(10)).toMatch(/^Столбец amount: .*двух знаков/);
    // Every refusal has a stable code and the column at fault.
    expect(report.lines.map((l: { line: number; code: string; column: string }) => [l.line, l.code, l.column])).toEqual([
      [4, 'ACCOUNT_NOT_FOUND', 'account_number'],
      [5, 'BAD_AMOUNT', 'amount'],
      [6, 'BAD_DATE', 'paid_on'],
      [7, 'BAD_AMOUNT', 'amount'],
      [8, 'BAD_DATE', 'paid_on'],
      [9, 'MISSING_VALUE', 'external_id'],
      [10, 'BAD_AMOUNT', 'amount'],
    ]);

    // Balances change by exactly the loaded payments.
    expect(await balanceOf(t, staff, IVAN)).toBe(sub(ivanBefore, '1044.02'));
    expect(await balanceOf(t, staff, ANNA)).toBe(sub(annaBefore, '500.50'));
    const [row] = await t.database.db.query("SELECT kind, amount, date, period, description FROM ledger_entries WHERE external_id = 'R1-001'");
    expect(row).toMatchObject({ kind: 'PAYMENT', amount: '-1044.02', period: '2026-03', description: 'Оплата через банк' });
    expect(localDay(row.date)).toBe('2026-03-16');
  });

  it('changes nothing when uploaded again: loaded lines are skipped', async () => {
    const entries = await ledgerCount(t);
    const ivanBefore = await balanceOf(t, staff, IVAN);
    const report = await upload(FILE);
    expect(report).toMatchObject({ loaded: 0, skipped: 2, refused: 7 });
    expect(report.lines.filter((l: { status: string }) => l.status === 'SKIPPED').map((l: { line: number }) => l.line)).toEqual([2, 3]);
    expect(report.lines[0].message).toMatch(/уже загружен/);
    expect(report.lines.slice(0, 2).map((l: { code: string; column: string }) => [l.code, l.column])).toEqual([['ALREADY_LOADED', 'external_id'], ['ALREADY_LOADED', 'external_id']]);
    expect(await ledgerCount(t)).toBe(entries);
    expect(await balanceOf(t, staff, IVAN)).toBe(ivanBefore);
  });

  it('refuses a line whose external_id is already recorded with another account or amount, naming the column, and loads the others', async () => {
    // A charge the billing system's import loaded (the close's own ids are refused for any other line).
    const chargeId = 'billing-2026-03-0001';
    await t.database.db.query(
      "INSERT INTO ledger_entries (account_id, date, kind, period, description, amount, external_id) SELECT id, '2026-03-31', 'CHARGE', '2026-03', 'Начислено', '1044.02', ? FROM accounts WHERE number = ?",
      [chargeId, IVAN],
    );
    const report = await upload([
      'external_id;account_number;amount;paid_on',
      `R1-001;${IVAN};1044.03;2026-03-16`,
      `R1-002;${IVAN};500.50;2026-03-17`,
      `R2-001;${IVAN};10.00;2026-03-18`,
      // An id used by a charge is not a payment's.
      `${chargeId};${IVAN};1044.02;2026-03-18`,
    ].join('\n'));
    expect(report).toMatchObject({ loaded: 1, skipped: 0, refused: 3 });
    expect(report.lines).toEqual([
      { line: 2, status: 'REFUSED', code: 'PAYMENT_CONFLICT', column: 'amount', message: expect.stringMatching(/^Столбец amount: платёж «R1-001» уже записан с другой суммой \(1044\.02 ₽\)/) },
      { line: 3, status: 'REFUSED', code: 'PAYMENT_CONFLICT', column: 'account_number', message: expect.stringMatching(/^Столбец account_number: платёж «R1-002» уже записан на другой лицевой счёт\./) },
      { line: 5, status: 'REFUSED', code: 'PAYMENT_CONFLICT', column: 'external_id', message: expect.stringMatching(/^Столбец external_id: .*не как платёж/) },
    ]);
  });

  it('refuses a line whose external_id is already recorded with another paid_on', async () => {
    expect(await upload(`external_id;account_number;amount;paid_on\nR4-001;${ANNA};30.00;2026-03-18`)).toMatchObject({ loaded: 1 });
    const report = await upload(`external_id;account_number;amount;paid_on\nR4-001;${ANNA};30.00;2026-03-19`);
    expect(report).toMatchObject({ loaded: 0, skipped: 0, refused: 1 });
    expect(report.lines[0]).toMatchObject({ line: 2, status: 'REFUSED', code: 'PAYMENT_CONFLICT', column: 'paid_on', message: expect.stringMatching(/^Столбец paid_on: .*R4-001.*2026-03-18/) });
    const [{ n }] = await t.database.db.query("SELECT COUNT(*) AS n FROM ledger_entries WHERE external_id = 'R4-001'");
    expect(Number(n)).toBe(1);
  });

  it('names the column and a stable code of every other refusal too', async () => {
    const report = await upload([
      'external_id;account_number;amount;paid_on;payer',
      `R5-001;12-34;10.00;2026-03-18;`,
      `${'x'.repeat(65)};${ANNA};10.00;2026-03-18;`,
      `R5-003;${ANNA};10.00;2026-03-18;${'П'.repeat(201)}`,
      `R5-004;;10.00;2026-03-18;`,
      `R5-005;${ANNA};;2026-03-18;`,
      `R5-006;${ANNA};10.00;;`,
      `R5-007;${ANNA};10000000.01;2026-03-18;`,
    ].join('\n'));
    expect(report).toMatchObject({ loaded: 0, skipped: 0, refused: 7 });
    expect(report.lines.map((l: { line: number; status: string; code: string; column: string }) => [l.line, l.status, l.code, l.column])).toEqual([
      [2, 'REFUSED', 'BAD_ACCOUNT_NUMBER', 'account_number'],
      [3, 'REFUSED', 'BAD_EXTERNAL_ID', 'external_id'],
      [4, 'REFUSED', 'BAD_PAYER', 'payer'],
      [5, 'REFUSED', 'MISSING_VALUE', 'account_number'],
      [6, 'REFUSED', 'MISSING_VALUE', 'amount'],
      [7, 'REFUSED', 'MISSING_VALUE', 'paid_on'],
      [8, 'REFUSED', 'BAD_AMOUNT', 'amount'],
    ]);
    for (const l of report.lines) expect(l.message).toMatch(new RegExp(`^Столбец ${l.column}: `));
  });

  it('refuses a line conflicting with a payment recorded by recordPayment, by the same rules', async () => {
    const res = await t.gql(`mutation($i: RecordPaymentInput!) { recordPayment(input: $i) { id } }`, { i: { externalId: 'R6-001', accountNumber: IVAN, amount: '15.00', paidOn: '2026-03-18' } }, staff);
    expect(res.errors).toBeUndefined();
    const report = await upload([
      'external_id;account_number;amount;paid_on',
      `R6-001;${IVAN};15,00;18.03.2026`,
      `R6-001;${IVAN};15,00;17.03.2026`,
    ].join('\n'));
    expect(report).toMatchObject({ loaded: 0, skipped: 1, refused: 1 });
    expect(report.lines.map((l: { code: string; column: string }) => [l.code, l.column])).toEqual([['ALREADY_LOADED', 'external_id'], ['PAYMENT_CONFLICT', 'paid_on']]);
  });

  it('skips a repeated line of the same file and refuses a conflicting one', async () => {
    const report = await upload([
      'external_id;account_number;amount;paid_on',
      `R3-001;${ANNA};20.00;2026-03-18`,
      `R3-001;${ANNA};20,00;18.03.2026`,
      `R3-001;${ANNA};21.00;2026-03-18`,
    ].join('\n'));
    expect(report).toMatchObject({ loaded: 1, skipped: 1, refused: 1 });
    expect(report.lines).toEqual([
      { line: 3, status: 'SKIPPED', code: 'DUPLICATE_IN_FILE', column: 'external_id', message: expect.stringMatching(/Повтор строки 2/) },
      { line: 4, status: 'REFUSED', code: 'CONFLICT_IN_FILE', column: 'amount', message: expect.stringMatching(/^Столбец amount: external_id «R3-001» уже встречался в строке 2 с другой суммой \(20\.00 ₽\)/) },
    ]);
  });

  it('is the same payment as recordPayment: recording a loaded id again returns its entry', async () => {
    const res = await t.gql(`mutation($i: RecordPaymentInput!) { recordPayment(input: $i) { amount date } }`, { i: { externalId: 'R3-001', accountNumber: ANNA, amount: '20', paidOn: '2026-03-18' } }, staff);
    expect(res.data.recordPayment).toEqual({ amount: '-20.00', date: '2026-03-18' });
  });
});

describe('file formats', () => {
  it('reads a BOM, comma separators with quoted decimal commas, LF, and any column order and case', async () => {
    const report = await upload('\uFEFFPAID_ON,Amount,Account_Number,External_ID\n18.03.2026,"1 234,56",' + ANNA + ',F-001\n2026-03-18,7.5,' + ANNA + ',F-002\n');
    expect(report).toMatchObject({ loaded: 2, skipped: 0, refused: 0, lines: [] });
    const rows = await t.database.db.query("SELECT external_id, amount FROM ledger_entries WHERE external_id IN ('F-001', 'F-002') ORDER BY external_id");
    expect(rows.map((r: { amount: string }) => r.amount)).toEqual(['-1234.56', '-7.50']);
  });

  it('loads registries as banks send them (Windows-1251 or a UTF-8 BOM, CRLF, quoted «;» and line breaks), by the line numbers of the file', async () => {
    const fixture = (name: string) => fs.readFileSync(path.join(__dirname, '..', 'imports', 'fixtures', name));
    // The API takes the file's text: the 1251 file decoded as decodeCsv does; the UTF-8 one as it is, BOM and all.
    const files: [string, string][] = [
      ['BANK1251', decodeCsv(fixture('registry-cp1251.csv'))],
      ['BANKBOM', fixture('registry-utf8-bom.csv').toString('utf8')],
    ];
    for (const [prefix, csv] of files) {
      const report = await upload(csv);
      expect(report).toMatchObject({ loaded: 3, skipped: 0, refused: 1 });
      // Line 6: the payer of line 4 goes on over line 5.
      expect(report.lines.map((l: { line: number; code: string }) => [l.line, l.code])).toEqual([[6, 'ACCOUNT_NOT_FOUND']]);
      const rows = await t.database.db.query('SELECT id, external_id, amount FROM ledger_entries WHERE external_id LIKE ? ORDER BY external_id', [`${prefix}-%`]);
      expect(rows.map((r: { external_id: string; amount: string }) => [r.external_id, r.amount])).toEqual([
        [`${prefix}-001`, '-1044.02'],
        [`${prefix}-002`, '-500.50'],
        [`${prefix}-003`, '-250.00'],
      ]);
      const payers = [];
      for (const row of rows) payers.push(JSON.parse((await auditOf(t, staff, 'ledger_entry', String(row.id)))[0].afterJson!).payer);
      expect(payers).toEqual(['Иванов Иван Иванович', 'ООО "Ромашка"; по договору №12', 'Пётр Ёлкин\r\n(по доверенности)']);
    }
  });

  it('refuses as a whole a 1251 file read as UTF-8 (letters lost to «\uFFFD») and a file with an unclosed quote, naming the line', async () => {
    const entries = await ledgerCount(t);
    const misread = await t.gql(IMPORT, { csv: new TextDecoder('utf-8').decode(fs.readFileSync(path.join(__dirname, '..', 'imports', 'fixtures', 'registry-cp1251.csv'))) }, staff);
    expect(codeOf(misread)).toBe('BAD_USER_INPUT');
    expect(misread.errors![0].extensions!.field).toBe('csv');
    expect(misread.errors![0].message).toMatch(/в строке 2 .*Windows-1251.*UTF-8/);
    const unclosed = await t.gql(IMPORT, { csv: `external_id;account_number;amount;paid_on;payer\r\nQ-1;${ANNA};1,00;18.03.2026;"Иванов\r\nQ-2;${ANNA};2,00;18.03.2026;\r\n` }, staff);
    expect(codeOf(unclosed)).toBe('BAD_USER_INPUT');
    expect(unclosed.errors![0].extensions!.field).toBe('csv');
    expect(unclosed.errors![0].message).toMatch(/^Строка 2: кавычка открыта и не закрыта.*Файл не загружен\.$/);
    expect(await ledgerCount(t)).toBe(entries);
  });

  it('refuses a file without the required columns, or empty, as a whole', async () => {
    const missing = await t.gql(IMPORT, { csv: 'external_id;account_number;sum;paid_on\nX;1;2;2026-03-01\n' }, staff);
    expect(codeOf(missing)).toBe('BAD_USER_INPUT');
    expect(missing.errors![0].extensions!.field).toBe('csv');
    expect(missing.errors![0].message).toMatch(/нет столбцов amount/);
    expect(codeOf(await t.gql(IMPORT, { csv: '' }, staff))).toBe('BAD_USER_INPUT');
    expect((await t.gql(IMPORT, { csv: 'external_id;account_number;amount;paid_on\n' }, staff)).errors![0].message).toMatch(/нет строк с данными/);
  });

  it('refuses a file over 5 MB, and one over 50 000 lines, loading nothing', async () => {
    const entries = await ledgerCount(t);
    const header = 'external_id;account_number;amount;paid_on;payer\n';
    const line = `BIG-000000;${ANNA};1.00;2026-03-18;${'Я'.repeat(60)}\n`;
    const big = header + line.repeat(Math.ceil((5 * 1024 * 1024) / Buffer.byteLength(line)) + 1);
    expect(Buffer.byteLength(big)).toBeGreaterThan(5 * 1024 * 1024);
    const tooBig = await t.gql(IMPORT, { csv: big }, staff);
    expect(codeOf(tooBig)).toBe('BAD_USER_INPUT');
    expect(tooBig.errors![0].extensions!.field).toBe('csv');
    expect(tooBig.errors![0].message).toMatch(/слишком большой.*5 МБ/);

    const many = header + Array.from({ length: 50_001 }, (_, i) => `L-${i};${ANNA};1;2026-03-18;\n`).join('');
    expect(Buffer.byteLength(many)).toBeLessThan(5 * 1024 * 1024);
    const tooLong = await t.gql(IMPORT, { csv: many }, staff);
    expect(codeOf(tooLong)).toBe('BAD_USER_INPUT');
    expect(tooLong.errors![0].message).toMatch(/не больше 50\s000/);
    expect(await ledgerCount(t)).toBe(entries);
  });

  it('answers a body over the request limit in the GraphQL error shape, without a stack trace', async () => {
    const res = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${staff}` },
      body: JSON.stringify({ query: IMPORT, variables: { csv: 'x'.repeat(13 * 1024 * 1024) } }),
    });
    expect(res.status).toBe(413);
    const body = (await res.json()) as { errors: { message: string; extensions: { code: string } }[] };
    expect(body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(body.errors[0].message).toMatch(/слишком большой/);
  });
});

describe('many lines', () => {
  it('loads thousands of lines in batches, exactly once even when two uploads race', async () => {
    const n = 1_800;
    const lines = Array.from({ length: n }, (_, i) => `M-${i};${i % 2 ? IVAN : ANNA};${(i % 97) + 1},${String(i % 100).padStart(2, '0')};18.03.2026`);
    const csv = ['external_id;account_number;amount;paid_on', ...lines].join('\n');
    const entries = await ledgerCount(t);
    const [a, b] = await Promise.all([upload(csv), upload(csv)]);
    expect(a.loaded + b.loaded).toBe(n);
    expect(a.skipped + b.skipped).toBe(n);
    expect(a.refused + b.refused).toBe(0);
    expect(await ledgerCount(t)).toBe(entries + n);
    const again = await upload(csv);
    expect(again).toMatchObject({ loaded: 0, skipped: n, refused: 0 });
    const [{ total }] = await t.database.db.query("SELECT CAST(SUM(amount) AS CHAR) AS total FROM ledger_entries WHERE external_id LIKE 'M-%'");
    const expected = lines.reduce((sum, l) => sum + BigInt(l.split(';')[2].replace(',', '')), 0n);
    expect(total).toBe(`-${expected / 100n}.${String(expected % 100n).padStart(2, '0')}`);
    const [{ audits }] = await t.database.db.query("SELECT COUNT(*) AS audits FROM audit_log WHERE action = 'payment.record' AND JSON_VALUE(after_value, '$.externalId') LIKE 'M-%'");
    expect(Number(audits)).toBe(n);
  });
});

describe('who may upload, and the audit log', () => {
  it('staff or an OPERATOR token; not a subscriber or an anonymous caller', async () => {
    const op = await operatorToken(t, staff);
    const report = await upload(`external_id;account_number;amount;paid_on\nTOK-1;${ANNA};3,00;2026-03-19`, op.token);
    expect(report.loaded).toBe(1);
    const anna = await subscriberToken(t, ANNA, DEMO.registered.password);
    expect(codeOf(await t.gql(IMPORT, { csv: 'external_id;account_number;amount;paid_on\n' }, anna))).toBe('FORBIDDEN');
    expect(codeOf(await t.gql(IMPORT, { csv: 'external_id;account_number;amount;paid_on\n' }))).toBe('UNAUTHENTICATED');
    const [{ id }] = await t.database.db.query("SELECT id FROM ledger_entries WHERE external_id = 'TOK-1'");
    const [row] = await auditOf(t, staff, 'ledger_entry', String(id));
    expect(row).toMatchObject({ action: 'payment.record', staffUsername: DEMO.operator.username, apiTokenId: op.id });
    expect(JSON.parse(row.afterJson!)).toMatchObject({ accountNumber: ANNA, amount: '-3.00', date: '2026-03-19', externalId: 'TOK-1', source: 'registry', line: 2 });
  });

  it('each upload is recorded with its counts, the payer kept for each loaded line', async () => {
    const uploads = await auditOf(t, staff, 'payment_registry');
    expect(uploads.length).toBeGreaterThanOrEqual(8);
    expect(uploads.every((u) => u.action === 'payment_registry.import' && /^[0-9a-f]{64}$/.test(u.entityId))).toBe(true);
    const first = uploads[uploads.length - 1];
    expect(JSON.parse(first.afterJson!)).toMatchObject({ lines: 9, loaded: 2, skipped: 0, refused: 7 });
    const [{ id }] = await t.database.db.query("SELECT id FROM ledger_entries WHERE external_id = 'R1-001'");
    const [entry] = await auditOf(t, staff, 'ledger_entry', String(id));
    expect(JSON.parse(entry.afterJson!)).toMatchObject({ payer: 'Иванов И.И.', line: 2 });
  });
});

function sub(a: string, b: string): string {
  const k = (s: string) => BigInt(s.replace('.', ''));
  const r = k(a) - k(b);
  const abs = r < 0n ? -r : r;
  return `${r < 0n ? '-' : ''}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
}

function localDay(value: unknown): string {
  return value instanceof Date ? `${value.getFullYear()}-${String(value.getMonth() + 1).padStart(2, '0')}-${String(value.getDate()).padStart(2, '0')}` : String(value).slice(0, 10);
}
