/**
 * The summaries the close keeps of each account's ledger (ledger-summaries.ts), over four closes in a row on real
 * MySQL: between two closes the ledger changes the way a utility's ledger does — payments of the new month, payments
 * of the closed month and of months long closed arriving late, recalculations of old months, charges without a
 * period, lines dated in the future, and lines deleted or corrected by hand — and every account's penalty must still
 * be what the rule gives for its plain lines (penalty-model.ts). An account is read over its whole ledger exactly when
 * a change other than the close's own is dated on or before its summary's day; the others are read from their summary.
 * A failure names its seed: LEDGER_SUMMARIES_SEED=<seed> replays it.
 */
import { insertPenaltyLines, penaltyExternalIdPrefix, penaltyLines, type PenaltyContext } from '../../src/billing/penalty-accrual';
import { keepSummaries, summariesToWrite } from '../../src/billing/ledger-summaries';
import { readBatchLedger } from '../../src/billing/close-ledger';
import { addDays, nextPeriod, periodEnd, previousPeriod } from '../../src/common/calendar';
import { fromKopecks } from '../../src/money';
import { createTestDatabase, type TestDatabase } from '../support/test-db';
import { makeAccount } from './helpers';
import { expectedPenalty, rng, type Line, type Random } from './penalty-model';

const FIRST = '2026-09';
const CLOSES = 4;

const contextOf = (period: string): PenaltyContext => ({
  period,
  periodStart: `${period}-01`,
  periodEnd: periodEnd(period),
  dueDay: 10,
  rates: { keyRatePercent: '16.5', capPercent: '9.5', capUntil: '2026-10-20' },
});

/** A line of the model, with the text that finds it in the table. */
interface ModelLine extends Line {
  tag: string;
  /** Written as the close writes its own lines (external_id close:…). */
  byClose?: boolean;
}

let database: TestDatabase;
let tags = 0;

beforeAll(async () => {
  database = await createTestDatabase();
});

afterAll(async () => {
  await database?.drop();
});

function history(r: Random, before: string): Line[] {
  const lines: Line[] = [];
  for (let period = '2024-09'; period < before; period = nextPeriod(period)) {
    const start = `${period}-01`;
    if (r.chance(0.9)) lines.push({ kind: 'CHARGE', period, date: periodEnd(period), kopecks: BigInt(r.int(1, 300_000)) });
    if (r.chance(0.05)) lines.push({ kind: 'CHARGE', period: null, date: addDays(start, r.int(0, 27)), kopecks: BigInt(r.int(1, 100_000)) });
    if (r.chance(0.12)) lines.push({ kind: 'RECALCULATION', period, date: periodEnd(period), kopecks: -BigInt(r.int(1, 600_000)) });
    if (r.chance(0.4)) lines.push({ kind: 'PAYMENT', period: null, date: addDays(start, r.int(0, 27)), kopecks: -BigInt(r.int(1, 900_000)) });
  }
  return lines;
}

