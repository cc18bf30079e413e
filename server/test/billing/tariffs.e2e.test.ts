/** Tariffs, norms and residents over the API: staff only, validation with field names, tariffs by date, audit. */
import { loadConfig } from '../../src/config';
import { DEMO, DEMO_TARIFFS, seedDemoData } from '../../src/seed/demo-data';
import { codeOf, startTestApi, type TestApi } from '../support/api';

const LOGIN = `mutation($n: String!, $p: String!) { login(accountNumber: $n, password: $p) { accessToken } }`;
const STAFF = `mutation($u: String!, $p: String!) { staffLogin(username: $u, password: $p) { accessToken } }`;
const TARIFFS = `query($s: BillingService) { tariffs(service: $s) { id service pricePerM3 normPerResident validFrom } }`;
const IN_FORCE = `query($s: BillingService!, $on: Date!) { tariffInForce(service: $s, on: $on) { pricePerM3 normPerResident validFrom } }`;
const SET_TARIFF = `mutation($i: SetTariffInput!) { setTariff(input: $i) { id service pricePerM3 normPerResident validFrom } }`;
const SET_RESIDENTS = `mutation($n: String!, $r: Int!) { setResidents(accountNumber: $n, residents: $r) { number residents } }`;
const CLOSE = `mutation($p: Period!) { closeBillingPeriod(period: $p) { period status } }`;

let t: TestApi;
let subscriber: string;
let staff: string;

beforeAll(async () => {
  t = await startTestApi();
  t.api.services.clock.set('2026-06-20T09:00:00+03:00');
  await seedDemoData(t.database.db, new Date('2026-06-20T09:00:00+03:00'));
  subscriber = (await t.gql(LOGIN, { n: DEMO.registered.number, p: DEMO.registered.password })).data.login.accessToken;
  staff = (await t.gql(STAFF, { u: DEMO.operator.username, p: DEMO.operator.password })).data.staffLogin.accessToken;
});
afterAll(() => t?.stop());

it('the demo seed loads tariffs once', async () => {
  await seedDemoData(t.database.db, new Date('2026-06-20T09:00:00+03:00'));
  const res = await t.gql(TARIFFS, {}, staff);
  expect(res.data.tariffs.map((x: any) => [x.service, x.pricePerM3, x.normPerResident, x.validFrom])).toEqual(
    DEMO_TARIFFS.map((d) => [d.service, d.pricePerM3, d.normPerResident.replace(/\.?0+$/, ''), d.validFrom]),
  );
});

it('is for staff only (tariffInForce for anyone signed in)', async () => {
  const countPeriods = async () => Number((await t.database.db.query('SELECT COUNT(*) AS n FROM billing_periods'))[0].n);
  const periodsBefore = await countPeriods();
  const staffOnly: [string, Record<string, unknown>][] = [
    [TARIFFS, {}],
    [SET_TARIFF, { i: { service: 'COLD_WATER', pricePerM3: '46', normPerResident: '4.9', validFrom: '2026-07-01' } }],
    [SET_RESIDENTS, { n: DEMO.registered.number, r: 5 }],
    [CLOSE, { p: '2026-05' }],
  ];
  for (const [query, variables] of staffOnly) {
    expect(codeOf(await t.gql(query, variables))).toBe('UNAUTHENTICATED');
    expect(codeOf(await t.gql(query, variables, subscriber))).toBe('FORBIDDEN');
  }
  expect(codeOf(await t.gql(IN_FORCE, { s: 'COLD_WATER', on: '2026-06-01' }))).toBe('UNAUTHENTICATED');
  const seen = await t.gql(IN_FORCE, { s: 'COLD_WATER', on: '2026-06-01' }, subscriber);
  expect(seen.data.tariffInForce).toEqual({ pricePerM3: '45.12', normPerResident: '4.9', validFrom: '2025-01-01' });
  // Nothing was changed by the refused calls.
  expect(await countPeriods()).toBe(periodsBefore);
});

