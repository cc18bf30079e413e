/**
 * npm run bench:close -w server [-- --accounts 100000] [--history 24]
 *
 * Times the month's close on a large database: a fresh test database (TEST_DATABASE_URL) with
 * N accounts (100 000 by default), two meters each and months of readings, made set-based
 * (INSERT … SELECT from a numbers CTE), then closes January to May 2026 one by one, with
 * payments in between so that penalties and FIFO have work. With --history N, N months of ledger
 * before 2026 are loaded first (one imported charge per account a month, 1 account in 6 paying 6
 * months' worth), as the utility-scale bench (bench/datagen.mjs) has. Not part of the test run
 * (its name does not end in .test.ts). The database is dropped afterwards unless KEEP=1.
 */
import 'reflect-metadata';
import os from 'node:os';
import { AuditService } from '../../src/audit/audit.service';
import { BillingCloseService } from '../../src/billing/billing-close.service';
import { TariffService } from '../../src/billing/tariff.service';
import { periodEnd, previousPeriod } from '../../src/common/calendar';
import { Clock } from '../../src/common/clock';
import { testConfig } from '../support/api';
import { createTestDatabase } from '../support/test-db';

const argIndex = process.argv.indexOf('--accounts');
const ACCOUNTS = argIndex > 0 ? Number(process.argv[argIndex + 1]) : 100_000;
const historyIndex = process.argv.indexOf('--history');
/** Months of imported ledger history before 2026 (one charge per account a month, a payment by 1 account in 6). */
const HISTORY = historyIndex > 0 ? Number(process.argv[historyIndex + 1]) : 0;
const MONTHS = ['2026-01', '2026-02', '2026-03', '2026-04'];

async function timed<T>(label: string, work: () => Promise<T>): Promise<T> {
  const started = process.hrtime.bigint();
  const result = await work();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  process.stdout.write(`${label.padEnd(58)} ${seconds.toFixed(1).padStart(7)} s\n`);
  return result;
}