it('four closes in a row: each penalty is the rule on the plain lines, and an account is read whole only after a change before its summary', async () => {
  const seed = Number(process.env.LEDGER_SUMMARIES_SEED ?? Date.now() % 1_000_000);
  const r = rng(seed);
  const db = database.db;
  const ledgers = new Map<number, ModelLine[]>();
  const write = async (accountId: number, lines: Line[], externalIds: (string | null)[] = lines.map(() => null)) => {
    if (lines.length === 0) return;
    const model = lines.map((l) => ({ ...l, tag: `L${++tags}` }));
    await db.query(
      `INSERT INTO ledger_entries (account_id, date, kind, period, description, amount, external_id) VALUES ${model.map(() => '(?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
      model.flatMap((l, i) => [accountId, l.date, l.kind, l.period, l.tag, fromKopecks(l.kopecks), externalIds[i]]),
    );
    ledgers.get(accountId)!.push(...model);
  };
  for (let i = 0; i < 120; i++) {
    const accountId = await makeAccount(db, 1);
    ledgers.set(accountId, []);
    // The months before the first close, and payments of that month.
    await write(accountId, [...history(r, FIRST), ...(r.chance(0.5) ? [{ kind: 'PAYMENT' as const, period: null, date: addDays(`${FIRST}-01`, r.int(0, 29)), kopecks: -BigInt(r.int(1, 400_000)) }] : [])]);
  }
  const ids = [...ledgers.keys()];
  const [lo, hi] = [Math.min(...ids), Math.max(...ids)];

  /** The day each account's summary holds up to, once it has one (the day before the month of the close that wrote it). */
  const through = new Map<number, string>();
  /** The accounts with a change, other than the close's own lines, dated on or before that day. */
  const changedBefore = new Set<number>();
  const mismatches: string[] = [];
  const readFromSummary: number[] = [];
  let period = FIRST;
  for (let close = 0; close < CLOSES; close++, period = nextPeriod(period)) {
    const ctx = contextOf(period);
    // The close: the read first, then the month's own lines, the penalties, and the summaries, in one transaction.
    const expected = new Map(ids.map((id) => [id, expectedPenalty(ledgers.get(id)!, ctx, true)]));
    const wholeExpected = ids.filter((id) => !through.has(id) || changedBefore.has(id)).sort((a, b) => a - b);
    let rewritten = new Set<number>();
    const batch = await db.transaction('READ COMMITTED', async (tx) => {
      const ledger = await readBatchLedger(tx, ctx.periodStart, ctx.dueDay, lo, hi);
      const read = await penaltyLines(tx, ctx, lo, hi, { ledger, monthChargedByClose: true });
      for (const accountId of ids) {
        const charge: Line = { kind: 'CHARGE', period, date: ctx.periodEnd, kopecks: BigInt(r.int(0, 300_000)) };
        const lines = [charge, ...(r.chance(0.15) ? [{ kind: 'RECALCULATION' as const, period, date: ctx.periodEnd, kopecks: -BigInt(r.int(1, 500_000)) }] : [])];
        const model = lines.map((l) => ({ ...l, tag: `L${++tags}`, byClose: true }));
        await tx.query(
          `INSERT INTO ledger_entries (account_id, date, kind, period, description, amount, external_id) VALUES ${model.map(() => '(?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
          model.flatMap((l, i) => [accountId, l.date, l.kind, l.period, l.tag, fromKopecks(l.kopecks), `close:${period}:${accountId}:COLD_WATER${i ? `:r${period}` : ''}`]),
        );
        ledgers.get(accountId)!.push(...model);
      }
      await insertPenaltyLines(tx, read.lines);
      // As the close: a summary that holds is written again every other close or so (summariesToWrite).
      const toWrite = summariesToWrite(read.summaries, ledger.summaries);
      rewritten = new Set(toWrite.keys());
      await keepSummaries(tx, toWrite, read.changesRead);
      return read;
    });
    expect({ seed, period, readWhole: [...batch.readWhole].sort((a, b) => a - b) }).toEqual({ seed, period, readWhole: wholeExpected });
    if (close > 0) readFromSummary.push(ids.length - batch.readWhole.length);
    const written: { account_id: number; amount: string; description: string }[] = await db.query(
      'SELECT account_id, amount, description FROM ledger_entries WHERE external_id LIKE ?',
      [`${penaltyExternalIdPrefix(period)}%`],
    );
    const byAccount = new Map(written.map((w) => [Number(w.account_id), { amount: String(w.amount), description: w.description }]));
    for (const id of ids) {
      const got = byAccount.get(id) ?? { amount: '0.00', description: '' };
      const want = expected.get(id)!;
      if (got.amount !== want.amount || got.description !== want.description) mismatches.push(`${period} account ${id}: ${JSON.stringify(got)} ≠ ${JSON.stringify(want)}`);
    }
    const [{ remaining }] = await db.query('SELECT COUNT(*) AS remaining FROM ledger_changes');
    expect({ period, remaining: Number(remaining) }).toEqual({ period, remaining: 0 });
    const dayBefore = addDays(ctx.periodStart, -1);
    for (const id of ids) if (rewritten.has(id)) through.set(id, dayBefore);
    if (close > 0) expect({ period, someRewritten: rewritten.size > 0 && rewritten.size < ids.length }).toEqual({ period, someRewritten: true });
    changedBefore.clear();

    // Until the next close: what a month of a utility's ledger brings.
    const next = nextPeriod(period);
    const note = (id: number, date: string) => {
      if (date <= through.get(id)!) changedBefore.add(id);
    };
    for (const id of ids) {
      const lines: Line[] = [];
      // Payments of the new month; late ones of the month closed (a bank's registry after the close) and, now and
      // then, of a month long closed; recalculations of an old month, dated now; a charge without a period; a line
      // dated after the next month.
      if (r.chance(0.6)) lines.push({ kind: 'PAYMENT', period: null, date: addDays(`${next}-01`, r.int(0, 27)), kopecks: -BigInt(r.int(1, 600_000)) });
      if (r.chance(0.25)) lines.push({ kind: 'PAYMENT', period: null, date: addDays(ctx.periodStart, r.int(0, 29)), kopecks: -BigInt(r.int(1, 600_000)) });
      if (r.chance(0.1)) lines.push({ kind: 'PAYMENT', period: null, date: addDays(ctx.periodStart, -r.int(1, 120)), kopecks: -BigInt(r.int(1, 300_000)) });
      if (r.chance(0.1)) lines.push({ kind: 'RECALCULATION', period: previousPeriod(previousPeriod(previousPeriod(period))), date: addDays(`${next}-01`, r.int(0, 20)), kopecks: BigInt(r.int(-300_000, 300_000)) });
      if (r.chance(0.05)) lines.push({ kind: 'CHARGE', period: null, date: addDays(ctx.periodStart, r.int(-60, 29)), kopecks: BigInt(r.int(1, 100_000)) });
      if (r.chance(0.05)) lines.push({ kind: 'PAYMENT', period: null, date: addDays(periodEnd(next), r.int(1, 60)), kopecks: -BigInt(r.int(1, 100_000)) });
      await write(id, lines);
      for (const line of lines) note(id, line.date);
      // A line deleted or corrected by hand, but not one of the close's.
      const own = ledgers.get(id)!.filter((l) => !l.byClose);
      if (r.chance(0.06) && own.length) {
        const line = own[r.int(0, own.length - 1)];
        await db.query('DELETE FROM ledger_entries WHERE description = ?', [line.tag]);
        ledgers.set(id, ledgers.get(id)!.filter((l) => l !== line));
        note(id, line.date);
      } else if (r.chance(0.06) && own.length) {
        const line = own[r.int(0, own.length - 1)];
        line.kopecks += BigInt(r.int(1, 50_000));
        await db.query('UPDATE ledger_entries SET amount = ? WHERE description = ?', [fromKopecks(line.kopecks), line.tag]);
        note(id, line.date);
      }
    }
  }
  expect({ seed, mismatches }).toEqual({ seed, mismatches: [] });
  // Most accounts were read from their summary after the first close; some (changes before it) whole again.
  expect(Math.min(...readFromSummary)).toBeGreaterThan(ids.length / 2);
});

