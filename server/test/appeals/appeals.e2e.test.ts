/**
 * The «виртуальная приёмная» over HTTP and graphql-ws against real MySQL and a real
 * SMTP server: a subscriber writes, an operator replies (ANSWERED, e-mail, live event
 * to that subscriber only) or closes; lists are paginated and batched.
 */
import { startTestApi, codeOf, type TestApi } from '../support/api';
import { seedDemoData, DEMO } from '../../src/seed/demo-data';
import { APPEAL_REPLIED, SECOND, registerSecondSubscriber, sleep, staffToken, subscribe, subscriberToken, waitUntil } from './helpers';

const CREATE = `mutation($text: String!) { createAppeal(input: { text: $text }) { id text status createdAt account { number } replies { id } } }`;
const MY_APPEALS = `query($first: Int, $after: String) { me { unreadReplyCount appeals(first: $first, after: $after) {
  totalCount pageInfo { hasNextPage hasPreviousPage endCursor } edges { cursor node { id text status } } nodes { id replies { authorRole text createdAt appeal { id } } } } } }`;
const FOR_REVIEW = `query($status: AppealStatus, $first: Int, $after: String) { appealsForReview(status: $status, first: $first, after: $after) {
  totalCount pageInfo { hasNextPage endCursor } nodes { id text status account { number lastName } replies { id text authorRole appeal { id status } } } } }`;
const REPLY = `mutation($id: ID!, $text: String!) { replyToAppeal(appealId: $id, text: $text) { id text authorRole createdAt appeal { id status } } }`;
const CLOSE = `mutation($id: ID!) { closeAppeal(appealId: $id) { id status } }`;
const MARK_READ = `mutation { markAppealsRead }`;

let t: TestApi;
let anna: string; // DEMO.registered, subscriber A
let ivan: string; // SECOND, subscriber B
let operator: string;

beforeAll(async () => {
  // The in-memory bus here, whatever REDIS_URL says: the Redis fan-out has its own test file.
  // The revocation poll (every SESSION_REVOCATION_POLL_MS, 1 s) is the instance's, not a request's: kept out of the
  // query-count test's window (it landed there once: 6 statements, not 5).
  t = await startTestApi({ REDIS_URL: '', SESSION_REVOCATION_POLL_MS: '60000' });
  await seedDemoData(t.database.db);
  await registerSecondSubscriber(t.database.db);
  anna = await subscriberToken(t.url, DEMO.registered.number, DEMO.registered.password);
  ivan = await subscriberToken(t.url, SECOND.number, SECOND.password);
  operator = await staffToken(t.url);
});
afterAll(() => t?.stop());

async function createAppeal(token: string, text: string): Promise<string> {
  const res = await t.gql(CREATE, { text }, token);
  expect(res.errors).toBeUndefined();
  return res.data.createAppeal.id;
}

