/**
 * The month close's penalty read (penalty-accrual.ts, loadBatch) on real MySQL, against the rule written out
 * line by line: random accounts with random ledgers — charges and recalculations of 30 months (some without a
 * period, some months summing below zero), payments before, during and after the month, lines dated after it —
 * are given their penalties by accruePenalties, and each account's line must be what penaltyFor gives for:
 *   - the groups of DOMAIN.md and penalty-accrual.ts computed here from the plain lines (debts per billed period,
 *     those of periods up to lumpedUpTo summed into one; payments per day, those before the month on the day
 *     before it; a period summing below zero a payment on its last line's date): the same amount and wording;
 *   - and, as to the amount, every billed period and every payment day on its own (the lumping is exact).
 * And the close's order: it reads the penalties before it writes the month's own lines (penaltyLines with
 * monthChargedByClose), which must give the lines the read after them gives.
 * A failure names its seed: PENALTY_READ_SEED=<seed> replays it.
 */
import { accruePenalties, penaltyExternalIdPrefix, penaltyLines, type PenaltyContext } from '../../src/billing/penalty-accrual';
import { penaltyDescription } from '../../src/billing/descriptions';
import { penaltyFor } from '../../src/billing/penalty';
import { addDays, nextPeriod, periodEnd, previousPeriod } from '../../src/common/calendar';
import { fromKopecks } from '../../src/money';
import { createTestDatabase, type TestDatabase } from '../support/test-db';
import { makeAccount } from './helpers';
import { groups as groupsOf, rng, type Line } from './penalty-model';

const PERIOD = '2026-10';
const ctx: PenaltyContext = {
  period: PERIOD,
  periodStart: `${PERIOD}-01`,
  periodEnd: periodEnd(PERIOD),
  dueDay: 10,
  rates: { keyRatePercent: '16.5', capPercent: '9.5', capUntil: '2026-10-20' },
};

function randomLedger(r: ReturnType<typeof rng>): Line[] {
  const lines: Line[] = [];
  let period = '2024-05';
  while (period <= PERIOD) {
    const start = `${period}-01`;
    if (r.chance(0.9)) {
      for (let i = r.int(1, 3); i > 0; i--) {
        lines.push({ kind: 'CHARGE', period: r.chance(0.05) ? null : period, date: addDays(start, r.int(0, 45)), kopecks: BigInt(r.int(1, 300_000)) });
      }
    }
    // A recalculation of the month, now and then larger than its charges: the month sums below zero.
    if (r.chance(0.15)) lines.push({ kind: 'RECALCULATION', period, date: addDays(start, r.int(20, 60)), kopecks: -BigInt(r.int(1, 600_000)) });
    if (r.chance(0.35)) lines.push({ kind: 'PAYMENT', period: null, date: addDays(start, r.int(0, 30)), kopecks: -BigInt(r.int(1, 900_000)) });
    period = nextPeriod(period);
  }
  // Payments during the month (two on one day now and then) and after it (not counted).
  for (let i = r.int(0, 3); i > 0; i--) lines.push({ kind: 'PAYMENT', period: null, date: addDays(ctx.periodStart, r.int(0, 30)), kopecks: -BigInt(r.int(1, 500_000)) });
  if (r.chance(0.2)) lines.push({ kind: 'PAYMENT', period: null, date: ctx.periodStart, kopecks: -BigInt(r.int(1, 50_000)) });
  if (r.chance(0.3)) lines.push({ kind: 'PAYMENT', period: null, date: addDays(ctx.periodEnd, r.int(1, 20)), kopecks: -BigInt(r.int(1, 500_000)) });
  return lines;
}

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});

afterAll(async () => {
  await database?.drop();
});