it('refuses bad values with the field at fault and a Russian message', async () => {
  const good = { service: 'HOT_WATER', pricePerM3: '220.50', normPerResident: '3.6', validFrom: '2026-07-01' };
  const cases: [Record<string, unknown>, string, RegExp][] = [
    [{ pricePerM3: '0' }, 'pricePerM3', /положительное/],
    [{ pricePerM3: '-5' }, 'pricePerM3', /положительное/],
    [{ pricePerM3: '12.345' }, 'pricePerM3', /двух знаков/],
    [{ pricePerM3: '123456789' }, 'pricePerM3', /Цена/],
    [{ normPerResident: 'много' }, 'normPerResident', /Норматив/],
    [{ normPerResident: '4.1234' }, 'normPerResident', /трёх знаков/],
    [{ normPerResident: '100' }, 'normPerResident', /от 0 до 99,999/],
    [{ validFrom: '2026-07-15' }, 'validFrom', /первого числа/],
  ];
  for (const [change, field, message] of cases) {
    const res = await t.gql(SET_TARIFF, { i: { ...good, ...change } }, staff);
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    expect(res.errors![0].extensions!.field).toBe(field);
    expect(res.errors![0].message).toMatch(message);
  }
  const [{ n }] = await t.database.db.query("SELECT COUNT(*) AS n FROM tariffs WHERE service = 'HOT_WATER'");
  expect(Number(n)).toBe(1);
});

it('creates a tariff from a date, and updates it for the same service and date', async () => {
  const created = await t.gql(SET_TARIFF, { i: { service: 'HOT_WATER', pricePerM3: '220,5', normPerResident: '3.6', validFrom: '2026-07-01' } }, staff);
  expect(created.errors).toBeUndefined();
  expect(created.data.setTariff).toMatchObject({ service: 'HOT_WATER', pricePerM3: '220.50', normPerResident: '3.6', validFrom: '2026-07-01' });
  const updated = await t.gql(SET_TARIFF, { i: { service: 'HOT_WATER', pricePerM3: '221.00', normPerResident: '3.5', validFrom: '2026-07-01' } }, staff);
  expect(updated.data.setTariff).toMatchObject({ id: created.data.setTariff.id, pricePerM3: '221.00', normPerResident: '3.5' });
  const list = await t.gql(TARIFFS, { s: 'HOT_WATER' }, staff);
  expect(list.data.tariffs.map((x: any) => [x.validFrom, x.pricePerM3])).toEqual([['2026-07-01', '221.00'], ['2025-01-01', '213.60']]);
  const audit = await t.database.db.query("SELECT before_value, after_value FROM audit_log WHERE action = 'tariff.set' ORDER BY id");
  expect(audit).toHaveLength(2);
  const parse = (v: unknown) => (typeof v === 'string' ? JSON.parse(v) : v);
  expect(parse(audit[0].before_value)).toBeNull();
  expect(parse(audit[1].before_value)).toMatchObject({ pricePerM3: '220.50' });
  expect(parse(audit[1].after_value)).toMatchObject({ pricePerM3: '221.00', normPerResident: '3.500' });
});

it('finds the tariff in force on a date', async () => {
  const on = async (date: string) => (await t.gql(IN_FORCE, { s: 'HOT_WATER', on: date }, staff)).data.tariffInForce;
  expect(await on('2024-12-31')).toBeNull();
  expect(await on('2025-01-01')).toMatchObject({ pricePerM3: '213.60' });
  expect(await on('2026-06-30')).toMatchObject({ pricePerM3: '213.60' });
  expect(await on('2026-07-01')).toMatchObject({ pricePerM3: '221.00' });
  expect(await on('2030-01-01')).toMatchObject({ pricePerM3: '221.00' });
});