it('a summary is not used once a line dated before it is written, changed or deleted; the close’s own lines leave it', async () => {
  const db = database.db;
  const accountId = await makeAccount(db, 1);
  const ctx = contextOf('2026-10');
  const insert = (date: string, kind: string, period: string | null, amount: string, externalId: string | null = null) =>
    db.query('INSERT INTO ledger_entries (account_id, date, kind, period, description, amount, external_id) VALUES (?, ?, ?, ?, ?, ?, ?)', [accountId, date, kind, period, 'Строка', amount, externalId]);
  await insert('2026-05-31', 'CHARGE', '2026-05', '900.00');
  await insert('2026-06-30', 'CHARGE', '2026-06', '900.00');
  const closeOnce = async (c: PenaltyContext) =>
    db.transaction('READ COMMITTED', async (tx) => {
      const read = await penaltyLines(tx, c, accountId, accountId, { monthChargedByClose: true });
      await keepSummaries(tx, read.summaries, read.changesRead);
      return { whole: read.readWhole.length, penalty: String(read.lines[0]?.[5] ?? '0.00') };
    });
  expect((await closeOnce(ctx)).whole).toBe(1);
  // The close's own lines of the month, and a payment dated after the summary's day: the summary holds.
  await insert(ctx.periodEnd, 'CHARGE', '2026-10', '500.00', `close:2026-10:${accountId}:COLD_WATER`);
  await insert(ctx.periodEnd, 'PENALTY', '2026-10', '10.00', `penalty:2026-10:${accountId}`);
  await insert('2026-11-05', 'PAYMENT', null, '-100.00');
  const november = contextOf('2026-11');
  const summarised = await closeOnce(november);
  expect(summarised.whole).toBe(0);
  // A payment of the summed months arriving late: the summary is not used, and the penalty counts the payment.
  await db.query('DELETE FROM ledger_summaries WHERE account_id = ?', [accountId]);
  await closeOnce(contextOf('2026-11'));
  await insert('2026-09-15', 'PAYMENT', null, '-1800.00');
  const late = await closeOnce(contextOf('2026-11'));
  expect(late.whole).toBe(1);
  expect(Number(late.penalty)).toBeLessThan(Number(summarised.penalty));
  // A correction by hand of a summed line: read whole again.
  await closeOnce(contextOf('2026-11'));
  expect((await closeOnce(contextOf('2026-11'))).whole).toBe(0);
  await db.query("UPDATE ledger_entries SET amount = '950.00' WHERE account_id = ? AND period = '2026-05'", [accountId]);
  expect((await closeOnce(contextOf('2026-11'))).whole).toBe(1);
  await db.query("DELETE FROM ledger_entries WHERE account_id = ? AND period = '2026-06'", [accountId]);
  expect((await closeOnce(contextOf('2026-11'))).whole).toBe(1);
  expect((await closeOnce(contextOf('2026-11'))).whole).toBe(0);
});

