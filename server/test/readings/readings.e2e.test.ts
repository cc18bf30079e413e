/** Meter readings over the API: the window, validation, supersession, review, and 200 concurrent writers. */
import { startTestApi, codeOf, type TestApi } from '../support/api';
import { seedDemoData, DEMO } from '../../src/seed/demo-data';

const LOGIN = `mutation($n: String!, $p: String!) { login(accountNumber: $n, password: $p) { accessToken } }`;
const STAFF = `mutation($u: String!, $p: String!) { staffLogin(username: $u, password: $p) { accessToken } }`;
const METERS = `{ me { meters { id title serialNumber verificationExpired
  previousReading { value period status } currentReading { id value status consumption rejectionReason }
  readings(first: 10) { totalCount nodes { value status period } } } } }`;
const SUBMIT = `mutation($r: [ReadingInput!]!, $c: Boolean) { submitReadings(readings: $r, confirmUnusual: $c) { id value consumption status source period flagged rollover meter { id } } }`;
const QUEUE = `{ readingsForReview(first: 50) { totalCount nodes { id value flagged meter { title } } } }`;
const REVIEW = `mutation($id: ID!, $a: Boolean!, $r: String, $c: Boolean) { reviewReading(readingId: $id, accept: $a, reason: $r, confirmFlagged: $c) { id status rejectionReason reviewedAt } }`;

let t: TestApi;
let anna: string;
let staff: string;
let meters: { id: string; title: string }[];

beforeAll(async () => {
  t = await startTestApi();
  // Inside the default window (15–25), Moscow time.
  t.api.services.clock.set('2026-11-20T09:00:00+03:00');
  await seedDemoData(t.database.db, new Date('2026-11-20T09:00:00+03:00'));
  anna = (await t.gql(LOGIN, { n: DEMO.registered.number, p: DEMO.registered.password })).data.login.accessToken;
  staff = (await t.gql(STAFF, { u: DEMO.operator.username, p: DEMO.operator.password })).data.staffLogin.accessToken;
  meters = (await t.gql(METERS, {}, anna)).data.me.meters;
});
afterAll(() => t?.stop());

const cold = () => meters.find((m) => m.title === 'Холодная вода')!.id;
const hot = () => meters.find((m) => m.title === 'Горячая вода')!.id;

it('shows each meter with the previous accepted reading and none yet for this period', async () => {
  const res = await t.gql(METERS, {}, anna);
  const m = res.data.me.meters.find((x: { title: string }) => x.title === 'Холодная вода');
  expect(m.previousReading).toEqual({ value: '123.9', period: '2026-10', status: 'ACCEPTED' });
  expect(m.currentReading).toBeNull();
  expect(m.verificationExpired).toBe(false);
  expect(m.readings.totalCount).toBe(6);
});

it('refuses bad values with the field at fault, and stores nothing of a refused call', async () => {
  const cases: [unknown, RegExp][] = [
    ['-1', /отрицательным/],
    ['abc', /число/],
    ['123456', /5 цифр/],
    ['1.2345', /3 после/],
    ['', /число/],
  ];
  for (const [value, message] of cases) {
    const res = await t.gql(SUBMIT, { r: [{ meterId: hot(), value: '85' }, { meterId: cold(), value }] }, anna);
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    expect(res.errors![0].extensions!.field).toBe('readings.1.value');
    expect(res.errors![0].message).toMatch(message);
  }
  const below = await t.gql(SUBMIT, { r: [{ meterId: hot(), value: '85' }, { meterId: cold(), value: '120' }] }, anna);
  expect(codeOf(below)).toBe('READING_BELOW_PREVIOUS');
  expect(below.errors![0].extensions).toMatchObject({ field: 'readings.1.value', previousValue: '123.9' });
  const [{ n }] = await t.database.db.query("SELECT COUNT(*) n FROM readings WHERE period = '2026-11'");
  expect(Number(n)).toBe(0);
});

it('refuses a meter of another account as not found', async () => {
  const [other] = await t.database.db.query("SELECT m.id FROM meters m JOIN accounts a ON a.id = m.account_id WHERE a.number = '123456789101' LIMIT 1");
  const res = await t.gql(SUBMIT, { r: [{ meterId: String(other.id), value: '999' }] }, anna);
  expect(codeOf(res)).toBe('NOT_FOUND');
  expect(res.errors![0].extensions!.field).toBe('readings.0.meterId');
});

