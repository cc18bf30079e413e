/**
 * The ledger summaries readied ahead of a month's close (`npm run billing:summaries -- YYYY-MM`; docs/SCALING.md,
 * «When the month close no longer fits the night»). A close reads each account's summary kept by the close before and
 * only the lines after it (close-ledger.ts); an account without a summary that holds is read over its whole ledger,
 * which at a million accounts takes the close from about two minutes to three. That is every account on the first
 * close after this version is deployed, and the accounts of a mass correction dated in closed months (a registry of
 * late payments, an import of old charges): their summaries no longer hold (ledger_changes).
 *
 * Run in the day before the night's close, this writes, for the accounts of the month to close that have no summary
 * that holds, the summary that close would write: the same reads (close-ledger.ts, penalty-accrual.ts, the history of
 * close-volumes.ts), of the lines dated up to the day before the month, in batches of the close's size, each its own
 * transaction (READ COMMITTED, as the close's). Nothing else is written: no line, no month's row. A summary that holds is
 * left as it is, so running it twice, or on a database whose summaries all hold, reads them and writes nothing. A line
 * written after a batch read its accounts is noted by the ledger's triggers, as always: that account is read whole by
 * the close, as it would have been without this.
 */
import type { DataSource, QueryRunner } from 'typeorm';
import type { AccountHistory } from './close-history';
import { readBatchLedger } from './close-ledger';
import { batchHistory, pricedSupplies, type CloseContext } from './close-volumes';
import { onWorkers } from './close-workers';
import { keepSummaries, type LedgerSummary } from './ledger-summaries';
import { batchSummaries, type PenaltyContext } from './penalty-accrual';

export interface SummariesAheadResult {
  period: string;
  /** Accounts gone through. */
  accounts: number;
  /** Those that had no summary that holds, read over their whole ledger: each now has one. */
  written: number;
  /** Summaries kept without a history of volumes (a line of a summed month after it): the close reads their history whole. */
  withoutHistory: number;
  ms: number;
}

/**
 * Of a batch's fresh summaries, those to write ahead of the close: of every account without one that holds, and of
 * those whose summary keeps no history when the fresh one does. The others' summaries hold: the close reads from them.
 */
export function summariesAheadToWrite(fresh: ReadonlyMap<number, LedgerSummary>, held: ReadonlyMap<number, LedgerSummary>): Map<number, LedgerSummary> {
  const write = new Map<number, LedgerSummary>();
  for (const [accountId, summary] of fresh) {
    const old = held.get(accountId);
    if (!old || (old.history === null && summary.history !== null)) write.set(accountId, summary);
  }
  return write;
}

/** One batch, lo..hi, in the caller's transaction: reads as the close of the month reads, writes the summaries it lacks. */
export async function readyBatch(
  q: QueryRunner, charges: CloseContext, penalties: PenaltyContext, lo: number, hi: number,
): Promise<{ accounts: number; written: number; withoutHistory: number }> {
  const ledger = await readBatchLedger(q, penalties.periodStart, penalties.dueDay, lo, hi);
  // As in the close (fillVolumes): a history only when a supply is priced; else the summaries keep none.
  const history: Map<number, AccountHistory | null> = pricedSupplies(charges).length > 0 ? (await batchHistory(q, charges, ledger, false)).kept : new Map();
  const { summaries } = await batchSummaries(q, penalties, ledger);
  for (const [accountId, summary] of summaries) summary.history = history.get(accountId) ?? null;
  const write = summariesAheadToWrite(summaries, ledger.summaries);
  await keepSummaries(q, write, ledger.changesRead);
  let withoutHistory = 0;
  for (const summary of write.values()) if (summary.history === null) withoutHistory++;
  return { accounts: ledger.accounts.length, written: write.size, withoutHistory };
}

/**
 * Every account in batches of `batchSize` by id range, `workers` at a time (each on its own connection, `runner` one of
 * them), each batch one transaction; `onBatch` after each commits with the accounts gone through so far.
 */
export async function readySummaries(
  db: DataSource, runner: QueryRunner, charges: CloseContext, penalties: PenaltyContext,
  options: { batchSize: number; workers: number; onBatch?: (done: number, total: number) => void },
): Promise<SummariesAheadResult> {
  const started = Date.now();
  const result: SummariesAheadResult = { period: charges.period, accounts: 0, written: 0, withoutHistory: 0, ms: 0 };
  const [{ lo, hi, total }] = await runner.query('SELECT MIN(id) AS lo, MAX(id) AS hi, COUNT(*) AS total FROM accounts');
  const ranges: [number, number][] = [];
  if (lo !== null) for (let from = Number(lo); from <= Number(hi); from += options.batchSize) ranges.push([from, Math.min(from + options.batchSize - 1, Number(hi))]);
  let next = 0;
  let failed = false;
  const work = async (q: QueryRunner): Promise<void> => {
    while (!failed && next < ranges.length) {
      const [from, to] = ranges[next++];
      await q.startTransaction('READ COMMITTED');
      try {
        const batch = await readyBatch(q, charges, penalties, from, to);
        await q.commitTransaction();
        result.accounts += batch.accounts;
        result.written += batch.written;
        result.withoutHistory += batch.withoutHistory;
        options.onBatch?.(result.accounts, Number(total));
      } catch (error) {
        failed = true;
        await q.rollbackTransaction().catch(() => undefined);
        throw error;
      }
    }
  };
  await onWorkers(db, runner, options.workers, ranges.length, work);
  result.ms = Date.now() - started;
  return result;
}
