/**
 * recordPayments: up to 500 payments in one call, all or nothing — a bad item (its values, its account,
 * a conflicting externalId) writes nothing and is named input.<index>.<field> — each idempotent on its
 * externalId, so a retried batch replays what was recorded; paymentByExternalId finds a bank's payment.
 */
import { DEMO, seedDemoData } from '../../src/seed/demo-data';
import { codeOf, startTestApi, type TestApi } from '../support/api';
import { auditOf, operatorToken } from '../staff-ops/helpers';
import { IVAN, givePassword, staffToken, subscriberToken } from './helpers';

const NOW = '2026-03-20T12:00:00+03:00';
const ANNA = DEMO.registered.number;
const RECORD_MANY = `mutation($input: [RecordPaymentInput!]!) {
  recordPayments(input: $input) { replayed entry { id date kind period description amount } }
}`;
const RECORD = `mutation($input: RecordPaymentInput!) { recordPayment(input: $input) { id date amount } }`;
const BY_ID = `query($e: String!) { paymentByExternalId(externalId: $e) { id date kind amount } }`;

let t: TestApi;
let staff: string;
let ivan: string;

beforeAll(async () => {
  t = await startTestApi();
  t.api.services.clock.set(NOW);
  await seedDemoData(t.database.db, new Date(NOW));
  await givePassword(t.database.db, IVAN.number, IVAN.password);
  staff = await staffToken(t);
  ivan = await subscriberToken(t, IVAN.number, IVAN.password);
});
afterAll(() => t?.stop());

interface Item { accountNumber: string; amount: string; paidOn: string; externalId: string }
const item = (externalId: string, over: Partial<Item> = {}): Item => ({ accountNumber: IVAN.number, amount: '100.00', paidOn: '2026-03-18', externalId, ...over });

async function count(like: string): Promise<number> {
  const [{ n }] = await t.database.db.query('SELECT COUNT(*) AS n FROM ledger_entries WHERE external_id LIKE ?', [like]);
  return Number(n);
}

async function ledgerCount(): Promise<number> {
  const [{ n }] = await t.database.db.query('SELECT COUNT(*) AS n FROM ledger_entries');
  return Number(n);
}

