/**
 * Closing billing months over the API against real MySQL, with small hand-made data:
 * ACTUAL, AVERAGE (and its 3-month limit), NORM (× 1.5 after an expired meter's average months),
 * wastewater = cold + hot, tariffs by date, a service without a tariff, the recalculation when
 * readings come back, penalties, which months may be closed, and a second close that charges
 * nothing twice.
 */
import { codeOf, startTestApi, type TestApi } from '../support/api';
import { addLedger, addReading, addTariff, linesOf, makeAccount, makeMeter, recalculationsOf, staffToken } from './helpers';

const CLOSE = `mutation($p: Period!) { closeBillingPeriod(period: $p) { period status startedAt closedAt accountsCharged accountsImported totalCharged skippedServices } }`;
const STATUS = `{ billingCloseStatus { lastClosed { period } nextPeriod closableFrom canClose reason reasonCode } }`;
const SET_TARIFF = `mutation($i: SetTariffInput!) { setTariff(input: $i) { id service pricePerM3 normPerResident validFrom } }`;

let t: TestApi;
let staff: string;
const acc = { a: 0, b: 0, d: 0, e: 0, p: 0, q: 0 };

async function close(period: string) {
  const res = await t.gql(CLOSE, { p: period }, staff);
  expect(res.errors).toBeUndefined();
  return res.data.closeBillingPeriod;
}

beforeAll(async () => {
  t = await startTestApi();
  t.api.services.clock.set('2026-09-01T12:00:00+03:00');
  staff = await staffToken(t);
  const db = t.database.db;
  // Cold water and wastewater from 2025; hot water only from 2026 (December 2025 has no hot tariff).
  await addTariff(db, 'COLD_WATER', '45.12', '4.900', '2025-01-01');
  await addTariff(db, 'WASTEWATER', '39.77', '8.500', '2025-01-01');
  await addTariff(db, 'HOT_WATER', '213.60', '3.600', '2026-01-01');

  // A: meters from January; readings every month for cold, hot only in January and February.
  acc.a = await makeAccount(db, 3);
  const aCold = await makeMeter(db, acc.a, 'COLD_WATER', { initialValue: '100', admittedOn: '2026-01-01' });
  const aHot = await makeMeter(db, acc.a, 'HOT_WATER', { initialValue: '50', admittedOn: '2026-01-01' });
  await addReading(db, aCold, '2026-01', '104');
  await addReading(db, aCold, '2026-01', '105'); // the last accepted one of the month counts
  await addReading(db, aHot, '2026-01', '52');
  await addReading(db, aCold, '2026-02', '110.5');
  await addReading(db, aCold, '2026-02', '200', 'PENDING'); // not checked yet: ignored
  await addReading(db, aHot, '2026-02', '55');
  await addReading(db, aHot, '2026-02', '99', 'REJECTED');
  await addReading(db, aCold, '2026-03', '115.5');

  // B: meters from January; three months of readings, then none for four months, then a reading again.
  acc.b = await makeAccount(db, 1);
  const bCold = await makeMeter(db, acc.b, 'COLD_WATER', { admittedOn: '2026-01-01' });
  const bHot = await makeMeter(db, acc.b, 'HOT_WATER', { admittedOn: '2026-01-01' });
  for (const [period, cold, hot] of [['2026-01', '3', '1'], ['2026-02', '7', '2'], ['2026-03', '12', '4'], ['2026-08', '20', '6']]) {
    await addReading(db, bCold, period, cold);
    await addReading(db, bHot, period, hot);
  }

  // D: the cold meter (from January) has its verification end on 10.04; an April reading does not make April ACTUAL.
  acc.d = await makeAccount(db, 2);
  const dCold = await makeMeter(db, acc.d, 'COLD_WATER', { verificationDueOn: '2026-04-10', admittedOn: '2026-01-01' });
  for (const [period, value] of [['2026-01', '2'], ['2026-02', '4'], ['2026-03', '6'], ['2026-04', '8']]) await addReading(db, dCold, period, value);

  // E: no meters at all.
  acc.e = await makeAccount(db, 2);

  // P: nobody lives or owns there (charges 0.00); a debt of 1000.00 for December 2025, 400.00 paid on 20.02.
  acc.p = await makeAccount(db, 0, 0);
  await addLedger(db, acc.p, 'CHARGE', '2025-12-31', '2025-12', '1000.00', 'test:p:charge');
  await addLedger(db, acc.p, 'PAYMENT', '2026-02-20', '2026-02', '-400.00', 'test:p:payment');
  // Q: the same debt, paid in time.
  acc.q = await makeAccount(db, 0, 0);
  await addLedger(db, acc.q, 'CHARGE', '2025-12-31', '2025-12', '1000.00', 'test:q:charge');
  await addLedger(db, acc.q, 'PAYMENT', '2026-01-10', '2026-01', '-1000.00', 'test:q:payment');
});
afterAll(() => t?.stop());

