/** The daily verification warning: from 60 days before the end, once per meter and threshold, over real SMTP. */
import { Mailer } from '../../src/mail/mailer';
import { sendVerificationWarnings, thresholdFor } from '../../src/readings/verification-warnings';
import { seedDemoData } from '../../src/seed/demo-data';
import { testConfig } from '../support/api';
import { startSmtp, type TestSmtp } from '../support/smtp';
import { createTestDatabase, type TestDatabase } from '../support/test-db';

let db: TestDatabase;
let smtp: TestSmtp;
let mailer: Mailer;

beforeAll(async () => {
  smtp = await startSmtp();
  testConfig({ SMTP_URL: smtp.url });
  db = await createTestDatabase();
  mailer = new Mailer(db.db, smtp.url);
  // The demo's registered subscriber has a cold-water meter due 40 days after "today".
  await seedDemoData(db.db, new Date('2026-11-25T12:00:00Z'));
});
afterAll(async () => {
  await mailer.stop();
  await db.drop();
  await smtp.stop();
});

it('maps days left to thresholds', () => {
  expect([61, 60, 45, 30, 8, 7, 1, 0, -3].map(thresholdFor)).toEqual([null, 60, 60, 30, 30, 7, 7, 0, 0]);
});

it('warns once per meter and threshold, and again at the next threshold', async () => {
  expect(await sendVerificationWarnings(db.db, mailer, '2026-11-25')).toBe(1);
  const mail = await smtp.waitFor('anna.petrova@example.ru', (m) => /поверки/.test(m.subject));
  expect(mail.text).toMatch(/зав\. № 21-0098765/);
  expect(mail.text).toMatch(/04\.01\.2027/);
  // The same day again, and a week later (still under the 60-day threshold): nothing new.
  expect(await sendVerificationWarnings(db.db, mailer, '2026-11-25')).toBe(0);
  expect(await sendVerificationWarnings(db.db, mailer, '2026-12-02')).toBe(0);
  // 30 days before: the second warning; after expiry: the last one.
  expect(await sendVerificationWarnings(db.db, mailer, '2026-12-10')).toBe(1);
  expect(await sendVerificationWarnings(db.db, mailer, '2027-01-05')).toBe(1);
  expect(await sendVerificationWarnings(db.db, mailer, '2027-01-06')).toBe(0);
  const expired = await smtp.waitFor('anna.petrova@example.ru', (m) => /Истёк/.test(m.subject));
  expect(expired.text).toMatch(/истёк 04\.01\.2027/);
  // The unregistered demo account is never written to.
  expect(smtp.mails.filter((m) => m.to.includes('ivan@poshta.ru'))).toHaveLength(0);
});
