/**
 * The whole sign-up and sign-in flow over HTTP against real MySQL and a real SMTP
 * server: register → e-mail → login → me → refresh → reuse detection → logout →
 * password reset, and every error code on the way.
 */
import argon2 from 'argon2';
import jwt from 'jsonwebtoken';
import { startTestApi, codeOf, type TestApi } from './support/api';
import { seedDemoData, DEMO } from '../src/seed/demo-data';

const REGISTER = `mutation($input: RegisterInput!) { register(input: $input) { accountNumber maskedEmail } }`;
const LOGIN = `mutation($n: String!, $p: String!, $r: Boolean) { login(accountNumber: $n, password: $p, remember: $r) { accessToken refreshToken expiresAt account { number lastName } } }`;
const ME = `{ me { number lastName firstName middleName email phone balance amountDue advance receiptByEmail paperReceipt meters { title serialNumber admittedOn verificationDueOn } } }`;
const REFRESH = `mutation($t: String!) { refreshSession(refreshToken: $t) { accessToken refreshToken account { number } } }`;
const LOGOUT = `mutation($t: String!) { logout(refreshToken: $t) }`;
const REQUEST_RESET = `mutation($n: String!) { requestPasswordReset(accountNumber: $n) }`;
const RESET = `mutation($t: String!, $p: String!) { resetPassword(token: $t, newPassword: $p) }`;

const bill = {
  accountNumber: '123456789101',
  lastName: 'Иванов',
  firstName: 'Иван',
  middleName: 'Иванович',
  email: 'ivan@poshta.ru',
  phone: '+7(911)123-4567',
  activationCode: '1234-5678-9101',
  acceptTerms: true,
};

let t: TestApi;

beforeAll(async () => {
  // The real hash parameters: a hash of earlier parameters is redone with them at sign-in (tested below).
  t = await startTestApi({ PASSWORD_HASH_LIGHT: 'false' });
  await seedDemoData(t.database.db);
});
afterAll(() => t?.stop());

function passwordFrom(text: string): string {
  const m = /Пароль: (\S+)/.exec(text);
  if (!m) throw new Error(`no password in mail: ${text}`);
  return m[1];
}

describe('registration with the bill values', () => {
  it('refuses a wrong code and an unknown account with one and the same error', async () => {
    const wrongCode = await t.gql(REGISTER, { input: { ...bill, activationCode: '1234-5678-0000' } }, null, { 'x-test': '1' });
    const unknownAccount = await t.gql(REGISTER, { input: { ...bill, accountNumber: '999999999999' } });
    expect(codeOf(wrongCode)).toBe('ACTIVATION_FAILED');
    expect(codeOf(unknownAccount)).toBe('ACTIVATION_FAILED');
    expect(wrongCode.errors![0].message).toBe(unknownAccount.errors![0].message);
  });

  it('requires accepting the terms and valid fields, naming the field', async () => {
    expect(codeOf(await t.gql(REGISTER, { input: { ...bill, acceptTerms: false } }))).toBe('TERMS_NOT_ACCEPTED');
    const badEmail = await t.gql(REGISTER, { input: { ...bill, email: 'not-an-email' } });
    expect(codeOf(badEmail)).toBe('BAD_USER_INPUT');
    expect(badEmail.errors![0].extensions!.field).toBe('email');
    const badPhone = await t.gql(REGISTER, { input: { ...bill, phone: '12' } });
    expect(badPhone.errors![0].extensions!.field).toBe('phone');
    const longName = await t.gql(REGISTER, { input: { ...bill, lastName: 'Я'.repeat(300) } });
    expect(codeOf(longName)).toBe('BAD_USER_INPUT');
    expect(longName.errors![0].extensions!.field).toBe('lastName');
    expect(JSON.stringify(longName)).not.toMatch(/stack|at .*\.ts/);
  });

  it('registers, e-mails a generated password, and refuses a second registration', async () => {
    const res = await t.gql(REGISTER, { input: bill });
    expect(res.errors).toBeUndefined();
    expect(res.data.register).toEqual({ accountNumber: '123456789101', maskedEmail: 'i**n@poshta.ru' });
    const mail = await t.smtp.waitFor('ivan@poshta.ru', (m) => /Пароль:/.test(m.text));
    const password = passwordFrom(mail.text);
    expect(password).toMatch(/^[A-HJ-NP-Za-km-z2-9]{12,}$/);
    // The outbox keeps no password once the mail is delivered.
    await t.api.services.mailer.settled();
    const [row] = await t.database.db.query("SELECT text, status FROM mail_outbox WHERE to_address = 'ivan@poshta.ru' ORDER BY id DESC LIMIT 1");
    expect(row.status).toBe('SENT');
    expect(row.text).not.toContain(password);
    // Terms acceptance is stored with its version.
    const [acc] = await t.database.db.query("SELECT terms_accepted_at, terms_version FROM accounts WHERE number = '123456789101'");
    expect(acc.terms_accepted_at).not.toBeNull();
    expect(acc.terms_version).toBe(t.config.termsVersion);

    const again = await t.gql(REGISTER, { input: bill });
    expect(codeOf(again)).toBe('ALREADY_REGISTERED');
  });
});

