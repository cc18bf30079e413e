/**
 * What a batch of the month's close reads of its accounts' ledger once, before anything else, for both the volumes'
 * history (close-history.ts) and the penalties (penalty-accrual.ts): the summaries the previous close kept
 * (ledger-summaries.ts) that still hold, and the lines after them — for an account with such a summary, its lines
 * dated after the summary's day; for the others, those dated after the day before the month (their earlier lines are
 * read by each step, over the whole ledger). One index-only read of ix_ledger_account_cover, a range per account (an
 * IN list: `account_id BETWEEN … AND date > …` would walk every line of the batch, the date not bounding the range).
 */
import { addDays } from '../common/calendar';
import { toKopecks } from '../money';
import { litresOf, type HistoryLine } from './close-history';
import { readSummaries, type LedgerSummary } from './ledger-summaries';
import { lumpedUpTo } from './penalty';
import { run, type Queryable } from './sql-params';

/** A ledger line as the close's steps take it. */
export interface LedgerLine extends HistoryLine {
  date: string;
  /** As the ledger signs it. */
  kopecks: bigint;
}

export interface BatchLedger {
  lo: number;
  hi: number;
  /** The day before the month closed: what a summary written now holds up to. */
  dayBefore: string;
  /** The billed months up to this one are one group of debts (penalty.ts lumpedUpTo). */
  lumpPeriod: string;
  /** Every account of the batch, in id order. */
  accounts: number[];
  /** The summaries that hold, by account. */
  summaries: Map<number, LedgerSummary>;
  /** Each account's lines (charges, recalculations, payments) dated after its summary's day, or after dayBefore without one; every later date too. */
  tails: Map<number, LedgerLine[]>;
  /** The ids of the changes read: deleted with the summaries written from this read. */
  changesRead: number[];
}

/**
 * Accounts per read of the lines after their summaries: 5,000 in one IN list took 80 ms at a million accounts, the
 * same in reads of 500 47 ms (of 1,000, 90 ms: past some size the list's ranges are no longer looked up one by one,
 * and the read walks every line of the batch). bench/close-reads.mjs tail-… measures it.
 */
const TAIL_IDS_PER_READ = 500;

type TailRow = { account_id: number | string; kind: string; period: string | null; date: string; amount: string; service: string | null; billing_method: string | null; volume: string | null };

export async function readBatchLedger(q: Queryable, periodStart: string, dueDay: number, lo: number, hi: number): Promise<BatchLedger> {
  const dayBefore = addDays(periodStart, -1);
  const lumpPeriod = lumpedUpTo(periodStart, dueDay);
  const { usable, changesRead } = await readSummaries(q, lo, hi, dayBefore, lumpPeriod);
  const accounts = ((await run(q, 'SELECT id FROM accounts WHERE id BETWEEN :lo AND :hi ORDER BY id', { lo, hi })) as { id: number | string }[]).map((a) => Number(a.id));
  const from = new Map<string, number[]>();
  for (const accountId of accounts) {
    const day = usable.get(accountId)?.through ?? dayBefore;
    const ids = from.get(day) ?? [];
    ids.push(accountId);
    from.set(day, ids);
  }
  const tails = new Map<number, LedgerLine[]>();
  for (const [day, all] of from) {
    for (let i = 0; i < all.length; i += TAIL_IDS_PER_READ) {
      const rows: TailRow[] = await run(
        q,
        `SELECT account_id, kind, period, DATE_FORMAT(date, '%Y-%m-%d') AS date, amount, service, billing_method, volume
         FROM ledger_entries
         WHERE account_id IN (:ids) AND date > :day AND kind IN ('CHARGE', 'RECALCULATION', 'PAYMENT')`,
        { ids: all.slice(i, i + TAIL_IDS_PER_READ), day },
      );
      for (const row of rows) {
        const accountId = Number(row.account_id);
        let lines = tails.get(accountId);
        if (!lines) tails.set(accountId, (lines = []));
        lines.push({
          kind: row.kind,
          period: row.period,
          date: row.date,
          kopecks: toKopecks(String(row.amount)),
          service: row.service,
          method: row.billing_method,
          litres: row.volume === null ? null : litresOf(String(row.volume)),
        });
      }
    }
  }
  return { lo, hi, dayBefore, lumpPeriod, accounts, summaries: usable, tails, changesRead };
}
