/** The ledger over a date range with totals computed in SQL, and its CSV and PDF reports. */
import { startTestApi, codeOf, type TestApi } from '../support/api';
import { seedDemoData, DEMO } from '../../src/seed/demo-data';
import { pdfText } from '../documents/pdf-text';

const LOGIN = `mutation($n: String!, $p: String!) { login(accountNumber: $n, password: $p) { accessToken } }`;
const LEDGER = `query($from: Date, $to: Date, $first: Int, $after: String, $order: SortOrder) { me { ledger(from: $from, to: $to, first: $first, after: $after, order: $order) {
  totalCount openingBalance closingBalance totalCharged totalPaid
  pageInfo { hasNextPage hasPreviousPage endCursor }
  edges { cursor node { date kind period description amount } } } } }`;

let t: TestApi;
let token: string;
let accountId: number;

beforeAll(async () => {
  t = await startTestApi();
  await seedDemoData(t.database.db);
  token = (await t.gql(LOGIN, { n: DEMO.registered.number, p: DEMO.registered.password })).data.login.accessToken;
  [{ id: accountId }] = await t.database.db.query('SELECT id FROM accounts WHERE number = ?', [DEMO.registered.number]);
  // A year of hand-made entries on top of the demo ones: 12 charges of 100.10, 6 payments of 150.15, one recalculation.
  const rows: unknown[][] = [];
  for (let m = 1; m <= 12; m++) rows.push([accountId, `2025-${String(m).padStart(2, '0')}-28`, 'CHARGE', `2025-${String(m).padStart(2, '0')}`, 'Начислено', '100.10']);
  for (let m = 2; m <= 12; m += 2) rows.push([accountId, `2025-${String(m).padStart(2, '0')}-10`, 'PAYMENT', null, 'Оплата', '-150.15']);
  rows.push([accountId, '2025-06-30', 'RECALCULATION', '2025-06', 'Перерасчёт', '-33.33']);
  await t.database.db.query('INSERT INTO ledger_entries (account_id, date, kind, period, description, amount) VALUES ?', [rows]);
});
afterAll(() => t?.stop());

it('computes opening and closing balances and totals for a range, exact to the kopeck', async () => {
  const res = await t.gql(LEDGER, { from: '2025-04-01', to: '2025-09-30' }, token);
  expect(res.errors).toBeUndefined();
  const l = res.data.me.ledger;
  // Opening: Jan–Mar charges (300.30) − Feb payment (150.15) = 150.15.
  expect(l.openingBalance).toBe('150.15');
  // In range: 6 charges (600.60), recalculation (−33.33), payments in Apr, Jun, Aug (450.45).
  expect(l.totalCharged).toBe('567.27');
  expect(l.totalPaid).toBe('450.45');
  expect(l.closingBalance).toBe('266.97');
  expect(l.totalCount).toBe(10);
  expect(l.edges[0].node).toMatchObject({ date: '2025-09-28', kind: 'CHARGE', amount: '100.10' });
});

it('pages newest first with opaque cursors, and oldest first on request', async () => {
  const seen: string[] = [];
  let after: string | null = null;
  for (let i = 0; i < 10; i++) {
    const res: any = await t.gql(LEDGER, { from: '2025-01-01', to: '2025-12-31', first: 7, after }, token);
    const l = res.data.me.ledger;
    seen.push(...l.edges.map((e: any) => e.node.date));
    if (!l.pageInfo.hasNextPage) break;
    after = l.pageInfo.endCursor;
  }
  expect(seen).toHaveLength(19);
  expect([...seen].sort().reverse()).toEqual(seen);
  const asc = await t.gql(LEDGER, { from: '2025-01-01', to: '2025-12-31', first: 3, order: 'ASC' }, token);
  expect(asc.data.me.ledger.edges.map((e: any) => e.node.date)).toEqual(['2025-01-28', '2025-02-10', '2025-02-28']);
});

it('refuses bad ranges and page sizes with the field at fault', async () => {
  const reversed = await t.gql(LEDGER, { from: '2025-09-30', to: '2025-04-01' }, token);
  expect(codeOf(reversed)).toBe('BAD_USER_INPUT');
  expect(reversed.errors![0].extensions!.field).toBe('to');
  expect((await t.gql(LEDGER, { first: 101 }, token)).errors![0].extensions!.field).toBe('first');
  expect((await t.gql(LEDGER, { first: 0 }, token)).errors![0].extensions!.field).toBe('first');
  expect((await t.gql(LEDGER, { after: 'garbage' }, token)).errors![0].extensions!.field).toBe('after');
  expect(codeOf(await t.gql(LEDGER, { from: '2025-02-30' }, token))).toBe('BAD_USER_INPUT');
});

describe('reports', () => {
  const get = (path: string, tok: string | null = token) =>
    fetch(`${t.url}${path}`, { headers: tok ? { authorization: `Bearer ${tok}` } : {} });

  it('CSV opens in a Russian spreadsheet: BOM, semicolons, decimal comma', async () => {
    const res = await get('/reports/ledger.csv?from=2025-04-01&to=2025-09-30');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/csv/);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8');
    expect(text).toContain(';');
    expect(text).toContain('100,10');
    expect(text).toContain('28.09.2025');
    expect(text).not.toMatch(/\d\.\d\d;/);
  });

  it('PDF renders Cyrillic and the totals', async () => {
    const res = await get('/reports/ledger.pdf?from=2025-04-01&to=2025-09-30');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const { text } = await pdfText(Buffer.from(await res.arrayBuffer()));
    expect(text).toMatch(/Начисления и платежи/);
    expect(text).toContain('Петрова');
    expect(text).toMatch(/266,97/);
  });

  it('needs a token, and a subscriber cannot read another account', async () => {
    expect((await get('/reports/ledger.csv', null)).status).toBe(401);
    expect((await get('/reports/ledger.csv?account=123456789101')).status).toBe(403);
    expect((await get('/reports/ledger.csv?from=2025-13-01')).status).toBe(400);
  });
});
