/**
 * The named database lock that serialises what writes a month's charges: the month's close and the
 * billing system's charges import. While a close runs, an import waits (and the other way round), so
 * a month is charged by one source only, never by both at once. The lock is per database.
 */
import type { DataSource, QueryRunner } from 'typeorm';
import { AppError, ErrorCode } from '../errors';

async function lockName(runner: QueryRunner): Promise<string> {
  const [{ name }] = await runner.query('SELECT DATABASE() AS name');
  return `kabinet.billing_close.${name}`.slice(0, 64);
}

/** Takes the lock on the runner's connection, waiting at most `waitSeconds`; SERVICE_UNAVAILABLE with `message` past that. */
export async function takeChargesLock(runner: QueryRunner, waitSeconds: number, message: string): Promise<void> {
  const [{ ok }] = await runner.query('SELECT GET_LOCK(?, ?) AS ok', [await lockName(runner), waitSeconds]);
  if (Number(ok) !== 1) throw new AppError(ErrorCode.SERVICE_UNAVAILABLE, message, { retryAfter: 60 });
}

export async function releaseChargesLock(runner: QueryRunner): Promise<void> {
  await runner.query('SELECT RELEASE_LOCK(?)', [await lockName(runner)]);
}

/** Runs `work` holding the lock on a connection of its own. */
export async function withChargesLock<T>(db: DataSource, waitSeconds: number, message: string, work: () => Promise<T>): Promise<T> {
  const runner = db.createQueryRunner();
  await runner.connect();
  try {
    await takeChargesLock(runner, waitSeconds, message);
    try {
      return await work();
    } finally {
      await releaseChargesLock(runner).catch(() => undefined);
    }
  } finally {
    await runner.release();
  }
}