it('a new cold water tariff from March is set by staff before the months are closed', async () => {
  const res = await t.gql(SET_TARIFF, { i: { service: 'COLD_WATER', pricePerM3: '50.00', normPerResident: '5', validFrom: '2026-03-01' } }, staff);
  expect(res.errors).toBeUndefined();
  expect(res.data.setTariff).toMatchObject({ service: 'COLD_WATER', pricePerM3: '50.00', normPerResident: '5', validFrom: '2026-03-01' });
});

it('refuses a month that is not over, or still to come, saying from when it can be closed', async () => {
  const current = await t.gql(CLOSE, { p: '2026-09' }, staff);
  expect(codeOf(current)).toBe('PERIOD_NOT_FINISHED');
  expect(current.errors![0].extensions).toMatchObject({ field: 'period', closableFrom: '2026-10-01' });
  expect(current.errors![0].message).toMatch(/Сентябрь 2026 ещё не закончился: закрыть его можно с 01\.10\.2026/);
  const future = await t.gql(CLOSE, { p: '2027-01' }, staff);
  expect(codeOf(future)).toBe('PERIOD_NOT_FINISHED');
  expect(future.errors![0].message).toMatch(/Январь 2027 ещё не наступил/);
});

it('refuses a month before the first tariff', async () => {
  for (const p of ['2024-12', '1970-01']) {
    const res = await t.gql(CLOSE, { p }, staff);
    expect(codeOf(res)).toBe('PERIOD_BEFORE_TARIFFS');
    expect(res.errors![0].extensions).toMatchObject({ field: 'period', firstPeriod: '2025-01' });
  }
  expect(Number((await t.database.db.query('SELECT COUNT(*) AS n FROM billing_periods'))[0].n)).toBe(0);
});

it('before any close, the status offers the first month with a tariff', async () => {
  const res = await t.gql(STATUS, {}, staff);
  expect(res.errors).toBeUndefined();
  expect(res.data.billingCloseStatus).toEqual({ lastClosed: null, nextPeriod: '2025-01', closableFrom: '2025-02-01', canClose: true, reason: null, reasonCode: null });
});

it('two closes of the same month at once: one waits for the other and both get the closed month', async () => {
  const [x, y] = await Promise.all([t.gql(CLOSE, { p: '2025-12' }, staff), t.gql(CLOSE, { p: '2025-12' }, staff)]);
  expect(x.errors).toBeUndefined();
  expect(y.errors).toBeUndefined();
  expect(x.data.closeBillingPeriod).toEqual(y.data.closeBillingPeriod);
  const [{ n }] = await t.database.db.query("SELECT COUNT(*) AS n FROM ledger_entries WHERE external_id LIKE 'close:2025-12:%'");
  expect(Number(n)).toBe(4); // cold water only (no hot water tariff yet, so no wastewater either), not for P and Q (imported)
});