describe('writing an appeal', () => {
  it('stores the trimmed text without control characters, OPEN, on the subscriber’s own account', async () => {
    const res = await t.gql(CREATE, { text: '  \u0007Протекает\u0000 стояк\r\nв ванной\tкомнате.\u001b  \n' }, anna);
    expect(res.errors).toBeUndefined();
    expect(res.data.createAppeal).toMatchObject({
      text: 'Протекает стояк\nв ванной\tкомнате.',
      status: 'OPEN',
      account: { number: DEMO.registered.number },
      replies: [],
    });
    expect(new Date(res.data.createAppeal.createdAt).getTime()).toBeGreaterThan(Date.now() - 60_000);
  });

  it('refuses an empty or blank text, naming the field', async () => {
    for (const text of ['', '   \n\t ', '\u0000\u0007']) {
      const res = await t.gql(CREATE, { text }, anna);
      expect(codeOf(res)).toBe('BAD_USER_INPUT');
      expect(res.errors![0].extensions!.field).toBe('text');
      expect(res.errors![0].message).toMatch(/Введите текст/);
    }
  });

  it('counts 500 characters as code points: 500 emoji pass, 501 do not', async () => {
    const emoji500 = '😀'.repeat(500); // 1000 UTF-16 units, 2000 bytes
    const ok = await t.gql(CREATE, { text: emoji500 }, anna);
    expect(ok.errors).toBeUndefined();
    expect(ok.data.createAppeal.text).toBe(emoji500);
    const [row] = await t.database.db.query('SELECT CHAR_LENGTH(text) AS chars, text FROM appeals WHERE id = ?', [ok.data.createAppeal.id]);
    expect(Number(row.chars)).toBe(500);
    expect(row.text).toBe(emoji500);

    const tooLong = await t.gql(CREATE, { text: '😀'.repeat(501) }, anna);
    expect(codeOf(tooLong)).toBe('BAD_USER_INPUT');
    expect(tooLong.errors![0].extensions!.field).toBe('text');
    expect(tooLong.errors![0].message).toMatch(/500/);
    expect(JSON.stringify(tooLong)).not.toMatch(/stack|\.ts:\d/);

    expect((await t.gql(CREATE, { text: 'ж'.repeat(500) }, anna)).errors).toBeUndefined();
    expect(codeOf(await t.gql(CREATE, { text: 'ж'.repeat(501) }, anna))).toBe('BAD_USER_INPUT');
  });

  it('is for subscribers: anonymous → UNAUTHENTICATED, staff → FORBIDDEN', async () => {
    expect(codeOf(await t.gql(CREATE, { text: 'Вопрос' }))).toBe('UNAUTHENTICATED');
    expect(codeOf(await t.gql(CREATE, { text: 'Вопрос' }, operator))).toBe('FORBIDDEN');
  });
});

