/**
 * The close's parallel workers (BILLING_CLOSE_WORKERS): each on a database connection of its own, taking batches until
 * none is left. The month's close and the summaries readied ahead of it (summaries-ahead.ts) run their batches so.
 */
import type { DataSource, QueryRunner } from 'typeorm';

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