it('stores several submissions; the last one counts and earlier ones become SUPERSEDED', async () => {
  const first = await t.gql(SUBMIT, { r: [{ meterId: cold(), value: '125' }, { meterId: hot(), value: '81.5' }] }, anna);
  expect(first.errors).toBeUndefined();
  expect(first.data.submitReadings.map((r: any) => [r.value, r.consumption, r.status, r.source, r.period])).toEqual([
    ['125', '1.1', 'PENDING', 'SITE', '2026-11'],
    ['81.5', '1.05', 'PENDING', 'SITE', '2026-11'],
  ]);
  const second = await t.gql(SUBMIT, { r: [{ meterId: cold(), value: '126.375' }] }, anna);
  expect(second.data.submitReadings[0]).toMatchObject({ value: '126.375', consumption: '2.475', status: 'PENDING' });
  const res = await t.gql(METERS, {}, anna);
  const m = res.data.me.meters.find((x: { title: string }) => x.title === 'Холодная вода');
  expect(m.currentReading).toMatchObject({ value: '126.375', status: 'PENDING' });
  expect(m.readings.nodes.slice(0, 2).map((r: any) => [r.value, r.status])).toEqual([
    ['126.375', 'PENDING'],
    ['125', 'SUPERSEDED'],
  ]);
});

it('on the site, a consumption far above the usual is sent only once the subscriber confirms it', async () => {
  const unconfirmed = await t.gql(SUBMIT, { r: [{ meterId: hot(), value: '150' }] }, anna);
  expect(codeOf(unconfirmed)).toBe('CONFIRMATION_REQUIRED');
  expect(unconfirmed.errors![0].extensions).toMatchObject({
    field: 'confirmUnusual',
    thresholdM3: '30',
    readings: [{ meterId: hot(), title: 'Горячая вода', value: '150', consumption: '69.55', rollover: false }],
  });
  expect(unconfirmed.errors![0].message).toBe(
    'Проверьте показания: по прибору «Горячая вода» расход 69,55 м³ за месяц — намного больше обычного (больше 30 м³). Если всё верно, подтвердите передачу.',
  );
  const [{ n }] = await t.database.db.query("SELECT COUNT(*) n FROM readings WHERE period = '2026-11' AND value = 150");
  expect(Number(n)).toBe(0);
});

it('flags a consumption far above the usual for the operator, first in the queue', async () => {
  const res = await t.gql(SUBMIT, { r: [{ meterId: hot(), value: '150' }], c: true }, anna);
  expect(res.errors).toBeUndefined();
  expect(res.data.submitReadings[0]).toMatchObject({ value: '150', flagged: true, rollover: false, status: 'PENDING' });
  const queue = await t.gql(QUEUE, {}, staff);
  expect(queue.data.readingsForReview.nodes[0]).toMatchObject({ value: '150', flagged: true, meter: { title: 'Горячая вода' } });
  expect(queue.data.readingsForReview.nodes.map((r: any) => r.value)).toEqual(['150', '126.375']);
  // Subscribers have no access to the queue.
  expect(codeOf(await t.gql(QUEUE, {}, anna))).toBe('FORBIDDEN');
});

it('an operator rejects with a reason (the subscriber is e-mailed) and accepts', async () => {
  const queue = (await t.gql(QUEUE, {}, staff)).data.readingsForReview.nodes;
  const noReason = await t.gql(REVIEW, { id: queue[0].id, a: false }, staff);
  expect(codeOf(noReason)).toBe('BAD_USER_INPUT');
  expect(noReason.errors![0].extensions!.field).toBe('reason');
  const rejected = await t.gql(REVIEW, { id: queue[0].id, a: false, r: 'Показание не совпадает с фотографией прибора' }, staff);
  expect(rejected.data.reviewReading).toMatchObject({ status: 'REJECTED', rejectionReason: 'Показание не совпадает с фотографией прибора' });
  const mail = await t.smtp.waitFor('anna.petrova@example.ru', (m) => m.subject === 'Показания не приняты');
  expect(mail.text).toMatch(/не совпадает с фотографией/);
  const accepted = await t.gql(REVIEW, { id: queue[1].id, a: true }, staff);
  expect(accepted.data.reviewReading.status).toBe('ACCEPTED');
  expect(codeOf(await t.gql(REVIEW, { id: queue[1].id, a: false, r: 'x' }, staff))).toBe('BAD_USER_INPUT');
  const m = (await t.gql(METERS, {}, anna)).data.me.meters.find((x: { title: string }) => x.title === 'Горячая вода');
  expect(m.currentReading).toMatchObject({ value: '150', status: 'REJECTED', rejectionReason: 'Показание не совпадает с фотографией прибора' });
});

