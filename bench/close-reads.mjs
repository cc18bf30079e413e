#!/usr/bin/env node
/**
 * The month close's largest reads, one batch of 5,000 accounts at a time, each form alone (no transaction
 * around it, READ COMMITTED as the close reads), 8 batches spread over the accounts, medians printed:
 *
 * - the penalty read (server/src/billing/penalty-accrual.ts, loadBatch) in the forms docs/BENCHMARKS.md
 *   «02.12.2026 (midday)» compares: `grouped` (every line grouped by an expression of its period or date, as before
 *   0c84dc0), `columns` (one row per account, a conditional sum per group), `raw` (every line as it is), `sum` (a
 *   plain sum per account: what reading the lines costs), and the close's `old` + `recent`;
 * - `old-enum`: `old` with `kind` compared by its ENUM number;
 * - `history-all`, `history-8`, `history-6`: the history step (close-volumes.ts fillHistory) over every month, the last 8
 *   months (what the close reads first) and the last 6;
 * - `meters`: fillMeters' look-ups of each meter's last ACCEPTED reading of the month and of the months before
 *   (server/src/billing/close-volumes.ts), with a checksum of the rows, to compare an index change on the same rows.
 *
 * Needs a bench data set whose months 2026-10 and 2026-11 exist (BENCH_DATABASE, default kabinet_bench_1000000, built by
 * `BENCH_ACCOUNTS=1000000 npm run bench`). The dates and the lumped month are those of closing 2026-11 with the due day 15.
 *
 *   node bench/close-reads.mjs [grouped,columns,raw,sum,old,old-enum,recent,history-all,history-8,history-6,meters]
 */
import mysql from 'mysql2/promise';

const ROOT = new URL(process.env.BENCH_ROOT_URL || 'mysql://root@127.0.0.1:3306/');
const c = await mysql.createConnection({
  host: ROOT.hostname,
  port: Number(ROOT.port || 3306),
  user: decodeURIComponent(ROOT.username),
  password: decodeURIComponent(ROOT.password),
  database: process.env.BENCH_DATABASE || 'kabinet_bench_1000000',
});
await c.query('SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED');
const [[{ accounts }]] = await c.query('SELECT MAX(id) AS accounts FROM accounts');
const P = { periodEnd: '2026-11-30', dayBefore: '2026-10-31', lump: '2026-06' };
const RECENT = ['2026-07', '2026-08', '2026-09', '2026-10', '2026-11'];
const LINES = "FROM ledger_entries WHERE account_id BETWEEN ? AND ? AND kind IN ('CHARGE', 'RECALCULATION', 'PAYMENT') AND date <= ?";

const history = (lo, hi, since) => [
  `WITH billed AS (
     SELECT account_id, service, period,
       MAX(CASE WHEN kind = 'CHARGE' THEN billing_method END) AS method,
       SUM(CASE WHEN kind = 'CHARGE' THEN volume ELSE 0 END) AS volume,
       SUM(kind = 'RECALCULATION') AS recalcs
     FROM ledger_entries
     WHERE account_id BETWEEN ? AND ? AND period >= ? AND kind IN ('CHARGE', 'RECALCULATION') AND period < '2026-11'
       AND service IN ('COLD_WATER', 'HOT_WATER') AND billing_method IS NOT NULL AND volume IS NOT NULL
     GROUP BY account_id, service, period
   ),
   ranked AS (
     SELECT account_id, service, period, method, volume, recalcs,
       SUM(method = 'ACTUAL') OVER (PARTITION BY account_id, service ORDER BY period DESC ROWS UNBOUNDED PRECEDING) AS actuals
     FROM billed WHERE method IS NOT NULL
   )
   SELECT account_id, service, MAX(CASE WHEN method = 'ACTUAL' THEN period END) AS last_actual,
     COUNT(CASE WHEN method = 'ACTUAL' AND actuals <= 6 THEN 1 END) AS months,
     ROUND(SUM(CASE WHEN method = 'ACTUAL' AND actuals <= 6 THEN volume END) / SUM(CASE WHEN method = 'ACTUAL' AND actuals <= 6 THEN 1 + recalcs END), 3) AS average,
     COUNT(CASE WHEN method = 'AVERAGE' AND actuals = 0 THEN 1 END) AS averaged
   FROM ranked GROUP BY account_id, service`,
  [lo, hi, since],
];