it('closes months in order: not one before the last closed, not one skipping a month', async () => {
  const before = await t.gql(CLOSE, { p: '2025-11' }, staff);
  expect(codeOf(before)).toBe('PERIOD_OUT_OF_ORDER');
  expect(before.errors![0].message).toMatch(/уже закрыт декабрь 2025, поэтому ноябрь 2025 закрыть нельзя/);
  const skipping = await t.gql(CLOSE, { p: '2026-02' }, staff);
  expect(codeOf(skipping)).toBe('PERIOD_OUT_OF_ORDER');
  expect(skipping.errors![0].extensions).toMatchObject({ field: 'period', nextPeriod: '2026-01' });
  expect(skipping.errors![0].message).toMatch(/сначала закройте январь 2026/);
});

it('skips a service without a tariff and reports it (December 2025: no hot water tariff)', async () => {
  const closed = await close('2025-12');
  // P and Q already have December charged by the billing system's import: one source of charges, they are left out.
  expect(closed).toMatchObject({ period: '2025-12', status: 'CLOSED', accountsCharged: 4, accountsImported: 2, skippedServices: ['HOT_WATER', 'WASTEWATER'] });
  expect(await linesOf(t.database.db, acc.p, '2025-12')).toEqual({});
  const e = await linesOf(t.database.db, acc.e, '2025-12');
  expect(Object.keys(e)).toEqual(['COLD_WATER']);
  expect(e.COLD_WATER).toMatchObject({ method: 'NORM', volume: '9.800', amount: '442.18' });
  // A's meters come into service in January: December is by norm, and is not recalculated later.
  expect((await linesOf(t.database.db, acc.a, '2025-12')).COLD_WATER).toMatchObject({ method: 'NORM', volume: '14.700', amount: '663.26' });
});

it('charges by readings (ACTUAL), by norm without meters (NORM), and wastewater as cold + hot', async () => {
  const closed = await close('2026-01');
  expect(closed).toMatchObject({ status: 'CLOSED', accountsCharged: 6, skippedServices: [] });
  const a = await linesOf(t.database.db, acc.a, '2026-01');
  expect(a.COLD_WATER).toEqual({
    kind: 'CHARGE', service: 'COLD_WATER', method: 'ACTUAL', volume: '5.000', tariff: '45.12', amount: '225.60', date: '2026-01-31',
    description: 'Холодное водоснабжение: 5,000 м³ × 45,12 ₽ (по показаниям)',
  });
  expect(a.HOT_WATER).toMatchObject({ method: 'ACTUAL', volume: '2.000', tariff: '213.60', amount: '427.20', description: 'Горячее водоснабжение: 2,000 м³ × 213,60 ₽ (по показаниям)' });
  expect(a.WASTEWATER).toMatchObject({
    method: 'ACTUAL', volume: '7.000', tariff: '39.77', amount: '278.39',
    description: 'Водоотведение: 7,000 м³ × 39,77 ₽ (ХВС 5,000 м³ по показаниям + ГВС 2,000 м³ по показаниям)',
  });
  const e = await linesOf(t.database.db, acc.e, '2026-01');
  expect(e.COLD_WATER).toMatchObject({ method: 'NORM', volume: '9.800', amount: '442.18', description: 'Холодное водоснабжение: 9,800 м³ × 45,12 ₽ (по нормативу: 2 чел. × 4,900 м³)' });
  expect(e.HOT_WATER).toMatchObject({ method: 'NORM', volume: '7.200', amount: '1537.92', description: 'Горячее водоснабжение: 7,200 м³ × 213,60 ₽ (по нормативу: 2 чел. × 3,600 м³)' });
  expect(e.WASTEWATER).toMatchObject({ method: 'NORM', volume: '17.000', amount: '676.09', description: 'Водоотведение: 17,000 м³ × 39,77 ₽ (ХВС 9,800 м³ по нормативу + ГВС 7,200 м³ по нормативу)' });
  // The month's total is the sum of its lines.
  const [{ total }] = await t.database.db.query("SELECT SUM(amount) AS total FROM ledger_entries WHERE external_id LIKE 'close:2026-01:%' OR external_id LIKE 'penalty:2026-01:%'");
  expect(closed.totalCharged).toBe(total);
});

