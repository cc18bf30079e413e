/**
 * importCharges: charges, recalculations and penalties from the billing system, dated the
 * last day of their period, once per external_id; the balance changes by exactly the loaded lines.
 */
import { DEMO, seedDemoData } from '../../src/seed/demo-data';
import { codeOf, startTestApi, type TestApi } from '../support/api';
import { staffToken, subscriberToken } from '../payments/helpers';
import { auditOf, balanceOf, ledgerCount, operatorToken } from './helpers';

const NOW = '2026-03-20T12:00:00+03:00';
const IMPORT = `mutation($csv: String!) { importCharges(csv: $csv) { loaded skipped refused lines { line status message } } }`;
const IVAN = DEMO.unregistered.number;
const ANNA = DEMO.registered.number;
const HEADER = 'external_id;account_number;period;kind;amount;description;service;volume;tariff';

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
  return res.data.importCharges;
}

const FILE = [
  HEADER,
  `C-001;${IVAN};2026-03;CHARGE;236,78;Холодное водоснабжение;COLD_WATER;5,250;45,10`,
  `C-002;${IVAN};2026-03;charge;310.15;Горячее водоснабжение;HOT_WATER;1.5;206.77`,
  `C-003;${IVAN};2026-03;RECALCULATION;-120,50;Перерасчёт за январь;COLD_WATER;-2,672;45,10`,
  `C-004;${IVAN};2026-03;PENALTY;12,87;Пени;;;`,
  `C-005;${IVAN};2026-03;PAYMENT;100;Оплата;;;`,
  `C-006;${IVAN};2026-03;CHARGE;-5,00;Отрицательное начисление;;;`,
  `C-007;${IVAN};2026-03;RECALCULATION;0,00;Пустой перерасчёт;;;`,
  `C-008;${IVAN};2026-13;CHARGE;5;Не тот месяц;;;`,
  `C-009;${IVAN};2026-04;CHARGE;5;Будущий месяц;;;`,
  `C-010;${IVAN};2026-03;CHARGE;5;;;;`,
  `C-011;${IVAN};2026-03;CHARGE;5;Газ;GAS;;`,
  `C-012;${IVAN};2026-03;CHARGE;5;Объём;COLD_WATER;-1;45`,
  `C-013;${IVAN};2026-03;CHARGE;5,001;Три знака;;;`,
  `C-014;12345;2026-03;CHARGE;5;Короткий счёт;;;`,
  `C-015;999999999999;2026-03;CHARGE;5;Нет такого счёта;;;`,
  // February is closed (the demo data closed it): its charges came from the close, one source only.
  `C-016;${IVAN};2026-02;CHARGE;5;Закрытый месяц;COLD_WATER;1;45,12`,
].join('\n');

