/**
 * Several accounts under one sign-in (#15), over real HTTP against real MySQL and a real SMTP server:
 * linking by the bill's code and by another sign-in's password, sign-in by any of the numbers, acting on the
 * right account (readings, appeals, documents, a card payment split over accounts), API tokens limited to
 * chosen accounts, unlinking, and another person who never reaches any of it.
 */
import { Account } from '../../src/accounts/account.entity';
import { config } from '../../src/config';
import { addMoney } from '../../src/money';
import { signWebhookBody } from '../../src/payments/webhook-signature';
import { DEMO, seedDemoData } from '../../src/seed/demo-data';
import { codeOf, startTestApi, type GqlResult, type TestApi } from '../support/api';
import { givePassword, pointPublicUrlAt, staffToken } from '../payments/helpers';

const ANNA = { number: DEMO.registered.number, password: DEMO.registered.password, email: 'anna.petrova@example.ru' };
/** The seed's bill: not registered; Anna proves it is hers with its activation code. */
const IVAN = { number: DEMO.unregistered.number, code: DEMO.unregistered.activationCode };
/** Registered by someone with a password of their own; Anna proves it with that password (the sign-in joins her). */
const SIDOROV = { number: '200000000001', password: 'Sidorov-Dacha-2026', email: 'sidorov@example.ru', code: '200020002000' };
/** Another person altogether: must never reach Anna's accounts. */
const DMITRIEV = { number: '200000000003', password: 'Dmitriev-Flat-2026', email: 'dmitriev@example.ru', code: '300030003000' };
/** Nobody's yet: for wrong codes and the attempt limit. */
const SPARE = { number: '200000000009', code: '900090009000' };

const NOW = '2026-11-20T09:00:00+03:00';

let t: TestApi;
let staff: string;
/** Anna's session, signed in with her first account. */
let anna: string;
/** Anna's session signed in with the linked bill's number: ends when that account is unlinked. */
let annaViaIvan: string;
let dmitriev: string;

function gqlAs(token: string | null, query: string, variables: Record<string, unknown> = {}, ip?: string): Promise<GqlResult> {
  return t.gql(query, variables, token, ip ? { 'x-forwarded-for': ip } : {});
}

async function login(number: string, password: string): Promise<{ accessToken: string; refreshToken: string }> {
  const res = await t.gql('mutation($n: String!, $p: String!) { login(accountNumber: $n, password: $p) { accessToken refreshToken } }', { n: number, p: password });
  if (!res.data?.login) throw new Error(`login ${number} failed: ${JSON.stringify(res.errors)}`);
  return res.data.login;
}

async function myAccounts(token: string): Promise<string[]> {
  const res = await gqlAs(token, '{ myAccounts { number } }');
  if (!res.data) throw new Error(JSON.stringify(res.errors));
  return res.data.myAccounts.map((a: { number: string }) => a.number);
}

async function balance(number: string): Promise<string> {
  const res = await gqlAs(staff, 'query($n: String!) { account(number: $n) { balance } }', { n: number });
  return res.data.account.balance;
}

async function addAccount(number: string, code: string, lastName: string, email: string | null = null): Promise<number> {
  const { identifiers } = await t.database.db.getRepository(Account).insert({
    number, lastName, firstName: 'Пётр', middleName: null, address: `г. Апатиты, ул. Дачная, д. ${number.slice(-1)}`, email,
    phone: null, activationCode: code, residents: 1, owners: 1,
  });
  return Number(identifiers[0].id);
}

const LINK = 'mutation($i: LinkAccountInput!) { linkAccount(input: $i) { number email } }';