it('the ledger in GraphQL tells each charge’s service, volume, method and tariff (null for other lines)', async () => {
  const [{ number }] = await t.database.db.query('SELECT number FROM accounts WHERE id = ?', [acc.a]);
  const res = await t.gql(
    `query($n: String!) { account(number: $n) { ledger(from: "2026-01-01", to: "2026-01-31", order: ASC) { nodes { kind service volume billingMethod tariff amount } } } }`,
    { n: number },
    staff,
  );
  expect(res.errors).toBeUndefined();
  const byService = Object.fromEntries(res.data.account.ledger.nodes.filter((n: any) => n.service).map((n: any) => [n.service, n]));
  // Volumes as the Volume scalar gives every volume (no trailing zeros).
  expect(byService).toEqual({
    COLD_WATER: { kind: 'CHARGE', service: 'COLD_WATER', volume: '5', billingMethod: 'ACTUAL', tariff: '45.12', amount: '225.60' },
    HOT_WATER: { kind: 'CHARGE', service: 'HOT_WATER', volume: '2', billingMethod: 'ACTUAL', tariff: '213.60', amount: '427.20' },
    WASTEWATER: { kind: 'CHARGE', service: 'WASTEWATER', volume: '7', billingMethod: 'ACTUAL', tariff: '39.77', amount: '278.39' },
  });
  for (const other of res.data.account.ledger.nodes.filter((n: any) => !n.service)) {
    expect(other).toMatchObject({ service: null, volume: null, billingMethod: null, tariff: null });
  }
});

it('measures from the last accepted reading of an earlier month, ignoring pending and rejected ones', async () => {
  await close('2026-02');
  const a = await linesOf(t.database.db, acc.a, '2026-02');
  expect(a.COLD_WATER).toMatchObject({ method: 'ACTUAL', volume: '5.500', amount: '248.16' });
  expect(a.HOT_WATER).toMatchObject({ method: 'ACTUAL', volume: '3.000', amount: '640.80' });
  expect(a.WASTEWATER).toMatchObject({ volume: '8.500', amount: '338.05' }); // 8.5 × 39.77 = 338.045
});

it('uses the tariff in force on the month\'s first day; fewer than 3 months of readings → NORM', async () => {
  await close('2026-03');
  const a = await linesOf(t.database.db, acc.a, '2026-03');
  expect(a.COLD_WATER).toMatchObject({ method: 'ACTUAL', volume: '5.000', tariff: '50.00', amount: '250.00', description: 'Холодное водоснабжение: 5,000 м³ × 50,00 ₽ (по показаниям)' });
  // Hot water: no reading in March and only two months billed by readings.
  expect(a.HOT_WATER).toMatchObject({ method: 'NORM', volume: '10.800', amount: '2306.88' });
  expect(a.WASTEWATER).toMatchObject({
    method: 'NORM', volume: '15.800', amount: '628.37',
    description: 'Водоотведение: 15,800 м³ × 39,77 ₽ (ХВС 5,000 м³ по показаниям + ГВС 10,800 м³ по нормативу)',
  });
});

