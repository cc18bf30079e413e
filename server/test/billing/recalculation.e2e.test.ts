/**
 * The cases a billing clerk recomputed by hand (issue #11), on real MySQL through the API:
 * readings back after an average month and after norm months (ПП №354 п.61), a meter replaced with
 * and without its final reading, a counter roll-over, owners when nobody is registered (п.56(2)),
 * and one source of charges per month (imports). Months August to December 2026 are closed in order.
 */
import { codeOf, startTestApi, type TestApi } from '../support/api';
import { addLedger, addReading, addTariff, linesOf, makeAccount, makeMeter, recalculationsOf, staffToken } from './helpers';

const CLOSE = `mutation($p: Period!) { closeBillingPeriod(period: $p) { period status accountsCharged accountsImported } }`;
const REPLACE = `mutation($i: ReplaceMeterInput!) { replaceMeter(input: $i) { removed { id removedOn } installed { id serialNumber admittedOn } finalReading { value status period } } }`;
const FAIL = `mutation($m: ID!, $d: Date!) { markMeterFailed(meterId: $m, failedOn: $d) { id failedOn } }`;
const IMPORT = `mutation($csv: String!) { importCharges(csv: $csv) { loaded refused lines { line status message } } }`;

let t: TestApi;
let staff: string;
const acc = { average: 0, norm: 0, replaced: 0, broken: 0, rollover: 0, owners: 0, imported: 0 };
const meter = { replacedCold: 0, replacedNew: 0, brokenCold: 0 };

async function close(period: string, clock: string) {
  t.api.services.clock.set(clock);
  const res = await t.gql(CLOSE, { p: period }, staff);
  expect(res.errors).toBeUndefined();
  return res.data.closeBillingPeriod;
}

/** Cold water lines of an account and month: [method, volume, amount]. */
const cold = async (account: number, period: string) => {
  const l = (await linesOf(t.database.db, account, period)).COLD_WATER;
  return [l.method, l.volume, l.amount];
};

beforeAll(async () => {
  t = await startTestApi();
  t.api.services.clock.set('2026-08-10T12:00:00+03:00');
  staff = await staffToken(t);
  const db = t.database.db;
  await addTariff(db, 'COLD_WATER', '45.12', '4.900', '2026-01-01');
  await addTariff(db, 'HOT_WATER', '213.60', '3.600', '2026-01-01');
  await addTariff(db, 'WASTEWATER', '39.77', '8.500', '2026-01-01');
  const meters = async (account: number) => [
    await makeMeter(db, account, 'COLD_WATER', { admittedOn: '2026-01-01' }),
    await makeMeter(db, account, 'HOT_WATER', { admittedOn: '2026-01-01' }),
  ];

  // 7 m³ cold and 3 m³ hot a month by readings (August–October), no reading in November, readings in December.
  acc.average = await makeAccount(db, 2);
  const [aCold, aHot] = await meters(acc.average);
  for (const [period, c, h] of [['2026-07', '100', '50'], ['2026-08', '107', '53'], ['2026-09', '114', '56'], ['2026-10', '121', '59'], ['2026-12', '129', '63']]) {
    await addReading(db, aCold, period, c);
    await addReading(db, aHot, period, h);
  }

  // No readings at all until November: the norm (1 resident) for August–October.
  acc.norm = await makeAccount(db, 1);
  const [nCold, nHot] = await meters(acc.norm);
  await addReading(db, nCold, '2026-11', '10');
  await addReading(db, nHot, '2026-11', '5');

  // Cold meter replaced on 10.11 with its final reading; no reading in October.
  acc.replaced = await makeAccount(db, 2);
  const [rCold, rHot] = await meters(acc.replaced);
  meter.replacedCold = rCold;
  for (const [period, c] of [['2026-07', '200'], ['2026-08', '205'], ['2026-09', '210']]) await addReading(db, rCold, period, c);
  for (const [period, h] of [['2026-07', '50'], ['2026-08', '52'], ['2026-09', '54'], ['2026-10', '56'], ['2026-11', '58'], ['2026-12', '60']]) await addReading(db, rHot, period, h);

  // Cold meter fails on 03.11 and is replaced on 10.12 without a final reading (it cannot be read).
  acc.broken = await makeAccount(db, 2);
  const [bCold, bHot] = await meters(acc.broken);
  meter.brokenCold = bCold;
  for (const [period, c] of [['2026-07', '300'], ['2026-08', '303'], ['2026-09', '306'], ['2026-10', '309']]) await addReading(db, bCold, period, c);
  for (const [period, h] of [['2026-07', '10'], ['2026-08', '11'], ['2026-09', '12'], ['2026-10', '13'], ['2026-11', '14'], ['2026-12', '15']]) await addReading(db, bHot, period, h);

  // The counter passes 99 999,999 in October.
  acc.rollover = await makeAccount(db, 2);
  const [oCold] = await meters(acc.rollover);
  for (const [period, c] of [['2026-07', '99990'], ['2026-08', '99995'], ['2026-09', '99999.5'], ['2026-10', '3.5'], ['2026-11', '8.5']]) await addReading(db, oCold, period, c);

  // Nobody registered, two owners, no meters.
  acc.owners = await makeAccount(db, 0, 2);

  // November charged by the billing system's import (1 412,30 and a penalty of 12,87); readings worth 1 328,42 as well.
  acc.imported = await makeAccount(db, 3);
  const [iCold, iHot] = await meters(acc.imported);
  for (const [period, c, h] of [['2026-10', '118.25', '77.1'], ['2026-11', '123.9', '80.45']]) {
    await addReading(db, iCold, period, c);
    await addReading(db, iHot, period, h);
  }
  await addLedger(db, acc.imported, 'CHARGE', '2026-11-30', '2026-11', '1412.30', 'billing:2026-11:charge');
  await addLedger(db, acc.imported, 'PENALTY', '2026-11-30', '2026-11', '12.87', 'billing:2026-11:penalty');
});
afterAll(() => t?.stop());

