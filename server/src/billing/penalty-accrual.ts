/**
 * Penalties of one batch of accounts for a month's close: the batch's debts and payments are
 * read in one query, each account's penalty for the days of the period is computed by the
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
import { toKopecks } from '../money';
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

async function loadBatch(q: Queryable, ctx: PenaltyContext, lo: number, hi: number, leaveMonthOut: boolean): Promise<Map<number, LedgerSums>> {
  const lumpPeriod = lumpedUpTo(ctx.periodStart, ctx.dueDay);
  // One pass over the batch's lines (index-only, ix_ledger_account_cover): debts summed per billed
  // period (older ones in one), payments per day (earlier ones in one, on the day before the period).
  const rows: { account_id: number | string; is_payment: number | string; grp: string; date: string; amount: string }[] = await run(
    q,
    `SELECT account_id, kind = 'PAYMENT' AS is_payment,
       CASE WHEN kind = 'PAYMENT' THEN DATE_FORMAT(GREATEST(date, CAST(:dayBefore AS DATE)), '%Y-%m-%d')
         ELSE GREATEST(COALESCE(period, DATE_FORMAT(date, '%Y-%m')), :lumpPeriod) END AS grp,
       DATE_FORMAT(MAX(date), '%Y-%m-%d') AS date, SUM(amount) AS amount
     FROM ledger_entries
     WHERE account_id BETWEEN :lo AND :hi AND kind IN ('CHARGE', 'RECALCULATION', 'PAYMENT') AND date <= :periodEnd
     GROUP BY account_id, is_payment, grp`,
    { lo, hi, periodEnd: ctx.periodEnd, dayBefore: addDays(ctx.periodStart, -1), lumpPeriod },
  );
  const byAccount = new Map<number, LedgerSums>();
  for (const row of rows) {
    const id = Number(row.account_id);
    // The month's own group: neutral once the close has charged the month (the module's comment).
    if (leaveMonthOut && Number(row.is_payment) === 0 && row.grp === ctx.period) continue;
    let sums = byAccount.get(id);
    if (!sums) byAccount.set(id, (sums = { debts: [], payments: [] }));
    const amount = String(row.amount);
    const negative = amount.startsWith('-');
    // Payments are negative in the ledger; a period summing below zero counts as a payment too.
    if (Number(row.is_payment) === 1) sums.payments.push({ amount: negative ? amount.slice(1) : `-${amount}`, paidOn: row.grp });
    else if (negative) sums.payments.push({ amount: amount.slice(1), paidOn: row.date });
    else sums.debts.push({ amount, dueOn: dueDateOf(row.grp, ctx.dueDay) });
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
