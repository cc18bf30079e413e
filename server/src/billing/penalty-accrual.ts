/**
 * Penalties of one batch of accounts for a month's close: the batch's debts and payments are
 * grouped (loadBatch) from each account's summary kept by the previous close and its lines after it, or read
 * whole when it has none that holds (ledger-summaries.ts), each account's penalty for the days of the period is
 * computed by the pure penaltyOfKopecks (penalty.ts), and the lines are written in multi-row INSERTs, at most one
 * per account (external_id penalty:<period>:<accountId>, recorded once).
 *
 * Debts are the CHARGE and RECALCULATION amounts of each period (due on the configured day of
 * the following month); a period whose lines sum below zero (a recalculation in the subscriber's
 * favour) counts as a payment on its last line's date. Penalties bear no penalty.
 *
 * The close reads a batch's penalties before it writes the batch's charge lines (penaltyLines, then
 * insertPenaltyLines after the charges): once its own uncommitted lines have changed the pages of
 * ix_ledger_account_cover that hold the batch's accounts, InnoDB checks every record read from those pages
 * in the clustered index (a consistent read cannot tell from such a page which of its records it may see),
 * and the same read took 3 times as long (190 → 610 ms for 5,000 accounts of a million, measured in one
 * transaction before and after one line per account). The month's own lines change nothing in its
 * penalty: every one of them is dated the month's last day and billed for the month, so the month's group
 * is either a debt due the next month or a payment on the last day, which counts from the day after: the
 * read leaves the month's group out for accounts the close charges (`monthChargedByClose`), whatever the
 * lines of it written before (server/test/billing/penalty-read checks both orders give the same lines).
 */
import { addDays } from '../common/calendar';
import { LedgerEntryKind } from '../common/enums';
import { penaltyDescription } from './descriptions';
import { dueDateOf, penaltyOfKopecks, PENALTY_FREE_DAYS, type KopeckDebt, type KopeckPayment, type PenaltyRates } from './penalty';
import { toKopecks } from '../money';
import { run, type Queryable } from './sql-params';
import { keepSummaries, type Group, type LedgerSummary } from './ledger-summaries';
import { readBatchLedger, type BatchLedger } from './close-ledger';
import { BREATH_EVERY, breathe } from './breather';
import type { StepTimer } from './close-volumes';

export { lumpedUpTo } from './penalty';

export interface PenaltyContext {
  period: string;
  periodStart: string;
  periodEnd: string;
  dueDay: number;
  rates: PenaltyRates;
}

export const penaltyExternalIdPrefix = (period: string) => `penalty:${period}:`;

const INSERT_CHUNK = 1000;

/** An account's debts and payments as penaltyOfKopecks takes them (kopecks, positive). */
interface LedgerSums {
  debts: KopeckDebt[];
  payments: KopeckPayment[];
}

const addTo = (groups: Map<string, Group>, key: string, kopecks: bigint, date: string): void => {
  const group = groups.get(key);
  if (!group) groups.set(key, { kopecks, last: date });
  else {
    group.kopecks += kopecks;
    if (date > group.last) group.last = date;
  }
};

/**
 * One account's groups as the read builds them: `kept`, those of its lines dated up to the day before the period (what
 * the close keeps as the account's summary); `later`, those of the lines of the period.
 */
interface AccountGroups {
  kept: LedgerSummary;
  later: { billed: Map<string, Group>; paid: Map<string, Group> };
}

/**
 * The batch's debts and payments as penaltyOfKopecks takes them: debts summed per billed period, those of periods up to
 * lumpedUpTo in one; payments per day, those before the period in one on the day before it. A line without a period
 * counts in its date's month, which may be a lumped one.
 *
 * An account whose summary holds (ledger-summaries.ts) is read from it and its lines after it (close-ledger.ts, the
 * batch's tails: a month or two of lines). The others are read whole: the tails give their lines of the period, and
 * two reads of ix_ledger_account_cover (index-only), each a range of their accounts, give the lines before it:
 * - the old lines, summed per account in the index's order (no temporary table): the debts billed for periods up
 *   to the lumped one and the payments — most of an account's lines, two sums;
 * - the debts of later periods or of none, a few an account, grouped here.
 * One query grouping every line by an expression of its period or date took 250-300 ms for 5,000 accounts of a
 * million; two such reads 80 + 100 ms (docs/BENCHMARKS.md «02.12.2026 (midday)»).
 * Returns the groups, and each account's new summary (its lines dated up to the day before the period; no history).
 */
