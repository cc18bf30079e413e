/**
 * API tokens against real MySQL: minted through a session only, `kab_`-prefixed,
 * stored hashed, scoped, limited, revocable, with lastUsedAt.
 */
import { createHash } from 'node:crypto';
import { startTestApi, codeOf, type TestApi } from '../support/api';
import { seedDemoData, DEMO } from '../../src/seed/demo-data';
import { staffToken, subscriberToken } from '../appeals/helpers';

const CREATE = `mutation($name: String!, $scopes: [ApiScope!]!) { createApiToken(name: $name, scopes: $scopes) { token apiToken { id name scopes createdAt lastUsedAt } } }`;
const LIST = `{ apiTokens { id name scopes createdAt lastUsedAt } }`;
const REVOKE = `mutation($id: ID!) { revokeApiToken(id: $id) }`;
const ME = `{ me { number balance } }`;
const CREATE_APPEAL = `mutation { createAppeal(input: { text: "Через API" }) { id status } }`;
const FOR_REVIEW = `{ appealsForReview(status: OPEN) { totalCount nodes { id text account { number } } } }`;

let t: TestApi;
let anna: string;
let operator: string;

beforeAll(async () => {
  t = await startTestApi({ REDIS_URL: '' });
  await seedDemoData(t.database.db);
  anna = await subscriberToken(t.url, DEMO.registered.number, DEMO.registered.password);
  operator = await staffToken(t.url);
});
afterAll(() => t?.stop());

async function mint(session: string, scopes: string[], name = 'Интеграция'): Promise<{ token: string; id: string }> {
  const res = await t.gql(CREATE, { name, scopes }, session);
  expect(res.errors).toBeUndefined();
  return { token: res.data.createApiToken.token, id: res.data.createApiToken.apiToken.id };
}

