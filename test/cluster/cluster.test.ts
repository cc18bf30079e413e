/**
 * Several API instances for real (#16): `scripts/cluster.mjs` starts 3 API instances and the site behind HAProxy,
 * with Redis and MySQL, exactly as `npm run cluster` does; this test drives the acceptance flows through the
 * balancer and kills an instance under load:
 *
 * - sign-in, readings, an appeal and its live reply with the subscriber and the operator on different instances,
 *   payments — all through HAProxy;
 * - rate limits, sign-in attempt limits and session revocation hold across instances (shared through Redis and
 *   the database), not per instance;
 * - every webhook event is delivered once, though three dispatchers compete for it;
 * - an instance killed (SIGKILL) under a stream of payments: no acknowledged write is lost or written twice (the
 *   client retries what was not acknowledged with the same externalId), and a WebSocket client on that instance
 *   reconnects through the balancer, resubscribes and gets the next reply.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { createClient, type Client } from 'graphql-ws';
import mysql from 'mysql2/promise';
import WebSocket from 'ws';
import { startSmtp, type TestSmtp } from '../../server/test/support/smtp';

const root = path.resolve(__dirname, '..', '..');
const ANNA = { number: '100000000002', password: 'Demo-Kabinet-2026' };
const OPERATOR = { username: 'operator', password: 'Operator-Apatity-2026' };
const DB_NAME = `kabinet_cluster_${randomBytes(4).toString('hex')}`;
const RATE = { perSecond: 20, burst: 40 };

interface ClusterState {
  pid: number;
  api: string;
  web: string;
  ready: boolean;
  instances: { name: string; port: number; pid: number | null; starts: number }[];
}

let cluster: ChildProcess;
let state: ClusterState;
let smtp: TestSmtp;
let stateFile: string;
let output = '';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function readState(): ClusterState | null {
  try {
    return JSON.parse(fs.readFileSync(stateFile, 'utf8'));
  } catch {
    return null;
  }
}

async function waitUntil<T>(what: string, check: () => Promise<T | null | undefined | false> | T | null | undefined | false, timeoutMs = 30_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > until) throw new Error(`${what}: not within ${timeoutMs / 1000} s\n${output.slice(-3000)}`);
    await sleep(100);
  }
}

interface Answer { status: number; instance: string | null; data?: any; errors?: any[] }

async function gql(query: string, variables: Record<string, unknown> = {}, token: string | null = null, opts: { url?: string; ip?: string } = {}): Promise<Answer> {
  const res = await fetch(`${opts.url ?? state.api}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(opts.ip ? { 'x-forwarded-for': opts.ip } : {}),
    },
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(15_000),
  });
  const text = await res.text();
  let body: any = {};
  try {
    body = JSON.parse(text);
  } catch {
    body = { errors: [{ message: text.slice(0, 200), extensions: { code: `HTTP_${res.status}` } }] };
  }
  return { status: res.status, instance: res.headers.get('x-kabinet-instance'), ...body };
}
const codeOf = (a: Answer) => a.errors?.[0]?.extensions?.code as string | undefined;

async function login(number: string, password: string, ip?: string): Promise<{ accessToken: string; refreshToken: string }> {
  const res = await gql('mutation($n: String!, $p: String!) { login(accountNumber: $n, password: $p) { accessToken refreshToken } }', { n: number, p: password }, null, { ip });
  if (!res.data?.login) throw new Error(`login: ${JSON.stringify(res.errors)}`);
  return res.data.login;
}

async function staffLogin(): Promise<string> {
  const res = await gql('mutation($u: String!, $p: String!) { staffLogin(username: $u, password: $p) { accessToken } }', { u: OPERATOR.username, p: OPERATOR.password });
  if (!res.data?.staffLogin) throw new Error(`staffLogin: ${JSON.stringify(res.errors)}`);
  return res.data.staffLogin.accessToken;
}

/** A graphql-ws client through the balancer that reconnects (and resubscribes) on its own; records the instance of each connection. */
function liveClient(token: string) {
  const instances: string[] = [];
  const events: any[] = [];
  class TaggedSocket extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols);
      this.on('upgrade', (res) => instances.push(String(res.headers['x-kabinet-instance'] ?? '?')));
    }
  }
  const client: Client = createClient({
    url: `${state.api.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: TaggedSocket,
    connectionParams: { Authorization: `Bearer ${token}` },
    lazy: false,
    retryAttempts: 30,
    retryWait: async () => {
      await sleep(300);
    },
    shouldRetry: () => true,
  });
  const dispose = client.subscribe({ query: 'subscription { appealReplied { id text } }' }, {
    next: (v) => void events.push(v),
    error: () => undefined,
    complete: () => undefined,
  });
  return { client, instances, events, async close() { dispose(); await client.dispose(); } };
}

beforeAll(async () => {
  const haproxy = spawnSync('haproxy', ['-v']).status === 0 || spawnSync('/usr/sbin/haproxy', ['-v']).status === 0;
  if (!haproxy) throw new Error('HAProxy is needed by the cluster test: apt-get install haproxy (.ci/run installs it).');
  smtp = await startSmtp();
  stateFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kabinet-cluster-test-')), 'state.json');
  cluster = spawn(process.execPath, [path.join(root, 'scripts', 'cluster.mjs')], {
    cwd: root,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      NODE_ENV: 'development',
      PORT: '0',
      WEB_PORT: '0',
      DATABASE_URL: `mysql://root@127.0.0.1:3306/${DB_NAME}`,
      REDIS_URL: process.env.REDIS_URL || 'redis://127.0.0.1:6379',
      SMTP_URL: smtp.url,
      CLUSTER_STATE_FILE: stateFile,
      CLUSTER_LOG: 'files',
      CLUSTER_RESTART_DELAY_MS: '500',
      RATE_LIMIT_PER_SECOND: String(RATE.perSecond),
      RATE_LIMIT_BURST: String(RATE.burst),
      WEBHOOK_ALLOW_PRIVATE: 'true',
      // Readings are taken every day of the month here, so the flow does not depend on today's date.
      READINGS_WINDOW: '1-31',
      LOG_LEVEL: 'warn',
    },
  });
  cluster.stdout!.on('data', (c) => (output += c));
  cluster.stderr!.on('data', (c) => (output += c));
  state = await waitUntil('the cluster ready', () => {
    if (cluster.exitCode !== null) throw new Error(`scripts/cluster.mjs exited (${cluster.exitCode}):\n${output.slice(-3000)}`);
    const s = readState();
    return s?.ready ? s : null;
  }, 240_000);
}, 300_000);

