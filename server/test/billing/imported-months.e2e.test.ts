/**
 * A month the billing system's import already charged is left out of the close (one source of charges a month), on
 * the close's second month too, when it reads summaries and only the lines after them (close-volumes.ts
 * leaveImported looks up only the accounts whose ledger, as read, may hold such a line). Each way an imported charge
 * of the month can sit in the ledger: dated after the summary, dated inside it and written before it (in the
 * summary's groups), dated inside it and written after it (a change: the account is read whole).
 */
import { AuditService } from '../../src/audit/audit.service';
import { BillingCloseService } from '../../src/billing/billing-close.service';
import { TariffService } from '../../src/billing/tariff.service';
import { Clock } from '../../src/common/clock';
import { testConfig } from '../support/api';
import { createTestDatabase, type TestDatabase } from '../support/test-db';
import { addLedger, addReading, addTariff, linesOf, makeAccount, makeMeter } from './helpers';

let database: TestDatabase;
const clock = new Clock();
const close = (period: string) => {
  const db = database.db;
  return new BillingCloseService(db, clock, new TariffService(db), new AuditService(db), { batchSize: 100 }).close(period, null);
};

beforeAll(async () => {
  testConfig();
  database = await createTestDatabase();
  clock.set('2026-08-05T12:00:00+03:00');
  await addTariff(database.db, 'COLD_WATER', '45.12', '4.900', '2025-01-01');
});
afterAll(async () => {
  await database?.drop();
});

it('leaves out every account whose month an import charged, wherever the charge is dated', async () => {
  const db = database.db;
  const accounts: Record<string, number> = {};
  for (const name of ['afterSummary', 'inMonthBefore', 'insideWrittenBefore', 'insideWrittenAfter', 'none', 'otherMonth']) {
    const id = await makeAccount(db, 2);
    accounts[name] = id;
    const meter = await makeMeter(db, id, 'COLD_WATER');
    for (const [period, value] of [['2026-05', '10'], ['2026-06', '13'], ['2026-07', '17']] as const) await addReading(db, meter, period, value);
  }
  const imported = (key: string, date: string, period = '2026-07') => addLedger(db, accounts[key], 'CHARGE', date, period, '321.00', `import:${period}:${key}`);
  // Before June's close: a July charge dated in May (inside the summary June's close keeps, through May 31).
  await imported('insideWrittenBefore', '2026-05-20');
  expect(await close('2026-06')).toMatchObject({ status: 'CLOSED', accountsCharged: 6, accountsImported: 0 });
  const [{ through }] = await db.query("SELECT DATE_FORMAT(MIN(through), '%Y-%m-%d') AS through FROM ledger_summaries WHERE account_id IN (?)", [Object.values(accounts)]);
  expect(through).toBe('2026-05-31');

  // Between the closes: July charged by the import for four accounts, and another month's charge for one.
  await imported('afterSummary', '2026-07-31');
  await imported('inMonthBefore', '2026-06-15');
  await imported('insideWrittenAfter', '2026-05-25');
  await imported('otherMonth', '2026-06-30', '2026-06');
  // Only the charge dated inside a summary and written after it is a change that makes its account read whole.
  const changed = await db.query("SELECT DISTINCT account_id FROM ledger_changes WHERE date <= '2026-05-31'");
  expect(changed.map((c: { account_id: number }) => Number(c.account_id))).toEqual([accounts.insideWrittenAfter]);

  expect(await close('2026-07')).toMatchObject({ status: 'CLOSED', accountsCharged: 2, accountsImported: 4 });
  for (const name of ['afterSummary', 'inMonthBefore', 'insideWrittenBefore', 'insideWrittenAfter']) {
    expect({ name, lines: await linesOf(db, accounts[name], '2026-07') }).toEqual({ name, lines: {} });
  }
  for (const name of ['none', 'otherMonth']) {
    expect({ name, cold: (await linesOf(db, accounts[name], '2026-07')).COLD_WATER?.volume }).toEqual({ name, cold: '4.000' });
  }
});
