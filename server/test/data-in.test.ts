/** Data in: the demo seed and the billing export import, both safe to run again. */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { testConfig } from './support/api';
import { createTestDatabase, type TestDatabase } from './support/test-db';
import { seedDemoData } from '../src/seed/demo-data';
import { importAccounts } from '../src/imports/account-import';

let t: TestDatabase;
beforeAll(async () => {
  testConfig();
  t = await createTestDatabase();
});
afterAll(() => t?.drop());

async function counts() {
  const [row] = await t.db.query(
    'SELECT (SELECT COUNT(*) FROM accounts) a, (SELECT COUNT(*) FROM meters) m, (SELECT COUNT(*) FROM readings) r, (SELECT COUNT(*) FROM ledger_entries) l, (SELECT COUNT(*) FROM staff) s, (SELECT COUNT(*) FROM subscribers) c',
  );
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, Number(v)]));
}

it('seeds the demo data once, whatever the number of runs', async () => {
  await seedDemoData(t.db);
  const first = await counts();
  expect(first).toEqual({ a: 2, m: 4, r: 22, l: 41, s: 1, c: 1 });
  await seedDemoData(t.db);
  expect(await counts()).toEqual(first);
  const [demo] = await t.db.query("SELECT SUM(amount) AS balance FROM ledger_entries l JOIN accounts a ON a.id = l.account_id WHERE a.number = '123456789101'");
  expect(demo.balance).toBe('-2890.64');
});

const CSV = [
  'account_number;last_name;first_name;middle_name;address;email;phone;activation_code;unified_number;residents;meter_kind;meter_title;meter_serial;meter_admitted_on;meter_verification_due_on;meter_initial_value',
  '300000000001;Сидоров;Пётр;Ильич;"г. Апатиты, ул. Ферсмана, д. 5; кв. 7";petr@example.ru;+7 921 000-00-01;1111-2222-3333;;2;COLD_WATER;Холодная вода;CW-1;2020-01-15;2030-01-15;12.5',
  '300000000001;Сидоров;Пётр;Ильич;"г. Апатиты, ул. Ферсмана, д. 5; кв. 7";petr@example.ru;+7 921 000-00-01;1111-2222-3333;;2;HOT_WATER;Горячая вода;HW-1;2020-01-15;2030-01-15;',
  '12;Плохой;Номер;;адрес;;;1111-2222-3333;;;;;;;;',
  '300000000002;Кузнецова;Мария;;г. Апатиты, ул. Дзержинского, д. 1;;;123;;;;;;;;',
  '300000000003;Орлова;Ольга;;г. Апатиты, пр. Сидоренко, д. 3;;;444455556666;;1;GAS;Газ;G-1;2020-01-01;2030-01-01;',
  '300000000004;Зайцев;Олег;;г. Апатиты, ул. Победы, д. 9;;;777788889999;;1;COLD_WATER;;CW-4;2020-13-01;2030-01-01;',
  '300000000005;Белова;Ирина;;г. Апатиты, ул. Космонавтов, д. 2;irina@example.ru;;555566667777;9088358400;1;;;;;;',
].join('\r\n');

it('imports accounts and meters, reports bad rows by line, and changes nothing on a second run', async () => {
  const first = await importAccounts(t.db, CSV);
  expect(first.refused.map((r) => r.line)).toEqual([4, 5, 6, 7]);
  expect(first.refused[0].reason).toMatch(/account_number/);
  expect(first.refused[1].reason).toMatch(/activation_code/);
  expect(first.refused[2].reason).toMatch(/meter_kind/);
  expect(first.refused[3].reason).toMatch(/meter_admitted_on/);
  expect(first).toMatchObject({ accountsCreated: 2, metersCreated: 2 });
  const [acc] = await t.db.query("SELECT address, phone, activation_code, residents FROM accounts WHERE number = '300000000001'");
  expect(acc).toEqual({ address: 'г. Апатиты, ул. Ферсмана, д. 5; кв. 7', phone: '+79210000001', activation_code: '111122223333', residents: 2 });
  const [meter] = await t.db.query("SELECT initial_value FROM meters WHERE serial_number = 'CW-1'");
  expect(meter.initial_value).toBe('12.500');
  // Refused rows left nothing behind.
  expect((await t.db.query("SELECT COUNT(*) n FROM accounts WHERE number IN ('300000000002','300000000003','300000000004')"))[0].n).toBe('0');

  const before = await counts();
  const second = await importAccounts(t.db, CSV);
  expect(second).toMatchObject({ accountsCreated: 0, accountsUpdated: 0, metersCreated: 0, metersUpdated: 0, unchanged: 3 });
  expect(await counts()).toEqual(before);

  const changed = await importAccounts(t.db, CSV.replace('г. Апатиты, ул. Космонавтов, д. 2', 'г. Апатиты, ул. Космонавтов, д. 4'));
  expect(changed).toMatchObject({ accountsUpdated: 1, unchanged: 2 });
});

