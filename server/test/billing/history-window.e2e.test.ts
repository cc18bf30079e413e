/**
 * The close reads an account's last HISTORY_WINDOW_MONTHS months of charges first, and its whole ledger only when
 * they do not hold AVERAGE_OVER_MONTHS months by readings for both supplies (close-volumes.ts fillHistory). Whichever
 * way an account is read, its average is the one of its last six months by readings, however old they are.
 */
import { HISTORY_WINDOW_MONTHS } from '../../src/billing/close-volumes';
import { monthsBefore, nextPeriod, periodEnd } from '../../src/common/calendar';
import { startTestApi, type TestApi } from '../support/api';
import { addTariff, linesOf, makeAccount, makeMeter, staffToken } from './helpers';

const CLOSE = `mutation($p: Period!) { closeBillingPeriod(period: $p) { period status accountsCharged } }`;
const CLOSED = '2026-09';
const TARIFFS = { COLD_WATER: '45.12', HOT_WATER: '213.60' } as const;

let t: TestApi;
const acc = { far: 0, near: 0, gaps: 0, coldOnly: 0 };

/** The 24 months before the one closed, oldest first. */
const HISTORY = Array.from({ length: 24 }, (_, i) => monthsBefore(CLOSED, 24 - i));

/** A CHARGE line as a close writes it (service, volume, method, tariff, its external_id). */
async function charged(accountId: number, period: string, service: 'COLD_WATER' | 'HOT_WATER', method: string, volume: number): Promise<void> {
  const tariff = TARIFFS[service];
  await t.database.db.query(
    `INSERT INTO ledger_entries (account_id, date, kind, period, description, amount, service, volume, billing_method, tariff, wastewater_volume, external_id)
     VALUES (?, ?, 'CHARGE', ?, 'Начислено', ROUND(? * ?, 2), ?, ?, ?, ?, ?, ?)`,
    [accountId, periodEnd(period), period, volume, tariff, service, volume, method, tariff, volume, `close:${period}:${accountId}:${service}`],
  );
}

beforeAll(async () => {
  t = await startTestApi();
  t.api.services.clock.set(`${nextPeriod(CLOSED)}-02T12:00:00+03:00`);
  const db = t.database.db;
  await addTariff(db, 'COLD_WATER', TARIFFS.COLD_WATER, '4.900', '2024-01-01');
  await addTariff(db, 'HOT_WATER', TARIFFS.HOT_WATER, '3.600', '2024-01-01');
  await addTariff(db, 'WASTEWATER', '39.77', '8.500', '2024-01-01');

  // far: six months by readings two years ago (cold 1 … 6 m³, hot 2 m³), then the norm for eighteen months. Its meters
  // sent nothing for September: the average of those six months, which lie outside the months read first.
  acc.far = await makeAccount(db, 2);
  // near: every month by readings, cold 1 … 24 m³ and hot 100 m³ but 4 m³ in the last six: the last six alone count.
  acc.near = await makeAccount(db, 2);
  // gaps: by readings every month but February … June 2026 (the norm then): three months by readings among the
  // months read first, the other three of its last six before them.
  acc.gaps = await makeAccount(db, 2);
  // coldOnly: cold water only (no hot meter, no hot line ever), by readings every month, cold 1 … 24 m³.
  acc.coldOnly = await makeAccount(db, 2);
  for (const id of [acc.far, acc.near, acc.gaps]) {
    await makeMeter(db, id, 'COLD_WATER', { admittedOn: '2024-01-01' });
    await makeMeter(db, id, 'HOT_WATER', { admittedOn: '2024-01-01' });
  }
  await makeMeter(db, acc.coldOnly, 'COLD_WATER', { admittedOn: '2024-01-01' });
  for (const [i, period] of HISTORY.entries()) {
    const byReadings = i < 6;
    await charged(acc.far, period, 'COLD_WATER', byReadings ? 'ACTUAL' : 'NORM', byReadings ? i + 1 : 9.8);
    await charged(acc.far, period, 'HOT_WATER', byReadings ? 'ACTUAL' : 'NORM', byReadings ? 2 : 7.2);
    await charged(acc.near, period, 'COLD_WATER', 'ACTUAL', i + 1);
    await charged(acc.near, period, 'HOT_WATER', 'ACTUAL', i >= 18 ? 4 : 100);
    await charged(acc.coldOnly, period, 'COLD_WATER', 'ACTUAL', i + 1);
    const gap = period >= '2026-02' && period <= '2026-06';
    await charged(acc.gaps, period, 'COLD_WATER', gap ? 'NORM' : 'ACTUAL', gap ? 9.8 : i + 1);
    await charged(acc.gaps, period, 'HOT_WATER', gap ? 'NORM' : 'ACTUAL', gap ? 7.2 : 2);
  }
  const res = await t.gql(CLOSE, { p: CLOSED }, await staffToken(t));
  expect(res.errors).toBeUndefined();
  expect(res.data.closeBillingPeriod).toMatchObject({ status: 'CLOSED', accountsCharged: 4 });
});
afterAll(() => t?.stop());

it('the months read first do not reach the far account’s months by readings', () => {
  expect(monthsBefore(CLOSED, HISTORY_WINDOW_MONTHS) > HISTORY[5]).toBe(true);
});

it('an account whose months by readings are older than the months read first: their average, from its whole ledger', async () => {
  const far = await linesOf(t.database.db, acc.far, CLOSED);
  // (1 + 2 + … + 6) / 6 = 3.5; hot 2.
  expect(far.COLD_WATER).toMatchObject({ method: 'AVERAGE', volume: '3.500' });
  expect(far.HOT_WATER).toMatchObject({ method: 'AVERAGE', volume: '2.000' });
});

it('an account by readings every month: the average of its last six months alone', async () => {
  const near = await linesOf(t.database.db, acc.near, CLOSED);
  // (19 + … + 24) / 6 = 21.5; hot 4 in the last six months (100 before them).
  expect(near.COLD_WATER).toMatchObject({ method: 'AVERAGE', volume: '21.500' });
  expect(near.HOT_WATER).toMatchObject({ method: 'AVERAGE', volume: '4.000' });
});

it('an account with three months by readings among the months read first: its last six, three of them older', async () => {
  const gaps = await linesOf(t.database.db, acc.gaps, CLOSED);
  // August, July, January 2026, December, November, October 2025: (24 + 23 + 17 + 16 + 15 + 14) / 6 = 18.1667.
  expect(gaps.COLD_WATER).toMatchObject({ method: 'AVERAGE', volume: '18.167' });
  expect(gaps.HOT_WATER).toMatchObject({ method: 'AVERAGE', volume: '2.000' });
});

it('an account with one supply: its average, and the norm for the supply it never had', async () => {
  const coldOnly = await linesOf(t.database.db, acc.coldOnly, CLOSED);
  expect(coldOnly.COLD_WATER).toMatchObject({ method: 'AVERAGE', volume: '21.500' });
  // 2 residents × 3.6 m³.
  expect(coldOnly.HOT_WATER).toMatchObject({ method: 'NORM', volume: '7.200' });
});

it('counts months back across years', () => {
  expect(monthsBefore('2026-10', 8)).toBe('2026-02');
  expect(monthsBefore('2026-01', 1)).toBe('2025-12');
  expect(monthsBefore('2026-03', 27)).toBe('2023-12');
  expect(monthsBefore('2026-12', 0)).toBe('2026-12');
});
