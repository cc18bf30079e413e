/**
 * searchAccounts: staff find an account by number (prefix), name or address, page by page,
 * then open it with account(number). Subscribers and anonymous callers cannot search.
 */
import { Account } from '../../src/accounts/account.entity';
import { AccountSearchService } from '../../src/accounts/account-search';
import { DEMO, seedDemoData } from '../../src/seed/demo-data';
import { codeOf, startTestApi, type TestApi } from '../support/api';
import { staffToken, subscriberToken } from '../payments/helpers';
import { operatorToken } from './helpers';

const SEARCH = `query($q: String!, $first: Int, $after: String) {
  searchAccounts(query: $q, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor node { number lastName firstName address } }
  }
}`;

let t: TestApi;
let staff: string;

beforeAll(async () => {
  t = await startTestApi();
  await seedDemoData(t.database.db);
  staff = await staffToken(t);
  // Seven Смирновы on one street, to page through; one account whose name has LIKE's wildcards.
  const accounts = t.database.db.getRepository(Account);
  for (let i = 1; i <= 7; i++) {
    await accounts.insert({
      number: `55500000000${i}`,
      lastName: 'Смирнов',
      firstName: ['Пётр', 'Алексей', 'Борис', 'Виктор', 'Глеб', 'Дмитрий', 'Егор'][i - 1],
      middleName: null,
      address: `г. Апатиты, ул. Ферсмана, д. 1${i}, кв. ${i}`,
      activationCode: `55500000000${i}`,
    });
  }
  await accounts.insert({ number: '777000000001', lastName: 'Test_100%', firstName: 'X', address: 'г. Кировск, пр. Ленина, д. 5', activationCode: '777000000001' });
});
afterAll(() => t?.stop());

async function numbers(query: string, token = staff): Promise<string[]> {
  const res = await t.gql(SEARCH, { q: query, first: 100 }, token);
  if (!res.data) throw new Error(JSON.stringify(res.errors));
  return res.data.searchAccounts.edges.map((e: { node: { number: string } }) => e.node.number);
}

it('finds by account number prefix, with spaces or dashes as on the bill', async () => {
  expect(await numbers('1234')).toEqual([DEMO.unregistered.number]);
  expect(await numbers('1234 5678-9101')).toEqual([DEMO.unregistered.number]);
  expect(await numbers('10000000000')).toEqual([DEMO.registered.number]);
  expect(await numbers('5550')).toHaveLength(7);
  // A prefix, not a substring.
  expect(await numbers('5678')).toEqual([]);
});

it('finds by last name, then first and middle name, in any case', async () => {
  expect(await numbers('иванов')).toEqual([DEMO.unregistered.number]);
  expect(await numbers('ИВАНОВ ИВАН ИВАНОВИЧ')).toEqual([DEMO.unregistered.number]);
  expect(await numbers('Петрова Ан')).toEqual([DEMO.registered.number]);
  expect(await numbers('Иванов Анна')).toEqual([]);
  expect(await numbers('Смирнов Г')).toEqual(['555000000005']);
});

it('finds by a piece of the address', async () => {
  expect(await numbers('Зиновьева')).toEqual([DEMO.registered.number]);
  expect(await numbers('ул. ленина, д. 1')).toEqual([DEMO.unregistered.number]);
  // By last name: Latin before Cyrillic.
  expect(await numbers('Ленина')).toEqual(['777000000001', DEMO.unregistered.number]);
  expect((await numbers('Апатиты')).length).toBe(9);
});