afterAll(async () => {
  if (cluster && cluster.exitCode === null) {
    process.kill(-cluster.pid!, 'SIGTERM');
    await waitUntil('the cluster stopped', () => cluster.exitCode !== null, 30_000).catch(() => process.kill(-cluster.pid!, 'SIGKILL'));
  }
  const conn = await mysql.createConnection({ host: '127.0.0.1', port: 3306, user: 'root' });
  await conn.query(`DROP DATABASE IF EXISTS \`${DB_NAME}\``);
  await conn.end();
  await smtp?.stop();
}, 60_000);

it('balances requests over the three instances; the site answers through HAProxy', async () => {
  const seen = new Set<string>();
  for (let i = 0; i < 9; i++) {
    const res = await fetch(`${state.api}/readyz`);
    seen.add(res.headers.get('x-kabinet-instance') ?? '?');
  }
  expect([...seen].sort()).toEqual(['api1', 'api2', 'api3']);
  const page = await fetch(`${state.web}/login`);
  expect(page.status).toBe(200);
  expect(await page.text()).toContain('Вход');
});

it('sign-in, readings and a payment through the balancer', async () => {
  const anna = await login(ANNA.number, ANNA.password);
  const me = await gql('{ me { number balance meters { id previousReading { value } } } }', {}, anna.accessToken);
  expect(me.data.me.number).toBe(ANNA.number);
  const meter = me.data.me.meters[0];
  const value = String(Number(meter.previousReading?.value ?? '0') + 2);
  const submitted = await gql('mutation($m: ID!, $v: Volume!) { submitReadings(readings: [{ meterId: $m, value: $v }], confirmUnusual: true) { value status } }', { m: meter.id, v: value }, anna.accessToken);
  expect(submitted.errors).toBeUndefined();
  expect(submitted.data.submitReadings[0].value).toBe(value);

  const staff = await staffLogin();
  const paid = await gql('mutation($i: RecordPaymentInput!) { recordPayment(input: $i) { amount } }', {
    i: { accountNumber: ANNA.number, amount: '123.45', paidOn: '2026-11-20', externalId: 'cluster-first' },
  }, staff);
  expect(paid.errors).toBeUndefined();
  const after = await gql('{ me { balance } }', {}, anna.accessToken);
  expect(Number(after.data.me.balance)).toBeCloseTo(Number(me.data.me.balance) - 123.45, 2);
});

