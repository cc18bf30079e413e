/**
 * The benchmark's data set, made set-based (INSERT … SELECT from a numbers table), in batches:
 * 100,000 accounts, 2 meters each (the largest account, id 1, has 20), 24 months of accepted
 * readings (M-24 … M-1, M = the current month; in M-2 one meter in ten sent none), 22 months of charges as
 * the close writes them (M-24 … M-3, cold, hot and wastewater per account; the close makes M-2 and M-1) and a
 * payment by one account in six each month (about 7 M ledger lines), appeals, tariffs and one operator.
 */
import argon2 from 'argon2';

export const ACCOUNTS = Number(process.env.BENCH_ACCOUNTS || 100_000);
export const PASSWORD = 'Bench-2026-pass';
/** Accounts 2 … 2001 have an open appeal each: the fan-out's subscribers. */
export const FANOUT_FIRST = 2;
export const FANOUT_COUNT = 2000;
export const LARGE_ACCOUNT = 1;
/** The tariffs of the whole history (and of the months the bench closes), ₽ a m³. */
const HISTORY_TARIFFS = { COLD_WATER: '45.12', HOT_WATER: '213.60', WASTEWATER: '39.77' };
/**
 * What the data set is made of: a build whose bench_meta has another shape is not reused (BENCH_REUSE=1).
 * 2: the history is the close's own lines (three charges a month per account), not one line without a service.
 * 3: the largest account's daily lines dated back from the first of this month (they were from CURDATE()).
 */
export const DATA_SET_SHAPE = 3;

export function monthsBack(n, now = new Date()) {
  // The utility's months (Europe/Moscow, UTC+3, no DST).
  const local = new Date(now.getTime() + 3 * 3600_000);
  const d = new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth() - n, 1));
  return d.toISOString().slice(0, 7);
}

async function timed(log, label, work) {
  const t0 = process.hrtime.bigint();
  const r = await work();
  log(`  ${label.padEnd(60)} ${(Number(process.hrtime.bigint() - t0) / 1e9).toFixed(1).padStart(6)} s`);
  return r;
}