beforeAll(async () => {
  t = await startTestApi();
  pointPublicUrlAt(t);
  t.api.services.clock.set(NOW);
  await seedDemoData(t.database.db, new Date(NOW));
  await addAccount(SIDOROV.number, SIDOROV.code, 'Сидоров', SIDOROV.email);
  await addAccount(DMITRIEV.number, DMITRIEV.code, 'Дмитриев', DMITRIEV.email);
  await addAccount(SPARE.number, SPARE.code, 'Запасов');
  await givePassword(t.database.db, SIDOROV.number, SIDOROV.password);
  await givePassword(t.database.db, DMITRIEV.number, DMITRIEV.password);
  staff = await staffToken(t);
  anna = (await login(ANNA.number, ANNA.password)).accessToken;
  dmitriev = (await login(DMITRIEV.number, DMITRIEV.password)).accessToken;
}, 60_000);
afterAll(() => t?.stop());

describe('linking', () => {
  it('adds an account not registered yet by the activation code from its bill, and tells the person', async () => {
    expect(await myAccounts(anna)).toEqual([ANNA.number]);
    const res = await gqlAs(anna, LINK, { i: { accountNumber: IVAN.number, activationCode: IVAN.code } });
    expect(res.errors).toBeUndefined();
    // The linked account takes the person's e-mail (and phone and receipt settings).
    expect(res.data.linkAccount).toEqual({ number: IVAN.number, email: ANNA.email });
    expect(await myAccounts(anna)).toEqual([ANNA.number, IVAN.number]);

    const mail = await t.smtp.waitFor(ANNA.email, (m) => m.subject.includes('Лицевой счёт добавлен'));
    expect(mail.text).toContain(IVAN.number);
    const [audit] = await t.database.db.query("SELECT action, entity_id FROM audit_log WHERE action = 'account.link' AND entity_id = ?", [IVAN.number]);
    expect(audit).toEqual({ action: 'account.link', entity_id: IVAN.number });

    // Linking it again changes nothing.
    const again = await gqlAs(anna, LINK, { i: { accountNumber: IVAN.number, activationCode: IVAN.code } });
    expect(again.data.linkAccount.number).toBe(IVAN.number);
    expect(await myAccounts(anna)).toEqual([ANNA.number, IVAN.number]);
  });

  it('signs in with any of the person\'s numbers and the one password; me is the account signed in with', async () => {
    const session = await login(IVAN.number, ANNA.password);
    annaViaIvan = session.accessToken;
    const res = await gqlAs(annaViaIvan, `query($other: String!) { me { number } myAccounts { number } account(number: $other) { number } }`, { other: ANNA.number });
    expect(res.errors).toBeUndefined();
    expect(res.data.me.number).toBe(IVAN.number);
    // The account signed in with comes first.
    expect(res.data.myAccounts.map((a: { number: string }) => a.number)).toEqual([IVAN.number, ANNA.number]);
    expect(res.data.account.number).toBe(ANNA.number);
  });

  it('a wrong code, an unknown number and a registered account\'s wrong password give the same error; attempts are limited', async () => {
    const wrongCode = await gqlAs(anna, LINK, { i: { accountNumber: SPARE.number, activationCode: '1111-2222-3333' } }, '10.0.0.1');
    const unknown = await gqlAs(anna, LINK, { i: { accountNumber: '299999999999', activationCode: SPARE.code } }, '10.0.0.1');
    const wrongPassword = await gqlAs(anna, LINK, { i: { accountNumber: SIDOROV.number, password: 'Not-His-Password-1' } }, '10.0.0.1');
    // A registered account cannot be taken with its bill's code: its holder's password is the proof.
    const codeOfRegistered = await gqlAs(anna, LINK, { i: { accountNumber: SIDOROV.number, activationCode: SIDOROV.code } }, '10.0.0.1');
    const answers = [wrongCode, unknown, wrongPassword, codeOfRegistered];
    expect(answers.map(codeOf)).toEqual(Array(4).fill('ACTIVATION_FAILED'));
    expect(new Set(answers.map((r) => r.errors?.[0]?.message)).size).toBe(1);
    expect(answers.map((r) => r.errors?.[0]?.extensions?.field)).toEqual(Array(4).fill('accountNumber'));

    const codes: (string | undefined)[] = [];
    for (let i = 0; i < 6; i++) codes.push(codeOf(await gqlAs(anna, LINK, { i: { accountNumber: SPARE.number, activationCode: `1111-2222-333${i}` } }, '10.0.0.2')));
    expect(codes.slice(0, 5)).toEqual(Array(5).fill('ACTIVATION_FAILED'));
    expect(codes[5]).toBe('RATE_LIMITED');
    // Nothing was linked by any of it.
    expect(await myAccounts(anna)).toEqual([ANNA.number, IVAN.number]);
    expect(codeOf(await gqlAs(anna, LINK, { i: { accountNumber: SPARE.number } }))).toBe('BAD_USER_INPUT');
  });

  it('adds a registered account by its password: that sign-in joins, its sessions and tokens end, its former address is told', async () => {
    const sidorov = await login(SIDOROV.number, SIDOROV.password);
    const token = (await gqlAs(sidorov.accessToken, 'mutation { createApiToken(name: "дача", scopes: [ACCOUNT_READ]) { token } }')).data.createApiToken.token;
    expect((await gqlAs(token, '{ me { number } }')).data.me.number).toBe(SIDOROV.number);

    const res = await gqlAs(anna, LINK, { i: { accountNumber: SIDOROV.number, password: SIDOROV.password } }, '10.0.0.3');
    expect(res.errors).toBeUndefined();
    expect(res.data.linkAccount).toEqual({ number: SIDOROV.number, email: ANNA.email });
    expect(await myAccounts(anna)).toEqual([ANNA.number, SIDOROV.number, IVAN.number].sort((a, b) => (a === ANNA.number ? -1 : b === ANNA.number ? 1 : a.localeCompare(b))));

    expect(codeOf(await gqlAs(sidorov.accessToken, '{ me { number } }'))).toBe('UNAUTHENTICATED');
    expect(codeOf(await gqlAs(token, '{ me { number } }'))).toBe('UNAUTHENTICATED');
    expect(codeOf(await t.gql('mutation($r: String!) { refreshSession(refreshToken: $r) { accessToken } }', { r: sidorov.refreshToken }))).toBe('UNAUTHENTICATED');
    // The dacha's number now signs in with Anna's password, not its old one.
    expect(codeOf(await t.gql(`mutation { login(accountNumber: "${SIDOROV.number}", password: "${SIDOROV.password}") { accessToken } }`))).toBe('INVALID_CREDENTIALS');
    const viaDacha = await login(SIDOROV.number, ANNA.password);
    expect((await gqlAs(viaDacha.accessToken, '{ me { number } }')).data.me.number).toBe(SIDOROV.number);

    const told = await t.smtp.waitFor(SIDOROV.email, (m) => m.subject.includes('перенесён'));
    expect(told.text).toContain(SIDOROV.number);
    const [{ n }] = await t.database.db.query('SELECT COUNT(*) AS n FROM subscribers s JOIN accounts a ON a.subscriber_id = s.id WHERE a.number IN (?, ?, ?)', [ANNA.number, IVAN.number, SIDOROV.number]);
    expect(Number(n)).toBe(3);
    const [{ persons }] = await t.database.db.query('SELECT COUNT(DISTINCT subscriber_id) AS persons FROM accounts WHERE number IN (?, ?, ?)', [ANNA.number, IVAN.number, SIDOROV.number]);
    expect(Number(persons)).toBe(1);
  });
});

