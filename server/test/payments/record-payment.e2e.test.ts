/**
 * recordPayment: payments from banks and operators, recorded once per externalId —
 * also under 50 concurrent calls — and only by staff or an OPERATOR-scoped token.
 */
import { localDate } from '../../src/common/calendar';
import { seedDemoData } from '../../src/seed/demo-data';
import { codeOf, startTestApi, type TestApi } from '../support/api';
import { ANNA, IVAN, balanceOf, givePassword, staffToken, subscriberToken } from './helpers';

const RECORD = `mutation($input: RecordPaymentInput!) { recordPayment(input: $input) { id date kind period description amount } }`;

let t: TestApi;
let staff: string;
let ivan: string;

beforeAll(async () => {
  t = await startTestApi();
  await seedDemoData(t.database.db);
  await givePassword(t.database.db, IVAN.number, IVAN.password);
  staff = await staffToken(t);
  ivan = await subscriberToken(t, IVAN.number, IVAN.password);
});
afterAll(() => t?.stop());
afterEach(() => t.api.services.clock.set(null));

const today = () => localDate(t.api.services.clock.now());
const input = (over: Record<string, unknown> = {}) => ({ accountNumber: IVAN.number, amount: '1000.00', paidOn: today(), externalId: 'bank-0001', ...over });

async function countByExternalId(externalId: string): Promise<number> {
  const [{ n }] = await t.database.db.query('SELECT COUNT(*) AS n FROM ledger_entries WHERE external_id = ?', [externalId]);
  return Number(n);
}