it('no reading, or verification expired: the average of the months with readings, for at most 3 months, then NORM (× 1.5 for the expired meter)', async () => {
  for (const period of ['2026-04', '2026-05', '2026-06', '2026-07']) await close(period);
  const db = t.database.db;
  for (const period of ['2026-04', '2026-05', '2026-06']) {
    const b = await linesOf(db, acc.b, period);
    // Cold 3, 4, 5 → 4.000; hot 1, 1, 2 → 1.333.
    expect(b.COLD_WATER).toMatchObject({ method: 'AVERAGE', volume: '4.000', amount: '200.00', description: 'Холодное водоснабжение: 4,000 м³ × 50,00 ₽ (по среднему)' });
    expect(b.HOT_WATER).toMatchObject({ method: 'AVERAGE', volume: '1.333', amount: '284.73' });
    expect(b.WASTEWATER).toMatchObject({
      method: 'AVERAGE', volume: '5.333', amount: '212.09',
      description: 'Водоотведение: 5,333 м³ × 39,77 ₽ (ХВС 4,000 м³ по среднему + ГВС 1,333 м³ по среднему)',
    });
  }
  const july = await linesOf(db, acc.b, '2026-07');
  expect(july.COLD_WATER).toMatchObject({ method: 'NORM', volume: '5.000', amount: '250.00', description: 'Холодное водоснабжение: 5,000 м³ × 50,00 ₽ (по нормативу: 1 чел. × 5,000 м³)' });
  expect(july.HOT_WATER).toMatchObject({ method: 'NORM', volume: '3.600', amount: '768.96' });
  expect(july.WASTEWATER).toMatchObject({ method: 'NORM', volume: '8.600', amount: '342.02' });
  // D sent an April reading, but its meter's verification ended on 10.04.
  const d = await linesOf(db, acc.d, '2026-04');
  expect(d.COLD_WATER).toMatchObject({ method: 'AVERAGE', volume: '2.000', amount: '100.00' });
  // ПП №354 п.60: April, May, June by the average; from July the norm × 1.5 — but wastewater takes the norm without the factor.
  const dJuly = await linesOf(db, acc.d, '2026-07');
  expect(dJuly.COLD_WATER).toMatchObject({
    method: 'NORM', volume: '15.000', amount: '750.00', description: 'Холодное водоснабжение: 15,000 м³ × 50,00 ₽ (по нормативу: 2 чел. × 5,000 м³ × 1,5)',
  });
  expect(dJuly.HOT_WATER).toMatchObject({ method: 'NORM', volume: '7.200', amount: '1537.92', description: 'Горячее водоснабжение: 7,200 м³ × 213,60 ₽ (по нормативу: 2 чел. × 3,600 м³)' });
  // 17.2 × 39.77 = 684.044
  expect(dJuly.WASTEWATER).toMatchObject({ method: 'NORM', volume: '17.200', amount: '684.04', description: 'Водоотведение: 17,200 м³ × 39,77 ₽ (ХВС 10,000 м³ по нормативу + ГВС 7,200 м³ по нормативу)' });
  // B's meters work and readings simply were not sent (п.59 «б»): the norm without the factor.
  expect((await linesOf(db, acc.b, '2026-07')).COLD_WATER.description).toBe('Холодное водоснабжение: 5,000 м³ × 50,00 ₽ (по нормативу: 1 чел. × 5,000 м³)');
});