async function loadBatch(
  q: Queryable, ctx: PenaltyContext, ledger: BatchLedger, leaveMonthOut: boolean,
): Promise<{ byAccount: Map<number, LedgerSums>; summaries: Map<number, LedgerSummary>; readWhole: number[] }> {
  const { lumpPeriod, dayBefore } = ledger;
  const grouped = new Map<number, AccountGroups>();
  const of = (accountId: number): AccountGroups => {
    let groups = grouped.get(accountId);
    if (!groups) {
      groups = {
        kept: { through: dayBefore, lumped: lumpPeriod, billed: new Map(), paid: null, history: null },
        later: { billed: new Map(), paid: new Map() },
      };
      grouped.set(accountId, groups);
    }
    return groups;
  };
  const add = (accountId: number, line: { payment: boolean; period: string | null; date: string; kopecks: bigint }): void => {
    if (line.date > ctx.periodEnd) return;
    const groups = of(accountId);
    const month = line.period ?? line.date.slice(0, 7);
    const key = month > lumpPeriod ? month : lumpPeriod;
    if (line.date <= dayBefore) {
      if (line.payment) groups.kept.paid = (groups.kept.paid ?? 0n) + line.kopecks;
      else addTo(groups.kept.billed, key, line.kopecks, line.date);
    } else if (line.payment) addTo(groups.later.paid, line.date, line.kopecks, line.date);
    else addTo(groups.later.billed, key, line.kopecks, line.date);
  };

  // Accounts whose summary holds: the summary, lumped as this period lumps.
  for (const [accountId, summary] of ledger.summaries) {
    const kept = of(accountId).kept;
    for (const [period, group] of summary.billed) addTo(kept.billed, period > lumpPeriod ? period : lumpPeriod, group.kopecks, group.last);
    kept.paid = summary.paid;
  }
  // The others' lines before the period, read whole.
  const whole = ledger.accounts.filter((id) => !ledger.summaries.has(id));
  if (whole.length > 0) {
    // The whole batch as a range when every account is read whole (a first close); else a range per account.
    const accountsIn = whole.length === ledger.accounts.length ? 'account_id BETWEEN :lo AND :hi' : 'account_id IN (:whole)';
    const params = { lo: ledger.lo, hi: ledger.hi, whole, dayBefore, lumpPeriod };
    const old: { account_id: number | string; debt_lines: number | string; debt: string | null; debt_last: string | null; paid_lines: number | string; paid: string | null }[] = await run(
      q,
      `SELECT account_id,
         SUM(kind <> 'PAYMENT') AS debt_lines, SUM(IF(kind = 'PAYMENT', 0, amount)) AS debt,
         DATE_FORMAT(MAX(IF(kind = 'PAYMENT', NULL, date)), '%Y-%m-%d') AS debt_last,
         SUM(kind = 'PAYMENT') AS paid_lines, SUM(IF(kind = 'PAYMENT', amount, 0)) AS paid
       FROM ledger_entries
       WHERE ${accountsIn} AND date <= :dayBefore
         AND ((kind IN ('CHARGE', 'RECALCULATION') AND period <= :lumpPeriod) OR kind = 'PAYMENT')
       GROUP BY account_id`,
      params,
    );
    const recent: { account_id: number | string; period: string | null; date: string; amount: string }[] = await run(
      q,
      `SELECT account_id, period, DATE_FORMAT(date, '%Y-%m-%d') AS date, amount
       FROM ledger_entries
       WHERE ${accountsIn} AND date <= :dayBefore
         AND kind IN ('CHARGE', 'RECALCULATION') AND (period > :lumpPeriod OR period IS NULL)`,
      params,
    );
    for (const row of old) {
      const kept = of(Number(row.account_id)).kept;
      if (Number(row.debt_lines) > 0) addTo(kept.billed, lumpPeriod, toKopecks(String(row.debt)), String(row.debt_last));
      if (Number(row.paid_lines) > 0) kept.paid = (kept.paid ?? 0n) + toKopecks(String(row.paid));
    }
    for (const row of recent) add(Number(row.account_id), { payment: false, period: row.period, date: row.date, kopecks: toKopecks(String(row.amount)) });
  }
  // Every account's lines after its summary (or after the day before the period).
  let n = 0;
  for (const [accountId, lines] of ledger.tails) {
    for (const line of lines) add(accountId, { payment: line.kind === 'PAYMENT', period: line.period, date: line.date, kopecks: line.kopecks });
    if (++n % BREATH_EVERY === 0) await breathe();
  }

  const byAccount = new Map<number, LedgerSums>();
  const summaries = new Map<number, LedgerSummary>();
  // The batch's billed periods are a few dozen: each one's due date worked out once.
  const dueDates = new Map<string, string>();
  const dueOnOf = (period: string): string => {
    let dueOn = dueDates.get(period);
    if (dueOn === undefined) dueDates.set(period, (dueOn = dueDateOf(period, ctx.dueDay)));
    return dueOn;
  };
  for (const accountId of ledger.accounts) {
    if (++n % BREATH_EVERY === 0) await breathe();
    const groups = grouped.get(accountId);
    // Every account of the batch gets its summary, an empty one too: an earlier one of it is replaced.
    summaries.set(accountId, groups?.kept ?? { through: dayBefore, lumped: lumpPeriod, billed: new Map(), paid: null, history: null });
    if (!groups) continue;
    const billed = new Map<string, Group>();
    for (const [period, group] of groups.kept.billed) addTo(billed, period, group.kopecks, group.last);
    for (const [period, group] of groups.later.billed) addTo(billed, period, group.kopecks, group.last);
    const sums: LedgerSums = { debts: [], payments: [] };
    for (const [period, group] of billed) {
      // The month's own group: neutral once the close has charged the month (the module's comment).
      if (leaveMonthOut && period === ctx.period) continue;
      // A period summing below zero counts as a payment on its last line's date.
      if (group.kopecks < 0n) sums.payments.push({ kopecks: -group.kopecks, paidOn: group.last });
      else sums.debts.push({ kopecks: group.kopecks, dueOn: dueOnOf(period) });
    }
    // Payments are negative in the ledger; those before the period count on the day before it.
    if (groups.kept.paid !== null) sums.payments.push({ kopecks: -groups.kept.paid, paidOn: dayBefore });
    for (const [day, group] of groups.later.paid) sums.payments.push({ kopecks: -group.kopecks, paidOn: day });
    if (sums.debts.length || sums.payments.length) byAccount.set(accountId, sums);
  }
  return { byAccount, summaries, readWhole: whole };
}