describe('a subscriber’s tokens', () => {
  it('are shown once, prefixed kab_, and stored only as a sha256 hash', async () => {
    const res = await t.gql(CREATE, { name: '  Умный дом  ', scopes: ['ACCOUNT_READ', 'ACCOUNT_READ'] }, anna);
    expect(res.errors).toBeUndefined();
    const { token, apiToken } = res.data.createApiToken;
    expect(token).toMatch(/^kab_[A-Za-z0-9_-]{43}$/);
    expect(apiToken).toMatchObject({ name: 'Умный дом', scopes: ['ACCOUNT_READ'], lastUsedAt: null });

    const rows: Record<string, unknown>[] = await t.database.db.query('SELECT * FROM api_tokens WHERE id = ?', [apiToken.id]);
    expect(rows).toHaveLength(1);
    expect(rows[0].token_hash).toBe(createHash('sha256').update(token).digest('hex'));
    expect(JSON.stringify(rows)).not.toContain(token);
    expect(JSON.stringify(rows)).not.toContain(token.slice(4));
    expect(rows[0]).toMatchObject({ owner_type: 'SUBSCRIBER' });

    const list = await t.gql(LIST, {}, anna);
    expect(list.data.apiTokens.map((x: any) => x.id)).toContain(apiToken.id);
    expect(JSON.stringify(list)).not.toContain(token);
  });

  it('ACCOUNT_READ reads the account but cannot write an appeal; lastUsedAt is set after use', async () => {
    const { token, id } = await mint(anna, ['ACCOUNT_READ']);
    const me = await t.gql(ME, {}, token);
    expect(me.errors).toBeUndefined();
    expect(me.data.me.number).toBe(DEMO.registered.number);
    const appeal = await t.gql(CREATE_APPEAL, {}, token);
    expect(codeOf(appeal)).toBe('FORBIDDEN');
    expect(appeal.errors![0].message).toMatch(/APPEALS_WRITE/);
    expect(codeOf(await t.gql(FOR_REVIEW, {}, token))).toBe('FORBIDDEN');

    const listed = (await t.gql(LIST, {}, anna)).data.apiTokens.find((x: any) => x.id === id);
    expect(listed.lastUsedAt).not.toBeNull();
    expect(Math.abs(new Date(listed.lastUsedAt).getTime() - Date.now())).toBeLessThan(60_000);
  });

  it('APPEALS_WRITE writes an appeal but cannot read the account', async () => {
    const { token } = await mint(anna, ['APPEALS_WRITE']);
    const appeal = await t.gql(CREATE_APPEAL, {}, token);
    expect(appeal.errors).toBeUndefined();
    expect(appeal.data.createAppeal.status).toBe('OPEN');
    expect(codeOf(await t.gql(ME, {}, token))).toBe('FORBIDDEN');
  });

  it('a revoked token is UNAUTHENTICATED at once; revoking again, or another’s token, is NOT_FOUND', async () => {
    const { token, id } = await mint(anna, ['ACCOUNT_READ', 'READINGS_WRITE']);
    expect((await t.gql(ME, {}, token)).errors).toBeUndefined();
    expect((await t.gql(REVOKE, { id }, anna)).data.revokeApiToken).toBe(true);
    const after = await t.gql(ME, {}, token);
    expect(codeOf(after)).toBe('UNAUTHENTICATED');
    expect((await t.gql(LIST, {}, anna)).data.apiTokens.map((x: any) => x.id)).not.toContain(id);
    expect(codeOf(await t.gql(REVOKE, { id }, anna))).toBe('NOT_FOUND');

    const staffOwn = await mint(operator, ['OPERATOR']);
    expect(codeOf(await t.gql(REVOKE, { id: staffOwn.id }, anna))).toBe('NOT_FOUND');
    expect(codeOf(await t.gql(REVOKE, { id: 'x1' }, anna))).toBe('NOT_FOUND');
    // The staff token still works: nothing was revoked by the refused calls.
    expect((await t.gql(FOR_REVIEW, {}, staffOwn.token)).errors).toBeUndefined();
  });

  it('are managed only through a session, never with another token', async () => {
    const { token } = await mint(anna, ['ACCOUNT_READ', 'READINGS_WRITE', 'APPEALS_WRITE']);
    expect(codeOf(await t.gql(CREATE, { name: 'Ещё один', scopes: ['ACCOUNT_READ'] }, token))).toBe('FORBIDDEN');
    expect(codeOf(await t.gql(LIST, {}, token))).toBe('FORBIDDEN');
    expect(codeOf(await t.gql(REVOKE, { id: '1' }, token))).toBe('FORBIDDEN');
    expect(codeOf(await t.gql(CREATE, { name: 'Аноним', scopes: ['ACCOUNT_READ'] }))).toBe('UNAUTHENTICATED');
  });

  it('cannot carry OPERATOR; the name and scopes are checked', async () => {
    const operatorScope = await t.gql(CREATE, { name: 'Хочу всё', scopes: ['ACCOUNT_READ', 'OPERATOR'] }, anna);
    expect(codeOf(operatorScope)).toBe('FORBIDDEN');
    const blank = await t.gql(CREATE, { name: '   ', scopes: ['ACCOUNT_READ'] }, anna);
    expect(codeOf(blank)).toBe('BAD_USER_INPUT');
    expect(blank.errors![0].extensions!.field).toBe('name');
    const long = await t.gql(CREATE, { name: 'д'.repeat(101), scopes: ['ACCOUNT_READ'] }, anna);
    expect(long.errors![0].extensions!.field).toBe('name');
    expect((await t.gql(CREATE, { name: '🔑'.repeat(100), scopes: ['ACCOUNT_READ'] }, anna)).errors).toBeUndefined();
    const none = await t.gql(CREATE, { name: 'Пустой', scopes: [] }, anna);
    expect(codeOf(none)).toBe('BAD_USER_INPUT');
    expect(none.errors![0].extensions!.field).toBe('scopes');
  });

  it('at most 20 live tokens per owner; revoking one frees a place', async () => {
    const live = (await t.gql(LIST, {}, anna)).data.apiTokens as { id: string }[];
    for (let i = live.length; i < 20; i++) await mint(anna, ['ACCOUNT_READ'], `Токен ${i}`);
    const list = (await t.gql(LIST, {}, anna)).data.apiTokens as { id: string }[];
    expect(list).toHaveLength(20);
    const over = await t.gql(CREATE, { name: 'Двадцать первый', scopes: ['ACCOUNT_READ'] }, anna);
    expect(codeOf(over)).toBe('FORBIDDEN');
    expect(over.errors![0].message).toMatch(/20/);
    // Another owner is not affected.
    await mint(operator, ['OPERATOR'], 'Бухгалтерия');
    await t.gql(REVOKE, { id: list[0].id }, anna);
    await mint(anna, ['ACCOUNT_READ'], 'Вместо отозванного');
  });
});

describe('staff tokens', () => {
  it('carry exactly OPERATOR and can review appeals, but cannot act as a subscriber', async () => {
    const wrong = await t.gql(CREATE, { name: 'Биллинг', scopes: ['ACCOUNT_READ'] }, operator);
    expect(codeOf(wrong)).toBe('BAD_USER_INPUT');
    expect(wrong.errors![0].extensions!.field).toBe('scopes');
    expect(codeOf(await t.gql(CREATE, { name: 'Биллинг', scopes: ['OPERATOR', 'ACCOUNT_READ'] }, operator))).toBe('BAD_USER_INPUT');

    const { token } = await mint(operator, ['OPERATOR'], 'Биллинг');
    const rows = await t.database.db.query("SELECT owner_type, scopes FROM api_tokens WHERE name = 'Биллинг'");
    expect(rows).toEqual([{ owner_type: 'STAFF', scopes: 'OPERATOR' }]);
    const review = await t.gql(FOR_REVIEW, {}, token);
    expect(review.errors).toBeUndefined();
    expect(review.data.appealsForReview.totalCount).toBeGreaterThan(0);
    expect(codeOf(await t.gql(CREATE_APPEAL, {}, token))).toBe('FORBIDDEN');
    expect(codeOf(await t.gql(ME, {}, token))).toBe('FORBIDDEN');
    expect((await t.gql(LIST, {}, operator)).data.apiTokens.every((x: any) => x.scopes.join() === 'OPERATOR')).toBe(true);
  });
});