it('sets the residents of an account (audited), naming the field at fault', async () => {
  const res = await t.gql(SET_RESIDENTS, { n: DEMO.registered.number, r: 4 }, staff);
  expect(res.data.setResidents).toEqual({ number: DEMO.registered.number, residents: 4 });
  for (const [r, field] of [[-1, 'residents'], [100, 'residents']] as const) {
    const bad = await t.gql(SET_RESIDENTS, { n: DEMO.registered.number, r }, staff);
    expect(codeOf(bad)).toBe('BAD_USER_INPUT');
    expect(bad.errors![0].extensions!.field).toBe(field);
  }
  const badNumber = await t.gql(SET_RESIDENTS, { n: '12ab', r: 2 }, staff);
  expect(badNumber.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'accountNumber' });
  const missing = await t.gql(SET_RESIDENTS, { n: '999999999999', r: 2 }, staff);
  expect(missing.errors![0].extensions).toMatchObject({ code: 'NOT_FOUND', field: 'accountNumber' });
  const [audit] = await t.database.db.query("SELECT before_value, after_value FROM audit_log WHERE action = 'account.set_residents'");
  const parse = (v: unknown) => (typeof v === 'string' ? JSON.parse(v) : v);
  expect(parse(audit.before_value)).toEqual({ accountNumber: DEMO.registered.number, residents: 3, owners: 2 });
  expect(parse(audit.after_value)).toEqual({ accountNumber: DEMO.registered.number, residents: 4, owners: 2 });
});

it('sets the owners too (the norm counts them when nobody is registered), audited; a bad number names the field', async () => {
  const SET_OWNERS = `mutation($n: String!, $r: Int!, $o: Int) { setResidents(accountNumber: $n, residents: $r, owners: $o) { residents owners } }`;
  const res = await t.gql(SET_OWNERS, { n: DEMO.registered.number, r: 0, o: 3 }, staff);
  expect(res.data.setResidents).toEqual({ residents: 0, owners: 3 });
  const bad = await t.gql(SET_OWNERS, { n: DEMO.registered.number, r: 0, o: -2 }, staff);
  expect(bad.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'owners' });
  const [audit] = await t.database.db.query("SELECT after_value FROM audit_log WHERE action = 'account.set_residents' ORDER BY id DESC LIMIT 1");
  const parse = (v: unknown) => (typeof v === 'string' ? JSON.parse(v) : v);
  expect(parse(audit.after_value)).toEqual({ accountNumber: DEMO.registered.number, residents: 0, owners: 3 });
  await t.gql(SET_OWNERS, { n: DEMO.registered.number, r: 3, o: 2 }, staff);
});

it('refuses a tariff from a date inside a month already closed', async () => {
  expect((await t.gql(CLOSE, { p: '2026-05' }, staff)).data.closeBillingPeriod).toEqual({ period: '2026-05', status: 'CLOSED' });
  const res = await t.gql(SET_TARIFF, { i: { service: 'COLD_WATER', pricePerM3: '47', normPerResident: '4.9', validFrom: '2026-05-01' } }, staff);
  expect(codeOf(res)).toBe('BAD_USER_INPUT');
  expect(res.errors![0].extensions!.field).toBe('validFrom');
  expect(res.errors![0].message).toMatch(/Май 2026 уже закрыт/);
});

it('AVERAGE_MAX_MONTHS and PENALTY_RATE_CAP_UNTIL are configurable and checked', () => {
  expect(loadConfig({}).config).toMatchObject({ averageMaxMonths: 3, penaltyRateCapUntil: '2027-01-01', paymentDueDay: 15 });
  expect(loadConfig({ AVERAGE_MAX_MONTHS: '2', PENALTY_RATE_CAP_UNTIL: '2028-01-01' }).config).toMatchObject({ averageMaxMonths: 2, penaltyRateCapUntil: '2028-01-01' });
  expect(() => loadConfig({ AVERAGE_MAX_MONTHS: 'three' })).toThrow(/AVERAGE_MAX_MONTHS/);
  expect(() => loadConfig({ PENALTY_RATE_CAP_UNTIL: '2027-02-30' })).toThrow(/PENALTY_RATE_CAP_UNTIL/);
});
