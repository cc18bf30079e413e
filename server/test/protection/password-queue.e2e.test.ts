/**
 * A bounded queue of password checks (PASSWORD_HASH_QUEUE): past it a sign-in is answered at once
 * with SERVICE_UNAVAILABLE and how long to wait — not after the site has given up — and the refusal
 * does not count as a failed attempt, so a crowd cannot lock a subscriber out.
 */
import { seedDemoData, DEMO } from '../../src/seed/demo-data';
import { startTestApi, codeOf, type TestApi } from '../support/api';
import { LOGIN } from './helpers';

let t: TestApi;
beforeAll(async () => {
  // One check at a time and nobody waiting: every sign-in beyond the one being checked is refused.
  t = await startTestApi({ REDIS_URL: '', PASSWORD_HASH_CONCURRENCY: '1', PASSWORD_HASH_QUEUE: '0', LOG_LEVEL: 'silent', PASSWORD_HASH_LIGHT: 'false' });
  await seedDemoData(t.database.db);
});
afterAll(() => t?.stop());

const login = (p: string) => t.gql(LOGIN, { n: DEMO.registered.number, p });

it('refuses the sign-ins that would wait, at once and with a wait, and counts none of them', async () => {
  const started = Date.now();
  const answers = await Promise.all(Array.from({ length: 5 }, (_, i) => login(`wrong-${i}-Xy7`)));
  const codes = answers.map(codeOf);
  const busy = answers.filter((a) => codeOf(a) === 'SERVICE_UNAVAILABLE');
  const checked = codes.filter((c) => c === 'INVALID_CREDENTIALS').length;
  // Five at once (attempts are counted before the check, so a sixth would be RATE_LIMITED whatever
  // happens). Each check takes ~0.4 s and only one runs: those that arrived meanwhile were refused.
  expect(codes.every((c) => c === 'SERVICE_UNAVAILABLE' || c === 'INVALID_CREDENTIALS')).toBe(true);
  expect(checked).toBeGreaterThanOrEqual(1);
  expect(busy.length).toBeGreaterThanOrEqual(3);
  for (const b of busy) {
    expect(b.errors![0].message).toMatch(/^Сейчас слишком много входов одновременно\. Повторите через \d+ с\.$/);
    expect(b.errors![0].extensions!.retryAfter).toBeGreaterThanOrEqual(1);
  }
  expect(Date.now() - started).toBeLessThan(10_000);

  // Five failures lock an account for a while (auth-attempts tests that): had the refusals counted,
  // the account would be locked now. It is not: the remaining wrong guesses are still checked…
  for (let i = checked; i < 4; i++) expect(codeOf(await login(`wrong-after-${i}-Xy7`))).toBe('INVALID_CREDENTIALS');
  // …and the right password signs in.
  expect((await login(DEMO.registered.password)).errors).toBeUndefined();
});
