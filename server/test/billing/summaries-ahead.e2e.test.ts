/**
 * The summaries readied ahead of a close (summaries-ahead.ts, `npm run billing:summaries`), on real MySQL. After five
 * closes of random accounts (meters, readings missing now and then, payments, late payments), the summaries are
 * deleted — the state after this version is first deployed — and the sixth month is closed twice from the same
 * ledger: once as it is, every account read whole; once after the summaries were readied, and a late payment written
 * after them. The readied summaries are what the close writes; the close reads only the account of the late payment
 * whole; it charges exactly the same lines. A failure names its seed: SUMMARIES_AHEAD_SEED=<seed> replays it.
 */
import { AuditService } from '../../src/audit/audit.service';
import { BillingCloseService } from '../../src/billing/billing-close.service';
import { releaseChargesLock, takeChargesLock } from '../../src/billing/close-lock';
import { summariesAheadToWrite } from '../../src/billing/summaries-ahead';
import { summariesToWrite, type LedgerSummary } from '../../src/billing/ledger-summaries';
import { TariffService } from '../../src/billing/tariff.service';
import { addDays, nextPeriod, periodEnd } from '../../src/common/calendar';
import { Clock } from '../../src/common/clock';
import { log } from '../../src/common/logger';
import { testConfig } from '../support/api';
import { createTestDatabase, type TestDatabase } from '../support/test-db';
import { addReading, addTariff, makeAccount, makeMeter } from './helpers';
import { rng } from './penalty-model';

const ACCOUNTS = 36;
const FIRST = '2026-01';
const LAST = '2026-06';

let database: TestDatabase;
const clock = new Clock();
const service = () => {
  const db = database.db;
  return new BillingCloseService(db, clock, new TariffService(db), new AuditService(db), { batchSize: 10, workers: 2 });
};

beforeAll(async () => {
  testConfig();
  database = await createTestDatabase();
  clock.set('2026-07-06T12:00:00+03:00');
  await addTariff(database.db, 'COLD_WATER', '45.12', '4.900', '2025-01-01');
  await addTariff(database.db, 'HOT_WATER', '210.50', '3.600', '2025-01-01');
  await addTariff(database.db, 'WASTEWATER', '38.70', '8.500', '2025-01-01');
});
afterAll(async () => {
  await database?.drop();
});

/** The readWhole of the log line of each close that ends while `work` runs. */
async function readWholeOf(work: () => Promise<unknown>): Promise<number[]> {
  const spy = jest.spyOn(log, 'info');
  try {
    await work();
    return spy.mock.calls.filter(([message]) => message === 'billing period closed').map(([, fields]) => Number((fields as { readWhole: number }).readWhole));
  } finally {
    spy.mockRestore();
  }
}

const monthLines = (period: string) =>
  database.db.query(
    `SELECT account_id, kind, period, service, billing_method, volume, amount, description, external_id, DATE_FORMAT(date, '%Y-%m-%d') AS date
     FROM ledger_entries WHERE external_id LIKE ? OR external_id LIKE ? ORDER BY external_id`,
    [`close:${period}:%`, `penalty:${period}:%`],
  );
const summaries = (): Promise<{ account_id: number; through: string; lumped: string; sums: string }[]> =>
  database.db.query("SELECT account_id, DATE_FORMAT(through, '%Y-%m-%d') AS through, lumped, `sums` FROM ledger_summaries ORDER BY account_id");