it('a line written is noted as a change unless it is the close’s own (close:… or penalty:…), whatever writes it', async () => {
  const db = database.db;
  const accountId = await makeAccount(db, 1);
  const insert = (date: string, kind: string, period: string | null, externalId: string | null) =>
    db.query('INSERT INTO ledger_entries (account_id, date, kind, period, description, amount, external_id) VALUES (?, ?, ?, ?, ?, ?, ?)', [accountId, date, kind, period, 'Строка', '100.00', externalId]);
  await insert('2026-10-31', 'CHARGE', '2026-10', `close:2026-10:${accountId}:COLD_WATER`);
  await insert('2026-10-31', 'PENALTY', '2026-10', `penalty:2026-10:${accountId}`);
  await insert('2026-10-05', 'PAYMENT', null, null);
  await insert('2026-10-06', 'PAYMENT', null, `bank-${accountId}`);
  await insert('2026-09-30', 'CHARGE', '2026-09', `import-close-${accountId}`);
  // Several rows in one statement, as the close and the imports write them.
  await db.query(
    `INSERT INTO ledger_entries (account_id, date, kind, period, description, amount, external_id) VALUES
       (?, '2026-11-30', 'CHARGE', '2026-11', 'Строка', '1.00', ?), (?, '2026-11-07', 'PAYMENT', NULL, 'Строка', '-1.00', ?)`,
    [accountId, `close:2026-11:${accountId}:HOT_WATER`, accountId, `bank2-${accountId}`],
  );
  const noted = await db.query('SELECT DATE_FORMAT(date, "%Y-%m-%d") AS date FROM ledger_changes WHERE account_id = ? ORDER BY date', [accountId]);
  expect(noted.map((n: { date: string }) => n.date)).toEqual(['2026-09-30', '2026-10-05', '2026-10-06', '2026-11-07']);
});