it('closes August to October by readings, average and norm', async () => {
  for (const period of ['2026-08', '2026-09', '2026-10']) await close(period, '2026-11-02T09:00:00+03:00');
  expect(await cold(acc.average, '2026-10')).toEqual(['ACTUAL', '7.000', '315.84']);
  expect(await cold(acc.norm, '2026-10')).toEqual(['NORM', '4.900', '221.09']);
  expect(await cold(acc.replaced, '2026-10')).toEqual(['NORM', '9.800', '442.18']); // two months of readings are not enough for an average
  expect(await cold(acc.rollover, '2026-10')).toEqual(['ACTUAL', '4.000', '180.48']); // 3,5 − 99 999,5 + 100 000
  const owners = await linesOf(t.database.db, acc.owners, '2026-10');
  expect(owners.COLD_WATER).toMatchObject({ method: 'NORM', volume: '9.800', description: 'Холодное водоснабжение: 9,800 м³ × 45,12 ₽ (по нормативу: 2 собств. × 4,900 м³)' });
});

it('records a failure and a replacement with the final reading (staff, audited); a date in a closed month is refused', async () => {
  t.api.services.clock.set('2026-11-12T10:00:00+03:00');
  const closedMonth = await t.gql(FAIL, { m: String(meter.brokenCold), d: '2026-10-30' }, staff);
  expect(codeOf(closedMonth)).toBe('PERIOD_CLOSED');
  expect(closedMonth.errors![0].extensions).toMatchObject({ field: 'failedOn', period: '2026-10' });
  const failed = await t.gql(FAIL, { m: String(meter.brokenCold), d: '2026-11-03' }, staff);
  expect(failed.data.markMeterFailed).toEqual({ id: String(meter.brokenCold), failedOn: '2026-11-03' });

  const input = { meterId: String(meter.replacedCold), replacedOn: '2026-11-10', finalReading: '221', serialNumber: 'NEW-0001', initialValue: '0.5', verificationDueOn: '2032-11-10' };
  expect(codeOf(await t.gql(REPLACE, { i: { ...input, finalReading: '209' } }, staff))).toBe('READING_BELOW_PREVIOUS');
  expect((await t.gql(REPLACE, { i: { ...input, replacedOn: '2026-11-20' } }, staff)).errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'replacedOn' });
  const res = await t.gql(REPLACE, { i: input }, staff);
  expect(res.errors).toBeUndefined();
  expect(res.data.replaceMeter).toMatchObject({
    removed: { id: String(meter.replacedCold), removedOn: '2026-11-10' },
    installed: { serialNumber: 'NEW-0001', admittedOn: '2026-11-10' },
    finalReading: { value: '221', status: 'ACCEPTED', period: '2026-11' },
  });
  const again = await t.gql(REPLACE, { i: input }, staff);
  expect(again.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'meterId' });
  // The new meter's first reading, in November.
  meter.replacedNew = Number(res.data.replaceMeter.installed.id);
  await addReading(t.database.db, meter.replacedNew, '2026-11', '2.5');
  const [audit] = await t.database.db.query("SELECT after_value FROM audit_log WHERE action = 'meter.replace'");
  const after = typeof audit.after_value === 'string' ? JSON.parse(audit.after_value) : audit.after_value;
  expect(after).toMatchObject({ finalReading: '221', installed: { serialNumber: 'NEW-0001', initialValue: '0.5' } });
});