/**
 * False when no penalty can accrue: no debt is due 31 days before the period ends, or what was paid
 * before the period covers every such debt (FIFO pays the oldest first). Saves computing most accounts.
 */
function mayBearPenalty(sums: LedgerSums, latestDue: string, periodStart: string): boolean {
  let overdue = 0n;
  for (const d of sums.debts) if (d.dueOn <= latestDue) overdue += d.kopecks;
  if (overdue === 0n) return false;
  let paid = 0n;
  for (const p of sums.payments) if (p.paidOn < periodStart) paid += p.kopecks;
  return paid < overdue;
}

export interface PenaltyBatchOptions {
  /** Accounts whose month the billing system's import charged: the import's month, penalties included. */
  leftToImport?: ReadonlySet<number>;
  /**
   * True when the close charges the month of every account in the batch (any supply priced), so the month's
   * lines, whatever is there before the close, bear nothing in it: the read may run before the charges are written.
   */
  monthChargedByClose?: boolean;
  /** What the close read of the batch's ledger (close-ledger.ts); read here when not given. */
  ledger?: BatchLedger;
  step?: StepTimer;
}

/** What penaltyLines read of a batch: its penalty lines, not yet written, and each account's summary to keep. */
export interface PenaltyBatch {
  /** One row per account that owes a penalty. */
  lines: unknown[][];
  /** Each account's lines dated before the period, summed (ledger-summaries.ts; no history), with the changes read to make them. */
  summaries: Map<number, LedgerSummary>;
  changesRead: number[];
  /** The accounts read over their whole ledger (no summary of theirs held); the others were read from their summary on. */
  readWhole: number[];
}