describe('recordPayments', () => {
  it('records every payment and answers each, in order, with its entry', async () => {
    const res = await t.gql(RECORD_MANY, {
      input: [item('B1-1'), item('B1-2', { accountNumber: ANNA, amount: '1044.02', paidOn: '2026-03-16' }), item('B1-3', { amount: '0.01' })],
    }, staff);
    expect(res.errors).toBeUndefined();
    expect(res.data.recordPayments).toEqual([
      { replayed: false, entry: { id: expect.any(String), date: '2026-03-18', kind: 'PAYMENT', period: '2026-03', description: 'Оплата через банк', amount: '-100.00' } },
      { replayed: false, entry: { id: expect.any(String), date: '2026-03-16', kind: 'PAYMENT', period: '2026-03', description: 'Оплата через банк', amount: '-1044.02' } },
      { replayed: false, entry: { id: expect.any(String), date: '2026-03-18', kind: 'PAYMENT', period: '2026-03', description: 'Оплата через банк', amount: '-0.01' } },
    ]);
    expect(await count('B1-%')).toBe(3);
  });

  it('replays a retried batch: the recorded payments are answered with replayed: true and nothing is written; new ones are recorded', async () => {
    const first = await t.gql(RECORD_MANY, { input: [item('B2-1'), item('B2-2')] }, staff);
    const entries = await ledgerCount();
    const again = await t.gql(RECORD_MANY, { input: [item('B2-1'), item('B2-2')] }, staff);
    expect(again.errors).toBeUndefined();
    expect(again.data.recordPayments).toEqual(first.data.recordPayments.map((r: { entry: unknown }) => ({ replayed: true, entry: r.entry })));
    expect(await ledgerCount()).toBe(entries);

    // A batch that failed half-way on the caller's side is simply sent again, with more.
    const more = await t.gql(RECORD_MANY, { input: [item('B2-1'), item('B2-3'), item('B2-2', { amount: '100' })] }, staff);
    expect(more.data.recordPayments.map((r: { replayed: boolean }) => r.replayed)).toEqual([true, false, true]);
    expect(more.data.recordPayments[0].entry.id).toBe(first.data.recordPayments[0].entry.id);
    expect(await ledgerCount()).toBe(entries + 1);
  });

  it('is recordPayment for each item: a payment recorded by one is replayed by the other', async () => {
    const single = await t.gql(RECORD, { input: item('B3-1') }, staff);
    const batch = await t.gql(RECORD_MANY, { input: [item('B3-1')] }, staff);
    expect(batch.data.recordPayments[0]).toMatchObject({ replayed: true, entry: { id: single.data.recordPayment.id } });
    const fromBatch = await t.gql(RECORD_MANY, { input: [item('B3-2', { amount: '7.00' })] }, staff);
    expect((await t.gql(RECORD, { input: item('B3-2', { amount: '7' }) }, staff)).data.recordPayment.id).toBe(fromBatch.data.recordPayments[0].entry.id);
  });

  it('writes nothing when one item is bad, naming it input.<index>.<field>', async () => {
    const entries = await ledgerCount();
    const res = await t.gql(RECORD_MANY, { input: [item('B4-1'), item('B4-2'), item('B4-3', { amount: '1.005' }), item('B4-4')] }, staff);
    expect(res.data).toBeNull();
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    expect(res.errors![0].extensions).toMatchObject({ field: 'input.2.amount', index: 2 });
    expect(res.errors![0].message).toMatch(/^Платёж input\.2: .*двух знаков.*Ни один платёж этого вызова не записан/);
    expect(await ledgerCount()).toBe(entries);

    const unknown = await t.gql(RECORD_MANY, { input: [item('B4-1'), item('B4-2', { accountNumber: '999999999999' })] }, staff);
    expect(codeOf(unknown)).toBe('NOT_FOUND');
    expect(unknown.errors![0].extensions).toMatchObject({ field: 'input.1.accountNumber', index: 1 });
    expect(unknown.errors![0].message).toMatch(/Лицевой счёт 999999999999 не найден/);

    // The rules of RecordPaymentInput are checked per item, with the item named (not by the input's validators).
    for (const [over, field] of [
      [{ externalId: 'x'.repeat(65) }, 'externalId'],
      [{ externalId: '   ' }, 'externalId'],
      [{ accountNumber: '1'.repeat(41) }, 'accountNumber'],
      [{ paidOn: '2026-03-21' }, 'paidOn'],
      [{ amount: '-5' }, 'amount'],
    ] as [Partial<Item>, string][]) {
      const bad = await t.gql(RECORD_MANY, { input: [item('B4-1'), item('B4-5', over)] }, staff);
      expect(codeOf(bad)).toBe('BAD_USER_INPUT');
      expect(bad.errors![0].extensions!.field).toBe(`input.1.${field}`);
    }
    expect(await count('B4-%')).toBe(0);
  });

  it('refuses an externalId recorded with other data: PAYMENT_CONFLICT with the item, the field that differs and the recorded values', async () => {
    await t.gql(RECORD_MANY, { input: [item('B5-1', { paidOn: '2026-03-16' })] }, staff);
    const entries = await ledgerCount();
    const res = await t.gql(RECORD_MANY, { input: [item('B5-2'), item('B5-1', { paidOn: '2026-03-17' })] }, staff);
    expect(codeOf(res)).toBe('PAYMENT_CONFLICT');
    expect(res.errors![0].extensions).toMatchObject({
      field: 'input.1.paidOn',
      index: 1,
      recorded: { kind: 'PAYMENT', accountNumber: IVAN.number, amount: '100.00', paidOn: '2026-03-16' },
    });
    expect(res.errors![0].message).toMatch(/с другой датой оплаты \(2026-03-16\)/);
    expect(await ledgerCount()).toBe(entries);
  });

  it('lists every bad item in extensions.problems, so all can be fixed at once', async () => {
    const res = await t.gql(RECORD_MANY, {
      input: [item('B6-1'), item('B6-2', { accountNumber: '999999999999' }), item('B6-3'), item('B5-1', { amount: '1.00', paidOn: '2026-03-16' }), item('B6-5', { paidOn: '2026-03-21' })],
    }, staff);
    expect(codeOf(res)).toBe('NOT_FOUND');
    expect(res.errors![0].extensions!.field).toBe('input.1.accountNumber');
    expect(res.errors![0].message).toMatch(/ошибок в вызове: 3/);
    expect(res.errors![0].extensions!.problems).toEqual([
      { index: 1, code: 'NOT_FOUND', field: 'input.1.accountNumber', message: expect.stringMatching(/не найден/) },
      { index: 3, code: 'PAYMENT_CONFLICT', field: 'input.3.amount', recorded: expect.objectContaining({ amount: '100.00' }), message: expect.stringMatching(/с другой суммой/) },
      { index: 4, code: 'BAD_USER_INPUT', field: 'input.4.paidOn', message: expect.stringMatching(/позже сегодняшней/) },
    ]);
    expect(await count('B6-%')).toBe(0);
  });

  it('answers the same externalId twice in a call once more (replayed), and refuses it with other data', async () => {
    const res = await t.gql(RECORD_MANY, { input: [item('B7-1'), item('B7-2'), item('B7-1', { amount: '100' })] }, staff);
    expect(res.errors).toBeUndefined();
    const [a, , c] = res.data.recordPayments;
    expect(a.replayed).toBe(false);
    expect(c).toEqual({ replayed: true, entry: a.entry });
    expect(await count('B7-1')).toBe(1);

    const conflict = await t.gql(RECORD_MANY, { input: [item('B7-3'), item('B7-3', { accountNumber: ANNA })] }, staff);
    expect(codeOf(conflict)).toBe('PAYMENT_CONFLICT');
    expect(conflict.errors![0].extensions).toMatchObject({ field: 'input.1.accountNumber', index: 1 });
    expect(conflict.errors![0].message).toMatch(/уже есть в этом вызове \(input\.0\)/);
    expect(await count('B7-3')).toBe(0);
  });

  it('takes up to 500 payments; more is BAD_USER_INPUT on input with nothing written; none is an empty answer', async () => {
    const many = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => item(`${prefix}-${i}`, { accountNumber: i % 2 ? IVAN.number : ANNA, amount: `${(i % 90) + 1}.${String(i % 100).padStart(2, '0')}` }));
    const tooMany = await t.gql(RECORD_MANY, { input: many(501, 'B8X') }, staff);
    expect(codeOf(tooMany)).toBe('BAD_USER_INPUT');
    expect(tooMany.errors![0].extensions!.field).toBe('input');
    expect(tooMany.errors![0].message).toMatch(/не больше 500 платежей, а передано 501/);
    expect(await count('B8X-%')).toBe(0);

    const ok = await t.gql(RECORD_MANY, { input: many(500, 'B8') }, staff);
    expect(ok.errors).toBeUndefined();
    expect(ok.data.recordPayments).toHaveLength(500);
    expect(ok.data.recordPayments.every((r: { replayed: boolean }) => !r.replayed)).toBe(true);
    expect(new Set(ok.data.recordPayments.map((r: { entry: { id: string } }) => r.entry.id)).size).toBe(500);
    expect(ok.data.recordPayments[7].entry.amount).toBe('-8.07');
    expect(await count('B8-%')).toBe(500);
    const [{ audits }] = await t.database.db.query("SELECT COUNT(*) AS audits FROM audit_log WHERE action = 'payment.record' AND JSON_VALUE(after_value, '$.externalId') LIKE 'B8-%'");
    expect(Number(audits)).toBe(500);

    expect((await t.gql(RECORD_MANY, { input: [] }, staff)).data.recordPayments).toEqual([]);
  });

  it('records each payment once when the same batch is sent concurrently', async () => {
    const batch = Array.from({ length: 40 }, (_, i) => item(`B9-${i}`, { amount: `${i + 1}.00` }));
    const answers = await Promise.all(Array.from({ length: 6 }, () => t.gql(RECORD_MANY, { input: batch }, staff)));
    expect(answers.flatMap((a) => a.errors ?? [])).toEqual([]);
    expect(await count('B9-%')).toBe(40);
    for (let i = 0; i < 40; i++) {
      const results = answers.map((a) => a.data.recordPayments[i]);
      expect(new Set(results.map((r) => r.entry.id)).size).toBe(1);
      expect(results.filter((r) => !r.replayed)).toHaveLength(1);
    }
  });

  it('is for staff or a token with the payments scope; each new entry is audited with its source', async () => {
    expect(codeOf(await t.gql(RECORD_MANY, { input: [item('B10-anon')] }))).toBe('UNAUTHENTICATED');
    expect(codeOf(await t.gql(RECORD_MANY, { input: [item('B10-sub')] }, ivan))).toBe('FORBIDDEN');
    const op = await operatorToken(t, staff);
    const res = await t.gql(RECORD_MANY, { input: [item('B10-tok', { amount: '3.00' })] }, op.token);
    expect(res.errors).toBeUndefined();
    const [row, ...more] = await auditOf(t, staff, 'ledger_entry', res.data.recordPayments[0].entry.id);
    expect(more).toEqual([]);
    expect(row).toMatchObject({ action: 'payment.record', staffUsername: DEMO.operator.username, apiTokenId: op.id });
    expect(JSON.parse(row.afterJson!)).toMatchObject({ accountNumber: IVAN.number, amount: '-3.00', date: '2026-03-18', externalId: 'B10-tok', source: 'recordPayments' });
    expect(await count('B10-%')).toBe(1);
  });
});