it('one source of charges: an account the import charged for November is left out of the close', async () => {
  const closed = await close('2026-11', '2026-12-01T09:00:00+03:00');
  expect(closed).toMatchObject({ period: '2026-11', accountsImported: 1 });
  // Not a charge, not a penalty: the billing system's November is the whole November.
  expect(await linesOf(t.database.db, acc.imported, '2026-11')).toEqual({});
  // Before: the close added 1 328,42 on top, and November came to 1 412,30 + 1 328,42 + 12,87 = 2 753,59.
  const [{ november }] = await t.database.db.query("SELECT SUM(amount) AS november FROM ledger_entries WHERE account_id = ? AND period = '2026-11'", [acc.imported]);
  expect(november).toBe('1425.17');
  // And the import cannot add to a month the close made.
  const [{ number }] = await t.database.db.query('SELECT number FROM accounts WHERE id = ?', [acc.average]);
  const report = (await t.gql(IMPORT, { csv: `external_id;account_number;period;kind;amount;description\nlate-1;${number};2026-11;CHARGE;10,00;Поздно` }, staff)).data.importCharges;
  expect(report).toMatchObject({ loaded: 0, refused: 1 });
  expect(report.lines[0].message).toMatch(/^Столбец period: месяц 2026-11 уже закрыт/);
});

it('readings back after norm months: the whole advance since the meter came, the norm months taken back', async () => {
  const n = await linesOf(t.database.db, acc.norm, '2026-11');
  expect([n.COLD_WATER.method, n.COLD_WATER.volume, n.COLD_WATER.amount]).toEqual(['ACTUAL', '10.000', '451.20']);
  expect([n.HOT_WATER.volume, n.HOT_WATER.amount, n.WASTEWATER.volume, n.WASTEWATER.amount]).toEqual(['5.000', '1068.00', '15.000', '596.55']);
  const recalculations = (await recalculationsOf(t.database.db, acc.norm, '2026-11')).map((r) => [r.service, r.volume, r.amount]);
  expect(recalculations).toEqual([
    ['COLD_WATER', '-4.900', '-221.09'], ['COLD_WATER', '-4.900', '-221.09'], ['COLD_WATER', '-4.900', '-221.09'],
    ['HOT_WATER', '-3.600', '-768.96'], ['HOT_WATER', '-3.600', '-768.96'], ['HOT_WATER', '-3.600', '-768.96'],
    ['WASTEWATER', '-8.500', '-338.05'], ['WASTEWATER', '-8.500', '-338.05'], ['WASTEWATER', '-8.500', '-338.05'],
  ]);
  // Everything charged since the meters came is what they show: 10 m³ cold, 5 m³ hot, and the money for exactly that.
  const [{ c, h, money }] = await t.database.db.query(
    `SELECT SUM(CASE WHEN service = 'COLD_WATER' THEN volume END) AS c, SUM(CASE WHEN service = 'HOT_WATER' THEN volume END) AS h, SUM(amount) AS money
     FROM ledger_entries WHERE account_id = ? AND kind IN ('CHARGE', 'RECALCULATION')`,
    [acc.norm],
  );
  expect([c, h, money]).toEqual(['10.000', '5.000', '2115.75']);
});