it('readied summaries are what the close writes; the close then reads whole only an account changed after them, and charges the same', async () => {
  const seed = Number(process.env.SUMMARIES_AHEAD_SEED ?? Date.now() % 1_000_000);
  const r = rng(seed);
  const db = database.db;
  const ids: number[] = [];
  for (let i = 0; i < ACCOUNTS; i++) {
    const id = await makeAccount(db, r.int(1, 4));
    ids.push(id);
    for (const kind of ['COLD_WATER', 'HOT_WATER'] as const) {
      const meter = await makeMeter(db, id, kind);
      let value = r.int(0, 50);
      for (let period = '2025-10'; period <= LAST; period = nextPeriod(period)) {
        value += r.int(0, 9);
        if (r.chance(0.2)) continue; // no reading that month: charged by average, recalculated once readings are back
        await addReading(db, meter, period, String(value));
      }
    }
  }
  const pay = (id: number, date: string, amount: string, tag: string) =>
    db.query("INSERT INTO ledger_entries (account_id, date, kind, period, description, amount, external_id) VALUES (?, ?, 'PAYMENT', NULL, 'Оплата через банк', ?, ?)", [id, date, amount, tag]);
  for (let period = FIRST; period < LAST; period = nextPeriod(period)) {
    clock.set(`${nextPeriod(period)}-03T12:00:00+03:00`);
    for (const id of ids) if (r.chance(0.5)) await pay(id, addDays(`${period}-01`, r.int(0, 27)), `-${r.int(100, 3000)}.00`, `pay-${period}-${id}`);
    await service().close(period, null);
  }
  clock.set('2026-07-06T12:00:00+03:00');
  for (const id of ids) if (r.chance(0.5)) await pay(id, addDays(`${LAST}-01`, r.int(0, 27)), `-${r.int(100, 3000)}.00`, `pay-${LAST}-${id}`);
  // A payment of March arriving late, and the one that will be written again after the summaries are readied.
  const [late, afterReady] = [ids[3], ids[17]];
  await pay(late, '2026-03-12', '-1500.00', `late-${late}`);
  const writeAfterReady = () => pay(afterReady, '2026-04-20', '-2500.00', `late-${afterReady}`);
  await writeAfterReady();
  // After a deploy of the summaries: none kept yet.
  const deployed = async () => {
    await db.query('DELETE FROM ledger_summaries');
    await db.query('TRUNCATE ledger_changes');
  };
  await deployed();

  // The month closed as it is: every account read whole.
  expect({ seed, readWhole: await readWholeOf(() => service().close(LAST, null)) }).toEqual({ seed, readWhole: [ACCOUNTS] });
  const asItIs = await monthLines(LAST);
  const keptByClose = await summaries();
  expect(keptByClose.map((s) => s.through)).toEqual(ids.map(() => periodEnd('2026-05')));
  expect(asItIs.filter((l: { kind: string }) => l.kind === 'PENALTY').length).toBeGreaterThan(0);
  expect(asItIs.filter((l: { kind: string }) => l.kind === 'RECALCULATION').length).toBeGreaterThan(0);

  // The same ledger again, the month not closed; the late payment of ids[17] taken out until the summaries are readied.
  await db.query('DELETE FROM ledger_entries WHERE external_id LIKE ? OR external_id LIKE ? OR external_id = ?', [`close:${LAST}:%`, `penalty:${LAST}:%`, `late-${afterReady}`]);
  await db.query('DELETE FROM billing_periods WHERE period = ?', [LAST]);
  await deployed();

  const readied = await service().readySummaries(LAST);
  expect({ seed, readied: { accounts: readied.accounts, written: readied.written } }).toEqual({ seed, readied: { accounts: ACCOUNTS, written: ACCOUNTS } });
  // What the close would have kept, but for the account whose payment is not there yet.
  const other = (rows: { account_id: number }[]) => rows.filter((s) => Number(s.account_id) !== afterReady);
  expect({ seed, summaries: other(await summaries()) }).toEqual({ seed, summaries: other(keptByClose) });
  // Again: they all hold, nothing is written.
  expect((await service().readySummaries(LAST)).written).toBe(0);

  await writeAfterReady();
  expect({ seed, readWhole: await readWholeOf(() => service().close(LAST, null)) }).toEqual({ seed, readWhole: [1] });
  expect({ seed, lines: await monthLines(LAST) }).toEqual({ seed, lines: asItIs });
});