async function main(): Promise<void> {
  testConfig({ LOG_LEVEL: process.env.LOG_LEVEL || 'info' });
  const database = await createTestDatabase();
  const db = database.db;
  const [{ version }] = await db.query('SELECT VERSION() AS version');
  process.stdout.write(`bench:close — ${ACCOUNTS} accounts, ${os.cpus().length} CPU cores (${os.cpus()[0]?.model ?? '?'}), ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${version}\n\n`);
  try {
    await timed(`make ${ACCOUNTS} accounts`, () =>
      db.query(
        `INSERT INTO accounts (number, last_name, first_name, address, activation_code, residents)
         WITH RECURSIVE digits AS (SELECT 0 AS n UNION ALL SELECT n + 1 FROM digits WHERE n < 999),
         numbers AS (SELECT hi.n * 1000 + lo.n AS n FROM digits hi CROSS JOIN digits lo WHERE hi.n * 1000 + lo.n < ?)
         SELECT LPAD(800000000000 + n, 12, '0'), 'Абонентов', 'Абонент', CONCAT('г. Апатиты, ул. Ленина, д. ', n DIV 100, ', кв. ', n MOD 100),
           '000000000000', n MOD 5
         FROM numbers`,
        [ACCOUNTS],
      ),
    );
    await timed('make 2 meters per account', () =>
      db.query(
        `INSERT INTO meters (account_id, kind, title, serial_number, admitted_on, verification_due_on, initial_value)
         SELECT a.id, k.kind, k.title, CONCAT('B-', a.id, '-', k.kind), '2020-01-01',
           CASE WHEN a.id MOD 97 = 0 THEN '2026-03-10' ELSE '2031-01-01' END, 0
         FROM accounts a
         CROSS JOIN (SELECT 'COLD_WATER' AS kind, 'Холодная вода' AS title UNION ALL SELECT 'HOT_WATER', 'Горячая вода') k`,
      ),
    );
    await timed(`make ${MONTHS.length} months of readings (1 in 20 missing)`, async () => {
      for (const [index, period] of MONTHS.entries()) {
        await db.query(
          `INSERT INTO readings (meter_id, period, value, consumption, status, source, submitted_at, reviewed_at)
           SELECT m.id, ?, (? + 1) * (1 + (m.id MOD 7) + (m.id MOD 1000) / 1000), NULL, 'ACCEPTED', 'SITE', ?, ?
           FROM meters m
           WHERE (m.id + ?) MOD 20 <> 0`,
          [period, index, `${period}-20 10:00:00`, `${period}-26 10:00:00`, index],
        );
      }
    });
    if (HISTORY > 0) {
      await timed(`make ${HISTORY} months of imported ledger history`, async () => {
        let period = '2026-01';
        for (let k = 0; k < HISTORY; k++) {
          period = previousPeriod(period);
          await db.query(
            `INSERT INTO ledger_entries (account_id, date, kind, period, description, amount, billing_method)
             SELECT id, ?, 'CHARGE', ?, 'Начислено (импорт)', 300 + id MOD 500, 'ACTUAL' FROM accounts`,
            [periodEnd(period), period],
          );
          await db.query(
            `INSERT INTO ledger_entries (account_id, date, kind, period, description, amount, external_id)
             SELECT id, ?, 'PAYMENT', ?, 'Оплата через банк', -6 * (300 + CAST(id AS SIGNED) MOD 500), CONCAT('bench:history:', ?, ':', id)
             FROM accounts WHERE (id + ?) MOD 6 = 0`,
            [`${period}-12`, period, period, k],
          );
        }
      });
    }
    await db.query(
      `INSERT INTO tariffs (service, price_per_m3, norm_per_resident, valid_from) VALUES
       ('COLD_WATER', 45.12, 4.9, '2025-01-01'), ('HOT_WATER', 213.60, 3.6, '2025-01-01'), ('WASTEWATER', 39.77, 8.5, '2025-01-01')`,
    );
    await db.query('ANALYZE TABLE accounts, meters, readings, ledger_entries');

    const clock = new Clock();
    clock.set('2026-06-10T12:00:00+03:00');
    const closer = new BillingCloseService(db, clock, new TariffService(db), new AuditService(db));
    const close = async (period: string, note: string) => {
      const closed = await timed(`close ${period} ${note}`, () => closer.close(period, null));
      if (closed.accountsCharged !== ACCOUNTS) throw new Error(`${period}: ${closed.accountsCharged} accounts charged`);
    };
    await close('2026-01', '(first month: ACTUAL from initial values, NORM)');
    await close('2026-02', '(ACTUAL, NORM)');
    await timed('pay January in full for 2 accounts in 3 (set-based)', () =>
      db.query(
        `INSERT INTO ledger_entries (account_id, date, kind, period, description, amount, external_id)
         SELECT account_id, '2026-02-12', 'PAYMENT', '2026-02', 'Оплата через банк', -SUM(amount), CONCAT('bench:pay:', account_id)
         FROM ledger_entries
         WHERE external_id LIKE 'close:2026-01:%' AND account_id MOD 3 <> 0
         GROUP BY account_id`,
      ),
    );
    await close('2026-03', '(+ penalties: January unpaid by 1 in 3)');
    await close('2026-04', '(+ AVERAGE after 3 months of readings)');
    await close('2026-05', '(no readings at all: AVERAGE / NORM for all)');
    await timed('close 2026-05 again (CLOSED: returned unchanged)', () => closer.close('2026-05', null));
    await db.query("UPDATE billing_periods SET status = 'CLOSING' WHERE period = '2026-05'");
    await timed('close 2026-05 again from CLOSING (all lines present)', () => closer.close('2026-05', null));

    const [{ n_lines: lines }] = await db.query('SELECT COUNT(*) AS n_lines FROM ledger_entries');
    const methods = await db.query(
      "SELECT period, billing_method AS method, COUNT(*) AS n FROM ledger_entries WHERE kind = 'CHARGE' AND service <> 'WASTEWATER' GROUP BY period, billing_method ORDER BY period, billing_method",
    );
    const penalties = await db.query("SELECT period, COUNT(*) AS n, SUM(amount) AS total FROM ledger_entries WHERE kind = 'PENALTY' GROUP BY period ORDER BY period");
    process.stdout.write(`\nledger lines: ${lines}\n`);
    process.stdout.write(`cold/hot lines by method: ${methods.map((m: any) => `${m.period} ${m.method} ${m.n}`).join('; ')}\n`);
    process.stdout.write(`penalty lines: ${penalties.map((p: any) => `${p.period} ${p.n} (${p.total} ₽)`).join('; ')}\n`);
  } finally {
    if (process.env.KEEP === '1') process.stdout.write(`\nkept database ${database.url}\n`);
    else await database.drop();
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(`${error?.stack ?? error}\n`);
    process.exit(1);
  },
);
