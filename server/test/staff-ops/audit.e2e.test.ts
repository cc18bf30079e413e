/**
 * The staff audit log: every staff action leaves one row with the actor and the values
 * before and after, written in the action's transaction (a failed action leaves none);
 * auditLog shows it to staff only, newest first.
 */
import { auditValue, REDACTED } from '../../src/audit/audit-values';
import { DEMO, seedDemoData } from '../../src/seed/demo-data';
import { codeOf, startTestApi, type TestApi } from '../support/api';
import { IVAN, givePassword, staffToken, subscriberToken } from '../payments/helpers';
import { AUDIT, auditOf, auditRowCount, operatorToken } from './helpers';

const NOW = '2026-11-20T09:00:00+03:00';
const SUBMIT = `mutation($r: [ReadingInput!]!) { submitReadings(readings: $r) { id status } }`;
const REVIEW = `mutation($id: ID!, $a: Boolean!, $r: String) { reviewReading(readingId: $id, accept: $a, reason: $r) { id status } }`;
const METERS = `{ me { meters { id title } } }`;
const CREATE_APPEAL = `mutation($t: String!) { createAppeal(input: { text: $t }) { id status } }`;
const REPLY = `mutation($id: ID!, $t: String!) { replyToAppeal(appealId: $id, text: $t) { id } }`;
const CLOSE = `mutation($id: ID!) { closeAppeal(appealId: $id) { id status } }`;
const RECORD = `mutation($input: RecordPaymentInput!) { recordPayment(input: $input) { id amount } }`;

let t: TestApi;
let staff: string;
let anna: string;
let meterIds: string[];

beforeAll(async () => {
  t = await startTestApi();
  t.api.services.clock.set(NOW);
  await seedDemoData(t.database.db, new Date(NOW));
  await givePassword(t.database.db, IVAN.number, IVAN.password);
  staff = await staffToken(t);
  anna = await subscriberToken(t, DEMO.registered.number, DEMO.registered.password);
  meterIds = (await t.gql(METERS, {}, anna)).data.me.meters.map((m: { id: string }) => m.id);
});
afterAll(() => t?.stop());

async function submit(value: string, meter = 0): Promise<string> {
  const res = await t.gql(SUBMIT, { r: [{ meterId: meterIds[meter], value }] }, anna);
  if (!res.data) throw new Error(JSON.stringify(res.errors));
  return res.data.submitReadings[0].id;
}

describe('reading.review', () => {
  it('is audited with the status before and after and the operator', async () => {
    const id = await submit('125.5');
    const res = await t.gql(REVIEW, { id, a: false, r: 'Фото не совпадает' }, staff);
    expect(res.errors).toBeUndefined();
    const [entry, ...more] = await auditOf(t, staff, 'reading', id);
    expect(more).toEqual([]);
    expect(entry).toMatchObject({ action: 'reading.review', entityType: 'reading', entityId: id, staffUsername: DEMO.operator.username, apiTokenId: null });
    expect(JSON.parse(entry.beforeJson!)).toMatchObject({ status: 'PENDING', value: '125.500' });
    expect(JSON.parse(entry.afterJson!)).toEqual({ status: 'REJECTED', rejectionReason: 'Фото не совпадает' });
    expect(new Date(entry.createdAt).getTime()).toBeGreaterThan(0);
  });

  it('a refused review (already reviewed) leaves no audit row', async () => {
    const id = await submit('126');
    await t.gql(REVIEW, { id, a: true }, staff);
    const before = await auditRowCount(t);
    expect(codeOf(await t.gql(REVIEW, { id, a: false, r: 'Передумал' }, staff))).toBe('BAD_USER_INPUT');
    expect(await auditRowCount(t)).toBe(before);
    expect(await auditOf(t, staff, 'reading', id)).toHaveLength(1);
  });

  it('is in the same transaction: when the audit row cannot be written, the review is rolled back', async () => {
    const id = await submit('127');
    const audit = t.api.services.audit;
    const original = audit.record;
    audit.record = async () => {
      throw new Error('audit_log unavailable');
    };
    try {
      const res = await t.gql(REVIEW, { id, a: true }, staff);
      expect(codeOf(res)).toBe('INTERNAL_SERVER_ERROR');
      expect(JSON.stringify(res.errors)).not.toMatch(/audit_log unavailable|at .*\.ts/);
    } finally {
      audit.record = original;
    }
    const [row] = await t.database.db.query('SELECT status, reviewed_by FROM readings WHERE id = ?', [id]);
    expect(row).toMatchObject({ status: 'PENDING', reviewed_by: null });
    expect(await auditOf(t, staff, 'reading', id)).toEqual([]);
    // …and it works again once the log is back.
    expect((await t.gql(REVIEW, { id, a: true }, staff)).data.reviewReading.status).toBe('ACCEPTED');
    expect(await auditOf(t, staff, 'reading', id)).toHaveLength(1);
  });
});