describe('acting on the right account', () => {
  it('readings go to a meter of another of the person\'s accounts; an appeal names its account', async () => {
    const meters = (await gqlAs(anna, 'query($n: String!) { account(number: $n) { meters { id previousReading { value } } } }', { n: IVAN.number })).data.account.meters;
    const meter = meters[0];
    const value = String(Number(meter.previousReading?.value ?? '0') + 3);
    const res = await gqlAs(anna, 'mutation($m: ID!, $v: Volume!) { submitReadings(readings: [{ meterId: $m, value: $v }], confirmUnusual: true) { value meter { account { number } } } }', { m: meter.id, v: value });
    expect(res.errors).toBeUndefined();
    expect(res.data.submitReadings[0].meter.account.number).toBe(IVAN.number);

    const appeal = await gqlAs(anna, 'mutation($n: String) { createAppeal(input: { text: "Вопрос о квитанции по второй квартире", accountNumber: $n }) { account { number } } }', { n: IVAN.number });
    expect(appeal.data.createAppeal.account.number).toBe(IVAN.number);
    const own = await gqlAs(anna, 'mutation { createAppeal(input: { text: "Вопрос о моей квартире" }) { account { number } } }');
    expect(own.data.createAppeal.account.number).toBe(ANNA.number);
  });

  it('the payment document and the ledger report are per account, for any of the person\'s', async () => {
    const reports: string[] = [];
    for (const number of [ANNA.number, IVAN.number]) {
      const pdf = await fetch(`${t.url}/documents/payment-document.pdf?account=${number}`, { headers: { authorization: `Bearer ${anna}` } });
      expect(pdf.status).toBe(200);
      expect(pdf.headers.get('content-type')).toMatch(/application\/pdf/);
      const csv = await fetch(`${t.url}/reports/ledger.csv?account=${number}&from=2026-01-01&to=2026-11-30`, { headers: { authorization: `Bearer ${anna}` } });
      expect(csv.status).toBe(200);
      expect(csv.headers.get('content-disposition')).toContain(`ledger-${number}-`);
      reports.push(await csv.text());
    }
    // Each its own ledger: Ivan's summer months of 1 044,02, Anna's not.
    expect(reports[1]).toContain('1044,02');
    expect(reports[0]).not.toContain('1044,02');
    const doc = await gqlAs(anna, 'query($n: String!) { account(number: $n) { paymentDocument { qrPayload pdfUrl } } }', { n: IVAN.number });
    expect(doc.data.account.paymentDocument.qrPayload).toContain(`PersAcc=${IVAN.number}`);
    // The document's link names the account it is for (the signed-in one needs no name).
    expect(new URL(doc.data.account.paymentDocument.pdfUrl).searchParams.get('account')).toBe(IVAN.number);
    const own = await gqlAs(anna, '{ me { paymentDocument { pdfUrl } } }');
    expect(new URL(own.data.me.paymentDocument.pdfUrl).searchParams.get('account')).toBeNull();
  });

  it('one card payment split over two accounts: one gateway payment, one ledger line per account, exact, once', async () => {
    const before = { anna: await balance(ANNA.number), ivan: await balance(IVAN.number) };
    const start = await gqlAs(anna, `mutation($p: [PaymentPartInput!]) { startCardPayment(amount: "300.15", parts: $p) { id amount confirmationUrl parts { accountNumber amount } } }`, {
      p: [{ accountNumber: ANNA.number, amount: '100.05' }, { accountNumber: IVAN.number, amount: '200,10' }],
    });
    expect(start.errors).toBeUndefined();
    const p = start.data.startCardPayment;
    expect(p.amount).toBe('300.15');
    expect(p.parts).toEqual([{ accountNumber: ANNA.number, amount: '100.05' }, { accountNumber: IVAN.number, amount: '200.10' }]);
    const page = await (await fetch(p.confirmationUrl)).text();
    expect(page).toContain('300,15');

    const paid = await fetch(p.confirmationUrl, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'decision=pay', redirect: 'manual' });
    expect(paid.status).toBe(303);
    const lines = async () => t.database.db.query(
      "SELECT a.number, l.amount, l.kind FROM ledger_entries l JOIN accounts a ON a.id = l.account_id WHERE l.external_id LIKE ? ORDER BY a.number",
      [`card:${p.id}%`],
    );
    expect(await lines()).toEqual([
      { number: ANNA.number, amount: '-100.05', kind: 'PAYMENT' },
      { number: IVAN.number, amount: '-200.10', kind: 'PAYMENT' },
    ]);
    expect(await balance(ANNA.number)).toBe(addMoney(before.anna, '-100.05'));
    expect(await balance(IVAN.number)).toBe(addMoney(before.ivan, '-200.10'));

    // The gateway's webhook delivered again (and concurrently) records nothing more.
    const body = JSON.stringify({ event: 'payment.succeeded', paymentId: p.id, amount: '300.15' });
    const answers = await Promise.all(Array.from({ length: 10 }, () => fetch(`${t.url}/payments/webhook/sandbox`, {
      method: 'POST', headers: { 'content-type': 'application/json', 'x-signature': signWebhookBody(body, config().paymentWebhookSecret) }, body,
    })));
    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(200));
    expect(await lines()).toHaveLength(2);
    expect((await gqlAs(anna, 'query($id: ID!) { payment(id: $id) { status } }', { id: p.id })).data.payment.status).toBe('SUCCEEDED');
    // Seen from the other account's sign-in too: it is the person's payment.
    expect((await gqlAs(annaViaIvan, 'query($id: ID!) { payment(id: $id) { status } }', { id: p.id })).data.payment.status).toBe('SUCCEEDED');
  });

  it('a split that does not add up, names an account twice or one not the person\'s is refused, nothing started', async () => {
    const START = 'mutation($a: Decimal!, $p: [PaymentPartInput!]) { startCardPayment(amount: $a, parts: $p) { id } }';
    const [{ n: before }] = await t.database.db.query('SELECT COUNT(*) AS n FROM card_payments');
    const mismatch = await gqlAs(anna, START, { a: '300.00', p: [{ accountNumber: ANNA.number, amount: '100.00' }, { accountNumber: IVAN.number, amount: '100.00' }] });
    expect(codeOf(mismatch)).toBe('BAD_USER_INPUT');
    expect(mismatch.errors![0].extensions!.field).toBe('amount');
    expect(mismatch.errors![0].message).toContain('200.00');
    const twice = await gqlAs(anna, START, { a: '200.00', p: [{ accountNumber: ANNA.number, amount: '100.00' }, { accountNumber: ANNA.number, amount: '100.00' }] });
    expect(codeOf(twice)).toBe('BAD_USER_INPUT');
    const foreign = await gqlAs(anna, START, { a: '200.00', p: [{ accountNumber: ANNA.number, amount: '100.00' }, { accountNumber: DMITRIEV.number, amount: '100.00' }] });
    expect(codeOf(foreign)).toBe('FORBIDDEN');
    const [{ n: after }] = await t.database.db.query('SELECT COUNT(*) AS n FROM card_payments');
    expect(Number(after)).toBe(Number(before));
  });
});