it('refuses a file without the required columns, saying which', async () => {
  await expect(importAccounts(t.db, 'number;name\n1;2')).rejects.toThrow(/account_number/);
});

it('imports a billing export in Windows-1251 from its bytes (as the command reads the file), by the line numbers of the file', async () => {
  const report = await importAccounts(t.db, fs.readFileSync(path.join(__dirname, 'imports', 'fixtures', 'accounts-cp1251.csv')));
  expect(report).toMatchObject({ accountsCreated: 2, metersCreated: 1 });
  // Line 5: the address of line 2 goes on over line 3.
  expect(report.refused.map((r) => [r.line, r.reason.slice(0, 14)])).toEqual([[5, 'account_number']]);
  const rows = await t.db.query("SELECT number, last_name, first_name, middle_name, address FROM accounts WHERE number IN ('300000000011', '300000000012') ORDER BY number");
  expect(rows).toEqual([
    { number: '300000000011', last_name: 'Ёлкина', first_name: 'Наталья', middle_name: 'Сергеевна', address: 'г. Апатиты, ул. Ферсмана, д. 5;\r\nкв. 12' },
    { number: '300000000012', last_name: 'Щукин', first_name: 'Фёдор', middle_name: null, address: 'г. Кировск, пр. Ленина, д. 1, кв. 3' },
  ]);
});

it('npm run import:accounts reports by line number from the command line', async () => {
  const file = path.join(os.tmpdir(), `kabinet-import-${process.pid}.csv`);
  fs.writeFileSync(file, CSV);
  const run = promisify(execFile);
  const result = await run('npx', ['ts-node', '--transpile-only', 'server/src/cli/import-accounts.ts', file], {
    cwd: path.resolve(__dirname, '..', '..'),
    env: { ...process.env, DATABASE_URL: t.url, LOG_LEVEL: 'error' },
  }).catch((e) => e);
  expect(result.stdout).toMatch(/line 4: account_number/);
  expect(result.stdout).toMatch(/refused: 4/);
  expect(result.code).toBe(2);
  // Its progress goes to stderr: not a terminal here, so plain lines (no bar redrawn with \r), ending at 100 %.
  expect(result.stderr).toMatch(/Загрузка лицевых счетов: 0 % — 0 из \d+/);
  expect(result.stderr).toMatch(/Загрузка лицевых счетов: 100 % — (\d+) из \1/);
  expect(result.stderr).not.toContain('\r');
}, 60_000);

it('npm run staff:create creates an operator who can sign in, with the password from STAFF_PASSWORD', async () => {
  const run = promisify(execFile);
  const cwd = path.resolve(__dirname, '..', '..');
  const env = { ...process.env, DATABASE_URL: t.url, LOG_LEVEL: 'error', STAFF_PASSWORD: 'Clerk-password-9' };
  const created = await run('npx', ['ts-node', '--transpile-only', 'server/src/cli/staff-create.ts', 'Clerk.One', '--name', 'Клерк Первый'], { cwd, env });
  expect(created.stdout).toMatch(/Created operator "clerk.one"/);
  const [row] = await t.db.query("SELECT full_name, password_hash FROM staff WHERE username = 'clerk.one'");
  expect(row.full_name).toBe('Клерк Первый');
  expect(row.password_hash).toMatch(/^\$argon2id\$/);
  const weak = await run('npx', ['ts-node', '--transpile-only', 'server/src/cli/staff-create.ts', 'clerk.two'], { cwd, env: { ...env, STAFF_PASSWORD: 'short' } }).catch((e) => e);
  expect(weak.code).toBe(1);
  expect(weak.stderr).toMatch(/Password refused/);
}, 60_000);
