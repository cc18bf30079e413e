/**
 * The volumes' history of a close (close-volumes.ts fillHistory, close-history.ts) from the summaries the previous
 * close kept and the lines after them, against the same history read over each account's whole ledger in SQL
 * (fillHistoryWhole, the close's reading before summaries), over four closes in a row on real MySQL. Random ledgers:
 * months by readings, by average and by norm, months with two charges or only recalculations, recalculations of
 * months before, wastewater and payments; and between two closes what else reaches a ledger: a charge of an old month
 * imported late, one dated in the future, one of a month to come dated early, a line deleted or corrected by hand.
 * A failure names its seed: HISTORY_SUMMARIES_SEED=<seed> replays it.
 */
import type { QueryRunner } from 'typeorm';
import { BillingService } from '../../src/common/enums';
import { addDays, nextPeriod, periodEnd, previousPeriod } from '../../src/common/calendar';
import { createCloseTables, fillHistoryWhole, fillVolumes, HISTORY_TABLE, type CloseContext } from '../../src/billing/close-volumes';
import { readBatchLedger } from '../../src/billing/close-ledger';
import { keepSummaries, summariesToWrite } from '../../src/billing/ledger-summaries';
import { penaltyLines } from '../../src/billing/penalty-accrual';
import type { Tariff } from '../../src/billing/tariff.entity';
import { createTestDatabase, type TestDatabase } from '../support/test-db';
import { makeAccount } from './helpers';
import { rng, type Random } from './penalty-model';

const FIRST = '2026-09';
const CLOSES = 4;
const DUE_DAY = 10;
const METHODS = ['ACTUAL', 'ACTUAL', 'ACTUAL', 'ACTUAL', 'ACTUAL', 'ACTUAL', 'AVERAGE', 'AVERAGE', 'NORM'] as const;

const tariff = (price: string, norm: string) => ({ pricePerM3: price, normPerResident: norm }) as Tariff;
const contextOf = (period: string): CloseContext => ({
  period,
  periodStart: `${period}-01`,
  periodEnd: periodEnd(period),
  previousPeriod: previousPeriod(period),
  tariffs: new Map([
    [BillingService.COLD_WATER, tariff('45.12', '4.900')],
    [BillingService.HOT_WATER, tariff('210.50', '3.600')],
  ]),
  averageMaxMonths: 3,
  normIncreaseFactor: '1.5',
});

interface HistoryLine {
  date: string;
  kind: 'CHARGE' | 'RECALCULATION' | 'PAYMENT';
  period: string | null;
  service: string | null;
  method: string | null;
  volume: string | null;
  amount: string;
  externalId: string | null;
}

let database: TestDatabase;
let runner: QueryRunner;

beforeAll(async () => {
  database = await createTestDatabase();
  runner = database.db.createQueryRunner();
  await runner.connect();
  await createCloseTables(runner);
});

afterAll(async () => {
  await runner?.release();
  await database?.drop();
});

const volume = (r: Random) => `${r.int(0, 30)}.${String(r.int(0, 999)).padStart(3, '0')}`;

/** One month of an account as a close writes it (or did: the history before the first close). */
function monthLines(r: Random, accountId: number, period: string, close: boolean): HistoryLine[] {
  const lines: HistoryLine[] = [];
  const date = periodEnd(period);
  const id = (suffix: string) => (close ? `close:${period}:${accountId}:${suffix}` : null);
  for (const service of ['COLD_WATER', 'HOT_WATER']) {
    if (r.chance(0.06)) continue; // no charge of the supply that month
    const method = METHODS[r.int(0, METHODS.length - 1)];
    lines.push({ date, kind: 'CHARGE', period, service, method, volume: volume(r), amount: '100.00', externalId: id(service) });
    if (!close && r.chance(0.04)) lines.push({ date, kind: 'CHARGE', period, service, method: METHODS[r.int(0, METHODS.length - 1)], volume: volume(r), amount: '10.00', externalId: null });
    // A month by readings after months by average recalculates them (one line per month taken back).
    for (let n = method === 'ACTUAL' && r.chance(0.15) ? r.int(1, 3) : 0; n > 0; n--) {
      lines.push({ date, kind: 'RECALCULATION', period, service, method: 'AVERAGE', volume: `-${volume(r)}`, amount: '-50.00', externalId: id(`${service}:r${n}`) });
    }
  }
  lines.push({ date, kind: 'CHARGE', period, service: 'WASTEWATER', method: 'ACTUAL', volume: volume(r), amount: '30.00', externalId: id('WASTEWATER') });
  if (r.chance(0.5)) lines.push({ date: addDays(`${period}-01`, r.int(0, 27)), kind: 'PAYMENT', period: null, service: null, method: null, volume: null, amount: '-120.00', externalId: null });
  return lines;
}

