/**
 * Penalties of one batch of accounts for a month's close: the batch's debts and payments are
 * read in two queries (loadBatch), each account's penalty for the days of the period is computed by the
 * pure penaltyFor, and the lines are written in multi-row INSERTs, at most one per account
 * (external_id penalty:<period>:<accountId>, recorded once).
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
import { addDays, previousPeriod } from '../common/calendar';
import { LedgerEntryKind } from '../common/enums';
import { penaltyDescription } from './descriptions';
import { dueDateOf, penaltyFor, PENALTY_1_300_LAST_DAY, PENALTY_FREE_DAYS, type PenaltyDebt, type PenaltyPayment, type PenaltyRates } from './penalty';
import { fromKopecks, toKopecks } from '../money';
import { run, type Queryable } from './sql-params';
import type { StepTimer } from './close-volumes';

export interface PenaltyContext {
  period: string;
  periodStart: string;
  periodEnd: string;
  dueDay: number;
  rates: PenaltyRates;
}

export const penaltyExternalIdPrefix = (period: string) => `penalty:${period}:`;

const INSERT_CHUNK = 1000;

interface LedgerSums {
  debts: PenaltyDebt[];
  payments: PenaltyPayment[];
}

/**
 * Debts of periods up to this one were due at least 91 days before the period starts: they bear
 * 1/130 on every day of it, so they are summed into one debt (exact: FIFO takes them one after the
 * other and the penalty is linear in each).
 */
export function lumpedUpTo(periodStart: string, dueDay: number): string {
  const latestDue = addDays(periodStart, -(PENALTY_1_300_LAST_DAY + 1));
  let period = previousPeriod(periodStart.slice(0, 7));
  while (dueDateOf(period, dueDay) > latestDue) period = previousPeriod(period);
  return period;
}