it('before any close, readies any begun month from the first tariff\'s (a ledger brought from an earlier billing system)', async () => {
  const fresh = await createTestDatabase();
  try {
    const db = fresh.db;
    const at = (now: string) => {
      const frozen = new Clock();
      frozen.set(now);
      return new BillingCloseService(db, frozen, new TariffService(db), new AuditService(db));
    };
    await expect(at('2026-07-06T12:00:00+03:00').readySummaries('2026-05')).rejects.toMatchObject({ extensions: { code: 'PERIOD_BEFORE_TARIFFS', field: 'period' } });
    await addTariff(db, 'COLD_WATER', '45.12', '4.900', '2026-02-01');
    const id = await makeAccount(db, 2);
    await db.query("INSERT INTO ledger_entries (account_id, date, kind, period, description, amount) VALUES (?, '2026-03-31', 'CHARGE', '2026-03', 'Начислено', 500)", [id]);
    await expect(at('2026-07-06T12:00:00+03:00').readySummaries('2026-01')).rejects.toMatchObject({ extensions: { code: 'PERIOD_BEFORE_TARIFFS', firstPeriod: '2026-02' } });
    await expect(at('2026-07-06T12:00:00+03:00').readySummaries('2026-08')).rejects.toMatchObject({ extensions: { code: 'PERIOD_NOT_FINISHED' } });
    expect(await at('2026-07-06T12:00:00+03:00').readySummaries('2026-05')).toMatchObject({ period: '2026-05', accounts: 1, written: 1 });
    const [summary] = await db.query("SELECT DATE_FORMAT(through, '%Y-%m-%d') AS through, `sums` FROM ledger_summaries WHERE account_id = ?", [id]);
    expect(summary.through).toBe('2026-04-30');
    expect(summary.sums).toContain('50000');
  } finally {
    await fresh.drop();
  }
});

it('refuses a month other than the next to close, and a malformed one, with the field at fault', async () => {
  const next = nextPeriod(LAST);
  await expect(service().readySummaries('2026-7')).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'period' } });
  await expect(service().readySummaries('2026-09')).rejects.toMatchObject({
    message: expect.stringContaining('июль 2026'),
    extensions: { code: 'PERIOD_OUT_OF_ORDER', field: 'period', nextPeriod: next },
  });
  await expect(service().readySummaries(LAST)).rejects.toMatchObject({ extensions: { code: 'PERIOD_OUT_OF_ORDER', nextPeriod: next } });
});

it('waits for a close or a charges import (the lock of the month\'s charges), and says so when it cannot', async () => {
  const db = database.db;
  const holder = db.createQueryRunner();
  await holder.connect();
  try {
    await takeChargesLock(holder, 0, 'held by the test');
    const impatient = new BillingCloseService(db, clock, new TariffService(db), new AuditService(db), { lockWaitSeconds: 0 });
    await expect(impatient.readySummaries(nextPeriod(LAST))).rejects.toMatchObject({ extensions: { code: 'SERVICE_UNAVAILABLE' } });
    await releaseChargesLock(holder);
    expect((await impatient.readySummaries(nextPeriod(LAST))).accounts).toBe(ACCOUNTS);
  } finally {
    await holder.release();
  }
});

it('writes a summary only where none holds, or where the one held keeps no history and the new one does; the close after them, none again', () => {
  const summary = (history: boolean): LedgerSummary => ({ through: '2026-05-31', lumped: '2026-03', billed: new Map(), paid: null, history: history ? new Map() : null });
  const fresh = new Map([[1, summary(true)], [2, summary(true)], [3, summary(true)], [4, summary(false)]]);
  const held = new Map([[2, summary(true)], [3, summary(false)], [4, summary(false)]]);
  expect([...summariesAheadToWrite(fresh, held).keys()]).toEqual([1, 3]);
  // The close after them does not write again a summary held for its own day (half of them would be its turn).
  const readied = new Map([1, 2, 3, 4].map((id) => [id, summary(true)]));
  expect([...summariesToWrite(readied, readied).keys()]).toEqual([]);
  expect([...summariesToWrite(readied, new Map([1, 2, 3, 4].map((id) => [id, { ...summary(true), through: '2026-04-30' }]))).keys()].length).toBe(2);
});