it('a meter replaced with its final reading: the month charges both parts, the month by average taken back', async () => {
  const r = await linesOf(t.database.db, acc.replaced, '2026-11');
  // Old meter 210 → 221 (11 m³ since September) + new meter 0,5 → 2,5 (2 m³).
  expect([r.COLD_WATER.method, r.COLD_WATER.volume, r.COLD_WATER.amount]).toEqual(['ACTUAL', '13.000', '586.56']);
  expect([r.WASTEWATER.volume, r.WASTEWATER.amount]).toEqual(['15.000', '596.55']);
  const recalculations = (await recalculationsOf(t.database.db, acc.replaced, '2026-11')).map((x) => [x.service, x.volume, x.amount]);
  // October was charged 9,800 m³ cold by norm; only its cold part of wastewater is taken back (hot was by readings).
  expect(recalculations).toEqual([['COLD_WATER', '-9.800', '-442.18'], ['WASTEWATER', '-9.800', '-389.75']]);
});

it('a roll-over of the counter is charged as the real consumption', async () => {
  expect(await cold(acc.rollover, '2026-11')).toEqual(['ACTUAL', '5.000', '225.60']);
});

it('readings back after an average month: 8/4/12 m³ charged and November\'s 7/3/10 m³ (1 354,34) taken back, 338,26 in all', async () => {
  // Replaced on 10.12 without a final reading: that month cannot be measured.
  t.api.services.clock.set('2026-12-12T10:00:00+03:00');
  const replaced = await t.gql(REPLACE, { i: { meterId: String(meter.brokenCold), replacedOn: '2026-12-10', serialNumber: 'NEW-0002', initialValue: '0', verificationDueOn: '2032-12-10' } }, staff);
  expect(replaced.data.replaceMeter.finalReading).toBeNull();
  await addReading(t.database.db, Number(replaced.data.replaceMeter.installed.id), '2026-12', '1.2');
  await addReading(t.database.db, meter.replacedNew, '2026-12', '6.5');

  await close('2026-12', '2027-01-05T09:00:00+03:00');
  const a = await linesOf(t.database.db, acc.average, '2026-12');
  expect([a.COLD_WATER.method, a.COLD_WATER.volume, a.COLD_WATER.amount]).toEqual(['ACTUAL', '8.000', '360.96']);
  expect([a.HOT_WATER.volume, a.HOT_WATER.amount, a.WASTEWATER.volume, a.WASTEWATER.amount]).toEqual(['4.000', '854.40', '12.000', '477.24']);
  const recalculations = (await recalculationsOf(t.database.db, acc.average, '2026-12')).map((r) => [r.service, r.volume, r.tariff, r.method, r.amount]);
  expect(recalculations).toEqual([
    ['COLD_WATER', '-7.000', '45.12', 'AVERAGE', '-315.84'],
    ['HOT_WATER', '-3.000', '213.60', 'AVERAGE', '-640.80'],
    ['WASTEWATER', '-10.000', '39.77', 'AVERAGE', '-397.70'],
  ]);
  const [{ december }] = await t.database.db.query("SELECT SUM(amount) AS december FROM ledger_entries WHERE account_id = ? AND period = '2026-12' AND kind IN ('CHARGE', 'RECALCULATION')", [acc.average]);
  expect(december).toBe('338.26');
  // The broken meter: November and December by the average of its readings (3 m³), never taken back (no final reading).
  expect(await cold(acc.broken, '2026-11')).toEqual(['AVERAGE', '3.000', '135.36']);
  expect(await cold(acc.broken, '2026-12')).toEqual(['AVERAGE', '3.000', '135.36']);
  expect(await recalculationsOf(t.database.db, acc.broken, '2026-12')).toEqual([]);
  // The replaced meter's account, December: the new meter only, 2,5 → 6,5.
  expect(await cold(acc.replaced, '2026-12')).toEqual(['ACTUAL', '4.000', '180.48']);
});