describe('another person', () => {
  it('never reaches the person\'s accounts, by any operation', async () => {
    const numbers = [ANNA.number, IVAN.number, SIDOROV.number];
    const meters = (await gqlAs(anna, '{ myMeters { id } }')).data.myMeters.map((m: { id: string }) => m.id);
    expect(meters.length).toBeGreaterThan(2);
    const denied = new Set(['FORBIDDEN', 'NOT_FOUND', 'ACTIVATION_FAILED']);
    const leaks: string[] = [];
    const check = (what: string, res: GqlResult) => {
      if (!denied.has(codeOf(res) ?? '')) leaks.push(`${what}: ${JSON.stringify(res.data ?? res.errors)}`);
    };
    for (const n of numbers) {
      check(`account(${n})`, await gqlAs(dmitriev, 'query($n: String!) { account(number: $n) { email balance } }', { n }));
      check(`createAppeal(${n})`, await gqlAs(dmitriev, 'mutation($n: String) { createAppeal(input: { text: "Чужой счёт", accountNumber: $n }) { id } }', { n }));
      check(`startCardPayment(${n})`, await gqlAs(dmitriev, 'mutation($n: String) { startCardPayment(amount: "10.00", accountNumber: $n) { id } }', { n }));
      check(`markAppealsRead(${n})`, await gqlAs(dmitriev, 'mutation($n: String) { markAppealsRead(accountNumber: $n) }', { n }));
      check(`unlinkAccount(${n})`, await gqlAs(dmitriev, 'mutation($n: String!) { unlinkAccount(accountNumber: $n) }', { n }));
      check(`createApiToken(${n})`, await gqlAs(dmitriev, 'mutation($n: [String!]) { createApiToken(name: "x", scopes: [ACCOUNT_READ], accountNumbers: $n) { token } }', { n: [n] }));
      check(`linkAccount(${n})`, await gqlAs(dmitriev, LINK, { i: { accountNumber: n, password: DMITRIEV.password } }, `10.1.0.${numbers.indexOf(n)}`));
      for (const path of [`/documents/payment-document.pdf?account=${n}`, `/reports/ledger.csv?account=${n}&from=2026-01-01&to=2026-11-30`]) {
        const res = await fetch(`${t.url}${path}`, { headers: { authorization: `Bearer ${dmitriev}` } });
        if (res.status !== 403 && res.status !== 404) leaks.push(`${path}: ${res.status}`);
      }
    }
    for (const m of meters) {
      check(`meter(${m})`, await gqlAs(dmitriev, 'query($m: ID!) { meter(id: $m) { serialNumber } }', { m }));
      check(`submitReadings(${m})`, await gqlAs(dmitriev, 'mutation($m: ID!) { submitReadings(readings: [{ meterId: $m, value: "99999" }], confirmUnusual: true) { id } }', { m }));
    }
    expect(leaks).toEqual([]);
    // And what he holds is still only his.
    expect(await myAccounts(dmitriev)).toEqual([DMITRIEV.number]);
    const mine = await gqlAs(dmitriev, '{ me { holderAccounts { number } } }');
    expect(mine.data.me.holderAccounts).toEqual([{ number: DMITRIEV.number }]);
  });
});