describe('appeal.reply and appeal.close', () => {
  it('are audited; closing again and replying to a closed appeal leave no row', async () => {
    const appeal = (await t.gql(CREATE_APPEAL, { t: 'Почему начислено больше обычного?' }, anna)).data.createAppeal;
    const reply = await t.gql(REPLY, { id: appeal.id, t: 'Проверили: начисление по показаниям верное.' }, staff);
    expect(reply.errors).toBeUndefined();
    expect((await t.gql(CLOSE, { id: appeal.id }, staff)).data.closeAppeal.status).toBe('CLOSED');
    const rows = await auditRowCount(t);
    expect((await t.gql(CLOSE, { id: appeal.id }, staff)).data.closeAppeal.status).toBe('CLOSED');
    expect(codeOf(await t.gql(REPLY, { id: appeal.id, t: 'Ещё одно' }, staff))).toBe('BAD_USER_INPUT');
    expect(await auditRowCount(t)).toBe(rows);

    const [close, replied] = await auditOf(t, staff, 'appeal', appeal.id);
    expect(replied).toMatchObject({ action: 'appeal.reply', staffUsername: DEMO.operator.username });
    expect(JSON.parse(replied.beforeJson!)).toEqual({ status: 'OPEN' });
    expect(JSON.parse(replied.afterJson!)).toEqual({ status: 'ANSWERED', replyId: reply.data.replyToAppeal.id, text: 'Проверили: начисление по показаниям верное.' });
    expect(close).toMatchObject({ action: 'appeal.close', staffUsername: DEMO.operator.username });
    expect(JSON.parse(close.beforeJson!)).toEqual({ status: 'ANSWERED' });
    expect(JSON.parse(close.afterJson!)).toEqual({ status: 'CLOSED' });
    expect(Number(close.id)).toBeGreaterThan(Number(replied.id));
  });
});

describe('payment.record', () => {
  const input = (over: Record<string, unknown> = {}) => ({ accountNumber: IVAN.number, amount: '1000.00', paidOn: '2026-11-19', externalId: 'audit-pay-1', ...over });

  it('is audited once, when a new entry is made; a repeat or a conflict adds nothing', async () => {
    const entry = (await t.gql(RECORD, { input: input() }, staff)).data.recordPayment;
    const rows = await auditRowCount(t);
    expect((await t.gql(RECORD, { input: input() }, staff)).data.recordPayment.id).toBe(entry.id);
    expect(codeOf(await t.gql(RECORD, { input: input({ amount: '999.99' }) }, staff))).toBe('PAYMENT_CONFLICT');
    expect(codeOf(await t.gql(RECORD, { input: input({ externalId: 'audit-pay-x', accountNumber: '999999999999' }) }, staff))).toBe('NOT_FOUND');
    expect(await auditRowCount(t)).toBe(rows);
    const [row, ...more] = await auditOf(t, staff, 'ledger_entry', entry.id);
    expect(more).toEqual([]);
    expect(row).toMatchObject({ action: 'payment.record', staffUsername: DEMO.operator.username, beforeJson: null });
    expect(JSON.parse(row.afterJson!)).toMatchObject({ accountNumber: IVAN.number, kind: 'PAYMENT', amount: '-1000.00', date: '2026-11-19', externalId: 'audit-pay-1', source: 'recordPayment' });
  });

  it('names the API token when the action came with one', async () => {
    const op = await operatorToken(t, staff);
    const entry = (await t.gql(RECORD, { input: input({ externalId: 'audit-pay-token' }) }, op.token)).data.recordPayment;
    const [row] = await auditOf(t, staff, 'ledger_entry', entry.id);
    expect(row).toMatchObject({ staffUsername: DEMO.operator.username, apiTokenId: op.id });
    // The token itself is never in the log.
    const [{ n }] = await t.database.db.query('SELECT COUNT(*) AS n FROM audit_log WHERE before_value LIKE ? OR after_value LIKE ?', [`%${op.token}%`, `%${op.token}%`]);
    expect(Number(n)).toBe(0);
  });
});

describe('auditLog', () => {
  it('is for staff only', async () => {
    expect(codeOf(await t.gql(AUDIT, {}, anna))).toBe('FORBIDDEN');
    expect(codeOf(await t.gql(AUDIT, {}))).toBe('UNAUTHENTICATED');
  });

  it('lists newest first, page by page', async () => {
    const all = (await t.gql(AUDIT, { first: 100 }, staff)).data.auditLog;
    expect(all.totalCount).toBeGreaterThanOrEqual(6);
    const ids = all.nodes.map((n: { id: string }) => Number(n.id));
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    const seen: number[] = [];
    let after: string | null = null;
    do {
      const page: any = (await t.gql(AUDIT, { first: 2, after }, staff)).data.auditLog;
      expect(page.nodes.length).toBeLessThanOrEqual(2);
      seen.push(...page.nodes.map((n: { id: string }) => Number(n.id)));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
    expect(seen).toEqual(ids);
  });

  it('checks its arguments', async () => {
    const noType = await t.gql(AUDIT, { i: '1' }, staff);
    expect(codeOf(noType)).toBe('BAD_USER_INPUT');
    expect(noType.errors![0].extensions!.field).toBe('entityType');
    expect(codeOf(await t.gql(AUDIT, { after: 'garbage' }, staff))).toBe('BAD_USER_INPUT');
    expect(codeOf(await t.gql(AUDIT, { first: 0 }, staff))).toBe('BAD_USER_INPUT');
  });
});

describe('auditValue', () => {
  it('blanks secrets and makes plain JSON', () => {
    expect(auditValue({ password: 'x', nested: { tokenHash: 'y', activationCode: '123412341234', name: 'Иванов' }, at: new Date('2026-01-02T03:04:05Z'), n: 10n })).toEqual({
      password: REDACTED,
      nested: { tokenHash: REDACTED, activationCode: REDACTED, name: 'Иванов' },
      at: '2026-01-02T03:04:05.000Z',
      n: '10',
    });
    expect(auditValue(undefined)).toBeNull();
  });
});