export async function generate(conn, log) {
  const q = (sql, params) => conn.query(sql, params);
  await q('SET SESSION foreign_key_checks = 0');
  // Not unique_checks = 0: with it, MariaDB 10.11's bulk load of an empty table lost the first rows of an INSERT …
  // SELECT into accounts once that table had a trigger (the search words, #16) — 90,000 of 100,000 accounts, the
  // statement reporting 100,000 (reproduced alone: 20,000 of 30,000).
  await q('CREATE TABLE IF NOT EXISTS bench_seq (n INT UNSIGNED NOT NULL PRIMARY KEY) ENGINE=InnoDB');
  await q('TRUNCATE bench_seq');
  await timed(log, 'numbers table 0 … 999,999', () =>
    q(`INSERT INTO bench_seq (n)
       WITH RECURSIVE d AS (SELECT 0 AS n UNION ALL SELECT n + 1 FROM d WHERE n < 999)
       SELECT hi.n * 1000 + lo.n FROM d hi CROSS JOIN d lo`),
  );
  await timed(log, `${ACCOUNTS} accounts`, () =>
    q(
      `INSERT INTO accounts (id, number, last_name, first_name, address, activation_code, residents, registered_at, terms_accepted_at, terms_version)
       SELECT n + 1, LPAD(900000000000 + n, 12, '0'), 'Нагрузочный', 'Абонент', CONCAT('г. Апатиты, ул. Ленина, д. ', n DIV 100, ', кв. ', n MOD 100),
         '000000000000', 1 + n MOD 4, NOW(3), NOW(3), '2026-01'
       FROM bench_seq WHERE n < ?`,
      [ACCOUNTS],
    ),
  );
  const [[{ made }]] = await q('SELECT COUNT(*) AS made FROM accounts');
  if (Number(made) !== ACCOUNTS) throw new Error(`the data set has ${made} accounts, not ${ACCOUNTS}`);
  // The API's parameters (server/src/auth/passwords.ts HASH_OPTIONS): argon2id, 64 MiB, 3 passes, one lane.
  const hash = await argon2.hash(PASSWORD, { type: argon2.argon2id, memoryCost: 65536, timeCost: 3, parallelism: 1 });
  // One person per account (#15), with the account's id, as the migration makes them.
  await timed(log, 'subscribers: one person per account (one argon2id hash shared by all)', async () => {
    await q('INSERT INTO subscribers (id, password_hash, password_changed_at) SELECT id, ?, NOW(3) FROM accounts', [hash]);
    await q('UPDATE accounts SET subscriber_id = id');
  });
  await timed(log, 'meters: 2 per account, 20 for the largest', async () => {
    await q(
      `INSERT INTO meters (account_id, kind, title, serial_number, admitted_on, verification_due_on, initial_value)
       SELECT a.id, k.kind, k.title, CONCAT('B-', a.id, '-', k.kind), '2020-01-01', '2031-01-01', 0
       FROM accounts a CROSS JOIN (SELECT 'COLD_WATER' AS kind, 'Холодная вода' AS title UNION ALL SELECT 'HOT_WATER', 'Горячая вода') k
       ORDER BY a.id, k.kind`,
    );
    await q(
      `INSERT INTO meters (account_id, kind, title, serial_number, admitted_on, verification_due_on, initial_value)
       SELECT ?, IF(n MOD 2 = 0, 'COLD_WATER', 'HOT_WATER'), CONCAT('Счётчик ', n + 3), CONCAT('B-L-', n), '2020-01-01', '2031-01-01', 0
       FROM bench_seq WHERE n < 18`,
      [LARGE_ACCOUNT],
    );
  });
  for (let k = 0; k < 24; k++) {
    const period = monthsBack(24 - k);
    // M-2: one meter in ten sent nothing, so that the close of M-1 has recalculations to do (ПП №354 п.61).
    const gap = k === 22 ? 'WHERE m.id MOD 10 <> 3' : '';
    await timed(log, `readings ${period} (every meter${gap ? ' but 1 in 10' : ''}, ACCEPTED)`, () =>
      q(
        `INSERT INTO readings (meter_id, period, value, consumption, status, source, submitted_at, reviewed_at)
         SELECT m.id, ?, 10 + (? + 1) * (2 + m.id MOD 7), ${k === 0 ? 'NULL' : '2 + m.id MOD 7'}, 'ACCEPTED', 'SITE', ?, ?
         FROM meters m ${gap}`,
        [period, k, `${period}-20 10:00:00`, `${period}-26 10:00:00`],
      ),
    );
  }
  // Charges of M-24 … M-3 are what the close itself would have written for them (the close makes M-2 and M-1): per
  // account and month a CHARGE line for cold water, hot water and wastewater, by readings (each meter's advance is
  // 2 + its id MOD 7 m³ a month, as the readings above), at the tariffs below, with the close's external_id; one
  // account in six pays six months' charges. The close's history step and penalty read read these lines: a history
  // of one line a month without a service or volume (before 02.12.2026) left them three times less to read.
  await timed(log, 'volumes per account and supply (each meter 2 + id MOD 7 m³ a month)', () =>
    q(`CREATE TABLE bench_volumes (account_id INT UNSIGNED NOT NULL PRIMARY KEY, cold DECIMAL(12,3) NOT NULL, hot DECIMAL(12,3) NOT NULL,
         amount DECIMAL(12,2) NOT NULL) ENGINE=InnoDB
       SELECT account_id, SUM(IF(kind = 'COLD_WATER', 2 + id MOD 7, 0)) AS cold, SUM(IF(kind = 'HOT_WATER', 2 + id MOD 7, 0)) AS hot, 0 AS amount
       FROM meters GROUP BY account_id ORDER BY account_id`),
  );
  await q(`UPDATE bench_volumes SET amount = ROUND(cold * ${HISTORY_TARIFFS.COLD_WATER}, 2) + ROUND(hot * ${HISTORY_TARIFFS.HOT_WATER}, 2)
    + ROUND((cold + hot) * ${HISTORY_TARIFFS.WASTEWATER}, 2)`);
  const m3 = (column) => `REPLACE(FORMAT(${column}, 3), '.', ',')`;
  for (let k = 0; k < 22; k++) {
    const period = monthsBack(24 - k);
    const next = monthsBack(23 - k);
    await timed(log, `ledger ${period}: cold, hot and wastewater charged per account, 1 in 6 pays`, async () => {
      await q(
        `INSERT INTO ledger_entries (account_id, date, kind, period, description, amount, service, volume, billing_method, tariff, wastewater_volume, external_id)
         SELECT v.account_id, LAST_DAY(?), 'CHARGE', ?,
           CASE s.service
             WHEN 'COLD_WATER' THEN CONCAT('Холодное водоснабжение: ', ${m3('v.cold')}, ' м³ × 45,12 ₽ (по показаниям)')
             WHEN 'HOT_WATER' THEN CONCAT('Горячее водоснабжение: ', ${m3('v.hot')}, ' м³ × 213,60 ₽ (по показаниям)')
             ELSE CONCAT('Водоотведение: ', ${m3('v.cold + v.hot')}, ' м³ × 39,77 ₽ (ХВС ', ${m3('v.cold')}, ' м³ по показаниям + ГВС ', ${m3('v.hot')}, ' м³ по показаниям)')
           END,
           ROUND(CASE s.service WHEN 'COLD_WATER' THEN v.cold ELSE IF(s.service = 'HOT_WATER', v.hot, v.cold + v.hot) END * s.tariff, 2),
           s.service, CASE s.service WHEN 'COLD_WATER' THEN v.cold ELSE IF(s.service = 'HOT_WATER', v.hot, v.cold + v.hot) END,
           'ACTUAL', s.tariff, CASE s.service WHEN 'COLD_WATER' THEN v.cold WHEN 'HOT_WATER' THEN v.hot END,
           CONCAT('close:', ?, ':', v.account_id, ':', s.service)
         FROM bench_volumes v STRAIGHT_JOIN (
           SELECT 'COLD_WATER' AS service, ${HISTORY_TARIFFS.COLD_WATER} AS tariff UNION ALL
           SELECT 'HOT_WATER', ${HISTORY_TARIFFS.HOT_WATER} UNION ALL SELECT 'WASTEWATER', ${HISTORY_TARIFFS.WASTEWATER}) s`,
        [`${period}-01`, period, period],
      );
      await q(
        `INSERT INTO ledger_entries (account_id, date, kind, period, description, amount, external_id)
         SELECT v.account_id, ?, 'PAYMENT', ?, 'Оплата через банк', -6 * v.amount, CONCAT('bench:pay:', ?, ':', v.account_id)
         FROM bench_volumes v WHERE (v.account_id + ?) MOD 6 = 0`,
        [`${next}-12`, period, period, k],
      );
    });
  }
  await q('DROP TABLE bench_volumes');
  await timed(log, 'the largest account: a recalculation line every day for 2 years', () =>
    q(
      `INSERT INTO ledger_entries (account_id, date, kind, period, description, amount)
       SELECT ?, DATE_SUB(?, INTERVAL n + 1 DAY), 'RECALCULATION', DATE_FORMAT(DATE_SUB(?, INTERVAL n + 1 DAY), '%Y-%m'), 'Перерасчёт', 1.5
       FROM bench_seq WHERE n < 730`,
      // Dated back from the first of this month, not from today: every build in a month gives the same totals.
      [LARGE_ACCOUNT, `${monthsBack(0)}-01`, `${monthsBack(0)}-01`],
    ),
  );
  await timed(log, 'appeals: 1 account in 10 answered, 2000 open (fan-out), 15 for the largest', async () => {
    await q(
      `INSERT INTO appeals (account_id, text, status, created_at)
       SELECT id, 'Вопрос о начислении', 'ANSWERED', NOW(3) - INTERVAL 10 DAY FROM accounts WHERE id MOD 10 = 0 AND id NOT BETWEEN ? AND ?`,
      [FANOUT_FIRST, FANOUT_FIRST + FANOUT_COUNT - 1],
    );
    await q(
      `INSERT INTO appeals (account_id, text, status, created_at)
       SELECT id, 'Когда будет перерасчёт?', 'OPEN', NOW(3) - INTERVAL 1 DAY FROM accounts WHERE id BETWEEN ? AND ?`,
      [FANOUT_FIRST, FANOUT_FIRST + FANOUT_COUNT - 1],
    );
    await q(
      `INSERT INTO appeals (account_id, text, status, created_at)
       SELECT ?, CONCAT('Вопрос ', n), 'ANSWERED', NOW(3) - INTERVAL (30 - n) DAY FROM bench_seq WHERE n < 15`,
      [LARGE_ACCOUNT],
    );
    await q(
      `INSERT INTO appeal_replies (appeal_id, author_role, text, created_at, read_at)
       SELECT a.id, 'OPERATOR', 'Ответ оператора', a.created_at + INTERVAL 1 DAY, IF(a.id MOD 2 = 0, NOW(3), NULL)
       FROM appeals a WHERE a.status = 'ANSWERED'`,
    );
    await q(
      `INSERT INTO appeal_replies (appeal_id, author_role, text, created_at)
       SELECT a.id, 'SUBSCRIBER', 'Спасибо', a.created_at + INTERVAL 2 DAY FROM appeals a WHERE a.account_id = ?`,
      [LARGE_ACCOUNT],
    );
  });
  await q(
    `INSERT INTO tariffs (service, price_per_m3, norm_per_resident, valid_from) VALUES
     ('COLD_WATER', ${HISTORY_TARIFFS.COLD_WATER}, 4.9, '2020-01-01'), ('HOT_WATER', ${HISTORY_TARIFFS.HOT_WATER}, 3.6, '2020-01-01'),
     ('WASTEWATER', ${HISTORY_TARIFFS.WASTEWATER}, 8.5, '2020-01-01')`,
  );
  await q("INSERT INTO staff (username, full_name, password_hash) VALUES ('bench-operator', 'Нагрузочный тест', ?)", [hash]);
  await timed(log, 'ANALYZE TABLE', () => q('ANALYZE TABLE accounts, meters, readings, ledger_entries, appeals, appeal_replies'));
  await q('DROP TABLE bench_seq');
  await q('SET SESSION foreign_key_checks = 1');
}