it('an operator accepts a flagged reading only by confirming it: it becomes the baseline of every later month', async () => {
  const sent = await t.gql(SUBMIT, { r: [{ meterId: hot(), value: '140' }], c: true }, anna);
  const id = sent.data.submitReadings[0].id;
  const unconfirmed = await t.gql(REVIEW, { id, a: true }, staff);
  expect(codeOf(unconfirmed)).toBe('CONFIRMATION_REQUIRED');
  expect(unconfirmed.errors![0].extensions).toMatchObject({ field: 'confirmFlagged', readingId: id });
  expect(unconfirmed.errors![0].message).toMatch(/Расход 59,55 м³ намного больше обычного/);
  const [{ status }] = await t.database.db.query('SELECT status FROM readings WHERE id = ?', [id]);
  expect(status).toBe('PENDING');
  // Rejecting needs no confirmation; accepting with it works.
  expect((await t.gql(REVIEW, { id, a: true, c: true }, staff)).data.reviewReading.status).toBe('ACCEPTED');
});

it('a counter that passed 99 999,999 and started again is a roll-over: accepted, flagged, consumption counts the turn', async () => {
  // As if the hot meter's last accepted value (October) were 99 999,5.
  await t.database.db.query("UPDATE readings SET value = '99999.5' WHERE meter_id = ? AND period = '2026-10' AND status = 'ACCEPTED'", [hot()]);
  await t.database.db.query("UPDATE readings SET status = 'SUPERSEDED' WHERE meter_id = ? AND period = '2026-11'", [hot()]);
  const unconfirmed = await t.gql(SUBMIT, { r: [{ meterId: hot(), value: '0.3' }] }, anna);
  expect(codeOf(unconfirmed)).toBe('CONFIRMATION_REQUIRED');
  expect(unconfirmed.errors![0].message).toMatch(/показание 0,3 меньше предыдущего — счётчик прошёл 99 999,999 и начал с нуля, расход 0,8 м³/);
  const sent = await t.gql(SUBMIT, { r: [{ meterId: hot(), value: '0.3' }], c: true }, anna);
  expect(sent.data.submitReadings[0]).toMatchObject({ value: '0.3', consumption: '0.8', flagged: true, rollover: true });
  // Far below the previous value is not a turn of the counter: refused.
  await t.database.db.query("UPDATE readings SET value = '500' WHERE meter_id = ? AND period = '2026-10' AND status = 'ACCEPTED'", [hot()]);
  const below = await t.gql(SUBMIT, { r: [{ meterId: hot(), value: '50' }], c: true }, anna);
  expect(codeOf(below)).toBe('READING_BELOW_PREVIOUS');
  await t.database.db.query("UPDATE readings SET value = '80.45' WHERE meter_id = ? AND period = '2026-10' AND status = 'ACCEPTED'", [hot()]);
});

it('an API token (a meter gateway) sends an unusual reading without confirming; it is flagged for the operator', async () => {
  const token = (await t.gql('mutation { createApiToken(name: "gateway", scopes: [READINGS_WRITE]) { token } }', {}, anna)).data.createApiToken.token;
  const res = await t.gql(SUBMIT, { r: [{ meterId: hot(), value: '200' }] }, token);
  expect(res.errors).toBeUndefined();
  expect(res.data.submitReadings[0]).toMatchObject({ value: '200', flagged: true, source: 'API' });
});

it('a failed meter, and one taken off, take no readings', async () => {
  await t.database.db.query("UPDATE meters SET failed_on = '2026-11-05' WHERE id = ?", [hot()]);
  const failed = await t.gql(SUBMIT, { r: [{ meterId: hot(), value: '90' }] }, anna);
  expect(codeOf(failed)).toBe('METER_FAILED');
  expect(failed.errors![0].message).toMatch(/неисправен с 05\.11\.2026/);
  await t.database.db.query("UPDATE meters SET failed_on = NULL, removed_on = '2026-11-06' WHERE id = ?", [hot()]);
  const removed = await t.gql(SUBMIT, { r: [{ meterId: hot(), value: '90' }] }, anna);
  expect(codeOf(removed)).toBe('NOT_FOUND');
  expect(removed.errors![0].message).toMatch(/снят 06\.11\.2026/);
  // A meter taken off is no longer listed.
  expect((await t.gql(METERS, {}, anna)).data.me.meters.map((x: { title: string }) => x.title)).toEqual(['Холодная вода']);
  await t.database.db.query('UPDATE meters SET removed_on = NULL WHERE id = ?', [hot()]);
});

