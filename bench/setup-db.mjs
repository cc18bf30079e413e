/**
 * Builds (or, with BENCH_REUSE=1 and a complete earlier build, resets) the kabinet_bench database.
 * Also a dedicated MySQL user for the API, so that its statements can be counted per user
 * (information_schema.USER_STATISTICS) whatever else the server is running.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import mysql from 'mysql2/promise';
import { ACCOUNTS, DATA_SET_SHAPE, generate, monthsBack } from './datagen.mjs';

/** kabinet_bench for the default 100,000 accounts; another size builds its own (kabinet_bench_1000000), so neither is lost. */
export const DB_NAME = process.env.BENCH_DATABASE || (ACCOUNTS === 100_000 ? 'kabinet_bench' : `kabinet_bench_${ACCOUNTS}`);
export const DB_USER = 'kabinet_bench';
export const DB_PASSWORD = 'kabinet-bench-password';
const ROOT_URL = process.env.BENCH_ROOT_URL || 'mysql://root@127.0.0.1:3306/';
export const API_DATABASE_URL = `mysql://${DB_USER}:${DB_PASSWORD}@127.0.0.1:3306/${DB_NAME}${process.env.BENCH_DATABASE_SOCKET ? `?socketPath=${encodeURIComponent(process.env.BENCH_DATABASE_SOCKET)}` : ''}`;

export function rootConnection(database) {
  const u = new URL(ROOT_URL);
  return mysql.createConnection({
    host: u.hostname,
    port: Number(u.port || 3306),
    user: decodeURIComponent(u.username || 'root'),
    password: decodeURIComponent(u.password || ''),
    database,
    supportBigNumbers: true,
    bigNumberStrings: true,
    dateStrings: true,
    timezone: 'Z',
    multipleStatements: false,
  });
}

/** The committed migrations (src/cli/migrate.ts): all of them on a new build, the ones since on a reused one. */
function migrate(root) {
  const m = spawnSync(process.execPath, [path.join(root, 'node_modules/ts-node/dist/bin.js'), '--transpile-only', 'src/cli/migrate.ts'], {
    cwd: path.join(root, 'server'),
    env: { ...process.env, DATABASE_URL: `${ROOT_URL.replace(/\/$/, '')}/${DB_NAME}`, LOG_LEVEL: 'warn', NODE_ENV: 'development' },
    encoding: 'utf8',
  });
  if (m.status !== 0) throw new Error(`migrations failed:\n${m.stdout}\n${m.stderr}`);
}

export async function setupDatabase(root, log) {
  const admin = await rootConnection();
  try {
    await admin.query(`CREATE USER IF NOT EXISTS '${DB_USER}'@'%' IDENTIFIED BY '${DB_PASSWORD}'`);
    await admin.query(`CREATE USER IF NOT EXISTS '${DB_USER}'@'localhost' IDENTIFIED BY '${DB_PASSWORD}'`);
    for (const host of ['%', 'localhost']) await admin.query(`GRANT ALL PRIVILEGES ON \`${DB_NAME}\`.* TO '${DB_USER}'@'${host}'`);
    let reuse = false;
    if (process.env.BENCH_REUSE === '1') {
      const [rows] = await admin.query('SELECT COUNT(*) AS n FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?', [DB_NAME, 'bench_meta']);
      if (Number(rows[0].n) > 0) {
        const [meta] = await admin.query(`SELECT * FROM \`${DB_NAME}\`.bench_meta`);
        // A build of another month, or of another shape of data set (datagen.mjs DATA_SET_SHAPE), is built anew.
        reuse = meta[0]?.built_for === monthsBack(0) && Number(meta[0]?.shape ?? 1) === DATA_SET_SHAPE;
        if (!reuse) log(`Not reusing ${DB_NAME}: built for ${meta[0]?.built_for ?? '?'}, shape ${meta[0]?.shape ?? 1}; this run needs ${monthsBack(0)}, shape ${DATA_SET_SHAPE}`);
      }
    }
    if (reuse) {
      log(`Reusing ${DB_NAME} (BENCH_REUSE=1): migrations since the build, then removing what the last run added`);
      migrate(root);
      const c = await rootConnection(DB_NAME);
      const current = monthsBack(0);
      await c.query('SET SESSION foreign_key_checks = 0');
      await c.query('DELETE FROM readings WHERE period = ?', [current]);
      // The lines of the two months the bench closes (the history's own close: lines stay).
      for (const month of [monthsBack(2), monthsBack(1)]) {
        await c.query('DELETE FROM ledger_entries WHERE external_id LIKE ? OR external_id LIKE ?', [`close:${month}:%`, `penalty:${month}:%`]);
      }
      await c.query('DELETE FROM billing_periods');
      await c.query("DELETE FROM appeal_replies WHERE text LIKE 'bench fan-out%'");
      await c.query("UPDATE appeals SET status = 'OPEN' WHERE text = 'Когда будет перерасчёт?'");
      // What the EXPLAIN phase (bench/explain.mjs) adds.
      await c.query("DELETE r FROM appeal_replies r JOIN appeals a ON a.id = r.appeal_id WHERE a.text = 'Проверка плана запросов'");
      await c.query("DELETE FROM appeals WHERE text = 'Проверка плана запросов'");
      await c.query("DELETE FROM appeal_replies WHERE text = 'Ответ оператора'");
      await c.query("DELETE FROM ledger_entries WHERE external_id LIKE 'explain-%'");
      await c.query('DELETE FROM card_payments');
      await c.query('DELETE FROM api_tokens');
      await c.query('DELETE FROM refresh_sessions');
      await c.query('DELETE FROM audit_log');
      await c.query('DELETE FROM mail_outbox');
      // The ledger's summaries were kept by the closes whose lines are deleted above (server/src/billing/ledger-summaries.ts):
      // the first close reads every account whole again, as after the build.
      await c.query('DELETE FROM ledger_summaries');
      await c.query('TRUNCATE ledger_changes');
      await c.query('SET SESSION foreign_key_checks = 1');
      await c.end();
      return { reused: true, seconds: 0 };
    }
    const t0 = Date.now();
    log(`Building ${DB_NAME} (set-based SQL)…`);
    await admin.query(`DROP DATABASE IF EXISTS \`${DB_NAME}\``);
    await admin.query(`CREATE DATABASE \`${DB_NAME}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    migrate(root);
    const c = await rootConnection(DB_NAME);
    await generate(c, log);
    // The lines the build wrote are noted as changes (the ledger's triggers); no close has kept a summary yet.
    await c.query('TRUNCATE ledger_changes');
    await c.query('CREATE TABLE bench_meta (built_for CHAR(7) NOT NULL, shape INT NOT NULL)');
    await c.query('INSERT INTO bench_meta VALUES (?, ?)', [monthsBack(0), DATA_SET_SHAPE]);
    await c.end();
    return { reused: false, seconds: (Date.now() - t0) / 1000 };
  } finally {
    await admin.end();
  }
}