describe('the subscriber’s list', () => {
  it('is newest first, paginated with opaque cursors, and only the subscriber’s own', async () => {
    const ids: string[] = [];
    for (let i = 1; i <= 3; i++) ids.push(await createAppeal(ivan, `Обращение Ивана №${i}`));
    const first = await t.gql(MY_APPEALS, { first: 2 }, ivan);
    expect(first.errors).toBeUndefined();
    const page1 = first.data.me.appeals;
    expect(page1.totalCount).toBe(3);
    expect(page1.edges.map((e: any) => e.node.id)).toEqual([ids[2], ids[1]]);
    expect(page1.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    const second = await t.gql(MY_APPEALS, { first: 2, after: page1.pageInfo.endCursor }, ivan);
    const page2 = second.data.me.appeals;
    expect(page2.edges.map((e: any) => e.node.id)).toEqual([ids[0]]);
    expect(page2.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
    expect(page2.totalCount).toBe(3);
    // Past the last one: an empty page still says how many there are.
    const past = await t.gql(MY_APPEALS, { first: 2, after: page2.pageInfo.endCursor }, ivan);
    expect(past.data.me.appeals).toMatchObject({ totalCount: 3, nodes: [], pageInfo: { hasNextPage: false, hasPreviousPage: true, endCursor: null } });
    // Anna's appeals are not in Ivan's list.
    expect(page2.nodes.concat(page1.nodes).every((n: any) => ids.includes(n.id))).toBe(true);

    expect(codeOf(await t.gql(MY_APPEALS, { first: 101 }, ivan))).toBe('BAD_USER_INPUT');
    const badCursor = await t.gql(MY_APPEALS, { after: 'garbage' }, ivan);
    expect(codeOf(badCursor)).toBe('BAD_USER_INPUT');
    expect(badCursor.errors![0].extensions!.field).toBe('after');
  });
});

describe('operators', () => {
  it('see appeals oldest first, by status; subscribers may not', async () => {
    const all = await t.gql(FOR_REVIEW, { first: 100 }, operator);
    expect(all.errors).toBeUndefined();
    const nodes = all.data.appealsForReview.nodes;
    expect(nodes.length).toBe(all.data.appealsForReview.totalCount);
    const ids = nodes.map((n: any) => Number(n.id));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(nodes[0].account.number).toBe(DEMO.registered.number);

    const page = await t.gql(FOR_REVIEW, { status: 'OPEN', first: 2 }, operator);
    const next = await t.gql(FOR_REVIEW, { status: 'OPEN', first: 2, after: page.data.appealsForReview.pageInfo.endCursor }, operator);
    expect(next.data.appealsForReview.nodes[0].id).toBe(nodes[2].id);
    expect(codeOf(await t.gql(FOR_REVIEW, {}, anna))).toBe('FORBIDDEN');
    expect(codeOf(await t.gql(FOR_REVIEW, {}))).toBe('UNAUTHENTICATED');
  });

  it('reply: the appeal becomes ANSWERED, the subscriber gets an e-mail and an unread count', async () => {
    const id = await createAppeal(ivan, 'Когда будет перерасчёт за март?');
    const before = (await t.gql(MY_APPEALS, {}, ivan)).data.me.unreadReplyCount;
    const res = await t.gql(REPLY, { id, text: '  Перерасчёт будет в апрельской квитанции.  ' }, operator);
    expect(res.errors).toBeUndefined();
    expect(res.data.replyToAppeal).toMatchObject({ text: 'Перерасчёт будет в апрельской квитанции.', authorRole: 'OPERATOR', appeal: { id, status: 'ANSWERED' } });

    const mail = await t.smtp.waitFor(SECOND.email, (m) => m.text.includes('Перерасчёт будет в апрельской квитанции.'));
    expect(mail.subject).toBe('Ответ на ваше обращение');
    expect(mail.text).toContain('Когда будет перерасчёт за март?');
    expect(mail.text).toContain(SECOND.number);
    // The site's menu names the section «Виртуальная приёмная», and so does the e-mail (the walk of #14).
    expect(mail.text).toContain('в разделе «Виртуальная приёмная»');

    const mine = await t.gql(MY_APPEALS, {}, ivan);
    expect(mine.data.me.unreadReplyCount).toBe(before + 1);
    const thread = mine.data.me.appeals.nodes.find((n: any) => n.id === id);
    expect(thread.replies).toEqual([expect.objectContaining({ authorRole: 'OPERATOR', text: 'Перерасчёт будет в апрельской квитанции.', appeal: { id } })]);

    // A second reply goes to the end of the thread.
    await t.gql(REPLY, { id, text: 'Дополнение: сумма 120,50 ₽.' }, operator);
    const again = (await t.gql(MY_APPEALS, {}, ivan)).data.me.appeals.nodes.find((n: any) => n.id === id);
    expect(again.replies.map((r: any) => r.text)).toEqual(['Перерасчёт будет в апрельской квитанции.', 'Дополнение: сумма 120,50 ₽.']);

    expect(codeOf(await t.gql(MARK_READ, {}, operator))).toBe('FORBIDDEN');
    expect((await t.gql(MARK_READ, {}, ivan)).data.markAppealsRead).toBe(true);
    expect((await t.gql(MY_APPEALS, {}, ivan)).data.me.unreadReplyCount).toBe(0);
    const [row] = await t.database.db.query('SELECT COUNT(*) AS n FROM appeal_replies r JOIN appeals a ON a.id = r.appeal_id WHERE a.id = ? AND r.read_at IS NOT NULL', [id]);
    expect(Number(row.n)).toBe(2);
  });

  it('refuses bad replies and unknown appeals; subscribers cannot reply', async () => {
    const id = await createAppeal(anna, 'Проверка ответа');
    const long = await t.gql(REPLY, { id, text: 'я'.repeat(2001) }, operator);
    expect(codeOf(long)).toBe('BAD_USER_INPUT');
    expect(long.errors![0].extensions!.field).toBe('text');
    expect((await t.gql(REPLY, { id, text: '😀'.repeat(2000) }, operator)).errors).toBeUndefined();
    expect(codeOf(await t.gql(REPLY, { id, text: '   ' }, operator))).toBe('BAD_USER_INPUT');
    expect(codeOf(await t.gql(REPLY, { id: '999999', text: 'Ответ' }, operator))).toBe('NOT_FOUND');
    expect(codeOf(await t.gql(REPLY, { id: 'abc', text: 'Ответ' }, operator))).toBe('NOT_FOUND');
    expect(codeOf(await t.gql(REPLY, { id, text: 'Ответ' }, anna))).toBe('FORBIDDEN');
  });

  it('close: CLOSED, and a closed appeal takes no more replies', async () => {
    const id = await createAppeal(anna, 'Закройте, вопрос решён');
    const closed = await t.gql(CLOSE, { id }, operator);
    expect(closed.data.closeAppeal).toEqual({ id, status: 'CLOSED' });
    expect((await t.gql(CLOSE, { id }, operator)).data.closeAppeal.status).toBe('CLOSED');
    const reply = await t.gql(REPLY, { id, text: 'Ответ' }, operator);
    expect(codeOf(reply)).toBe('BAD_USER_INPUT');
    expect(reply.errors![0].extensions!.field).toBe('appealId');
    expect(codeOf(await t.gql(CLOSE, { id }, anna))).toBe('FORBIDDEN');
    const closedList = await t.gql(FOR_REVIEW, { status: 'CLOSED' }, operator);
    expect(closedList.data.appealsForReview.nodes.map((n: any) => n.id)).toContain(id);
  });

  it('a list of appeals with their accounts and replies costs a constant number of queries', async () => {
    for (let i = 0; i < 10; i++) {
      const id = await createAppeal(i % 2 ? anna : ivan, `Для списка ${i}`);
      await t.gql(REPLY, { id, text: `Ответ ${i}` }, operator);
    }
    // The reply e-mails are delivered in the background: let them finish before counting queries.
    await t.api.services.mailer.settled();
    const db = t.database.db as any;
    const original = db.logger;
    let count = 0;
    db.logger = { ...original, logQuery: () => void count++, logQueryError() {}, logQuerySlow() {}, logSchemaBuild() {}, logMigration() {}, log() {} };
    const queriesFor = async (first: number) => {
      count = 0;
      // Answered appeals: each has an account, replies and the replies' appeal to load.
      const res = await t.gql(FOR_REVIEW, { status: 'ANSWERED', first }, operator);
      expect(res.errors).toBeUndefined();
      expect(res.data.appealsForReview.nodes.length).toBe(first);
      return count;
    };
    try {
      const few = await queriesFor(2);
      const many = await queriesFor(10);
      expect(many).toBe(few);
      expect(many).toBe(5); // count, page, accounts, replies, appeals
    } finally {
      db.logger = original;
    }
  });
});

describe('live replies over graphql-ws', () => {
  it('reach the subscriber of the appeal, and nobody else', async () => {
    const a = subscribe(t.url, anna, APPEAL_REPLIED);
    const b = subscribe(t.url, ivan, APPEAL_REPLIED);
    try {
      await Promise.all([a.connected, b.connected]);
      await sleep(300); // the subscribe messages reach the bus
      const annaAppeal = await createAppeal(anna, 'Нет горячей воды');
      const reply = await t.gql(REPLY, { id: annaAppeal, text: 'Бригада выехала.' }, operator);
      expect(reply.errors).toBeUndefined();

      await waitUntil(() => a.events.length > 0, 10_000, 'the reply on A’s socket');
      expect(a.events[0].errors).toBeUndefined();
      expect(a.events[0].data.appealReplied).toEqual({
        id: reply.data.replyToAppeal.id,
        text: 'Бригада выехала.',
        authorRole: 'OPERATOR',
        appeal: { id: annaAppeal, status: 'ANSWERED', text: 'Нет горячей воды', account: { number: DEMO.registered.number } },
      });
      await sleep(500);
      expect(b.events).toEqual([]);

      // B's socket works: B gets the reply to B's own appeal, and A does not.
      const ivanAppeal = await createAppeal(ivan, 'Счётчик не принимает показания');
      await t.gql(REPLY, { id: ivanAppeal, text: 'Проверим.' }, operator);
      await waitUntil(() => b.events.length > 0, 10_000, 'the reply on B’s socket');
      expect(b.events[0].data.appealReplied.appeal.id).toBe(ivanAppeal);
      await sleep(300);
      expect(a.events).toHaveLength(1);
      expect(a.error).toBeUndefined();
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('each event is read afresh: the second reply to a thread shows both replies (nothing kept from the first event)', async () => {
    const live = subscribe(t.url, anna, 'subscription { appealReplied { text appeal { id replies { text } } } }');
    try {
      await live.connected;
      await sleep(300);
      const id = await createAppeal(anna, 'Когда дадут воду?');
      await t.gql(REPLY, { id, text: 'Первый ответ.' }, operator);
      await waitUntil(() => live.events.length > 0, 10_000, 'the first reply');
      await t.gql(REPLY, { id, text: 'Второй ответ.' }, operator);
      await waitUntil(() => live.events.length > 1, 10_000, 'the second reply');
      const threads = live.events.map((e) => e.data.appealReplied.appeal.replies.map((r: { text: string }) => r.text));
      expect(threads).toEqual([['Первый ответ.'], ['Первый ответ.', 'Второй ответ.']]);
    } finally {
      await live.close();
    }
  });

  it('an invalid or revoked token cannot connect (4403)', async () => {
    for (const token of ['not-a-jwt', 'kab_no-such-token', `${anna}x`]) {
      const s = subscribe(t.url, token, APPEAL_REPLIED);
      await expect(s.connected).rejects.toMatchObject({ code: 4403 });
      await waitUntil(() => s.error !== undefined, 5_000, 'the subscription to fail');
      expect(s.events).toEqual([]);
      await s.close();
    }
  });

  it('without a sign-in the socket connects, but the subscription answers UNAUTHENTICATED; staff are FORBIDDEN', async () => {
    const anonymous = subscribe(t.url, null, APPEAL_REPLIED);
    const staff = subscribe(t.url, operator, APPEAL_REPLIED);
    try {
      await anonymous.connected;
      await waitUntil(() => anonymous.events.length > 0 || anonymous.error !== undefined, 5_000, 'an answer');
      expect(anonymous.events[0]?.errors?.[0]?.extensions?.code ?? (anonymous.error as any)?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      await staff.connected;
      await waitUntil(() => staff.events.length > 0 || staff.error !== undefined, 5_000, 'an answer');
      expect(staff.events[0]?.errors?.[0]?.extensions?.code ?? (staff.error as any)?.[0]?.extensions?.code).toBe('FORBIDDEN');
    } finally {
      await Promise.all([anonymous.close(), staff.close()]);
    }
  });
});

describe('dates', () => {
  afterAll(() => t.api.services.clock.set(null));

  it('an appeal and its reply are dated by the services’ clock, as readings and payments are', async () => {
    t.api.services.clock.set('2026-03-16T10:00:00+03:00');
    const created = await t.gql(CREATE, { text: 'Когда придёт квитанция за март?' }, anna);
    expect(created.errors).toBeUndefined();
    expect(created.data.createAppeal.createdAt).toBe('2026-03-16T07:00:00.000Z');
    t.api.services.clock.set('2026-03-17T09:30:00+03:00');
    const reply = await t.gql(REPLY, { id: created.data.createAppeal.id, text: 'Квитанция будет в личном кабинете 1 апреля.' }, operator);
    expect(reply.errors).toBeUndefined();
    expect(reply.data.replyToAppeal.createdAt).toBe('2026-03-17T06:30:00.000Z');
  });
});
