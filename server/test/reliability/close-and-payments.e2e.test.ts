/**
 * Concurrency: a month close running while 50 payments are recorded (and a second
 * close of the same month started at the same time) keeps the ledger exact: every
 * payment once, every charge once, and each balance equal to the sum of its parts.
 */
import { seedDemoData, DEMO } from '../../src/seed/demo-data';
import { startTestApi, type TestApi } from '../support/api';

let t: TestApi;
let staff: string;

beforeAll(async () => {
  t = await startTestApi();
  // The demo months are closed up to October; November is over and is closed here.
  await seedDemoData(t.database.db, new Date('2026-11-20T09:00:00+03:00'));
  t.api.services.clock.set('2026-12-02T09:00:00+03:00');
  staff = (await t.gql(`mutation($u: String!, $p: String!) { staffLogin(username: $u, password: $p) { accessToken } }`, { u: DEMO.operator.username, p: DEMO.operator.password })).data.staffLogin.accessToken;
}, 60_000);
afterAll(() => t?.stop());

it('closing a month during 50 concurrent payments loses nothing and charges nothing twice', async () => {
  const db = t.database.db;
  const sum = async (where: string) => String((await db.query(`SELECT COALESCE(SUM(amount), 0) AS s FROM ledger_entries WHERE ${where}`))[0].s);
  const before = await sum('1=1');
  const CLOSE = `mutation($p: Period!) { closeBillingPeriod(period: $p) { period status } }`;
  const RECORD = `mutation($i: RecordPaymentInput!) { recordPayment(input: $i) { id } }`;
  const accounts = [DEMO.registered.number, DEMO.unregistered.number];
  const payments = Array.from({ length: 50 }, (_, i) => ({ accountNumber: accounts[i % 2], amount: `${10 + i}.${String(i).padStart(2, '0')}`, paidOn: '2026-11-19', externalId: `race-${i}` }));

  const [closeA, closeB, ...paid] = await Promise.all([
    t.gql(CLOSE, { p: '2026-11' }, staff),
    t.gql(CLOSE, { p: '2026-11' }, staff),
    ...payments.map((p) => t.gql(RECORD, { i: p }, staff)),
  ]);
  expect(closeA.errors ?? closeB.errors).toBeUndefined();
  expect(paid.filter((r) => r.errors)).toEqual([]);

  // Every payment exactly once.
  const rows: { external_id: string; n: string }[] = await db.query("SELECT external_id, COUNT(*) n FROM ledger_entries WHERE external_id LIKE 'race-%' GROUP BY external_id");
  expect(rows).toHaveLength(50);
  expect(rows.every((r) => Number(r.n) === 1)).toBe(true);
  // Charges of the close exactly once per account and service.
  const dupes = await db.query("SELECT account_id, service, COUNT(*) n FROM ledger_entries WHERE period = '2026-11' AND external_id LIKE 'close:%' GROUP BY account_id, service HAVING n > 1");
  expect(dupes).toEqual([]);
  const charged = await sum("external_id LIKE 'close:2026-11:%' OR external_id LIKE 'penalty:2026-11:%'");
  expect(Number(charged)).toBeGreaterThan(0);
  const paidTotal = payments.reduce((s, p) => s + Math.round(Number(p.amount) * 100), 0);
  // The whole ledger moved by exactly the charges minus the payments (in kopecks, no float drift).
  const after = await sum('1=1');
  expect(Math.round(Number(after) * 100)).toBe(Math.round(Number(before) * 100) + Math.round(Number(charged) * 100) - paidTotal);
  // A third close changes nothing.
  await t.gql(CLOSE, { p: '2026-11' }, staff);
  expect(await sum('1=1')).toBe(after);
  // And the API's balances are the ledger sums.
  for (const number of accounts) {
    const api = (await t.gql(`query($n: String!) { account(number: $n) { balance } }`, { n: number }, staff)).data.account.balance;
    const [{ s }] = await db.query('SELECT COALESCE(SUM(l.amount), 0) s FROM ledger_entries l JOIN accounts a ON a.id = l.account_id WHERE a.number = ?', [number]);
    expect(api).toBe(Number(s).toFixed(2));
  }
}, 120_000);