it('the live reply reaches the subscriber on one instance from the operator on another', async () => {
  const anna = await login(ANNA.number, ANNA.password);
  const appeal = await gql('mutation { createAppeal(input: { text: "Вопрос через балансировщик" }) { id } }', {}, anna.accessToken);
  const ticketless = liveClient(anna.accessToken);
  try {
    await waitUntil('the subscription connected', () => ticketless.instances.length > 0, 15_000);
    await sleep(300);
    const subscriberOn = ticketless.instances[0];
    const other = state.instances.find((i) => i.name !== subscriberOn)!;
    const staff = await staffLogin();
    // Straight to another instance, past the balancer: the reply must cross instances through Redis.
    const reply = await gql('mutation($id: ID!) { replyToAppeal(appealId: $id, text: "Ответ с другого экземпляра") { id } }', { id: appeal.data.createAppeal.id }, staff, { url: `http://127.0.0.1:${other.port}` });
    expect(reply.instance).toBe(other.name);
    expect(reply.instance).not.toBe(subscriberOn);
    const event = await waitUntil('the live reply', () => ticketless.events.find((e) => e.data?.appealReplied?.text === 'Ответ с другого экземпляра'), 10_000);
    expect(event.data.appealReplied.text).toBe('Ответ с другого экземпляра');
  } finally {
    await ticketless.close();
  }
});

it('rate limits hold across instances: one caller gets its budget once, not once per instance', async () => {
  const staff = await staffLogin();
  const started = Date.now();
  const answers = await Promise.all(Array.from({ length: 150 }, () => gql('{ rateLimit { remaining } }', {}, staff)));
  const elapsed = (Date.now() - started) / 1000;
  const ok = answers.filter((a) => a.status === 200 && !a.errors).length;
  const limited = answers.filter((a) => codeOf(a) === 'RATE_LIMITED' || a.status === 429).length;
  expect(new Set(answers.map((a) => a.instance)).size).toBe(3);
  // Per instance it would be 3 × the burst (120 of 150).
  expect(ok).toBeLessThanOrEqual(RATE.burst + Math.ceil(RATE.perSecond * elapsed) + 1);
  expect(limited).toBeGreaterThan(0);
  await sleep(Math.ceil((RATE.burst / RATE.perSecond) * 1000));
});

it('sign-in attempt limits hold across instances', async () => {
  const ip = '10.77.0.1';
  const codes: (string | undefined)[] = [];
  const instances = new Set<string | null>();
  for (let i = 0; i < 7; i++) {
    const res = await gql('mutation($n: String!, $p: String!) { login(accountNumber: $n, password: $p) { accessToken } }', { n: ANNA.number, p: `Wrong-Password-${i}` }, null, { ip });
    codes.push(codeOf(res));
    instances.add(res.instance);
  }
  expect(instances.size).toBe(3);
  expect(codes.slice(0, 5)).toEqual(Array(5).fill('INVALID_CREDENTIALS'));
  expect(codes.slice(5)).toEqual(['RATE_LIMITED', 'RATE_LIMITED']);
  // Another address signs in meanwhile.
  expect((await login(ANNA.number, ANNA.password, '10.77.0.2')).accessToken).toBeTruthy();
});

it('a session ended on one instance is refused by every instance at once', async () => {
  const session = await login(ANNA.number, ANNA.password);
  const onEach = async () => Promise.all(state.instances.map((i) => gql('{ me { number } }', {}, session.accessToken, { url: `http://127.0.0.1:${i.port}` })));
  expect((await onEach()).map((a) => a.data?.me?.number)).toEqual([ANNA.number, ANNA.number, ANNA.number]);
  const out = await gql('mutation($r: String!) { logout(refreshToken: $r) }', { r: session.refreshToken }, session.accessToken, { url: `http://127.0.0.1:${state.instances[0].port}` });
  expect(out.data.logout).toBe(true);
  // The others learn it within a revocation poll (SESSION_REVOCATION_POLL_MS, 1 s).
  await sleep(1500);
  expect((await onEach()).map(codeOf)).toEqual(['UNAUTHENTICATED', 'UNAUTHENTICATED', 'UNAUTHENTICATED']);
});

it('each webhook event is delivered once, though every instance dispatches', async () => {
  const received: string[] = [];
  const receiver = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      received.push(String(req.headers['kabinet-webhook-id']));
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', () => r()));
  const port = (receiver.address() as { port: number }).port;
  try {
    const staff = await staffLogin();
    const endpoint = await gql('mutation($u: String!) { createWebhookEndpoint(url: $u, events: [PAYMENT_RECORDED]) { endpoint { id } } }', { u: `http://127.0.0.1:${port}/hook` }, staff);
    expect(endpoint.errors).toBeUndefined();
    for (let i = 0; i < 12; i++) {
      const paid = await gql('mutation($i: RecordPaymentInput!) { recordPayment(input: $i) { id } }', {
        i: { accountNumber: ANNA.number, amount: '1.00', paidOn: '2026-11-20', externalId: `cluster-hook-${i}` },
      }, staff);
      expect(paid.errors).toBeUndefined();
    }
    await waitUntil('12 deliveries', () => new Set(received).size >= 12, 30_000);
    await sleep(4000); // two more dispatch rounds of every instance: a second delivery would show now
    expect(received).toHaveLength(12);
    expect(new Set(received).size).toBe(12);
  } finally {
    receiver.close();
  }
});

