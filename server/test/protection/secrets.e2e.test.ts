/**
 * Secrets: the API refuses to start in production without a real JWT_SECRET (the
 * real entry point, spawned), and no password, token or secret reaches the log —
 * a whole flow (register, sign in, refresh, reset, API token creation and use, a
 * live socket, logout) at LOG_LEVEL=debug, without SMTP so that e-mails go to the
 * log path too, with everything the process writes captured and searched.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { startTestApi, codeOf, type TestApi } from '../support/api';
import { seedDemoData, DEMO } from '../../src/seed/demo-data';
import { LOGIN, captureOutput, rawSocket, waitUntil } from './helpers';

const ROOT = path.resolve(__dirname, '..', '..', '..');

function runMain(env: Record<string, string | undefined>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const clean: Record<string, string> = {};
    for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !/^(JWT_SECRET|NODE_ENV|PAYMENT_GATEWAY|DATABASE_URL|JEST_WORKER_ID)$/.test(k)) clean[k] = v;
    for (const [k, v] of Object.entries(env)) if (v !== undefined) clean[k] = v;
    const child = spawn(process.execPath, [path.join(ROOT, 'node_modules/ts-node/dist/bin.js'), '--transpile-only', path.join(ROOT, 'server/src/main.ts')], {
      cwd: ROOT,
      env: clean,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the API did not exit; it printed:\n${output}`));
    }, 45_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

describe('the API refuses to start in production without a real JWT_SECRET', () => {
  // A database that cannot be reached: if the secret check did not stop it first, the exit would say so instead.
  const base = { NODE_ENV: 'production', PAYMENT_GATEWAY: 'sandbox', DATABASE_URL: 'mysql://nobody@127.0.0.1:1/kabinet' };

  // Concurrent: each spawn compiles the entry point (ts-node), which takes a few seconds.
  it.concurrent.each([
    ['missing', undefined, /JWT_SECRET must be set to a long random value when NODE_ENV=production/],
    ['the development default', 'kabinet-development-secret-do-not-use-in-production', /JWT_SECRET must be set to a long random value when NODE_ENV=production/],
    ['too short', 'short-secret', /JWT_SECRET must be at least 32 characters long/],
  ])('%s: exit code 1 and a clear message, no stack trace', async (_name, secret, message) => {
    const { code, output } = await runMain({ ...base, JWT_SECRET: secret });
    expect(code).toBe(1);
    expect(output).toMatch(/Configuration error:/);
    expect(output).toMatch(message);
    expect(output).not.toMatch(/\bat \S+ \(|\.ts:\d+/);
    expect(output).not.toMatch(/API listening/);
  }, 60_000);
});

describe('no password, token or secret in the log', () => {
  const JWT_SECRET = 'jwt-secret-for-the-log-test-0123456789abcdef';
  const WEBHOOK_SECRET = 'webhook-secret-for-the-log-test-9876543210';
  const WRONG_PASSWORD = 'Wrong-Guess-Password-42';
  const NEW_PASSWORD = 'Brand-New-Passw0rd-2026';
  let t: TestApi;
  let output: ReturnType<typeof captureOutput>;
  const secrets: Record<string, string> = {};

  beforeAll(async () => {
    output = captureOutput();
    t = await startTestApi({ REDIS_URL: '', LOG_LEVEL: 'debug', SMTP_URL: '', JWT_SECRET, PAYMENT_WEBHOOK_SECRET: WEBHOOK_SECRET });
    await seedDemoData(t.database.db);
  });
  afterAll(async () => {
    output?.stop();
    await t?.stop();
  });

  async function lastMail(to: string): Promise<string> {
    const [row] = await t.database.db.query('SELECT text FROM mail_outbox WHERE to_address = ? ORDER BY id DESC LIMIT 1', [to]);
    return row.text;
  }

  it('runs the whole flow', async () => {
    expect(t.config.logLevel).toBe('debug');
    expect(t.config.smtpUrl).toBeNull();
    const number = DEMO.unregistered.number;
    const email = 'ivan.logtest@poshta.ru';

    const registered = await t.gql(`mutation($input: RegisterInput!) { register(input: $input) { accountNumber } }`, {
      input: { accountNumber: number, lastName: 'Иванов', firstName: 'Иван', email, phone: '+79111234567', activationCode: DEMO.unregistered.activationCode, acceptTerms: true },
    });
    expect(registered.errors).toBeUndefined();
    const password = /Пароль: (\S+)/.exec(await lastMail(email))![1];
    secrets.generatedPassword = password;
    secrets.activationCode = DEMO.unregistered.activationCode;

    expect(codeOf(await t.gql(LOGIN, { n: number, p: WRONG_PASSWORD }))).toBe('INVALID_CREDENTIALS');
    secrets.wrongPassword = WRONG_PASSWORD;

    const first = (await t.gql(LOGIN, { n: number, p: password, r: true })).data.login;
    secrets.accessToken1 = first.accessToken;
    secrets.refreshToken1 = first.refreshToken;

    const refreshed = (await t.gql(`mutation($t: String!) { refreshSession(refreshToken: $t) { accessToken refreshToken } }`, { t: first.refreshToken })).data.refreshSession;
    secrets.accessToken2 = refreshed.accessToken;
    secrets.refreshToken2 = refreshed.refreshToken;
    // Reuse of the old refresh token: logged as a warning, without the token.
    expect(codeOf(await t.gql(`mutation($t: String!) { refreshSession(refreshToken: $t) { accessToken } }`, { t: first.refreshToken }))).toBe('UNAUTHENTICATED');

    expect((await t.gql(`mutation($n: String!) { requestPasswordReset(accountNumber: $n) }`, { n: number })).data.requestPasswordReset).toBe(true);
    await t.api.services.auth.settled(); // the link is e-mailed after the answer
    const resetToken = /token=([A-Za-z0-9_-]+)/.exec(await lastMail(email))![1];
    secrets.resetToken = resetToken;
    expect((await t.gql(`mutation($t: String!, $p: String!) { resetPassword(token: $t, newPassword: $p) }`, { t: resetToken, p: NEW_PASSWORD })).data.resetPassword).toBe(true);
    secrets.newPassword = NEW_PASSWORD;

    const second = (await t.gql(LOGIN, { n: number, p: NEW_PASSWORD })).data.login;
    secrets.accessToken3 = second.accessToken;
    secrets.refreshToken3 = second.refreshToken;

    const created = (await t.gql(`mutation { createApiToken(name: "Интеграция", scopes: [ACCOUNT_READ]) { token } }`, {}, second.accessToken)).data.createApiToken;
    secrets.apiToken = created.token;
    expect((await t.gql(`{ me { number } }`, {}, created.token)).data.me.number).toBe(number);
    expect(codeOf(await t.gql(`{ me { number } }`, {}, `${created.token}x`))).toBe('UNAUTHENTICATED');

    const socket = rawSocket(t.url, { Authorization: `Bearer ${second.accessToken}` });
    await socket.acknowledged;
    socket.send({ id: '1', type: 'subscribe', payload: { query: '{ me { number } }' } });
    await waitUntil(() => socket.messages.some((m) => m.type === 'next'), 5000, 'the answer over the socket');
    socket.close();

    // A query that fails inside, with the token in the request: the error is logged.
    const clock = t.api.services.clock;
    const now = clock.now;
    clock.now = () => {
      throw new Error('clock failed');
    };
    try {
      expect(codeOf(await t.gql(`{ readingsWindow { isOpen } }`, {}, second.accessToken))).toBe('INTERNAL_SERVER_ERROR');
    } finally {
      clock.now = now;
    }

    expect((await t.gql(`mutation($t: String!) { logout(refreshToken: $t) }`, { t: second.refreshToken }, second.accessToken)).data.logout).toBe(true);
    secrets.jwtSecret = JWT_SECRET;
    secrets.webhookSecret = WEBHOOK_SECRET;
  });

  it('the log has the flow, and none of its secrets', () => {
    const log = output.text();
    // The capture works and the flow was logged.
    expect(log).toMatch(/subscriber registered/);
    expect(log).toMatch(/mail \(SMTP_URL not set, not sent\)/);
    expect(log).toMatch(/refresh token reused/);
    expect(log).toMatch(/unexpected error/);
    expect(Object.keys(secrets).length).toBeGreaterThanOrEqual(14);
    for (const [name, secret] of Object.entries(secrets)) {
      expect({ name, found: log.includes(secret) }).toEqual({ name, found: false });
      // A JWT's signature alone, a token without its prefix, a password in JSON-escaped form.
      if (secret.split('.').length === 3) expect({ name, found: log.includes(secret.split('.')[2]) }).toEqual({ name, found: false });
      if (/^k(ab|r)_/.test(secret)) expect({ name, found: log.includes(secret.slice(4)) }).toEqual({ name, found: false });
      expect({ name, found: log.includes(JSON.stringify(secret).slice(1, -1)) }).toEqual({ name, found: false });
    }
  });
});
