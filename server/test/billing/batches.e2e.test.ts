/**
 * The close's service without the API: batches of a few accounts give the same lines as one
 * batch, and AVERAGE_MAX_MONTHS limits the months charged by the average.
 */
import { AuditService } from '../../src/audit/audit.service';
import { BillingCloseService } from '../../src/billing/billing-close.service';
import { TariffService } from '../../src/billing/tariff.service';
import { Clock } from '../../src/common/clock';
import { config, setConfig } from '../../src/config';
import { testConfig } from '../support/api';
import { createTestDatabase, type TestDatabase } from '../support/test-db';
import { addReading, addTariff, linesOf, makeAccount, makeMeter } from './helpers';

let database: TestDatabase;
const clock = new Clock();
const accounts: number[] = [];

function service(batchSize: number) {
  const db = database.db;
  return new BillingCloseService(db, clock, new TariffService(db), new AuditService(db), { batchSize });
}

beforeAll(async () => {
  testConfig();
  database = await createTestDatabase();
  const db = database.db;
  clock.set('2026-08-28T12:00:00+03:00');
  await addTariff(db, 'COLD_WATER', '45.12', '4.900', '2025-01-01');
  await addTariff(db, 'HOT_WATER', '213.60', '3.600', '2025-01-01');
  await addTariff(db, 'WASTEWATER', '39.77', '8.500', '2025-01-01');
  // Seven accounts with a cold meter read from January to March, then never again.
  for (let i = 0; i < 7; i++) {
    const id = await makeAccount(db, i % 3);
    accounts.push(id);
    const meter = await makeMeter(db, id, 'COLD_WATER');
    for (const [period, value] of [['2026-01', 1 + i], ['2026-02', 2 + 2 * i], ['2026-03', 4 + 3 * i]] as const) await addReading(db, meter, period, String(value));
  }
});
afterAll(async () => {
  setConfig({ ...config(), averageMaxMonths: 3 });
  await database?.drop();
});

it('batches of 2 accounts charge every account once, as one batch would', async () => {
  for (const period of ['2026-01', '2026-02', '2026-03']) {
    const closed = await service(2).close(period, null);
    expect(closed).toMatchObject({ status: 'CLOSED', accountsCharged: 7 });
  }
  const [{ n }] = await database.db.query("SELECT COUNT(*) AS n FROM ledger_entries WHERE external_id LIKE 'close:%'");
  expect(Number(n)).toBe(7 * 3 * 3);
  const last = await linesOf(database.db, accounts[6], '2026-03');
  // 4 + 3 × 6 = 22 minus 2 + 2 × 6 = 14
  expect(last.COLD_WATER).toMatchObject({ method: 'ACTUAL', volume: '8.000' });
});

it('AVERAGE_MAX_MONTHS=1: one month by the average, then by the norm', async () => {
  setConfig({ ...config(), averageMaxMonths: 1 });
  await service(3).close('2026-04', null);
  await service(3).close('2026-05', null);
  // Account 2 (2 residents): cold 3, 3, 4 → 3.333 in April (× 45.12 = 150.38); norm 2 × 4.9 in May.
  expect((await linesOf(database.db, accounts[2], '2026-04')).COLD_WATER).toMatchObject({ method: 'AVERAGE', volume: '3.333', amount: '150.38' });
  expect((await linesOf(database.db, accounts[2], '2026-05')).COLD_WATER).toMatchObject({ method: 'NORM', volume: '9.800', amount: '442.18' });
});