it('a reading after months without: the whole advance by readings, and the months by average and norm taken back (ПП №354 п.61)', async () => {
  await close('2026-08');
  const db = t.database.db;
  const b = await linesOf(db, acc.b, '2026-08');
  // Since the March readings (12 and 4): cold 20 − 12 = 8, hot 6 − 4 = 2.
  expect(b.COLD_WATER).toMatchObject({ method: 'ACTUAL', volume: '8.000', amount: '400.00' });
  expect(b.HOT_WATER).toMatchObject({ method: 'ACTUAL', volume: '2.000', amount: '427.20' });
  expect(b.WASTEWATER).toMatchObject({ method: 'ACTUAL', volume: '10.000', amount: '397.70' });
  const recalculations = (await recalculationsOf(db, acc.b, '2026-08')).map((r) => [r.service, r.volume, r.tariff, r.method, r.amount]);
  expect(recalculations).toEqual([
    ['COLD_WATER', '-4.000', '50.00', 'AVERAGE', '-200.00'],
    ['COLD_WATER', '-4.000', '50.00', 'AVERAGE', '-200.00'],
    ['COLD_WATER', '-4.000', '50.00', 'AVERAGE', '-200.00'],
    ['COLD_WATER', '-5.000', '50.00', 'NORM', '-250.00'],
    ['HOT_WATER', '-1.333', '213.60', 'AVERAGE', '-284.73'],
    ['HOT_WATER', '-1.333', '213.60', 'AVERAGE', '-284.73'],
    ['HOT_WATER', '-1.333', '213.60', 'AVERAGE', '-284.73'],
    ['HOT_WATER', '-3.600', '213.60', 'NORM', '-768.96'],
    // The wastewater of each month, cold and hot parts together, taken back exactly as charged.
    ['WASTEWATER', '-5.333', '39.77', 'AVERAGE', '-212.09'],
    ['WASTEWATER', '-5.333', '39.77', 'AVERAGE', '-212.09'],
    ['WASTEWATER', '-5.333', '39.77', 'AVERAGE', '-212.09'],
    ['WASTEWATER', '-8.600', '39.77', 'NORM', '-342.02'],
  ]);
  expect((await recalculationsOf(db, acc.b, '2026-08')).pop()!.description).toBe(
    'Перерасчёт за июль 2026 (п.61 ПП №354): Водоотведение -8,600 м³ × 39,77 ₽ (ХВС по нормативу + ГВС по нормативу), учтено по показаниям',
  );
  const [first] = await recalculationsOf(db, acc.b, '2026-08');
  expect(first.description).toBe('Перерасчёт за апрель 2026 (п.61 ПП №354): Холодное водоснабжение -4,000 м³ × 50,00 ₽ по среднему, учтено по показаниям');
  // The invariant: from the March reading to the August one, the cold volume charged is the meter's advance, 20 − 12.
  const [{ cold }] = await db.query(
    "SELECT SUM(volume) AS cold FROM ledger_entries WHERE account_id = ? AND service = 'COLD_WATER' AND period > '2026-03' AND period <= '2026-08'",
    [acc.b],
  );
  expect(cold).toBe('8.000');
  const [{ hot }] = await db.query(
    "SELECT SUM(volume) AS hot FROM ledger_entries WHERE account_id = ? AND service = 'HOT_WATER' AND period > '2026-03' AND period <= '2026-08'",
    [acc.b],
  );
  expect(hot).toBe('2.000');
});

it('accrues penalties for the days of the closed month: from the 31st day 1/300, from the 91st 1/130, payments FIFO', async () => {
  const db = t.database.db;
  // Debt 1000.00 due 15.01.2026. January: days 1–16 of delay, nothing.
  expect((await linesOf(db, acc.p, '2026-01')).PENALTY).toBeUndefined();
  // February: 15.02 is day 31. 1000 × 6 days (15–20.02, the day of payment included) + 600 × 8 days: 10 800 × 9.5 % / 300 = 3.42
  expect((await linesOf(db, acc.p, '2026-02')).PENALTY).toMatchObject({
    kind: 'PENALTY', amount: '3.42', date: '2026-02-28',
    description: 'Пени: 1 000,00 ₽ × 6 дн. × 1/300 × 9,5 % + 600,00 ₽ × 8 дн. × 1/300 × 9,5 %',
  });
  // March: days 45–75, 600 × 31 × 9.5 % / 300 = 5.89
  expect((await linesOf(db, acc.p, '2026-03')).PENALTY).toMatchObject({ amount: '5.89', description: 'Пени: 600,00 ₽ × 31 дн. × 1/300 × 9,5 %' });
  // April: 15.04 is day 90, 16.04 day 91: 600 × 15 × 9.5 % / 300 + 600 × 15 × 9.5 % / 130 = 2.85 + 6.5769… = 9.43
  expect((await linesOf(db, acc.p, '2026-04')).PENALTY).toMatchObject({
    amount: '9.43',
    description: 'Пени: 600,00 ₽ × 15 дн. × 1/300 × 9,5 % + 600,00 ₽ × 15 дн. × 1/130 × 9,5 %',
  });
  // August: December's debt is due more than 90 days before the month: 1/130 all month, 600 × 31 × 9.5 % / 130 = 13.59
  expect((await linesOf(db, acc.p, '2026-08')).PENALTY).toMatchObject({ amount: '13.59', description: 'Пени: 600,00 ₽ × 31 дн. × 1/130 × 9,5 %' });
  // Paid in time: never a penalty.
  const [{ n }] = await db.query("SELECT COUNT(*) AS n FROM ledger_entries WHERE account_id = ? AND kind = 'PENALTY'", [acc.q]);
  expect(Number(n)).toBe(0);
  // E: December's cold water (442.18, due 15.01) all March, January's charges (2656.19, due 15.02) from 18.03, day 31;
  // (442.18 × 31 + 2656.19 × 14) × 9.5 % / 300 = 16.1163… → 16.12
  const e = await linesOf(db, acc.e, '2026-03');
  expect(e.PENALTY).toMatchObject({ description: 'Пени: 442,18 ₽ × 31 дн. × 1/300 × 9,5 % + 2 656,19 ₽ × 14 дн. × 1/300 × 9,5 %', amount: '16.12' });
});