it('refuses readings outside the window, saying when it opens', async () => {
  t.api.services.clock.set('2026-11-27T10:00:00+03:00');
  const res = await t.gql(SUBMIT, { r: [{ meterId: cold(), value: '130' }] }, anna);
  expect(codeOf(res)).toBe('READINGS_WINDOW_CLOSED');
  expect(res.errors![0].extensions!.opensOn).toBe('2026-12-15');
  expect(res.errors![0].message).toMatch(/15\.12\.2026/);
  const w = await t.gql('{ readingsWindow { from to isOpen opensOn currentPeriod } }');
  expect(w.data.readingsWindow).toEqual({ from: 15, to: 25, isOpen: false, opensOn: '2026-12-15', currentPeriod: '2026-11' });
  t.api.services.clock.set('2026-11-20T09:00:00+03:00');
});

it('refuses readings of a meter whose verification has expired', async () => {
  await t.database.db.query('UPDATE meters SET verification_due_on = ? WHERE id = ?', ['2026-11-01', cold()]);
  const res = await t.gql(SUBMIT, { r: [{ meterId: cold(), value: '130' }] }, anna);
  expect(codeOf(res)).toBe('METER_VERIFICATION_EXPIRED');
  expect(res.errors![0].message).toMatch(/поверк/);
  const m = (await t.gql(METERS, {}, anna)).data.me.meters.find((x: { title: string }) => x.title === 'Холодная вода');
  expect(m.verificationExpired).toBe(true);
  await t.database.db.query('UPDATE meters SET verification_due_on = ? WHERE id = ?', ['2030-01-01', cold()]);
});

it('200 concurrent submissions for one meter leave exactly one counting reading and lose none', async () => {
  const before = Number((await t.database.db.query('SELECT COUNT(*) n FROM readings WHERE meter_id = ?', [cold()]))[0].n);
  const results = await Promise.all(
    Array.from({ length: 200 }, (_, i) => t.gql(SUBMIT, { r: [{ meterId: cold(), value: String(130 + i / 1000) }] }, anna)),
  );
  const failed = results.filter((r) => r.errors);
  expect(failed).toEqual([]);
  const rows = await t.database.db.query("SELECT status, COUNT(*) n FROM readings WHERE meter_id = ? AND period = '2026-11' GROUP BY status", [cold()]);
  const byStatus = Object.fromEntries(rows.map((r: any) => [r.status, Number(r.n)]));
  expect(byStatus.PENDING).toBe(1);
  const after = Number((await t.database.db.query('SELECT COUNT(*) n FROM readings WHERE meter_id = ?', [cold()]))[0].n);
  expect(after - before).toBe(200);
}, 120_000);

it('opens one meter by id: the own one, not another account\'s', async () => {
  const METER = `query($id: ID!) { meter(id: $id) { title readings(first: 1) { totalCount } } }`;
  expect((await t.gql(METER, { id: cold() }, anna)).data.meter.title).toBe('Холодная вода');
  const [other] = await t.database.db.query("SELECT m.id FROM meters m JOIN accounts a ON a.id = m.account_id WHERE a.number = '123456789101' LIMIT 1");
  expect(codeOf(await t.gql(METER, { id: String(other.id) }, anna))).toBe('FORBIDDEN');
  expect((await t.gql(METER, { id: '999999' }, anna)).data.meter).toBeNull();
  expect((await t.gql(METER, { id: String(other.id) }, staff)).data.meter.title).toBe('Сток гор.воды');
});

it('every way to a reading answers all its fields (rollover was missing from the batched loads)', async () => {
  const ALL = `{ me { meters { title
    previousReading { id value period status source flagged rollover consumption submittedAt }
    currentReading { id value period status source flagged rollover consumption submittedAt }
    readings(first: 10) { nodes { id value period status source flagged rollover consumption submittedAt } } } } }`;
  const res = await t.gql(ALL, {}, anna);
  expect(res.errors).toBeUndefined();
  const readings = res.data.me.meters.flatMap((m: any) => [m.previousReading, m.currentReading, ...m.readings.nodes]).filter(Boolean);
  expect(readings.length).toBeGreaterThan(6);
  for (const r of readings) {
    expect(typeof r.rollover).toBe('boolean');
    expect(typeof r.flagged).toBe('boolean');
    expect(['SITE', 'API', 'OPERATOR']).toContain(r.source);
  }
});