async function write(accountId: number, lines: HistoryLine[]): Promise<void> {
  if (lines.length === 0) return;
  await runner.query(
    `INSERT INTO ledger_entries (account_id, date, kind, period, description, amount, service, billing_method, volume, external_id)
     VALUES ${lines.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
    lines.flatMap((l) => [accountId, l.date, l.kind, l.period, 'Строка', l.amount, l.service, l.method, l.volume, l.externalId]),
  );
}

const historyTable = async () =>
  (
    (await runner.query(
      `SELECT account_id, service, last_actual, months, average, averaged FROM ${HISTORY_TABLE} ORDER BY account_id, service`,
    )) as Record<string, unknown>[]
  ).map((row) => `${row.account_id} ${row.service} ${row.last_actual} ${row.months} ${row.average} ${row.averaged}`);

it('four closes in a row: the history from the summaries is the history over the whole ledger', async () => {
  const seed = Number(process.env.HISTORY_SUMMARIES_SEED ?? Date.now() % 1_000_000);
  const r = rng(seed);
  const ids: number[] = [];
  for (let i = 0; i < 100; i++) {
    const accountId = await makeAccount(database.db, 1);
    ids.push(accountId);
    const lines: HistoryLine[] = [];
    // Some accounts begin late (a new one), some miss months of readings for long.
    for (let period = r.chance(0.15) ? '2026-03' : '2024-09'; period < FIRST; period = nextPeriod(period)) lines.push(...monthLines(r, accountId, period, false));
    await write(accountId, lines);
  }
  const [lo, hi] = [Math.min(...ids), Math.max(...ids)];
  const differences: string[] = [];
  const fromSummaries: number[] = [];
  let period = FIRST;
  for (let close = 0; close < CLOSES; close++, period = nextPeriod(period)) {
    const ctx = contextOf(period);
    await runner.startTransaction('READ COMMITTED');
    const ledger = await readBatchLedger(runner, ctx.periodStart, DUE_DAY, lo, hi);
    fromSummaries.push([...ledger.summaries.values()].filter((s) => s.history !== null).length);
    const { history } = await fillVolumes(runner, ctx, lo, hi, ledger);
    const summed = await historyTable();
    await runner.query(`DELETE FROM ${HISTORY_TABLE}`);
    await fillHistoryWhole(runner, ctx, ids);
    const whole = await historyTable();
    const wanted = new Set(whole);
    const got = new Set(summed);
    for (const row of whole) if (!got.has(row)) differences.push(`${period} wanted ${row}`);
    for (const row of summed) if (!wanted.has(row)) differences.push(`${period} got ${row}`);
    // The close's own lines of the month, and the summaries it keeps.
    for (const accountId of ids) await write(accountId, monthLines(r, accountId, period, true));
    const penalties = await penaltyLines(
      runner,
      { period, periodStart: ctx.periodStart, periodEnd: ctx.periodEnd, dueDay: DUE_DAY, rates: { keyRatePercent: '16.5', capPercent: '9.5', capUntil: null } },
      lo,
      hi,
      { ledger },
    );
    for (const [accountId, summary] of penalties.summaries) summary.history = history.get(accountId) ?? null;
    await keepSummaries(runner, summariesToWrite(penalties.summaries, ledger.summaries), penalties.changesRead);
    await runner.commitTransaction();

    // Until the next close.
    const next = nextPeriod(period);
    for (const accountId of ids) {
      const line = (p: string, date: string, method = 'ACTUAL'): HistoryLine => ({ date, kind: 'CHARGE', period: p, service: r.chance(0.5) ? 'COLD_WATER' : 'HOT_WATER', method, volume: volume(r), amount: '77.00', externalId: null });
      // A charge of an old month imported late (dated now), a charge dated in the future, one of a month to come dated
      // early, a recalculation of an old month; a line deleted or corrected by hand.
      if (r.chance(0.05)) await write(accountId, [line(previousPeriod(previousPeriod(period)), addDays(`${next}-01`, r.int(0, 20)))]);
      if (r.chance(0.03)) await write(accountId, [line(previousPeriod(period), addDays(periodEnd(next), r.int(40, 90)))]);
      if (r.chance(0.03)) await write(accountId, [line(nextPeriod(next), addDays(`${next}-01`, r.int(0, 20)), 'AVERAGE')]);
      if (r.chance(0.03)) await write(accountId, [{ ...line(previousPeriod(previousPeriod(period)), addDays(`${next}-01`, 3)), kind: 'RECALCULATION' }]);
      if (r.chance(0.04)) {
        await runner.query(
          "DELETE FROM ledger_entries WHERE account_id = ? AND kind = 'CHARGE' AND service = 'COLD_WATER' AND period = ? LIMIT 1",
          [accountId, previousPeriod(previousPeriod(previousPeriod(period)))],
        );
      }
      if (r.chance(0.04)) {
        await runner.query("UPDATE ledger_entries SET billing_method = 'NORM' WHERE account_id = ? AND kind = 'CHARGE' AND service = 'HOT_WATER' AND period = ?", [
          accountId,
          previousPeriod(previousPeriod(period)),
        ]);
      }
    }
  }
  expect({ seed, differences }).toEqual({ seed, differences: [] });
  // The first close has no summaries; after it most accounts start from theirs.
  expect(fromSummaries[0]).toBe(0);
  expect(Math.min(...fromSummaries.slice(1))).toBeGreaterThan(ids.length / 2);
});