/** The penalty lines of the accounts lo..hi for the days of the period (one row per account that owes one), not yet written. */
export async function penaltyLines(q: Queryable, ctx: PenaltyContext, lo: number, hi: number, options: PenaltyBatchOptions = {}): Promise<PenaltyBatch> {
  const step: StepTimer = options.step ?? ((_, work) => work());
  const ledger = options.ledger ?? (await readBatchLedger(q, ctx.periodStart, ctx.dueDay, lo, hi));
  const { byAccount, summaries, readWhole } = await step('penalties.read', () => loadBatch(q, ctx, ledger, options.monthChargedByClose === true));
  for (const id of options.leftToImport ?? []) byAccount.delete(id);
  // Only debts due at least 31 days before the period's end can bear a penalty in it.
  const latestDue = addDays(ctx.periodEnd, -(PENALTY_FREE_DAYS + 1));
  const lines: unknown[][] = [];
  let n = 0;
  for (const [accountId, sums] of byAccount) {
    if (++n % BREATH_EVERY === 0) await breathe();
    if (!mayBearPenalty(sums, latestDue, ctx.periodStart)) continue;
    const penalty = penaltyOfKopecks(sums.debts, sums.payments, ctx.periodStart, ctx.periodEnd, ctx.rates);
    if (penalty.amount === '0.00') continue;
    lines.push([accountId, ctx.periodEnd, LedgerEntryKind.PENALTY, ctx.period, penaltyDescription(penalty), penalty.amount, `${penaltyExternalIdPrefix(ctx.period)}${accountId}`]);
  }
  return { lines, summaries, changesRead: ledger.changesRead, readWhole };
}

/**
 * Each account's summary of its lines dated before the period (no history), as penaltyLines makes them, and the
 * accounts read whole to make them: the summaries readied ahead of a close (summaries-ahead.ts).
 */
export async function batchSummaries(q: Queryable, ctx: PenaltyContext, ledger: BatchLedger): Promise<{ summaries: Map<number, LedgerSummary>; readWhole: number[] }> {
  const { summaries, readWhole } = await loadBatch(q, ctx, ledger, false);
  return { summaries, readWhole };
}

/**
 * Reads and writes the penalties of the accounts lo..hi for the days of the period, but for those whose month the
 * import charged, and keeps their summaries (without a history: the next close reads that whole): in the caller's
 * transaction.
 */
export async function accruePenalties(q: Queryable, ctx: PenaltyContext, lo: number, hi: number, options: PenaltyBatchOptions = {}): Promise<void> {
  const batch = await penaltyLines(q, ctx, lo, hi, options);
  await insertPenaltyLines(q, batch.lines);
  await keepSummaries(q, batch.summaries, batch.changesRead);
}

/** Writes the lines penaltyLines gave; a line already there (a close that runs again) stays as it is. */
export async function insertPenaltyLines(q: Queryable, rows: unknown[][]): Promise<void> {
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
    const chunk = rows.slice(i, i + INSERT_CHUNK);
    await q.query(
      `INSERT INTO ledger_entries (account_id, date, kind, period, description, amount, external_id)
       VALUES ${chunk.map(() => '(?, ?, ?, ?, ?, ?, ?)').join(', ')}
       ON DUPLICATE KEY UPDATE id = id`,
      chunk.flat(),
    );
  }
}