describe('sign-in, sessions and reset', () => {
  let password: string;
  let access: string;
  let refresh: string;

  beforeAll(async () => {
    password = passwordFrom((await t.smtp.waitFor('ivan@poshta.ru', (m) => /Пароль:/.test(m.text))).text);
  });

  it('signs in with the account number and the e-mailed password, and shows the account with its balance', async () => {
    const res = await t.gql(LOGIN, { n: '123456789101', p: password, r: true });
    expect(res.errors).toBeUndefined();
    access = res.data.login.accessToken;
    refresh = res.data.login.refreshToken;
    const exp = (jwt.decode(access) as { exp: number; iat: number });
    expect(exp.exp - exp.iat).toBe(15 * 60);
    const me = await t.gql(ME, {}, access);
    expect(me.errors).toBeUndefined();
    expect(me.data.me).toMatchObject({
      number: '123456789101',
      lastName: 'Иванов',
      email: 'ivan@poshta.ru',
      phone: '+79111234567',
      balance: '-2890.64',
      amountDue: '0.00',
      advance: '2890.64',
    });
    expect(me.data.me.meters.map((m: { title: string }) => m.title).sort()).toEqual(['Сток гор.воды', 'Холодная вода']);
    expect(me.data.me.meters[0].admittedOn).toBe('2017-07-01');
    // «Сохранить логин»: the refresh session lasts 30 days.
    const [s] = await t.database.db.query('SELECT remember, TIMESTAMPDIFF(MINUTE, created_at, expires_at) AS minutes FROM refresh_sessions ORDER BY id DESC LIMIT 1');
    expect(Number(s.remember)).toBe(1);
    expect(Math.abs(Number(s.minutes) - 30 * 24 * 60)).toBeLessThanOrEqual(1);
  });

  it('a hash of the earlier parameters (four lanes) is redone at the next sign-in, and the password still works', async () => {
    const [{ id }] = await t.database.db.query("SELECT id FROM accounts WHERE number = '123456789101'");
    await t.database.db.query('UPDATE subscribers s JOIN accounts a ON a.subscriber_id = s.id SET s.password_hash = ? WHERE a.id = ?', [
      await argon2.hash(password, { type: argon2.argon2id, parallelism: 4 }),
      id,
    ]);
    expect((await t.gql(LOGIN, { n: '123456789101', p: password })).errors).toBeUndefined();
    const [{ password_hash: rehashed }] = await t.database.db.query('SELECT s.password_hash FROM subscribers s JOIN accounts a ON a.subscriber_id = s.id WHERE a.id = ?', [id]);
    expect(rehashed).toMatch(/^\$argon2id\$v=19\$m=65536,p=1,t=3\$/);
    expect((await t.gql(LOGIN, { n: '123456789101', p: password })).errors).toBeUndefined();
  });

  it('refuses a wrong password without saying which part was wrong', async () => {
    const res = await t.gql(LOGIN, { n: '123456789101', p: 'wrong-password-1' });
    expect(codeOf(res)).toBe('INVALID_CREDENTIALS');
    const unknown = await t.gql(LOGIN, { n: '999999999999', p: 'wrong-password-1' });
    expect(codeOf(unknown)).toBe('INVALID_CREDENTIALS');
    expect(unknown.errors![0].message).toBe(res.errors![0].message);
  });

  it('rotates refresh tokens, and a reused token revokes the whole family', async () => {
    const first = await t.gql(REFRESH, { t: refresh });
    expect(first.errors).toBeUndefined();
    const rotated = first.data.refreshSession.refreshToken;
    expect(rotated).not.toBe(refresh);
    expect(first.data.refreshSession.account.number).toBe('123456789101');

    // The old token again: theft suspected, the family (including `rotated`) is revoked.
    expect(codeOf(await t.gql(REFRESH, { t: refresh }))).toBe('UNAUTHENTICATED');
    expect(codeOf(await t.gql(REFRESH, { t: rotated }))).toBe('UNAUTHENTICATED');
    expect(codeOf(await t.gql(REFRESH, { t: 'kr_not-a-token' }))).toBe('UNAUTHENTICATED');
  });

  it('logs out: the refresh token stops working', async () => {
    const res = await t.gql(LOGIN, { n: '123456789101', p: password });
    const token = res.data.login.refreshToken;
    expect((await t.gql(LOGOUT, { t: token })).data.logout).toBe(true);
    expect(codeOf(await t.gql(REFRESH, { t: token }))).toBe('UNAUTHENTICATED');
  });

  it('resets the password through a single-use e-mailed link', async () => {
    const before = t.smtp.mails.length;
    const res = await t.gql(REQUEST_RESET, { n: '123456789101' });
    expect(res.data.requestPasswordReset).toBe(true);
    // The answer is the same for an account that does not exist, and no mail goes out for it.
    expect((await t.gql(REQUEST_RESET, { n: '555555555555' })).data.requestPasswordReset).toBe(true);
    const mail = await t.smtp.waitFor('ivan@poshta.ru', (m) => /reset\?token=/.test(m.text));
    expect(t.smtp.mails.length).toBe(before + 1);
    const token = /reset\?token=([A-Za-z0-9_-]+)/.exec(mail.text)![1];

    const weak = await t.gql(RESET, { t: token, p: 'short' });
    expect(codeOf(weak)).toBe('WEAK_PASSWORD');
    expect(weak.errors![0].extensions!.field).toBe('newPassword');

    expect((await t.gql(RESET, { t: token, p: 'Новый-пароль-2026' })).data.resetPassword).toBe(true);
    expect(codeOf(await t.gql(RESET, { t: token, p: 'Другой-пароль-2026' }))).toBe('INVALID_TOKEN');
    expect(codeOf(await t.gql(LOGIN, { n: '123456789101', p: password }))).toBe('INVALID_CREDENTIALS');
    expect((await t.gql(LOGIN, { n: '123456789101', p: 'Новый-пароль-2026' })).errors).toBeUndefined();
  });

  it('an expired reset link is refused', async () => {
    await t.gql(REQUEST_RESET, { n: '123456789101' });
    const mail = await t.smtp.waitFor('ivan@poshta.ru', (m) => /reset\?token=/.test(m.text) && !m.text.includes('used'));
    const all = t.smtp.mails.filter((m) => /reset\?token=/.test(m.text));
    const token = /reset\?token=([A-Za-z0-9_-]+)/.exec(all[all.length - 1].text)![1];
    void mail;
    await t.database.db.query('UPDATE password_reset_tokens SET expires_at = NOW(3) - INTERVAL 1 SECOND WHERE used_at IS NULL');
    expect(codeOf(await t.gql(RESET, { t: token, p: 'Ещё-пароль-2027' }))).toBe('INVALID_TOKEN');
  });
});