describe('API tokens', () => {
  let limited: string;

  it('reach every account of the person, or only the chosen ones', async () => {
    const all = (await gqlAs(anna, 'mutation { createApiToken(name: "все счета", scopes: [ACCOUNT_READ]) { token apiToken { accountNumbers } } }')).data.createApiToken;
    expect(all.apiToken.accountNumbers).toBeNull();
    expect((await myAccounts(all.token)).sort()).toEqual([ANNA.number, IVAN.number, SIDOROV.number].sort());

    const res = await gqlAs(anna, 'mutation($n: [String!]) { createApiToken(name: "квартира родителей", scopes: [ACCOUNT_READ, READINGS_WRITE], accountNumbers: $n) { token apiToken { accountNumbers } } }', { n: [IVAN.number] });
    expect(res.errors).toBeUndefined();
    limited = res.data.createApiToken.token;
    expect(res.data.createApiToken.apiToken.accountNumbers).toEqual([IVAN.number]);
    expect(await myAccounts(limited)).toEqual([IVAN.number]);
    expect((await gqlAs(limited, '{ me { number } }')).data.me.number).toBe(IVAN.number);
    expect(codeOf(await gqlAs(limited, 'query($n: String!) { account(number: $n) { number } }', { n: ANNA.number }))).toBe('FORBIDDEN');
    const meters = (await gqlAs(limited, '{ myMeters { id account { number } } }')).data.myMeters;
    expect(meters.length).toBeGreaterThan(0);
    expect(new Set(meters.map((m: { account: { number: string } }) => m.account.number))).toEqual(new Set([IVAN.number]));
    const annaMeter = (await gqlAs(anna, '{ me { meters { id } } }')).data.me.meters[0].id;
    expect(codeOf(await gqlAs(limited, 'mutation($m: ID!) { submitReadings(readings: [{ meterId: $m, value: "999" }], confirmUnusual: true) { id } }', { m: annaMeter }))).toMatch(/FORBIDDEN|NOT_FOUND/);
  });

  it('cannot be limited to an account the person does not hold', async () => {
    const res = await gqlAs(anna, 'mutation($n: [String!]) { createApiToken(name: "чужой", scopes: [ACCOUNT_READ], accountNumbers: $n) { token } }', { n: [DMITRIEV.number] });
    expect(codeOf(res)).toBe('FORBIDDEN');
  });

  describe('unlinking', () => {
    it('removes an account: it keeps its ledger, sign-ins opened with it and tokens limited to it end, it can be registered again', async () => {
      const [{ n: ledgerBefore }] = await t.database.db.query('SELECT COUNT(*) AS n FROM ledger_entries l JOIN accounts a ON a.id = l.account_id WHERE a.number = ?', [IVAN.number]);
      const res = await gqlAs(anna, 'mutation($n: String!) { unlinkAccount(accountNumber: $n) }', { n: IVAN.number });
      expect(res.errors).toBeUndefined();
      expect(res.data.unlinkAccount).toBe(true);
      expect((await myAccounts(anna)).sort()).toEqual([ANNA.number, SIDOROV.number].sort());

      expect(codeOf(await gqlAs(annaViaIvan, '{ me { number } }'))).toBe('UNAUTHENTICATED');
      expect(codeOf(await gqlAs(limited, '{ me { number } }'))).toBe('UNAUTHENTICATED');
      expect(codeOf(await t.gql(`mutation { login(accountNumber: "${IVAN.number}", password: "${ANNA.password}") { accessToken } }`))).toBe('INVALID_CREDENTIALS');
      // Anna's own session goes on.
      expect((await gqlAs(anna, '{ me { number } }')).data.me.number).toBe(ANNA.number);

      const [{ n: ledgerAfter }] = await t.database.db.query('SELECT COUNT(*) AS n FROM ledger_entries l JOIN accounts a ON a.id = l.account_id WHERE a.number = ?', [IVAN.number]);
      expect(Number(ledgerAfter)).toBe(Number(ledgerBefore));
      const [audit] = await t.database.db.query("SELECT action FROM audit_log WHERE action = 'account.unlink' AND entity_id = ?", [IVAN.number]);
      expect(audit).toEqual({ action: 'account.unlink' });
      await t.smtp.waitFor(ANNA.email, (m) => m.text.includes(IVAN.number) && /отвяз|удал/i.test(m.subject + m.text));

      // Registered again from its bill, by whoever has it: a new person.
      const again = await t.gql('mutation($i: RegisterInput!) { register(input: $i) { accountNumber } }', {
        i: { accountNumber: IVAN.number, activationCode: IVAN.code, lastName: 'Иванов', firstName: 'Иван', email: 'ivan.new@poshta.ru', phone: '+79111234567', acceptTerms: true },
      });
      expect(again.errors).toBeUndefined();
      const [{ holders }] = await t.database.db.query('SELECT COUNT(DISTINCT subscriber_id) AS holders FROM accounts WHERE number IN (?, ?)', [IVAN.number, ANNA.number]);
      expect(Number(holders)).toBe(2);
    });

    it('never the last account', async () => {
      const res = await gqlAs(dmitriev, 'mutation($n: String!) { unlinkAccount(accountNumber: $n) }', { n: DMITRIEV.number });
      expect(codeOf(res)).toBe('BAD_USER_INPUT');
      expect(res.errors![0].extensions!.field).toBe('accountNumber');
      expect(await myAccounts(dmitriev)).toEqual([DMITRIEV.number]);
    });
  });
});

describe('staff', () => {
  it('see the person and their other accounts in the account view', async () => {
    const res = await gqlAs(staff, 'query($n: String!) { account(number: $n) { number holderAccounts { number } } }', { n: SIDOROV.number });
    expect(res.errors).toBeUndefined();
    expect(res.data.account.holderAccounts.map((a: { number: string }) => a.number)).toEqual([ANNA.number, SIDOROV.number]);
    const unregistered = await gqlAs(staff, 'query($n: String!) { account(number: $n) { holderAccounts { number } } }', { n: SPARE.number });
    expect(unregistered.data.account.holderAccounts).toEqual([]);
  });
});
