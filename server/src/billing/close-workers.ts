/**
 * The close's parallel workers (BILLING_CLOSE_WORKERS): each on a database connection of its own, taking batches until
 * none is left. The month's close and the summaries readied ahead of it (summaries-ahead.ts) run their batches so.
 */
import type { DataSource, QueryRunner } from 'typeorm';
import { log } from '../common/logger';
import type { Queryable } from './sql-params';

/**
 * Runs `work` on `runner` and on up to `workers` − 1 more connections (never more in all than `batches`), and waits
 * for every one; then throws the first failure, if any. `cleanUp` runs on each extra connection before its release.
 */
export async function onWorkers(
  db: DataSource, runner: QueryRunner, workers: number, batches: number, work: (q: QueryRunner) => Promise<void>, cleanUp?: (q: QueryRunner) => Promise<void>,
): Promise<void> {
  const others = await Promise.all(
    Array.from({ length: Math.max(0, Math.min(workers, batches) - 1) }, async () => {
      const q = db.createQueryRunner();
      await q.connect();
      return q;
    }),
  );
  try {
    const results = await Promise.allSettled([runner, ...others].map((q) => work(q)));
    const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failure) throw failure.reason;
  } finally {
    for (const q of others) {
      if (cleanUp) await cleanUp(q).catch(() => undefined);
      await q.release();
    }
  }
}

/**
 * What to tell the operator of the server's innodb_autoinc_lock_mode, or null. Below 2 (MariaDB's default is 1; MySQL
 * 8's is 2) an INSERT … SELECT holds the table's AUTO-INC lock until it ends, so the workers' statements that write the
 * month's lines into the ledger wait for each other: a third of the time some batch was waiting on it in the close of a
 * million accounts, 135 s against 111 s with the mode set to 2 (docs/BENCHMARKS.md «03.12.2026 (midday)»).
 */
export function autoIncLockAdvice(mode: number | null, workers: number): string | null {
  if (workers < 2 || mode === null || !Number.isFinite(mode) || mode >= 2) return null;
  return (
    `innodb_autoinc_lock_mode is ${mode}: the close's ${workers} workers wait for each other's lines written into the ledger ` +
    '(the table\'s AUTO-INC lock is held for a whole INSERT … SELECT). Start the database server with ' +
    '--innodb-autoinc-lock-mode=2 (my.cnf [mysqld] innodb_autoinc_lock_mode = 2; MySQL 8\'s default) — docs/SCALING.md.'
  );
}

let autoIncLockChecked = false;

/** Logs autoIncLockAdvice once per process, at the first close with several workers. */
export async function checkAutoIncLock(q: Queryable, workers: number): Promise<void> {
  if (autoIncLockChecked || workers < 2) return;
  autoIncLockChecked = true;
  const rows: { mode: number | string | null }[] = await q.query('SELECT @@GLOBAL.innodb_autoinc_lock_mode AS mode').catch(() => []);
  const mode = rows[0]?.mode;
  const advice = autoIncLockAdvice(mode === null || mode === undefined ? null : Number(mode), workers);
  if (advice) log.info(advice);
}