describe('access tokens', () => {
  const claims = { typ: 'SUBSCRIBER', sid: 'x' };
  const opts = (over: jwt.SignOptions = {}) => ({ subject: '1', issuer: 'kabinet', audience: 'kabinet-api', expiresIn: 900, ...over }) as jwt.SignOptions;

  it.each([
    ['expired', () => jwt.sign(claims, t.config.jwtSecret, opts({ expiresIn: -10 }))],
    ['signed with another secret', () => jwt.sign(claims, 'another-secret-another-secret-another', opts())],
    ['for another audience', () => jwt.sign(claims, t.config.jwtSecret, opts({ audience: 'someone-else' }))],
    ['from another issuer', () => jwt.sign(claims, t.config.jwtSecret, opts({ issuer: 'evil' }))],
    ['with another algorithm (HS512)', () => jwt.sign(claims, t.config.jwtSecret, opts({ algorithm: 'HS512' }))],
    ['unsigned (alg none)', () => jwt.sign(claims, '', { ...opts(), algorithm: 'none' } as jwt.SignOptions)],
    ['garbage', () => 'not.a.jwt'],
  ])('refuses a token %s', async (_name, make) => {
    const res = await t.gql(ME, {}, make());
    expect(codeOf(res)).toBe('UNAUTHENTICATED');
    expect(res.data).toBeNull();
  });

  it('asks anonymous callers to sign in', async () => {
    expect(codeOf(await t.gql(ME))).toBe('UNAUTHENTICATED');
  });

  it('a subscriber asking for another account gets FORBIDDEN; staff see every account', async () => {
    const login = await t.gql(LOGIN, { n: DEMO.registered.number, p: DEMO.registered.password });
    const token = login.data.login.accessToken;
    const ACCOUNT = `query($n: String!) { account(number: $n) { number balance } }`;
    expect((await t.gql(ACCOUNT, { n: DEMO.registered.number }, token)).data.account.number).toBe(DEMO.registered.number);
    const other = await t.gql(ACCOUNT, { n: '123456789101' }, token);
    expect(codeOf(other)).toBe('FORBIDDEN');
    expect(other.data?.account ?? null).toBeNull();

    const staff = await t.gql(`mutation($u: String!, $p: String!) { staffLogin(username: $u, password: $p) { accessToken account { number } } }`, {
      u: DEMO.operator.username,
      p: DEMO.operator.password,
    });
    expect(staff.errors).toBeUndefined();
    expect(staff.data.staffLogin.account).toBeNull();
    const staffToken = staff.data.staffLogin.accessToken;
    expect((await t.gql(ACCOUNT, { n: '123456789101' }, staffToken)).data.account).toEqual({ number: '123456789101', balance: '-2890.64' });
    expect((await t.gql(ACCOUNT, { n: '00000000' }, staffToken)).data.account).toBeNull();
    // `me` is a subscriber's question.
    expect(codeOf(await t.gql(ME, {}, staffToken))).toBe('FORBIDDEN');
  });
});
