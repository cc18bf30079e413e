/**
 * Penalties of one batch of accounts for a month's close: the batch's debts and payments are
 * read in one query, each account's penalty for the days of the period is computed by the
 * pure penaltyFor, and the lines are written in multi-row INSERTs, at most one per account
 * (external_id penalty:<period>:<accountId>, recorded once).
 *
 * Debts are the CHARGE and RECALCULATION amounts of each period (due on the configured day of
 * the following month); a period whose lines sum below zero (a recalculation in the subscriber's
 * favour) counts as a payment on its last line's date. Penalties bear no penalty.
 */
import { addDays } from '../common/calendar';
import { LedgerEntryKind } from '../common/enums';
import { penaltyDescription } from './descriptions';
import { dueDateOf, penaltyFor, PENALTY_FREE_DAYS, type PenaltyDebt, type PenaltyPayment, type PenaltyRates } from './penalty';
import { run, type Queryable } from './sql-params';

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

async function loadBatch(q: Queryable, ctx: PenaltyContext, lo: number, hi: number): Promise<Map<number, LedgerSums>> {
  // One pass over the batch's lines: debts summed per billed period, payments per day.
  const rows: { account_id: number | string; type: 'DEBT' | 'PAYMENT'; period: string | null; date: string; amount: string }[] = await run(
    q,
    `SELECT account_id, type, billed_period AS period, DATE_FORMAT(MAX(date), '%Y-%m-%d') AS date, SUM(amount) AS amount
     FROM (
       SELECT account_id, date,
         CASE WHEN kind = 'PAYMENT' THEN 'PAYMENT' ELSE 'DEBT' END AS type,
         CASE WHEN kind = 'PAYMENT' THEN -amount ELSE amount END AS amount,
         CASE WHEN kind = 'PAYMENT' THEN DATE_FORMAT(date, '%Y-%m-%d') ELSE COALESCE(period, DATE_FORMAT(date, '%Y-%m')) END AS billed_period
       FROM ledger_entries
       WHERE account_id BETWEEN :lo AND :hi AND kind IN ('CHARGE', 'RECALCULATION', 'PAYMENT') AND date <= :periodEnd
     ) d
     GROUP BY account_id, type, billed_period`,
    { lo, hi, periodEnd: ctx.periodEnd },
  );
  const byAccount = new Map<number, LedgerSums>();
  for (const row of rows) {
    const id = Number(row.account_id);
    let sums = byAccount.get(id);
    if (!sums) byAccount.set(id, (sums = { debts: [], payments: [] }));
    const amount = String(row.amount);
    if (row.type === 'PAYMENT') sums.payments.push({ amount, paidOn: row.date });
    else if (amount.startsWith('-')) sums.payments.push({ amount: amount.slice(1), paidOn: row.date });
    else sums.debts.push({ amount, dueOn: dueDateOf(row.period!, ctx.dueDay) });
  }
  return byAccount;
}

/** Accrues the penalties of the accounts lo..hi for the days of the period. */
export async function accruePenalties(q: Queryable, ctx: PenaltyContext, lo: number, hi: number): Promise<void> {
  const batch = await loadBatch(q, ctx, lo, hi);
  // Only debts due at least 31 days before the period's end can bear a penalty in it.
  const latestDue = addDays(ctx.periodEnd, -(PENALTY_FREE_DAYS + 1));
  const rows: unknown[][] = [];
  for (const [accountId, sums] of batch) {
    if (!sums.debts.some((d) => d.dueOn <= latestDue)) continue;
    const penalty = penaltyFor(sums.debts, sums.payments, ctx.periodStart, ctx.periodEnd, ctx.rates);
    if (penalty.amount === '0.00') continue;
    rows.push([accountId, ctx.periodEnd, LedgerEntryKind.PENALTY, ctx.period, penaltyDescription(penalty), penalty.amount, `${penaltyExternalIdPrefix(ctx.period)}${accountId}`]);
  }
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
    const chunk = rows.slice(i, i + INSERT_CHUNK);
    // A line already there (a close that runs again) stays as it is.
    await q.query(
      `INSERT INTO ledger_entries (account_id, date, kind, period, description, amount, external_id)
       VALUES ${chunk.map(() => '(?, ?, ?, ?, ?, ?, ?)').join(', ')}
       ON DUPLICATE KEY UPDATE id = id`,
      chunk.flat(),
    );
  }
}