describe('paymentByExternalId', () => {
  it('finds the payment recorded under a bank id, or null', async () => {
    const recorded = await t.gql(RECORD, { input: item('P-1', { amount: '12.34' }) }, staff);
    const found = await t.gql(BY_ID, { e: ' P-1 ' }, staff);
    expect(found.errors).toBeUndefined();
    expect(found.data.paymentByExternalId).toEqual({ id: recorded.data.recordPayment.id, date: '2026-03-18', kind: 'PAYMENT', amount: '-12.34' });
    expect((await t.gql(BY_ID, { e: 'P-none' }, staff)).data.paymentByExternalId).toBeNull();
    // A charge's id is not a payment's.
    const [{ external_id: chargeId }] = await t.database.db.query("SELECT external_id FROM ledger_entries WHERE kind = 'CHARGE' ORDER BY id LIMIT 1");
    expect((await t.gql(BY_ID, { e: chargeId }, staff)).data.paymentByExternalId).toBeNull();
  });

  it('checks the id and is for staff only', async () => {
    for (const e of ['', '   ', 'x'.repeat(65)]) {
      const res = await t.gql(BY_ID, { e }, staff);
      expect(codeOf(res)).toBe('BAD_USER_INPUT');
      expect(res.errors![0].extensions!.field).toBe('externalId');
    }
    expect(codeOf(await t.gql(BY_ID, { e: 'P-1' }))).toBe('UNAUTHENTICATED');
    expect(codeOf(await t.gql(BY_ID, { e: 'P-1' }, ivan))).toBe('FORBIDDEN');
    const op = await operatorToken(t, staff, 'Сверка');
    expect((await t.gql(BY_ID, { e: 'P-1' }, op.token)).data.paymentByExternalId.amount).toBe('-12.34');
  });
});