it('an instance killed under load: no acknowledged payment lost or doubled; live clients reconnect and resubscribe', async () => {
  const staff = await staffLogin();
  const anna = await login(ANNA.number, ANNA.password);
  const live = liveClient(anna.accessToken);
  await waitUntil('the subscription connected', () => live.instances.length > 0, 15_000);
  const victimName = live.instances[0];
  const victim = readState()!.instances.find((i) => i.name === victimName)!;

  const acknowledged = new Set<string>();
  const outcomes: Record<string, number> = {};
  let stop = false;
  let next = 0;
  const worker = async () => {
    while (!stop) {
      const externalId = `cluster-load-${next++}`;
      // A client retries what was not acknowledged, with the same externalId (the API's idempotency).
      for (let attempt = 0; attempt < 20; attempt++) {
        let res: Answer;
        try {
          res = await gql('mutation($i: RecordPaymentInput!) { recordPayment(input: $i) { id } }', {
            i: { accountNumber: ANNA.number, amount: '2.00', paidOn: '2026-11-20', externalId },
          }, staff);
        } catch (e: any) {
          res = { status: 0, instance: null, errors: [{ extensions: { code: `NETWORK_${e?.cause?.code ?? e?.name}` } }] };
        }
        const outcome = res.data?.recordPayment?.id ? 'ok' : (codeOf(res) ?? `HTTP_${res.status}`);
        outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
        if (outcome === 'ok') {
          acknowledged.add(externalId);
          break;
        }
        await sleep(outcome === 'RATE_LIMITED' ? 250 : 100);
      }
    }
  };
  const workers = [worker(), worker()];
  await sleep(1500);
  process.kill(victim.pid!, 'SIGKILL');
  await sleep(3500);
  stop = true;
  await Promise.all(workers);

  const conn = await mysql.createConnection({ host: '127.0.0.1', port: 3306, user: 'root', database: DB_NAME });
  try {
    const [rows] = await conn.query<any[]>("SELECT external_id, COUNT(*) AS n FROM ledger_entries WHERE external_id LIKE 'cluster-load-%' GROUP BY external_id");
    const written = new Map(rows.map((r) => [r.external_id as string, Number(r.n)]));
    const lost = [...acknowledged].filter((id) => !written.has(id));
    const doubled = [...written].filter(([, n]) => n > 1);
    process.stdout.write(`cluster: ${acknowledged.size} payments acknowledged while ${victimName} was killed; outcomes ${JSON.stringify(outcomes)}; lost ${lost.length}, doubled ${doubled.length}\n`);
    expect(acknowledged.size).toBeGreaterThan(10);
    expect(lost).toEqual([]);
    expect(doubled).toEqual([]);
  } finally {
    await conn.end();
  }

  // The live client was on the killed instance: it reconnects through the balancer and resubscribes.
  await waitUntil('the live client reconnected', () => live.instances.length >= 2, 20_000);
  expect(live.instances[1]).not.toBe(victimName);
  await sleep(500);
  const appeal = await gql('mutation { createAppeal(input: { text: "После отказа экземпляра" }) { id } }', {}, anna.accessToken);
  await gql('mutation($id: ID!) { replyToAppeal(appealId: $id, text: "Ответ после переподключения") { id } }', { id: appeal.data.createAppeal.id }, staff);
  const event = await waitUntil('the reply after reconnecting', () => live.events.find((e) => e.data?.appealReplied?.text === 'Ответ после переподключения'), 15_000);
  expect(event).toBeTruthy();
  await live.close();

  // The supervisor starts the killed instance again, and HAProxy takes it back.
  await waitUntil('the instance restarted and back in the balancer', async () => {
    const s = readState();
    const again = s?.instances.find((i) => i.name === victimName);
    if (!again || again.starts < 2) return false;
    const seen = new Set<string>();
    for (let i = 0; i < 6; i++) seen.add((await fetch(`${state.api}/readyz`)).headers.get('x-kabinet-instance') ?? '?');
    return seen.has(victimName);
  }, 60_000);
}, 180_000);