const forms = {
  grouped: (lo, hi) => [
    `SELECT account_id, kind = 'PAYMENT' AS is_payment,
       CASE WHEN kind = 'PAYMENT' THEN DATE_FORMAT(GREATEST(date, CAST(? AS DATE)), '%Y-%m-%d')
         ELSE GREATEST(COALESCE(period, DATE_FORMAT(date, '%Y-%m')), ?) END AS grp,
       DATE_FORMAT(MAX(date), '%Y-%m-%d') AS date, SUM(amount) AS amount
     ${LINES} GROUP BY account_id, is_payment, grp`,
    [P.dayBefore, P.lump, lo, hi, P.periodEnd],
  ],
  columns: (lo, hi) => {
    const cols = ["SUM(CASE WHEN kind <> 'PAYMENT' AND period <= ? THEN amount END)", "MAX(CASE WHEN kind <> 'PAYMENT' AND period <= ? THEN date END)"];
    const args = [P.lump, P.lump];
    for (const p of RECENT) {
      cols.push("SUM(CASE WHEN kind <> 'PAYMENT' AND period = ? THEN amount END)", "MAX(CASE WHEN kind <> 'PAYMENT' AND period = ? THEN date END)");
      args.push(p, p);
    }
    cols.push("SUM(CASE WHEN kind = 'PAYMENT' AND date <= ? THEN amount END)");
    cols.push("GROUP_CONCAT(CASE WHEN (kind = 'PAYMENT' AND date > ?) OR (kind <> 'PAYMENT' AND (period IS NULL OR period > ?)) THEN CONCAT(kind = 'PAYMENT', ' ', COALESCE(period, ''), ' ', date, ' ', amount) END)");
    args.push(P.dayBefore, P.dayBefore, RECENT[RECENT.length - 1]);
    return [`SELECT account_id, ${cols.join(', ')} ${LINES} GROUP BY account_id`, [...args, lo, hi, P.periodEnd]];
  },
  raw: (lo, hi) => [`SELECT account_id, kind, period, date, amount ${LINES}`, [lo, hi, P.periodEnd]],
  sum: (lo, hi) => [`SELECT account_id, SUM(amount) ${LINES} GROUP BY account_id`, [lo, hi, P.periodEnd]],
  old: (lo, hi) => [
    `SELECT account_id, SUM(kind <> 'PAYMENT'), SUM(IF(kind = 'PAYMENT', 0, amount)), MAX(IF(kind = 'PAYMENT', NULL, date)),
       SUM(kind = 'PAYMENT'), SUM(IF(kind = 'PAYMENT', amount, 0))
     FROM ledger_entries WHERE account_id BETWEEN ? AND ? AND date <= ?
       AND ((kind IN ('CHARGE', 'RECALCULATION') AND period <= ?) OR (kind = 'PAYMENT' AND date <= ?))
     GROUP BY account_id`,
    [lo, hi, P.periodEnd, P.lump, P.dayBefore],
  ],
  recent: (lo, hi) => [
    `SELECT account_id, kind = 'PAYMENT', period, DATE_FORMAT(date, '%Y-%m-%d'), amount
     FROM ledger_entries WHERE account_id BETWEEN ? AND ? AND date <= ?
       AND ((kind IN ('CHARGE', 'RECALCULATION') AND (period > ? OR period IS NULL)) OR (kind = 'PAYMENT' AND date > ?))`,
    [lo, hi, P.periodEnd, P.lump, P.dayBefore],
  ],
  // The penalty read's old lines with \`kind\` compared by its ENUM number (CHARGE 1, RECALCULATION 2, PAYMENT 4), not its text.
  'old-enum': (lo, hi) => [
    `SELECT account_id, SUM(kind + 0 <> 4), SUM(IF(kind + 0 = 4, 0, amount)), MAX(IF(kind + 0 = 4, NULL, date)),
       SUM(kind + 0 = 4), SUM(IF(kind + 0 = 4, amount, 0))
     FROM ledger_entries WHERE account_id BETWEEN ? AND ? AND date <= ?
       AND ((kind + 0 IN (1, 2) AND period <= ?) OR (kind + 0 = 4 AND date <= ?))
     GROUP BY account_id`,
    [lo, hi, P.periodEnd, P.lump, P.dayBefore],
  ],
  // The history step (close-volumes.ts fillHistory, closing 2026-11) over every month, the last 8 (what the close reads
  // first) and the last 6.
  'history-all': (lo, hi) => history(lo, hi, '0000-00'),
  'history-8': (lo, hi) => history(lo, hi, '2026-03'),
  'history-6': (lo, hi) => history(lo, hi, '2026-05'),
  meters: (lo, hi) => [
    `SELECT COUNT(*) AS meters, SUM(cur) AS cur, SUM(CRC32(prev)) AS prev FROM (SELECT m.id,
       COALESCE((SELECT r.value FROM readings r WHERE r.meter_id = m.id AND r.period = '2026-10' AND r.status = 'ACCEPTED' ORDER BY r.id DESC LIMIT 1),
         CASE WHEN m.admitted_on >= '2026-10-01' AND NOT EXISTS (
           SELECT 1 FROM readings p WHERE p.meter_id = m.id AND p.period = '2026-10' AND p.status = 'PENDING') THEN m.initial_value END) AS cur,
       (SELECT CONCAT(r.period, ' ', r.value) FROM readings r WHERE r.meter_id = m.id AND r.period < '2026-10' AND r.status = 'ACCEPTED'
         ORDER BY r.period DESC, r.id DESC LIMIT 1) AS prev
     FROM meters m WHERE m.account_id BETWEEN ? AND ? AND m.admitted_on <= '2026-10-31' AND (m.removed_on IS NULL OR m.removed_on >= '2026-10-01')) x`,
    [lo, hi],
  ],
};

const chosen = (process.argv[2] || Object.keys(forms).join(',')).split(',');
const unknown = chosen.filter((k) => !forms[k]);
if (unknown.length) throw new Error(`unknown form(s) ${unknown.join(', ')}; the forms: ${Object.keys(forms).join(', ')}`);
const times = Object.fromEntries(chosen.map((k) => [k, []]));
const step = Math.floor((Number(accounts) - 5000) / 8);
for (let batch = 0; batch < 8; batch++) {
  const lo = 1 + batch * step;
  const hi = lo + 4999;
  for (const form of chosen) {
    const [sql, args] = forms[form](lo, hi);
    const t0 = process.hrtime.bigint();
    const [rows] = await c.query(sql, args);
    times[form].push(Number(process.hrtime.bigint() - t0) / 1e6);
    if (batch === 0) console.log(`${form}: ${rows.length} rows${form === 'meters' ? ` ${JSON.stringify(rows[0])}` : ''}`);
  }
}
for (const form of chosen) {
  const sorted = [...times[form]].sort((a, b) => a - b);
  console.log(`${form.padEnd(8)} median ${((sorted[3] + sorted[4]) / 2).toFixed(1)} ms; batches ${times[form].map((t) => t.toFixed(0)).join(' ')}`);
}
await c.end();
