/**
 * Card payments through the built-in sandbox gateway, over real HTTP against real MySQL:
 * start → the gateway's confirmation page → «Оплатить» → the signed webhook → one ledger entry.
 */
import { localDate } from '../../src/common/calendar';
import { config } from '../../src/config';
import { addMoney } from '../../src/money';
import { signWebhookBody } from '../../src/payments/webhook-signature';
import { DEMO, seedDemoData } from '../../src/seed/demo-data';
import { codeOf, startTestApi, type TestApi } from '../support/api';
import { ANNA, IVAN, balanceOf, givePassword, pointPublicUrlAt, staffToken, subscriberToken } from './helpers';

const START = `mutation($a: Decimal!) { startCardPayment(amount: $a) { id amount status confirmationUrl } }`;
const PAYMENT = `query($id: ID!) { payment(id: $id) { id amount status confirmationUrl } }`;

let t: TestApi;
let ivan: string;
let ivanId: number;

beforeAll(async () => {
  t = await startTestApi();
  pointPublicUrlAt(t);
  await seedDemoData(t.database.db);
  ivanId = await givePassword(t.database.db, IVAN.number, IVAN.password);
  ivan = await subscriberToken(t, IVAN.number, IVAN.password);
});
afterAll(() => t?.stop());

async function start(amount: string | number, token = ivan) {
  const res = await t.gql(START, { a: amount }, token);
  if (!res.data?.startCardPayment) throw new Error(`startCardPayment failed: ${JSON.stringify(res.errors)}`);
  return res.data.startCardPayment as { id: string; amount: string; status: string; confirmationUrl: string };
}

async function statusOf(id: string): Promise<string> {
  const res = await t.gql(PAYMENT, { id }, ivan);
  return res.data.payment.status;
}

async function entriesOf(id: string): Promise<{ kind: string; amount: string; description: string; date: string; period: string; account_id: number }[]> {
  return t.database.db.query(
    "SELECT kind, amount, description, DATE_FORMAT(date, '%Y-%m-%d') AS date, period, account_id FROM ledger_entries WHERE external_id = ?",
    [`card:${id}`],
  );
}

function webhook(body: string, signature: string | null) {
  return fetch(`${t.url}/payments/webhook/sandbox`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(signature ? { 'x-signature': signature } : {}) },
    body,
  });
}

const signed = (event: object) => {
  const body = JSON.stringify(event);
  return { body, signature: signWebhookBody(body, config().paymentWebhookSecret) };
};

describe('startCardPayment', () => {
  it('creates a PENDING payment with the sandbox confirmation page', async () => {
    const p = await start('1500.5');
    expect(p).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/),
      amount: '1500.50',
      status: 'PENDING',
      confirmationUrl: `${t.url}/sandbox-gateway/pay/${p.id}`,
    });
    const [row] = await t.database.db.query('SELECT account_id, amount, status, gateway FROM card_payments WHERE id = ?', [p.id]);
    expect(row).toEqual({ account_id: ivanId, amount: '1500.50', status: 'PENDING', gateway: 'sandbox' });
  });

  it('takes 1.00 … 500000.00 with at most two fraction digits, as a string or a JSON number', async () => {
    expect((await start('1.00')).amount).toBe('1.00');
    expect((await start('500000.00')).amount).toBe('500000.00');
    expect((await start(250)).amount).toBe('250.00');
    for (const bad of ['0.99', '500000.01', '10.001', '-5', '0', 'abc', '', '1e3', 12.345]) {
      const res = await t.gql(START, { a: bad }, ivan);
      expect(codeOf(res)).toBe('BAD_USER_INPUT');
      expect(res.errors![0].extensions!.field).toBe('amount');
      expect(res.errors![0].message).toMatch(/[а-яё]/i);
    }
  });

  it('is for the subscriber\'s own session only', async () => {
    expect(codeOf(await t.gql(START, { a: '100' }))).toBe('UNAUTHENTICATED');
    expect(codeOf(await t.gql(START, { a: '100' }, await staffToken(t)))).toBe('FORBIDDEN');
  });

  it("shows a payment only to its own account: someone else's is NOT_FOUND", async () => {
    const p = await start('10');
    expect((await t.gql(PAYMENT, { id: p.id }, ivan)).data.payment.id).toBe(p.id);
    const anna = await subscriberToken(t, ANNA.number, ANNA.password);
    const res = await t.gql(PAYMENT, { id: p.id }, anna);
    expect(codeOf(res)).toBe('NOT_FOUND');
    expect(codeOf(await t.gql(PAYMENT, { id: 'not-a-uuid' }, ivan))).toBe('NOT_FOUND');
  });
});

