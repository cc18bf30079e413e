#!/usr/bin/env node
/**
 * The database's CPU for one statement of the dashboard, in the form the API sent before and the one it sends now:
 * each form 4,000–6,000 times for random accounts of kabinet_bench from 8 connections, MariaDB's CPU read from
 * /proc/<mysqld pid>/stat around each pass, three passes alternating. Needs kabinet_bench (npm run bench) and a
 * MariaDB on this machine (its pid file at /run/mysqld/mysqld.pid).
 *
 * Size MariaDB's buffer pool for the data first (docs/BENCHMARKS.md's figures: 14 GB, set at start-up): with the
 * default 128 MB the windows read from disk and cost several times more.
 *
 *   node bench/statement-cpu.mjs
 */
import fs from 'node:fs';
import mysql from 'mysql2/promise';
import { baselineReadings } from './raw-statements.mjs';

const ROOT = new URL(process.env.BENCH_ROOT_URL || 'mysql://root@127.0.0.1:3306/');
const pool = mysql.createPool({
  host: ROOT.hostname,
  port: Number(ROOT.port || 3306),
  user: decodeURIComponent(ROOT.username),
  password: decodeURIComponent(ROOT.password),
  database: process.env.BENCH_DATABASE || 'kabinet_bench',
  connectionLimit: 8,
  dateStrings: true,
  supportBigNumbers: true,
  bigNumberStrings: true,
});
const [[{ accounts }]] = await pool.query('SELECT MAX(id) AS accounts FROM accounts');
const columnsOf = async (table, alias) => (await pool.query(`SHOW COLUMNS FROM ${table}`))[0].map((c) => `${alias}.\`${c.Field}\``).join(', ');
const readingColumns = await columnsOf('readings', 'r');
const readingColumnsX = readingColumns.replaceAll('r.`', 'x.`');
const appealColumns = await columnsOf('appeals', 'a');
const period = new Date(Date.now() + 3 * 3600_000).toISOString().slice(0, 7);

/** Each form: (accountId, meterIds) → [sql, params]. Meter ids are read first, outside the measure (see below). */
const forms = {
  'readings, a window over every reading (before)': (_, ids) => [
    `SELECT ${readingColumnsX}, kind FROM (
       SELECT ${readingColumns}, 'P' AS kind, ROW_NUMBER() OVER (PARTITION BY meter_id ORDER BY period DESC, id DESC) AS rn
         FROM readings r WHERE meter_id IN (?) AND status = 'ACCEPTED' AND period < ?
       UNION ALL
       SELECT ${readingColumns}, 'C' AS kind, ROW_NUMBER() OVER (PARTITION BY meter_id ORDER BY id DESC) AS rn
         FROM readings r WHERE meter_id IN (?) AND period = ?) x WHERE rn = 1`,
    [ids, period, ids, period],
  ],
  'readings, ORDER BY … LIMIT 1 a meter (now)': (_, ids) => [
    ids
      .map(
        () =>
          `(SELECT ${readingColumns}, 'P' AS kind FROM readings r WHERE r.meter_id = ? AND r.status = 'ACCEPTED' AND r.period < ? ORDER BY r.period DESC, r.id DESC LIMIT 1)` +
          ` UNION ALL (SELECT ${readingColumns}, 'C' AS kind FROM readings r WHERE r.meter_id = ? AND r.period = ? ORDER BY r.id DESC LIMIT 1)`,
      )
      .join(' UNION ALL '),
    ids.flatMap((id) => [id, period, id, period]),
  ],
  // The raw baseline's statement, the very one bench/raw-server.mjs sends.
  "readings, the raw baseline's window (5 columns)": (_, ids) => baselineReadings(ids, period),
  'appeals page, the count joined (before)': (account) => [
    `SELECT c.total_count, p.* FROM (SELECT COUNT(*) AS total_count FROM appeals WHERE account_id = ?) c
     LEFT JOIN (SELECT ${appealColumns} FROM appeals a WHERE a.account_id = ? ORDER BY a.created_at DESC, a.id DESC LIMIT 11) p ON TRUE
     ORDER BY p.created_at DESC, p.id DESC`,
    [account, account],
  ],
  'appeals page, the count a scalar subquery (now)': (account) => [
    `SELECT ${appealColumns}, (SELECT COUNT(*) FROM appeals WHERE account_id = ?) AS total_count FROM appeals a
     WHERE a.account_id = ? ORDER BY a.created_at DESC, a.id DESC LIMIT 11`,
    [account, account],
  ],
};

const mysqldCpuMs = () => {
  const pid = Number(fs.readFileSync('/run/mysqld/mysqld.pid', 'utf8'));
  const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(f[11]) + Number(f[12])) * (1000 / 100);
};

// The same accounts for every form, with their meters read beforehand.
const N = 5000;
const sample = [];
for (let i = 0; i < N; i++) {
  const account = 1 + Math.floor(Math.random() * accounts);
  const [meters] = await pool.query('SELECT id FROM meters WHERE account_id = ? ORDER BY id', [account]);
  if (meters.length) sample.push([account, meters.map((m) => m.id)]);
}

async function pass(name, form) {
  const before = mysqldCpuMs();
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < sample.length) {
        const [account, ids] = sample[next++];
        await pool.query(...form(account, ids));
      }
    }),
  );
  return ((mysqldCpuMs() - before) * 1000) / sample.length;
}

const results = Object.fromEntries(Object.keys(forms).map((k) => [k, []]));
for (let round = 0; round < 3; round++) for (const [name, form] of Object.entries(forms)) results[name].push(await pass(name, form));
for (const [name, us] of Object.entries(results)) process.stdout.write(`${name.padEnd(52)} ${us.map((u) => `${u.toFixed(0)} µs`).join(' / ')} of the database's CPU a dashboard\n`);
await pool.end();
