/**
 * Nobody can block every sign-in without an account (issue #12, finding 1). Before, resetPassword with
 * made-up links hashed the new password (argon2id) before looking the link up, with no limit, and every
 * password check shared one first-come queue: ~15 requests/s from one address made the operator's correct
 * sign-in fail 7 times out of 7 with SERVICE_UNAVAILABLE. Now made-up links cost no hash and are limited
 * per client, and the queue serves clients in turn, one address holding at most its share.
 *
 * The figures (the flooding address's answers, the others' sign-in times) are printed for
 * docs/RELIABILITY.md.
 */
import { seedDemoData, DEMO } from '../../src/seed/demo-data';
import { codeOf, startTestApi, type TestApi } from '../support/api';
import { LOGIN, STAFF_LOGIN, sleep } from '../protection/helpers';

let t: TestApi;
beforeAll(async () => {
  // One hash at a time, as on a small server (the default): the queue is what is shared.
  t = await startTestApi({ TRUST_PROXY: 'loopback', PASSWORD_HASH_CONCURRENCY: '1', PASSWORD_HASH_LIGHT: 'false' });
  await seedDemoData(t.database.db);
});
afterAll(() => t?.stop());

const attacker = { 'x-forwarded-for': '203.0.113.66' };
const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];

it('made-up reset links cost no hash and are limited per client', async () => {
  const started = Date.now();
  const codes: string[] = [];
  for (let i = 0; i < 15; i++) {
    codes.push(codeOf(await t.gql('mutation($t: String!, $p: String!) { resetPassword(token: $t, newPassword: $p) }', { t: `made-up-link-${i}-0123456789abcdef`, p: 'Whatever-Passw0rd-Lake' }, null, attacker))!);
  }
  const ms = Date.now() - started;
  expect(codes.slice(0, 10)).toEqual(Array(10).fill('INVALID_TOKEN'));
  expect(codes.slice(10)).toEqual(Array(5).fill('RATE_LIMITED'));
  // 15 answers without a single argon2id hash (one takes ~0.3–0.5 s here).
  expect(ms).toBeLessThan(1500);
  process.stdout.write(`hashing fairness: 15 made-up reset links answered in ${ms} ms (10 INVALID_TOKEN, then RATE_LIMITED)\n`);
});

it('a flood of sign-ins from one address never refuses another address’s correct sign-in', async () => {
  // The flood: 40 wrong staff sign-ins at once, then more as answers come, for as long as the others sign in.
  let flooding = true;
  const floodCodes: Record<string, number> = {};
  let sent = 0;
  const flood = async (worker: number) => {
    for (let i = 0; flooding; i++) {
      sent++;
      const res = await t.gql(STAFF_LOGIN, { u: `ghost-${worker}-${i}`, p: 'wrong-password-1' }, null, attacker);
      const code = codeOf(res) ?? 'OK';
      floodCodes[code] = (floodCodes[code] ?? 0) + 1;
    }
  };
  const workers = Array.from({ length: 40 }, (_, w) => flood(w));
  await sleep(300);

  // Meanwhile the operator and a subscriber, each from their own address, sign in 7 times.
  const times: number[] = [];
  const outcomes: string[] = [];
  for (let i = 0; i < 7; i++) {
    for (const [query, variables, ip] of [
      [STAFF_LOGIN, { u: DEMO.operator.username, p: DEMO.operator.password }, `198.51.100.${i + 1}`],
      [LOGIN, { n: DEMO.registered.number, p: DEMO.registered.password }, `192.0.2.${i + 1}`],
    ] as const) {
      const started = Date.now();
      const res = await t.gql(query, variables, null, { 'x-forwarded-for': ip });
      times.push(Date.now() - started);
      outcomes.push(res.errors ? codeOf(res)! : 'OK');
    }
  }
  flooding = false;
  await Promise.all(workers);

  process.stdout.write(
    `hashing fairness: flood from one address ${JSON.stringify(floodCodes)} (${sent} requests); ` +
      `14 correct sign-ins from other addresses meanwhile: ${outcomes.filter((o) => o === 'OK').length}/14 OK, ` +
      `p50 ${percentile(times, 50)} ms, max ${Math.max(...times)} ms\n`,
  );
  // Before: SERVICE_UNAVAILABLE 7 times out of 7.
  expect(outcomes).toEqual(Array(14).fill('OK'));
  // The flooding address got its limits: refused by the queue beyond its share, then by its attempt limit.
  expect((floodCodes.SERVICE_UNAVAILABLE ?? 0) + (floodCodes.RATE_LIMITED ?? 0)).toBeGreaterThan(0);
  // Waiting behind at most one check of the flood and its own: a few hashes, never the whole queue.
  expect(Math.max(...times)).toBeLessThan(10_000);
}, 120_000);