it('matches each word typed as the start of a word of the name or address, in any order (#16: the word index)', async () => {
  // The demo's unregistered account: Иванов Иван Иванович, «г. Апатиты, ул. Ленина, д. 1, кв. 1».
  expect(await numbers('Ленина Иванов')).toEqual([DEMO.unregistered.number]);
  expect(await numbers('Иван Иванов')).toEqual([DEMO.unregistered.number]);
  expect(await numbers('Лен, д. 1')).toEqual([DEMO.unregistered.number]);
  // House and flat numbers are words too: Ферсмана 13 is one of the seven Смирновы.
  expect(await numbers('Ферсмана 13')).toEqual(['555000000003']);
  expect(await numbers('ферсмана, д. 13, кв. 3')).toEqual(['555000000003']);
  expect(await numbers('Ферсмана 19')).toEqual([]);
  // A number is a whole number: «д. 1» is not house 13 or flat 100; a letter after it is allowed (house 13а).
  expect(await numbers('Ферсмана 1')).toEqual(['555000000001']);
  await t.database.db.getRepository(Account).insert({ number: '555000000010', lastName: 'Орлов', firstName: 'Иван', address: 'г. Апатиты, ул. Ферсмана, д. 13а', activationCode: '555000000010' });
  expect(await numbers('Ферсмана 13')).toEqual(['555000000010', '555000000003']);
  expect(await numbers('Ферсмана 13а')).toEqual(['555000000010']);
  await t.database.db.query("DELETE FROM accounts WHERE number = '555000000010'");
  expect(await numbers('Ферсмана 13')).toEqual(['555000000003']);
  // The start of a word, not a piece of its middle (what FULLTEXT or LIKE '%…%' would differ on).
  expect(await numbers('ерсмана')).toEqual([]);
  // Every word must match.
  expect(await numbers('Ферсмана Кировск')).toEqual([]);
});

it('the word index follows the accounts: a new account, a corrected address, a renamed holder', async () => {
  const accounts = t.database.db.getRepository(Account);
  await accounts.insert({ number: '888000000001', lastName: 'Кузнецова', firstName: 'Ольга', address: 'г. Апатиты, ул. Дзержинского, д. 7, кв. 40', activationCode: '888000000001' });
  expect(await numbers('Дзержинского 7')).toEqual(['888000000001']);
  await accounts.update({ number: '888000000001' }, { address: 'г. Апатиты, ул. Космонавтов, д. 2, кв. 9' });
  expect(await numbers('Дзержинского')).toEqual([]);
  expect(await numbers('Космонавтов 2')).toEqual(['888000000001']);
  await accounts.update({ number: '888000000001' }, { lastName: 'Соколова' });
  expect(await numbers('Кузнецова')).toEqual([]);
  expect(await numbers('Соколова Ольга')).toEqual(['888000000001']);
  // Other changes (an e-mail, say) leave the words as they were.
  await accounts.update({ number: '888000000001' }, { email: 'olga@example.ru' });
  expect(await numbers('Соколова Космонавтов')).toEqual(['888000000001']);
  const rows = await t.database.db.query(
    "SELECT w.word FROM account_search_words w JOIN accounts a ON a.id = w.account_id WHERE a.number = '888000000001' ORDER BY w.word",
  );
  // One-letter words («г.», «д.») are left out; numbers of any length are kept.
  expect(rows.map((r: { word: string }) => r.word)).toEqual(['2', '9', 'Апатиты', 'кв', 'Космонавтов', 'Ольга', 'Соколова', 'ул']);
});

it('reads the matching accounts through the word index by id, not the whole accounts table or its name index', async () => {
  // The statement the search runs for few matches (captured from the service), explained.
  const db = t.database.db as any;
  const original = db.logger;
  let captured: { sql: string; parameters: unknown[] } | undefined;
  db.logger = {
    ...original,
    logQuery: (sql: string, parameters?: unknown[]) => {
      if (/FROM `accounts` `a`/.test(sql) && !/COUNT/.test(sql)) captured = { sql, parameters: parameters ?? [] };
    },
  };
  try {
    await new AccountSearchService(t.database.db).search('Ферсмана 13', 20, null);
  } finally {
    db.logger = original;
  }
  expect(captured).toBeDefined();
  const plan = await t.database.db.query(`EXPLAIN ${captured!.sql}`, captured!.parameters);
  const accountsRow = plan.find((r: { table: string }) => r.table === 'a');
  expect(['const', 'eq_ref', 'ref', 'range']).toContain(accountsRow.type);
  expect(plan.every((r: { type: string }) => r.type !== 'ALL')).toBe(true);
});