it('each account’s penalty is the rule applied to its plain lines (random ledgers, lumping exact)', async () => {
  const seed = Number(process.env.PENALTY_READ_SEED ?? Date.now() % 1_000_000);
  const r = rng(seed);
  const db = database.db;
  const ledgers = new Map<number, Line[]>();
  for (let i = 0; i < 150; i++) ledgers.set(await makeAccount(db, 1), randomLedger(r));
  const rows = [...ledgers].flatMap(([accountId, lines]) =>
    lines.map((l) => [accountId, l.date, l.kind, l.period, l.kind === 'PAYMENT' ? 'Оплата' : 'Начислено', fromKopecks(l.kopecks)]),
  );
  await db.query(`INSERT INTO ledger_entries (account_id, date, kind, period, description, amount) VALUES ${rows.map(() => '(?, ?, ?, ?, ?, ?)').join(', ')}`, rows.flat());
  const ids = [...ledgers.keys()];
  await accruePenalties(db, ctx, Math.min(...ids), Math.max(...ids));

  const written: { account_id: number; amount: string; description: string }[] = await db.query(
    'SELECT account_id, amount, description FROM ledger_entries WHERE external_id LIKE ?',
    [`${penaltyExternalIdPrefix(PERIOD)}%`],
  );
  const byAccount = new Map(written.map((w) => [Number(w.account_id), w]));
  const mismatches: string[] = [];
  let accrued = 0;
  for (const [accountId, lines] of ledgers) {
    const lumped = groupsOf(lines, ctx, true);
    const expected = penaltyFor(lumped.debts, lumped.payments, ctx.periodStart, ctx.periodEnd, ctx.rates);
    const plain = groupsOf(lines, ctx, false);
    const unlumped = penaltyFor(plain.debts, plain.payments, ctx.periodStart, ctx.periodEnd, ctx.rates);
    const line = byAccount.get(accountId);
    const got = line ? { amount: String(line.amount), description: line.description } : { amount: '0.00', description: '' };
    const want = expected.amount === '0.00' ? { amount: '0.00', description: '' } : { amount: expected.amount, description: penaltyDescription(expected) };
    if (got.amount !== want.amount || got.description !== want.description) mismatches.push(`account ${accountId}: ${JSON.stringify(got)} ≠ ${JSON.stringify(want)}`);
    if (unlumped.amount !== expected.amount) mismatches.push(`account ${accountId}: lumped ${expected.amount} ≠ line by line ${unlumped.amount}`);
    if (want.amount !== '0.00') accrued++;
  }
  expect({ seed, mismatches }).toEqual({ seed, mismatches: [] });
  // The data draws penalties for many accounts, not for all: both branches are exercised.
  expect(accrued).toBeGreaterThan(20);
  expect(accrued).toBeLessThan(ledgers.size);
});

it('read before the month’s own lines are written (as the close does), the penalties are those read after them', async () => {
  const seed = Number(process.env.PENALTY_READ_SEED ?? Date.now() % 1_000_000);
  const r = rng(seed);
  const db = database.db;
  const ledgers = new Map<number, Line[]>();
  for (let i = 0; i < 150; i++) {
    const lines = randomLedger(r);
    // Lines of the month written before the close: now and then a credit inside it (a payment on its day, were
    // the month's group kept without the close's lines), now and then a charge.
    if (r.chance(0.4)) lines.push({ kind: 'RECALCULATION', period: PERIOD, date: addDays(ctx.periodStart, r.int(0, 25)), kopecks: -BigInt(r.int(1, 900_000)) });
    if (r.chance(0.2)) lines.push({ kind: 'CHARGE', period: PERIOD, date: addDays(ctx.periodStart, r.int(0, 25)), kopecks: BigInt(r.int(1, 300_000)) });
    ledgers.set(await makeAccount(db, 1), lines);
  }
  const insert = async (rows: unknown[][]) =>
    db.query(`INSERT INTO ledger_entries (account_id, date, kind, period, description, amount) VALUES ${rows.map(() => '(?, ?, ?, ?, ?, ?)').join(', ')}`, rows.flat());
  await insert([...ledgers].flatMap(([accountId, lines]) => lines.map((l) => [accountId, l.date, l.kind, l.period, 'Строка', fromKopecks(l.kopecks)])));
  const ids = [...ledgers.keys()];
  const [lo, hi] = [Math.min(...ids), Math.max(...ids)];
  const byAccount = (rows: unknown[][]) => new Map(rows.map((row) => [Number(row[0]), `${row[5]} ${row[4]}`]));

  const before = byAccount((await penaltyLines(db, ctx, lo, hi, { monthChargedByClose: true })).lines);
  const keptMonth = byAccount((await penaltyLines(db, ctx, lo, hi, { monthChargedByClose: false })).lines);
  // The close's lines: a charge per supply (at times zero) and at times a recalculation larger than them, all
  // billed for the month and dated its last day.
  const closeLines = ids.flatMap((accountId) => [
    [accountId, ctx.periodEnd, 'CHARGE', PERIOD, 'Начислено', fromKopecks(BigInt(r.int(0, 200_000)))],
    [accountId, ctx.periodEnd, 'CHARGE', PERIOD, 'Начислено', fromKopecks(BigInt(r.int(0, 200_000)))],
    ...(r.chance(0.3) ? [[accountId, ctx.periodEnd, 'RECALCULATION', PERIOD, 'Перерасчёт', fromKopecks(-BigInt(r.int(1, 900_000)))]] : []),
  ]);
  await insert(closeLines);
  const after = byAccount((await penaltyLines(db, ctx, lo, hi)).lines);

  const mismatches = ids.filter((id) => before.get(id) !== after.get(id)).map((id) => `account ${id}: ${before.get(id)} ≠ ${after.get(id)}`);
  expect({ seed, mismatches }).toEqual({ seed, mismatches: [] });
  expect(after.size).toBeGreaterThan(20);
  // The month's group must be left out: kept, a credit written inside the month would count as a payment.
  expect({ seed, differ: ids.some((id) => keptMonth.get(id) !== after.get(id)) }).toEqual({ seed, differ: true });
});
