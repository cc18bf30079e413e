/** With Redis down, live updates across instances degrade with a clear log line; everything else keeps working. */
import { startApi, type RunningApi } from '../../src/app';
import { seedDemoData, DEMO } from '../../src/seed/demo-data';
import { testConfig } from '../support/api';
import { createTestDatabase, type TestDatabase } from '../support/test-db';

let database: TestDatabase;
let api: RunningApi;
const logged: string[] = [];
const realWrite = process.stderr.write.bind(process.stderr);

beforeAll(async () => {
  database = await createTestDatabase();
  testConfig({ DATABASE_URL: database.url, LOG_LEVEL: 'info' });
  await seedDemoData(database.db);
  (process.stderr as any).write = (chunk: any, ...rest: any[]) => {
    logged.push(String(chunk));
    return realWrite(chunk, ...rest);
  };
  // Nothing listens on port 1: Redis is "down" from the start.
  api = await startApi(database.db, { port: 0, host: '127.0.0.1', redisUrl: 'redis://127.0.0.1:1' });
});
afterAll(async () => {
  (process.stderr as any).write = realWrite;
  await api?.stop();
  await new Promise<void>((r) => api.httpServer.close(() => r()));
  await database.drop();
  testConfig();
});

it('signs in, reads the account and answers an appeal while Redis is down; readiness says degraded', async () => {
  const gql = async (query: string, variables: object, token?: string) =>
    (await fetch(`${api.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    }).then((r) => r.json())) as any;
  const login = await gql(`mutation($n: String!, $p: String!) { login(accountNumber: $n, password: $p) { accessToken } }`, { n: DEMO.registered.number, p: DEMO.registered.password });
  const token = login.data.login.accessToken;
  expect((await gql('{ me { number balance } }', {}, token)).data.me.number).toBe(DEMO.registered.number);
  const appeal = await gql(`mutation { createAppeal(input: { text: "Когда будет перерасчёт?" }) { id } }`, {}, token);
  expect(appeal.errors).toBeUndefined();
  const staff = (await gql(`mutation($u: String!, $p: String!) { staffLogin(username: $u, password: $p) { accessToken } }`, { u: DEMO.operator.username, p: DEMO.operator.password })).data.staffLogin.accessToken;
  const reply = await gql(`mutation($id: ID!) { replyToAppeal(appealId: $id, text: "В следующем месяце.") { id } }`, { id: appeal.data.createAppeal.id }, staff);
  expect(reply.errors).toBeUndefined();

  const ready = await fetch(`${api.url}/readyz`);
  expect(ready.status).toBe(200);
  expect(await ready.json()).toEqual({ status: 'degraded', database: 'ok', redis: 'unreachable' });
  expect(logged.join('')).toMatch(/Redis unavailable/);
}, 60_000);