it('closing a closed month again returns it unchanged and charges nothing twice', async () => {
  const db = t.database.db;
  const [{ n: before }] = await db.query('SELECT COUNT(*) AS n FROM ledger_entries');
  const [{ closed_at: first }] = await db.query("SELECT closed_at FROM billing_periods WHERE period = '2026-01'");
  const again = await close('2026-01');
  expect(new Date(again.closedAt).getTime()).toBe(new Date(first).getTime());
  const [{ n: after }] = await db.query('SELECT COUNT(*) AS n FROM ledger_entries');
  expect(after).toBe(before);
});

it('a close interrupted half-way is finished by running it again, without duplicates', async () => {
  const db = t.database.db;
  const [{ n: lines }] = await db.query("SELECT COUNT(*) AS n FROM ledger_entries WHERE external_id LIKE 'close:2026-08:%' OR external_id LIKE 'penalty:2026-08:%'");
  // As if the process had died after some batches: the period is CLOSING and some lines are missing.
  await db.query("UPDATE billing_periods SET status = 'CLOSING', closed_at = NULL WHERE period = '2026-08'");
  await db.query("DELETE FROM ledger_entries WHERE external_id IN (?, ?)", [`close:2026-08:${acc.b}:COLD_WATER`, `penalty:2026-08:${acc.e}`]);
  const closed = await close('2026-08');
  expect(closed.status).toBe('CLOSED');
  const [{ n: again }] = await db.query("SELECT COUNT(*) AS n FROM ledger_entries WHERE external_id LIKE 'close:2026-08:%' OR external_id LIKE 'penalty:2026-08:%'");
  expect(again).toBe(lines);
  expect((await linesOf(db, acc.b, '2026-08')).COLD_WATER).toMatchObject({ method: 'ACTUAL', volume: '8.000', amount: '400.00' });
  const [{ dup }] = await db.query("SELECT COUNT(*) AS dup FROM (SELECT account_id, service, period FROM ledger_entries WHERE kind = 'CHARGE' AND external_id LIKE 'close:%' GROUP BY account_id, service, period HAVING COUNT(*) > 1) x");
  expect(Number(dup)).toBe(0);
});

it('is audited as period.close', async () => {
  const rows = await t.database.db.query("SELECT entity_id, after_value FROM audit_log WHERE action = 'period.close' ORDER BY id");
  expect(rows.map((r: { entity_id: string }) => r.entity_id)).toEqual(['2025-12', '2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06', '2026-07', '2026-08', '2026-08']);
});

it('after the last month that is over, the status says when the next one can be closed', async () => {
  const res = await t.gql(STATUS, {}, staff);
  expect(res.data.billingCloseStatus).toMatchObject({
    lastClosed: { period: '2026-08' }, nextPeriod: '2026-09', closableFrom: '2026-10-01', canClose: false, reasonCode: 'PERIOD_NOT_FINISHED',
  });
  expect(res.data.billingCloseStatus.reason).toMatch(/Сентябрь 2026 ещё не закончился/);
});
