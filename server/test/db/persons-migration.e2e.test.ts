/**
 * The Persons migration (#15) on a copy of real data — sessions, API tokens, appeals, settings, a person holding
 * two accounts — undone and done again, twice: nothing is lost, every sign-in still works with its password, and
 * no access token can come to speak for someone else.
 */
import { Persons1795572300000 } from '../../src/migrations/1795572300000-Persons';
import { DEMO, seedDemoData } from '../../src/seed/demo-data';
import { codeOf, startTestApi, type TestApi } from '../support/api';

const ANNA = { number: DEMO.registered.number, password: DEMO.registered.password };
const IVAN = { number: DEMO.unregistered.number, code: DEMO.unregistered.activationCode };
const NOW = '2026-11-20T09:00:00+03:00';

let t: TestApi;

beforeAll(async () => {
  t = await startTestApi();
  t.api.services.clock.set(NOW);
  await seedDemoData(t.database.db, new Date(NOW));
}, 60_000);
afterAll(() => t?.stop());

const q = (sql: string, params: unknown[] = []) => t.database.db.query(sql, params);

async function login(number: string, password: string): Promise<string | undefined> {
  const res = await t.gql('mutation($n: String!, $p: String!) { login(accountNumber: $n, password: $p) { accessToken } }', { n: number, p: password });
  return res.data?.login?.accessToken;
}

const PERSONS = new Persons1795572300000().name;

async function lastMigrationName(): Promise<string> {
  const [row] = await q('SELECT name FROM schema_migrations ORDER BY id DESC LIMIT 1');
  return row.name;
}

async function personsApplied(): Promise<boolean> {
  const [{ n }] = await q('SELECT COUNT(*) AS n FROM schema_migrations WHERE name = ?', [PERSONS]);
  return Number(n) === 1;
}

/** Undoes the later migrations, then Persons itself. */
async function undoPersons(): Promise<void> {
  while ((await lastMigrationName()) !== PERSONS) await t.database.db.undoLastMigration({ transaction: 'each' });
  await t.database.db.undoLastMigration({ transaction: 'each' });
}

it('keeps every sign-in, token, appeal and setting through down and up, twice', async () => {
  expect(t.database.db.migrations.map((m) => m.name)).toContain(PERSONS);
  const session = await login(ANNA.number, ANNA.password);
  expect(session).toBeDefined();
  await t.gql('mutation($i: LinkAccountInput!) { linkAccount(input: $i) { number } }', { i: { accountNumber: IVAN.number, activationCode: IVAN.code } }, session);
  await t.gql('mutation { createAppeal(input: { text: "Обращение до миграции" }) { id } }', {}, session);
  const phone = await t.gql(`mutation { updateSettings(input: { currentPassword: "${ANNA.password}", phone: "+79217654321" }) { phone } }`, {}, session);
  expect(phone.data.updateSettings.phone).toBe('+79217654321');
  const apiToken = (await t.gql('mutation { createApiToken(name: "до миграции", scopes: [ACCOUNT_READ]) { token } }', {}, session)).data.createApiToken.token;

  const [anna] = await q('SELECT a.id, s.id AS person, s.password_hash FROM accounts a JOIN subscribers s ON s.id = a.subscriber_id WHERE a.number = ?', [ANNA.number]);
  const [ivan] = await q('SELECT id, subscriber_id FROM accounts WHERE number = ?', [IVAN.number]);
  expect(ivan.subscriber_id).toBe(anna.person);
  const counts = async () => (await q(
    'SELECT (SELECT COUNT(*) FROM appeals) AS appeals, (SELECT COUNT(*) FROM ledger_entries) AS ledger, (SELECT COUNT(*) FROM api_tokens WHERE revoked_at IS NULL) AS tokens, (SELECT COUNT(*) FROM refresh_sessions) AS sessions',
  ))[0];
  const before = await counts();
  // The person's id differs from her account's in this data: the case a naive down/up would get wrong.
  expect(anna.person).not.toBe(anna.id);

  for (let round = 1; round <= 2; round++) {
    await undoPersons();
    expect(await personsApplied()).toBe(false);
    // Down: one sign-in per account, each with the person's password; sessions and tokens speak for accounts.
    const credentials = await q('SELECT account_id, password_hash FROM subscriber_credentials WHERE account_id IN (?, ?) ORDER BY account_id', [anna.id, ivan.id]);
    expect(credentials).toEqual([anna.id, ivan.id].sort((a, b) => a - b).map((id) => ({ account_id: id, password_hash: anna.password_hash })));
    const [token] = await q("SELECT owner_id FROM api_tokens WHERE owner_type = 'SUBSCRIBER' AND revoked_at IS NULL");
    expect(token.owner_id).toBe(anna.id);
    const [settings] = await q('SELECT phone FROM accounts WHERE id = ?', [anna.id]);
    expect(settings.phone).toBe('+79217654321');

    await t.database.db.runMigrations({ transaction: 'each' });
    expect(await personsApplied()).toBe(true);
    // Up: every registered account is a person with that one account, its id the account's.
    const persons = await q('SELECT a.id, a.subscriber_id, s.password_hash FROM accounts a JOIN subscribers s ON s.id = a.subscriber_id WHERE a.id IN (?, ?) ORDER BY a.id', [anna.id, ivan.id]);
    expect(persons).toEqual([anna.id, ivan.id].sort((a, b) => a - b).map((id) => ({ id, subscriber_id: id, password_hash: anna.password_hash })));
    expect(await counts()).toEqual(before);
  }

  // The sign-in opened before (its access token names the old person id) was ended by the down, not handed to
  // whoever now has that id; the API token goes on, for the account it was made on.
  await t.api.services.revokedSessions.poll();
  expect(codeOf(await t.gql('{ me { number } }', {}, session))).toBe('UNAUTHENTICATED');
  const viaToken = await t.gql('{ me { number phone } myAccounts { number } }', {}, apiToken);
  expect(viaToken.errors).toBeUndefined();
  expect(viaToken.data.me).toEqual({ number: ANNA.number, phone: '+79217654321' });
  expect(viaToken.data.myAccounts).toEqual([{ number: ANNA.number }]);
  // Both numbers sign in with the password, each now its own person again.
  for (const number of [ANNA.number, IVAN.number]) {
    const token = await login(number, ANNA.password);
    expect(token).toBeDefined();
    const res = await t.gql('{ me { number } myAccounts { number } }', {}, token);
    expect(res.data).toEqual({ me: { number }, myAccounts: [{ number }] });
  }
  const appeals = await t.gql('{ me { appeals(first: 10) { nodes { text } } } }', {}, await login(ANNA.number, ANNA.password));
  expect(appeals.data.me.appeals.nodes.map((a: { text: string }) => a.text)).toContain('Обращение до миграции');
});