describe('recordPayment', () => {
  it('records a payment as a negative PAYMENT entry dated paidOn', async () => {
    const before = await balanceOf(t, ivan);
    const paidOn = today();
    const res = await t.gql(RECORD, { input: input({ paidOn }) }, staff);
    expect(res.errors).toBeUndefined();
    expect(res.data.recordPayment).toEqual({
      id: expect.any(String),
      date: paidOn,
      kind: 'PAYMENT',
      period: paidOn.slice(0, 7),
      description: 'Оплата через банк',
      amount: '-1000.00',
    });
    expect(before).toBe('-2890.64');
    expect(await balanceOf(t, ivan)).toBe('-3890.64');
  });

  it('is idempotent on externalId: the same payment again returns the same entry', async () => {
    const first = await t.gql(RECORD, { input: input({ externalId: 'bank-0002', amount: '250.5' }) }, staff);
    const again = await t.gql(RECORD, { input: input({ externalId: 'bank-0002', amount: 250.5 }) }, staff);
    expect(again.errors).toBeUndefined();
    expect(again.data.recordPayment).toEqual(first.data.recordPayment);
    expect(await countByExternalId('bank-0002')).toBe(1);
  });

  it('refuses the same externalId with another amount or account: PAYMENT_CONFLICT', async () => {
    await t.gql(RECORD, { input: input({ externalId: 'bank-0003', amount: '100.00' }) }, staff);
    const otherAmount = await t.gql(RECORD, { input: input({ externalId: 'bank-0003', amount: '100.01' }) }, staff);
    expect(codeOf(otherAmount)).toBe('PAYMENT_CONFLICT');
    // The error names the value that differs and shows what is recorded.
    expect(otherAmount.errors![0].extensions).toMatchObject({ field: 'amount', recorded: { kind: 'PAYMENT', accountNumber: IVAN.number, amount: '100.00', paidOn: today() } });
    expect(otherAmount.errors![0].message).toMatch(/уже записан с другой суммой \(100\.00 ₽\)/);
    const otherAccount = await t.gql(RECORD, { input: input({ externalId: 'bank-0003', amount: '100.00', accountNumber: ANNA.number }) }, staff);
    expect(codeOf(otherAccount)).toBe('PAYMENT_CONFLICT');
    expect(otherAccount.errors![0].extensions).toMatchObject({ field: 'accountNumber', recorded: { accountNumber: IVAN.number } });
    expect(otherAccount.errors![0].message).toMatch(new RegExp(`на другой лицевой счёт \\(${IVAN.number}\\)`));
    // Account and amount both differ: the first is named, the message says both.
    const both = await t.gql(RECORD, { input: input({ externalId: 'bank-0003', amount: '5.00', accountNumber: ANNA.number }) }, staff);
    expect(both.errors![0].extensions!.field).toBe('accountNumber');
    expect(both.errors![0].message).toMatch(/лицевой счёт.*с другой суммой/);
    // An id already used by a charge (one the billing system's import loaded) is not a payment's.
    const chargeId = 'billing-2026-0001';
    await t.database.db.query(
      "INSERT INTO ledger_entries (account_id, date, kind, period, description, amount, external_id) SELECT id, ?, 'CHARGE', ?, 'Начислено', '1044.02', ? FROM accounts WHERE number = ?",
      [today(), today().slice(0, 7), chargeId, IVAN.number],
    );
    const charge = await t.gql(RECORD, { input: input({ externalId: chargeId, amount: '1044.02' }) }, staff);
    expect(codeOf(charge)).toBe('PAYMENT_CONFLICT');
    expect(charge.errors![0].extensions).toMatchObject({ field: 'externalId', recorded: { kind: 'CHARGE' } });
    expect(charge.errors![0].message).toMatch(/не как платёж \(начисление\)/);
    expect(await countByExternalId('bank-0003')).toBe(1);
  });

  it('refuses the same externalId with another paidOn: PAYMENT_CONFLICT naming paidOn and the recorded values', async () => {
    t.api.services.clock.set('2026-03-20T12:00:00+03:00');
    const first = await t.gql(RECORD, { input: input({ externalId: 'bank-date', amount: '77.00', paidOn: '2026-03-16' }) }, staff);
    expect(first.errors).toBeUndefined();
    const otherDay = await t.gql(RECORD, { input: input({ externalId: 'bank-date', amount: '77.00', paidOn: '2026-03-17' }) }, staff);
    expect(codeOf(otherDay)).toBe('PAYMENT_CONFLICT');
    expect(otherDay.errors![0].extensions).toMatchObject({
      field: 'paidOn',
      recorded: { accountNumber: IVAN.number, amount: '77.00', paidOn: '2026-03-16' },
    });
    expect(otherDay.errors![0].message).toMatch(/дат/);
    expect(await countByExternalId('bank-date')).toBe(1);
    const [{ date }] = await t.database.db.query("SELECT CAST(date AS CHAR) AS date FROM ledger_entries WHERE external_id = 'bank-date'");
    expect(date).toBe('2026-03-16');
    // The very same payment is still answered with its entry.
    const again = await t.gql(RECORD, { input: input({ externalId: 'bank-date', amount: '77', paidOn: '2026-03-16' }) }, staff);
    expect(again.data.recordPayment).toEqual(first.data.recordPayment);
  });

  it('50 concurrent calls with one externalId make one ledger entry, and all of them answer it', async () => {
    const answers = await Promise.all(Array.from({ length: 50 }, () => t.gql(RECORD, { input: input({ externalId: 'bank-race', amount: '42.00' }) }, staff)));
    expect(answers.flatMap((a) => a.errors ?? [])).toEqual([]);
    const ids = new Set(answers.map((a) => a.data.recordPayment.id));
    expect(ids.size).toBe(1);
    expect(await countByExternalId('bank-race')).toBe(1);
  });

  it('checks the account, the amount, the date and the externalId, naming the field', async () => {
    const unknown = await t.gql(RECORD, { input: input({ accountNumber: '999999999999', externalId: 'bank-x1' }) }, staff);
    expect(codeOf(unknown)).toBe('NOT_FOUND');
    expect(unknown.errors![0].extensions!.field).toBe('accountNumber');
    expect(unknown.errors![0].message).toMatch(/не найден/);
    expect((await t.gql(RECORD, { input: input({ accountNumber: '12', externalId: 'bank-x2' }) }, staff)).errors![0].extensions!.field).toBe('accountNumber');

    for (const amount of ['0', '0.00', '-10', '10000000.01', '1.005', 'много']) {
      const res = await t.gql(RECORD, { input: input({ amount, externalId: 'bank-x3' }) }, staff);
      expect(codeOf(res)).toBe('BAD_USER_INPUT');
      expect(res.errors![0].extensions!.field).toBe('amount');
    }
    const max = await t.gql(RECORD, { input: input({ amount: '10000000.00', externalId: 'bank-max' }) }, staff);
    expect(max.data.recordPayment.amount).toBe('-10000000.00');
    expect((await t.gql(RECORD, { input: input({ amount: '0.01', externalId: 'bank-min' }) }, staff)).data.recordPayment.amount).toBe('-0.01');

    for (const externalId of ['', '   ', 'x'.repeat(65)]) {
      const res = await t.gql(RECORD, { input: input({ externalId }) }, staff);
      expect(codeOf(res)).toBe('BAD_USER_INPUT');
      expect(res.errors![0].extensions!.field).toBe('externalId');
    }
    expect((await t.gql(RECORD, { input: input({ externalId: 'y'.repeat(64), amount: '1.00' }) }, staff)).errors).toBeUndefined();
    expect(await countByExternalId('bank-x3')).toBe(0);
  });

  it('refuses an externalId of the month close\'s own lines (close:…, penalty:…, in any case or width): it would stand for a line of the close', async () => {
    const [{ id }] = await t.database.db.query('SELECT id FROM accounts WHERE number = ?', [IVAN.number]);
    for (const externalId of [`close:2026-10:${id}:COLD_WATER`, `penalty:2026-10:${id}`, 'CLOSE:2026-10:1:HOT_WATER', ' Penalty:x', 'ｃｌｏｓｅ:2026-10:1:COLD_WATER']) {
      const res = await t.gql(RECORD, { input: input({ externalId, amount: '1.00' }) }, staff);
      expect({ externalId, code: codeOf(res), field: res.errors?.[0].extensions?.field }).toEqual({ externalId, code: 'BAD_USER_INPUT', field: 'externalId' });
      expect(res.errors![0].message).toMatch(/закрыти/);
    }
    const [{ n }] = await t.database.db.query("SELECT COUNT(*) AS n FROM ledger_entries WHERE kind = 'PAYMENT' AND (external_id LIKE 'close:%' OR external_id LIKE 'penalty:%')");
    expect(Number(n)).toBe(0);
    // An id that only contains the words is a bank's like any other.
    expect((await t.gql(RECORD, { input: input({ externalId: 'bank-close:1', amount: '1.00' }) }, staff)).errors).toBeUndefined();
  });

  it('refuses a payment dated in the future of the utility\'s time zone', async () => {
    // 21:30 UTC on 31 March is already 1 April in Moscow.
    t.api.services.clock.set('2026-03-31T21:30:00Z');
    const ok = await t.gql(RECORD, { input: input({ paidOn: '2026-04-01', externalId: 'bank-tz' }) }, staff);
    expect(ok.errors).toBeUndefined();
    expect(ok.data.recordPayment).toMatchObject({ date: '2026-04-01', period: '2026-04' });
    const future = await t.gql(RECORD, { input: input({ paidOn: '2026-04-02', externalId: 'bank-future' }) }, staff);
    expect(codeOf(future)).toBe('BAD_USER_INPUT');
    expect(future.errors![0].extensions!.field).toBe('paidOn');
    expect(future.errors![0].message).toMatch(/[а-яё]/i);
    expect(codeOf(await t.gql(RECORD, { input: input({ paidOn: '2026-02-30', externalId: 'bank-bad-date' }) }, staff))).toBe('BAD_USER_INPUT');
  });

  it('is for staff or an OPERATOR-scoped token only', async () => {
    expect(codeOf(await t.gql(RECORD, { input: input({ externalId: 'bank-anon' }) }))).toBe('UNAUTHENTICATED');
    const bySubscriber = await t.gql(RECORD, { input: input({ externalId: 'bank-sub' }) }, ivan);
    expect(codeOf(bySubscriber)).toBe('FORBIDDEN');
    expect(await countByExternalId('bank-sub')).toBe(0);

    const created = await t.gql(`mutation { createApiToken(name: "Банк-клиент", scopes: [OPERATOR]) { token } }`, {}, staff);
    expect(created.errors).toBeUndefined();
    const token = created.data.createApiToken.token;
    const byToken = await t.gql(RECORD, { input: input({ externalId: 'bank-token', amount: '12.34' }) }, token);
    expect(byToken.errors).toBeUndefined();
    expect(byToken.data.recordPayment.amount).toBe('-12.34');

    const readOnly = await t.gql(`mutation { createApiToken(name: "Только чтение", scopes: [ACCOUNT_READ]) { token } }`, {}, ivan);
    expect(codeOf(await t.gql(RECORD, { input: input({ externalId: 'bank-ro' }) }, readOnly.data.createApiToken.token))).toBe('FORBIDDEN');
  });
});
