/**
 * The penalty rule written out line by line, for the tests of the close's penalty read (penalty-read.e2e,
 * ledger-summaries.e2e): the groups of DOMAIN.md and penalty-accrual.ts computed from an account's plain lines, and
 * a seeded random source so that a failing run can be replayed.
 */
import { lumpedUpTo, type PenaltyContext } from '../../src/billing/penalty-accrual';
import { penaltyDescription } from '../../src/billing/descriptions';
import { dueDateOf, penaltyFor, type PenaltyDebt, type PenaltyPayment } from '../../src/billing/penalty';
import { addDays } from '../../src/common/calendar';
import { fromKopecks } from '../../src/money';

export interface Line {
  kind: 'CHARGE' | 'RECALCULATION' | 'PAYMENT';
  date: string;
  period: string | null;
  kopecks: bigint;
}

/** mulberry32, seeded: a failing run can be replayed. */
export function rng(seed: number) {
  let state = seed;
  const next = () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)), chance: (p: number) => next() < p };
}

export type Random = ReturnType<typeof rng>;

const monthOf = (line: Line) => line.period ?? line.date.slice(0, 7);
const max = (a: string, b: string) => (a > b ? a : b);

/**
 * The groups penaltyFor is given, from the plain lines dated up to the period's end: `lump` sums the periods up to
 * lumpedUpTo and the payments before the month; `leaveMonthOut` drops the month's own group (the close charges it).
 */
export function groups(lines: Line[], ctx: PenaltyContext, lump: boolean, leaveMonthOut = false): { debts: PenaltyDebt[]; payments: PenaltyPayment[] } {
  const lumpPeriod = lumpedUpTo(ctx.periodStart, ctx.dueDay);
  const dayBefore = addDays(ctx.periodStart, -1);
  const billed = new Map<string, { kopecks: bigint; last: string }>();
  const paid = new Map<string, bigint>();
  for (const line of lines) {
    if (line.date > ctx.periodEnd) continue;
    if (line.kind === 'PAYMENT') {
      const day = lump ? max(line.date, dayBefore) : line.date;
      paid.set(day, (paid.get(day) ?? 0n) + line.kopecks);
    } else {
      const period = lump ? max(monthOf(line), lumpPeriod) : monthOf(line);
      const group = billed.get(period) ?? { kopecks: 0n, last: line.date };
      group.kopecks += line.kopecks;
      group.last = max(group.last, line.date);
      billed.set(period, group);
    }
  }
  const debts: PenaltyDebt[] = [];
  const payments: PenaltyPayment[] = [];
  for (const [period, g] of billed) {
    if (leaveMonthOut && period === ctx.period) continue;
    if (g.kopecks < 0n) payments.push({ amount: fromKopecks(-g.kopecks), paidOn: g.last });
    else debts.push({ amount: fromKopecks(g.kopecks), dueOn: dueDateOf(period, ctx.dueDay) });
  }
  for (const [day, kopecks] of paid) payments.push({ amount: fromKopecks(-kopecks), paidOn: day });
  return { debts, payments };
}

/** The penalty line the rule gives for the plain lines: its amount and wording ('0.00' and '' when none). */
export function expectedPenalty(lines: Line[], ctx: PenaltyContext, leaveMonthOut = false): { amount: string; description: string } {
  const { debts, payments } = groups(lines, ctx, true, leaveMonthOut);
  const penalty = penaltyFor(debts, payments, ctx.periodStart, ctx.periodEnd, ctx.rates);
  return penalty.amount === '0.00' ? { amount: '0.00', description: '' } : { amount: penalty.amount, description: penaltyDescription(penalty) };
}
