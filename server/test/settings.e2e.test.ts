/** «Настройка кабинета»: e-mail, phone, receipts and password, always confirmed with the current password. */
import { startTestApi, codeOf, type TestApi } from './support/api';
import { seedDemoData, DEMO } from '../src/seed/demo-data';

const LOGIN = `mutation($n: String!, $p: String!) { login(accountNumber: $n, password: $p) { accessToken } }`;
const UPDATE = `mutation($input: SettingsInput!) { updateSettings(input: $input) { email phone receiptByEmail paperReceipt } }`;

let t: TestApi;
let token: string;
beforeAll(async () => {
  t = await startTestApi();
  await seedDemoData(t.database.db);
  token = (await t.gql(LOGIN, { n: DEMO.registered.number, p: DEMO.registered.password })).data.login.accessToken;
});
afterAll(() => t?.stop());

it('requires the current password, and says which field is wrong', async () => {
  const wrong = await t.gql(UPDATE, { input: { currentPassword: 'not-my-password1', email: 'new@example.ru' } }, token);
  expect(codeOf(wrong)).toBe('CURRENT_PASSWORD_INVALID');
  expect(wrong.errors![0].extensions!.field).toBe('currentPassword');

  const mismatch = await t.gql(UPDATE, { input: { currentPassword: DEMO.registered.password, newPassword: 'Abcdefgh123', newPasswordRepeat: 'Abcdefgh124' } }, token);
  expect(codeOf(mismatch)).toBe('PASSWORD_MISMATCH');
  expect(mismatch.errors![0].extensions!.field).toBe('newPasswordRepeat');

  const badEmail = await t.gql(UPDATE, { input: { currentPassword: DEMO.registered.password, email: 'nope' } }, token);
  expect(codeOf(badEmail)).toBe('BAD_USER_INPUT');
  expect(badEmail.errors![0].extensions!.field).toBe('email');

  // Nothing was changed by the refused requests.
  const [row] = await t.database.db.query('SELECT email FROM accounts WHERE number = ?', [DEMO.registered.number]);
  expect(row.email).toBe('anna.petrova@example.ru');
});

it('changes e-mail, phone, receipt options and password together', async () => {
  const res = await t.gql(
    UPDATE,
    {
      input: {
        currentPassword: DEMO.registered.password,
        email: 'anna@example.ru',
        phone: '8 (921) 555-01-03',
        receiptByEmail: true,
        paperReceipt: true,
        newPassword: 'Новый-пароль-77',
        newPasswordRepeat: 'Новый-пароль-77',
      },
    },
    token,
  );
  expect(res.errors).toBeUndefined();
  expect(res.data.updateSettings).toEqual({ email: 'anna@example.ru', phone: '+79215550103', receiptByEmail: true, paperReceipt: true });
  expect(codeOf(await t.gql(LOGIN, { n: DEMO.registered.number, p: DEMO.registered.password }))).toBe('INVALID_CREDENTIALS');
  expect((await t.gql(LOGIN, { n: DEMO.registered.number, p: 'Новый-пароль-77' })).errors).toBeUndefined();
});

it('is for signed-in subscribers only', async () => {
  expect(codeOf(await t.gql(UPDATE, { input: { currentPassword: 'x' } }))).toBe('UNAUTHENTICATED');
});