describe('a charges file', () => {
  it('loads charges, negative recalculations and penalties, and reports the rest by line, naming the column', async () => {
    const before = await balanceOf(t, staff, IVAN);
    const report = await upload(FILE);
    expect(report).toMatchObject({ loaded: 4, skipped: 0, refused: 12 });
    const message = (line: number) => report.lines.find((l: { line: number }) => l.line === line)?.message;
    expect(message(6)).toMatch(/^Столбец kind: CHARGE/);
    expect(message(7)).toMatch(/^Столбец amount: .*больше нуля/);
    expect(message(8)).toMatch(/^Столбец amount: .*не может быть нулевой/);
    expect(message(9)).toMatch(/^Столбец period: .*ГГГГ-ММ/);
    expect(message(10)).toMatch(/^Столбец period: .*ещё не наступил/);
    expect(message(11)).toMatch(/^Столбец description: /);
    expect(message(12)).toMatch(/^Столбец service: /);
    expect(message(13)).toMatch(/^Столбец volume: /);
    expect(message(14)).toMatch(/^Столбец amount: /);
    expect(message(15)).toMatch(/^Столбец account_number: .*от 8 до 20 цифр/);
    expect(message(16)).toMatch(/^Столбец account_number: лицевой счёт 999999999999 не найден/);
    expect(message(17)).toBe('Столбец period: месяц 2026-02 уже закрыт, его начисления сделало закрытие месяца. Исправления загружайте перерасчётом (RECALCULATION) в открытый месяц.');
    // 236.78 + 310.15 - 120.50 + 12.87 = 439.30, to the kopeck.
    expect(await balanceOf(t, staff, IVAN)).toBe(add(before, '439.30'));

    const rows = await t.database.db.query(
      "SELECT external_id, kind, period, DATE_FORMAT(date, '%Y-%m-%d') AS date, amount, description, service, volume, tariff FROM ledger_entries WHERE external_id LIKE 'C-%' ORDER BY external_id",
    );
    expect(rows).toEqual([
      { external_id: 'C-001', kind: 'CHARGE', period: '2026-03', date: '2026-03-31', amount: '236.78', description: 'Холодное водоснабжение', service: 'COLD_WATER', volume: '5.250', tariff: '45.10' },
      { external_id: 'C-002', kind: 'CHARGE', period: '2026-03', date: '2026-03-31', amount: '310.15', description: 'Горячее водоснабжение', service: 'HOT_WATER', volume: '1.500', tariff: '206.77' },
      { external_id: 'C-003', kind: 'RECALCULATION', period: '2026-03', date: '2026-03-31', amount: '-120.50', description: 'Перерасчёт за январь', service: 'COLD_WATER', volume: '-2.672', tariff: '45.10' },
      { external_id: 'C-004', kind: 'PENALTY', period: '2026-03', date: '2026-03-31', amount: '12.87', description: 'Пени', service: null, volume: null, tariff: null },
    ]);
  });

  it('changes nothing when uploaded again', async () => {
    const entries = await ledgerCount(t);
    const before = await balanceOf(t, staff, IVAN);
    const report = await upload(FILE);
    expect(report).toMatchObject({ loaded: 0, skipped: 4, refused: 12 });
    expect(report.lines.filter((l: { status: string }) => l.status === 'SKIPPED').map((l: { line: number }) => l.line)).toEqual([2, 3, 4, 5]);
    expect(await ledgerCount(t)).toBe(entries);
    expect(await balanceOf(t, staff, IVAN)).toBe(before);
  });

  it('refuses an external_id already recorded with another account, kind, period or amount — and a payment\'s — and loads the others', async () => {
    const before = await balanceOf(t, staff, ANNA);
    const report = await upload([
      HEADER,
      `C-001;${IVAN};2026-03;CHARGE;236,79;Холодное водоснабжение;;;`,
      `C-002;${ANNA};2026-03;CHARGE;310,15;Горячее водоснабжение;;;`,
      `C-004;${IVAN};2026-03;RECALCULATION;12,87;Пени;;;`,
      `C-003;${IVAN};2026-03;RECALCULATION;-120,51;Перерасчёт за январь;;;`,
      `seed:100000000002:p1;${ANNA};2026-03;CHARGE;1387,45;Это платёж;;;`,
      `C-100;${ANNA};2026-03;CHARGE;1000,01;Водоснабжение за март;;;`,
    ].join('\n'));
    expect(report).toMatchObject({ loaded: 1, skipped: 0, refused: 5 });
    for (const l of report.lines) expect(l.message).toMatch(/^Столбец external_id: .*уже записан/);
    expect(await balanceOf(t, staff, ANNA)).toBe(add(before, '1000.01'));
  });

  it('reads a BOM, comma separators with quoted amounts, and no optional columns', async () => {
    const report = await upload(`\uFEFFexternal_id,account_number,period,kind,amount,description\nK-1,${ANNA},2026-03,PENALTY,"0,01","Пени, за март"\n`);
    expect(report).toMatchObject({ loaded: 1, refused: 0 });
    const [row] = await t.database.db.query("SELECT amount, description, DATE_FORMAT(date, '%Y-%m-%d') AS date FROM ledger_entries WHERE external_id = 'K-1'");
    expect(row).toEqual({ amount: '0.01', description: 'Пени, за март', date: '2026-03-31' });
  });

  it('refuses a file over 5 MB or without its columns as a whole', async () => {
    const entries = await ledgerCount(t);
    const line = `BIG;${ANNA};2026-03;CHARGE;1;${'Водоснабжение '.repeat(8)};;;\n`;
    const big = HEADER + '\n' + line.repeat(Math.ceil((5 * 1024 * 1024) / Buffer.byteLength(line)) + 1);
    const res = await t.gql(IMPORT, { csv: big }, staff);
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    expect(res.errors![0].extensions!.field).toBe('csv');
    const missing = await t.gql(IMPORT, { csv: 'external_id;account_number;period;amount\nX;1;2026-01;1\n' }, staff);
    expect(missing.errors![0].message).toMatch(/нет столбцов kind, description/);
    expect(await ledgerCount(t)).toBe(entries);
  });
});

describe('who may upload, and the audit log', () => {
  it('staff or an OPERATOR token; not a subscriber', async () => {
    const op = await operatorToken(t, staff);
    expect((await upload(`${HEADER}\nT-1;${ANNA};2026-03;CHARGE;1,00;Тест;;;`, op.token)).loaded).toBe(1);
    const anna = await subscriberToken(t, ANNA, DEMO.registered.password);
    expect(codeOf(await t.gql(IMPORT, { csv: HEADER }, anna))).toBe('FORBIDDEN');
  });

  it('records each new entry (charge.record) and each upload (charges.import)', async () => {
    const [{ id }] = await t.database.db.query("SELECT id FROM ledger_entries WHERE external_id = 'C-003'");
    const [entry, ...more] = await auditOf(t, staff, 'ledger_entry', String(id));
    expect(more).toEqual([]);
    expect(entry).toMatchObject({ action: 'charge.record', staffUsername: DEMO.operator.username, beforeJson: null });
    expect(JSON.parse(entry.afterJson!)).toMatchObject({ accountNumber: IVAN, externalId: 'C-003', kind: 'RECALCULATION', period: '2026-03', date: '2026-03-31', amount: '-120.50', volume: '-2.672', line: 4 });
    const uploads = await auditOf(t, staff, 'charges_file');
    expect(uploads.map((u) => u.action)).toEqual(Array(uploads.length).fill('charges.import'));
    expect(JSON.parse(uploads[uploads.length - 1].afterJson!)).toMatchObject({ lines: 16, loaded: 4, skipped: 0, refused: 12 });
  });
});

function add(a: string, b: string): string {
  const k = (s: string) => BigInt(s.replace('.', ''));
  const r = k(a) + k(b);
  const abs = r < 0n ? -r : r;
  return `${r < 0n ? '-' : ''}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
}