describe('the card flow through the sandbox gateway', () => {
  it('start → confirmation page → «Оплатить» → webhook → SUCCEEDED with one ledger entry', async () => {
    const before = await balanceOf(t, ivan);
    expect(before).toBe('-2890.64');
    const p = await start('1500.50');
    expect(await statusOf(p.id)).toBe('PENDING');

    const page = await fetch(p.confirmationUrl);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html; charset=utf-8/);
    const html = await page.text();
    for (const s of ['Тестовый платёжный шлюз', config().payee.name, '1 500,50 ₽', DEMO.unregistered.number, 'Оплатить', 'Отказаться']) {
      expect(html).toContain(s.replace(/"/g, '&quot;'));
    }
    expect(html).toMatch(/<form method="post" action="\/sandbox-gateway\/pay\/[0-9a-f-]{36}"/);
    expect(html).not.toMatch(/<script/i);
    // Still pending: showing the page pays nothing.
    expect(await statusOf(p.id)).toBe('PENDING');
    expect(await entriesOf(p.id)).toHaveLength(0);

    const res = await fetch(p.confirmationUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'decision=pay',
      redirect: 'manual',
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`${config().webUrl}/pay/result?payment=${p.id}`);

    expect(await statusOf(p.id)).toBe('SUCCEEDED');
    const entries = await entriesOf(p.id);
    expect(entries).toEqual([{
      kind: 'PAYMENT',
      amount: '-1500.50',
      description: 'Оплата банковской картой',
      date: localDate(new Date()),
      period: localDate(new Date()).slice(0, 7),
      account_id: ivanId,
    }]);
    const [row] = await t.database.db.query('SELECT ledger_entry_id, completed_at FROM card_payments WHERE id = ?', [p.id]);
    expect(row.ledger_entry_id).not.toBeNull();
    expect(row.completed_at).not.toBeNull();
    expect(await balanceOf(t, ivan)).toBe('-4391.14');

    // Paying again from the same page changes nothing.
    const again = await fetch(p.confirmationUrl, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'decision=pay', redirect: 'manual' });
    expect(again.status).toBe(303);
    expect(await entriesOf(p.id)).toHaveLength(1);
    expect(await (await fetch(p.confirmationUrl)).text()).toContain('Платёж уже оплачен');
    expect(await balanceOf(t, ivan)).toBe('-4391.14');
  });

  it('«Отказаться» → CANCELED and no ledger entry; a later success event for it changes nothing', async () => {
    const before = await balanceOf(t, ivan);
    const p = await start('300');
    const res = await fetch(p.confirmationUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'decision=decline',
      redirect: 'manual',
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`${config().webUrl}/pay/result?payment=${p.id}`);
    expect(await statusOf(p.id)).toBe('CANCELED');
    expect(await entriesOf(p.id)).toHaveLength(0);

    const late = signed({ event: 'payment.succeeded', paymentId: p.id, amount: '300.00' });
    expect((await webhook(late.body, late.signature)).status).toBe(200);
    expect(await statusOf(p.id)).toBe('CANCELED');
    expect(await entriesOf(p.id)).toHaveLength(0);
    expect(await balanceOf(t, ivan)).toBe(before);
  });

  it('an unknown payment page answers 404, a missing decision 400', async () => {
    expect((await fetch(`${t.url}/sandbox-gateway/pay/00000000-0000-4000-8000-000000000000`)).status).toBe(404);
    const p = await start('20');
    const res = await fetch(p.confirmationUrl, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'decision=maybe', redirect: 'manual' });
    expect(res.status).toBe(400);
    expect(await statusOf(p.id)).toBe('PENDING');
  });
});

describe('the webhook', () => {
  it('delivered 50 times at once records the payment once', async () => {
    const before = await balanceOf(t, ivan);
    const p = await start('777.77');
    const { body, signature } = signed({ event: 'payment.succeeded', paymentId: p.id, amount: '777.77' });
    const answers = await Promise.all(Array.from({ length: 50 }, () => webhook(body, signature)));
    expect(answers.map((a) => a.status)).toEqual(Array(50).fill(200));
    expect(await entriesOf(p.id)).toHaveLength(1);
    expect(await statusOf(p.id)).toBe('SUCCEEDED');
    const [{ n }] = await t.database.db.query("SELECT COUNT(*) AS n FROM ledger_entries WHERE external_id LIKE 'card:%' AND amount = -777.77");
    expect(Number(n)).toBe(1);
    expect(await balanceOf(t, ivan)).toBe(addMoney(before, '-777.77'));
  });

  it('refuses a bad or missing signature with 401 and writes nothing', async () => {
    const p = await start('55.55');
    const event = { event: 'payment.succeeded', paymentId: p.id, amount: '55.55' };
    const { body, signature } = signed(event);
    const otherBody = JSON.stringify({ ...event, amount: '55.56' });
    const attempts: [string, string | null][] = [
      [body, null],
      [body, 'sha256=' + '0'.repeat(64)],
      [body, signature.replace('sha256=', 'sha1=')],
      [body, signWebhookBody(body, 'not-the-secret')],
      [otherBody, signature],
      [body + ' ', signature],
      [body, 'garbage'],
    ];
    for (const [b, s] of attempts) expect((await webhook(b, s)).status).toBe(401);
    expect(await statusOf(p.id)).toBe('PENDING');
    expect(await entriesOf(p.id)).toHaveLength(0);
  });

  it('refuses an amount that differs from the payment (400) and writes nothing', async () => {
    const p = await start('100.00');
    const wrong = signed({ event: 'payment.succeeded', paymentId: p.id, amount: '1.00' });
    expect((await webhook(wrong.body, wrong.signature)).status).toBe(400);
    expect(await statusOf(p.id)).toBe('PENDING');
    expect(await entriesOf(p.id)).toHaveLength(0);
    // The right amount, even as a JSON number, is then accepted.
    const right = signed({ event: 'payment.succeeded', paymentId: p.id, amount: 100 });
    expect((await webhook(right.body, right.signature)).status).toBe(200);
    expect(await entriesOf(p.id)).toHaveLength(1);
  });

  it('answers 404 for an unknown payment and 400 for a malformed event, signed or not', async () => {
    const unknown = signed({ event: 'payment.succeeded', paymentId: '00000000-0000-4000-8000-000000000000', amount: '1.00' });
    expect((await webhook(unknown.body, unknown.signature)).status).toBe(404);
    const malformed = signed({ event: 'payment.refunded', paymentId: 'x', amount: '1.00' });
    expect((await webhook(malformed.body, malformed.signature)).status).toBe(400);
    const notJson = 'not json';
    expect((await webhook(notJson, signWebhookBody(notJson, config().paymentWebhookSecret))).status).toBe(400);
  });
});
