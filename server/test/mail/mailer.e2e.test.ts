/**
 * The outbox over real SMTP: a message is safe in the table before the caller goes on, a slow mail
 * server does not hold the caller up, failed deliveries are retried (and orphaned ones picked up),
 * and a text that carries a secret is wiped however it was finally delivered or given up on.
 */
import { createServer } from 'node:net';
import { Mailer, MAX_ATTEMPTS, WIPED_TEXT } from '../../src/mail/mailer';
import { testConfig } from '../support/api';
import { startSmtp, type TestSmtp } from '../support/smtp';
import { createTestDatabase, type TestDatabase } from '../support/test-db';

let db: TestDatabase;
let slow: TestSmtp;
let fast: TestSmtp;
const mailers: Mailer[] = [];

/** An SMTP address nothing listens on (a port taken and released). */
async function deadSmtpUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `smtp://127.0.0.1:${port}`;
}

function mailer(url: string): Mailer {
  const m = new Mailer(db.db, url);
  mailers.push(m);
  return m;
}

async function row(to: string): Promise<{ status: string; attempts: number; text: string; secret: number; last_error: string | null }> {
  const [r] = await db.db.query('SELECT status, attempts, text, carries_secret AS secret, last_error FROM mail_outbox WHERE to_address = ? ORDER BY id DESC LIMIT 1', [to]);
  return r;
}

beforeAll(async () => {
  testConfig();
  [db, slow, fast] = await Promise.all([createTestDatabase(), startSmtp({ delayMs: 1_500 }), startSmtp()]);
});
beforeEach(async () => {
  await Promise.all(mailers.map((m) => m.settled()));
  await db.db.query('DELETE FROM mail_outbox');
});
afterAll(async () => {
  await Promise.all(mailers.map((m) => m.stop()));
  await Promise.all([db?.drop(), slow?.stop(), fast?.stop()]);
});

it('a slow mail server does not hold the caller up; the password is wiped once delivered', async () => {
  const m = mailer(slow.url);
  const started = Date.now();
  await m.send({ to: 'slow@poshta.ru', subject: 'Регистрация', text: 'Пароль: Secret-2026', sensitive: true });
  expect(Date.now() - started).toBeLessThan(1_000);
  // In the outbox before anything was delivered.
  expect(await row('slow@poshta.ru')).toMatchObject({ status: 'PENDING', text: 'Пароль: Secret-2026', secret: 1 });

  await m.settled();
  expect(slow.mails.find((x) => x.to.includes('slow@poshta.ru'))?.text).toContain('Пароль: Secret-2026');
  expect(await row('slow@poshta.ru')).toMatchObject({ status: 'SENT', attempts: 1, text: WIPED_TEXT });
});

it('a failed delivery is retried later and still wipes the secret', async () => {
  const down = mailer(await deadSmtpUrl());
  await down.send({ to: 'retry@poshta.ru', subject: 'Сброс пароля', text: 'Ссылка: https://lk.example/reset?token=abc', sensitive: true });
  await down.settled();
  const failed = await row('retry@poshta.ru');
  expect(failed).toMatchObject({ status: 'PENDING', attempts: 1, secret: 1 });
  expect(failed.last_error).toMatch(/ECONNREFUSED|connect/i);

  // The mail server is back (another instance sees the same outbox).
  const up = mailer(fast.url);
  expect(await up.retryPending()).toBe(1);
  await fast.waitFor('retry@poshta.ru', (x) => /reset\?token=abc/.test(x.text));
  expect(await row('retry@poshta.ru')).toMatchObject({ status: 'SENT', attempts: 2, text: WIPED_TEXT });
  // Nothing is left to retry: it is not sent twice.
  expect(await up.retryPending()).toBe(0);
  expect(fast.mails.filter((x) => x.to.includes('retry@poshta.ru'))).toHaveLength(1);
});

it('gives up after the last attempt, wiping the secret; an ordinary text is kept for the operators', async () => {
  const down = mailer(await deadSmtpUrl());
  await down.send({ to: 'gone@poshta.ru', subject: 'Пароль', text: 'Пароль: Secret-2027', sensitive: true });
  await down.send({ to: 'gone2@poshta.ru', subject: 'Ответ на обращение', text: 'Ваше обращение рассмотрено' });
  await down.settled();
  for (let i = 1; i < MAX_ATTEMPTS; i++) expect(await down.retryPending()).toBe(2);
  expect(await row('gone@poshta.ru')).toMatchObject({ status: 'FAILED', attempts: MAX_ATTEMPTS, text: WIPED_TEXT });
  expect(await row('gone2@poshta.ru')).toMatchObject({ status: 'FAILED', attempts: MAX_ATTEMPTS, text: 'Ваше обращение рассмотрено' });
  expect(await down.retryPending()).toBe(0);
});

it('picks up a message the process wrote but never tried (stopped in between), not one just written', async () => {
  await db.db.query(
    "INSERT INTO mail_outbox (to_address, subject, text, carries_secret, status, attempts, created_at) VALUES ('orphan@poshta.ru', 'Показания приняты', 'Спасибо', 0, 'PENDING', 0, NOW(3) - INTERVAL 10 MINUTE), ('fresh@poshta.ru', 'Показания приняты', 'Спасибо', 0, 'PENDING', 0, NOW(3))",
  );
  const up = mailer(fast.url);
  expect(await up.retryPending()).toBe(1);
  await fast.waitFor('orphan@poshta.ru');
  expect((await row('orphan@poshta.ru')).status).toBe('SENT');
  expect((await row('fresh@poshta.ru')).status).toBe('PENDING');
});