/** One group of an account's lines: a billed period's debts, or a day's payments; kopecks as the ledger signs them. */
interface Group {
  kopecks: bigint;
  /** The group's last line's date (a period summing below zero is a payment on it). */
  last: string;
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
 * The batch's debts and payments as penaltyFor takes them: debts summed per billed period, those of periods up to
 * lumpedUpTo in one; payments per day, those before the period in one on the day before it.
 *
 * Two reads of ix_ledger_account_cover (index-only), each a range of the batch's accounts:
 * - the old lines, summed per account in the index's order (no temporary table): the debts billed for periods up
 *   to the lumped one and the payments before the period — most of an account's lines, two sums;
 * - the recent lines as they are (debts of later periods or of none, payments from the period's first day), about
 *   five an account, grouped here.
 * One query grouping every line by an expression of its period or date took 250-300 ms for 5,000 accounts of a
 * million; the two take 80 + 100 ms (docs/BENCHMARKS.md «02.12.2026 (midday)»). A line without a period counts in its date's month,
 * which may be a lumped one: the recent read takes it, and it is added to the lumped group here.
 */
async function loadBatch(q: Queryable, ctx: PenaltyContext, lo: number, hi: number, leaveMonthOut: boolean): Promise<Map<number, LedgerSums>> {
  const lumpPeriod = lumpedUpTo(ctx.periodStart, ctx.dueDay);
  const dayBefore = addDays(ctx.periodStart, -1);
  const params = { lo, hi, periodEnd: ctx.periodEnd, dayBefore, lumpPeriod };
  const old: { account_id: number | string; debt_lines: number | string; debt: string | null; debt_last: string | null; paid_lines: number | string; paid: string | null }[] = await run(
    q,
    `SELECT account_id,
       SUM(kind <> 'PAYMENT') AS debt_lines, SUM(IF(kind = 'PAYMENT', 0, amount)) AS debt,
       DATE_FORMAT(MAX(IF(kind = 'PAYMENT', NULL, date)), '%Y-%m-%d') AS debt_last,
       SUM(kind = 'PAYMENT') AS paid_lines, SUM(IF(kind = 'PAYMENT', amount, 0)) AS paid
     FROM ledger_entries
     WHERE account_id BETWEEN :lo AND :hi AND date <= :periodEnd
       AND ((kind IN ('CHARGE', 'RECALCULATION') AND period <= :lumpPeriod) OR (kind = 'PAYMENT' AND date <= :dayBefore))
     GROUP BY account_id`,
    params,
  );
  const recent: { account_id: number | string; is_payment: number | string; period: string | null; date: string; amount: string }[] = await run(
    q,
    `SELECT account_id, kind = 'PAYMENT' AS is_payment, period, DATE_FORMAT(date, '%Y-%m-%d') AS date, amount
     FROM ledger_entries
     WHERE account_id BETWEEN :lo AND :hi AND date <= :periodEnd
       AND ((kind IN ('CHARGE', 'RECALCULATION') AND (period > :lumpPeriod OR period IS NULL)) OR (kind = 'PAYMENT' AND date > :dayBefore))`,
    params,
  );
  const grouped = new Map<number, { billed: Map<string, Group>; paid: Map<string, Group> }>();
  const of = (accountId: number) => {
    let groups = grouped.get(accountId);
    if (!groups) grouped.set(accountId, (groups = { billed: new Map(), paid: new Map() }));
    return groups;
  };
  for (const row of old) {
    const groups = of(Number(row.account_id));
    if (Number(row.debt_lines) > 0) addTo(groups.billed, lumpPeriod, toKopecks(String(row.debt)), String(row.debt_last));
    if (Number(row.paid_lines) > 0) addTo(groups.paid, dayBefore, toKopecks(String(row.paid)), dayBefore);
  }
  for (const row of recent) {
    const groups = of(Number(row.account_id));
    if (Number(row.is_payment) === 1) addTo(groups.paid, row.date, toKopecks(String(row.amount)), row.date);
    else {
      const month = row.period ?? row.date.slice(0, 7);
      addTo(groups.billed, month > lumpPeriod ? month : lumpPeriod, toKopecks(String(row.amount)), row.date);
    }
  }
  const byAccount = new Map<number, LedgerSums>();
  for (const [accountId, { billed, paid }] of grouped) {
    const sums: LedgerSums = { debts: [], payments: [] };
    for (const [period, group] of billed) {
      // The month's own group: neutral once the close has charged the month (the module's comment).
      if (leaveMonthOut && period === ctx.period) continue;
      // A period summing below zero counts as a payment on its last line's date.
      if (group.kopecks < 0n) sums.payments.push({ amount: fromKopecks(-group.kopecks), paidOn: group.last });
      else sums.debts.push({ amount: fromKopecks(group.kopecks), dueOn: dueDateOf(period, ctx.dueDay) });
    }
    // Payments are negative in the ledger.
    for (const [day, group] of paid) sums.payments.push({ amount: fromKopecks(-group.kopecks), paidOn: day });
    if (sums.debts.length || sums.payments.length) byAccount.set(accountId, sums);
  }
  return byAccount;
}

/**
 * False when no penalty can accrue: no debt is due 31 days before the period ends, or what was paid
 * before the period covers every such debt (FIFO pays the oldest first). Saves computing most accounts.
 */
function mayBearPenalty(sums: LedgerSums, latestDue: string, periodStart: string): boolean {
  let overdue = 0n;
  for (const d of sums.debts) if (d.dueOn <= latestDue) overdue += toKopecks(d.amount);
  if (overdue === 0n) return false;
  let paid = 0n;
  for (const p of sums.payments) if (p.paidOn < periodStart) paid += toKopecks(p.amount);
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
  step?: StepTimer;
}

/** The penalty lines of the accounts lo..hi for the days of the period (one row per account that owes one), not yet written. */
export async function penaltyLines(q: Queryable, ctx: PenaltyContext, lo: number, hi: number, options: PenaltyBatchOptions = {}): Promise<unknown[][]> {
  const step: StepTimer = options.step ?? ((_, work) => work());
  const batch = await step('penalties.read', () => loadBatch(q, ctx, lo, hi, options.monthChargedByClose === true));
  for (const id of options.leftToImport ?? []) batch.delete(id);
  // Only debts due at least 31 days before the period's end can bear a penalty in it.
  const latestDue = addDays(ctx.periodEnd, -(PENALTY_FREE_DAYS + 1));
  const rows: unknown[][] = [];
  for (const [accountId, sums] of batch) {
    if (!mayBearPenalty(sums, latestDue, ctx.periodStart)) continue;
    const penalty = penaltyFor(sums.debts, sums.payments, ctx.periodStart, ctx.periodEnd, ctx.rates);
    if (penalty.amount === '0.00') continue;
    rows.push([accountId, ctx.periodEnd, LedgerEntryKind.PENALTY, ctx.period, penaltyDescription(penalty), penalty.amount, `${penaltyExternalIdPrefix(ctx.period)}${accountId}`]);
  }
  return rows;
}

/** Reads and writes the penalties of the accounts lo..hi for the days of the period, but for those whose month the import charged. */
export async function accruePenalties(q: Queryable, ctx: PenaltyContext, lo: number, hi: number, options: PenaltyBatchOptions = {}): Promise<void> {
  await insertPenaltyLines(q, await penaltyLines(q, ctx, lo, hi, options));
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
