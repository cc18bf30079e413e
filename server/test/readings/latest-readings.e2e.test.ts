/**
 * The dashboard's two readings of a meter (previousReading, currentReading), loaded in one batch for many
 * meters: checked against the rule computed from every reading, for more meters than one statement takes
 * (the loader splits them by LATEST_READINGS_CHUNK), with superseded, rejected and pending readings mixed in.
 */
import { createTestDatabase, type TestDatabase } from '../support/test-db';
import { createReadingLoaders } from '../../src/readings/reading-loaders';

let t: TestDatabase;
const CURRENT = '2026-11';
const METERS = 230;
const statuses = ['ACCEPTED', 'REJECTED', 'SUPERSEDED', 'PENDING'] as const;
const periods = ['2026-07', '2026-08', '2026-09', '2026-10', '2026-11'];

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t?.drop());

it('gives each of 230 meters its last accepted reading of an earlier month and its latest of this month', async () => {
  const db = t.db;
  const account = await db.query(
    "INSERT INTO accounts (number, last_name, first_name, address, activation_code) VALUES ('700000000010', 'Тестов', 'Тест', 'г. Апатиты', '000000000000')",
  );
  const meterIds: number[] = [];
  for (let m = 0; m < METERS; m++) {
    const r = await db.query(
      "INSERT INTO meters (account_id, kind, title, serial_number, admitted_on, verification_due_on) VALUES (?, 'COLD_WATER', ?, ?, '2020-01-01', '2031-01-01')",
      [account.insertId, `Счётчик ${m}`, `SN-${m}`],
    );
    meterIds.push(r.insertId);
  }
  // A pseudo-random but fixed mix: 0–6 readings a meter, any month, any status; every 7th meter has none.
  let seed = 7;
  const next = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2147483648), seed % n);
  const rows: unknown[][] = [];
  meterIds.forEach((id, i) => {
    if (i % 7 === 3) return;
    for (let k = next(7); k > 0; k--) rows.push([id, periods[next(periods.length)], String(10 + next(900)), statuses[next(statuses.length)], 'SITE', '2026-11-20 09:00:00']);
  });
  // Shuffled order of insertion: ids do not follow the months.
  rows.sort(() => next(3) - 1);
  await db.query('INSERT INTO readings (meter_id, period, value, status, source, submitted_at) VALUES ?', [rows]);

  const all: { id: string; meter_id: number; period: string; status: string; value: string }[] = await db.query('SELECT id, meter_id, period, status, value FROM readings');
  const byId = (a: { id: string }, b: { id: string }) => Number(b.id) - Number(a.id);
  const expected = meterIds.map((id) => {
    const mine = all.filter((r) => r.meter_id === id);
    const previous = mine.filter((r) => r.status === 'ACCEPTED' && r.period < CURRENT).sort((a, b) => b.period.localeCompare(a.period) || byId(a, b))[0];
    const current = mine.filter((r) => r.period === CURRENT).sort(byId)[0];
    return { previous: previous?.id ?? null, current: current?.id ?? null };
  });
  expect(expected.filter((e) => e.previous).length).toBeGreaterThan(50);
  expect(expected.filter((e) => e.current).length).toBeGreaterThan(50);
  expect(expected.filter((e) => !e.previous && !e.current).length).toBeGreaterThan(10);

  const statements: string[] = [];
  const loaders = createReadingLoaders(db, () => CURRENT);
  const query = db.query.bind(db);
  db.query = ((sql: string, params?: unknown[]) => (statements.push(sql), query(sql, params))) as typeof db.query;
  try {
    const [previous, current] = await Promise.all([
      Promise.all(meterIds.map((id) => loaders.previousReading.load(id))),
      Promise.all(meterIds.map((id) => loaders.currentReading.load(id))),
    ]);
    expect(meterIds.map((_, i) => ({ previous: previous[i]?.id ?? null, current: current[i]?.id ?? null }))).toEqual(expected);
    // Full readings, as the entity has them.
    const one = current.find((r) => r)!;
    expect(one).toMatchObject({ period: CURRENT, source: 'SITE', flagged: false, rollover: false });
    expect(one.submittedAt).toBeInstanceOf(Date);
    // 230 meters: three statements of at most 100 meters, not one per meter.
    expect(statements.length).toBe(3);
  } finally {
    db.query = query;
  }
});