it('a query that matches many walks the accounts in name order: the same pages as sorting the matches', async () => {
  // BROAD_MATCHES (5,000) lowered to 0 and raised past everything: both plans, page by page, the same accounts.
  const pages = async (service: AccountSearchService, query: string) => {
    const seen: string[][] = [];
    let after: string | null = null;
    do {
      const page = await service.search(query, 2, after);
      seen.push(page.nodes.map((a) => a.number));
      expect(page.totalCount).toBeGreaterThan(0);
      after = page.hasNextPage ? page.cursorOf(page.nodes.at(-1)!) : null;
    } while (after);
    return seen;
  };
  for (const query of ['Апатиты', 'Смирнов', 'Ферсмана 13', 'ул. Ленина', 'Иванов Иван']) {
    const walked = await pages(new AccountSearchService(t.database.db, 0), query);
    const sorted = await pages(new AccountSearchService(t.database.db, 1_000_000), query);
    expect(walked).toEqual(sorted);
    expect(walked.flat()).toEqual(await numbers(query));
  }
});

it('takes % and _ literally', async () => {
  expect(await numbers('%%')).toEqual([]);
  expect(await numbers('__')).toEqual([]);
  expect(await numbers('Test_100%')).toEqual(['777000000001']);
});

it('orders by name and pages with opaque cursors', async () => {
  const seen: string[] = [];
  let after: string | null = null;
  let pages = 0;
  do {
    const res: any = await t.gql(SEARCH, { q: 'Смирнов', first: 3, after }, staff);
    expect(res.errors).toBeUndefined();
    expect(res.data.searchAccounts.totalCount).toBe(7);
    seen.push(...res.data.searchAccounts.edges.map((e: { node: { firstName: string } }) => e.node.firstName));
    after = res.data.searchAccounts.pageInfo.hasNextPage ? res.data.searchAccounts.pageInfo.endCursor : null;
    pages++;
  } while (after);
  expect(pages).toBe(3);
  expect(seen).toEqual(['Алексей', 'Борис', 'Виктор', 'Глеб', 'Дмитрий', 'Егор', 'Пётр']);
});

it('needs at least 2 characters and a sane cursor', async () => {
  for (const q of ['', ' ', 'И', '1', ' 1 ']) {
    const res = await t.gql(SEARCH, { q }, staff);
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    expect(res.errors![0].extensions!.field).toBe('query');
    expect(res.errors![0].message).toMatch(/не меньше 2/);
  }
  expect(codeOf(await t.gql(SEARCH, { q: 'x'.repeat(101) }, staff))).toBe('BAD_USER_INPUT');
  expect(codeOf(await t.gql(SEARCH, { q: 'Смирнов', after: 'bm9wZQ' }, staff))).toBe('BAD_USER_INPUT');
});

it('is for staff (or an OPERATOR token) only; staff then open the account by number', async () => {
  const anna = await subscriberToken(t, DEMO.registered.number, DEMO.registered.password);
  expect(codeOf(await t.gql(SEARCH, { q: 'Петрова' }, anna))).toBe('FORBIDDEN');
  expect(codeOf(await t.gql(SEARCH, { q: 'Петрова' }))).toBe('UNAUTHENTICATED');
  const op = await operatorToken(t, staff);
  expect(await numbers('Петрова', op.token)).toEqual([DEMO.registered.number]);
  const opened = await t.gql(`query($n: String!) { account(number: $n) { number lastName balance meters { title } } }`, { n: DEMO.registered.number }, staff);
  expect(opened.data.account).toMatchObject({ number: DEMO.registered.number, lastName: 'Петрова', balance: '1328.42' });
});
