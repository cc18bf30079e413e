/**
 * A property test of the month close on real MySQL: random accounts live through 12–24 months — readings
 * sent, forgotten, rejected or accepted late, meters that fail, run out of verification, are replaced with
 * and without a final reading or roll over past 99 999,999, a second meter of a kind, tariff changes,
 * months charged by the billing system's import, payments — and every month is closed in order (sometimes
 * twice, sometimes interrupted half-way and finished, with refused out-of-order and unfinished months).
 * After every close:
 *   - volume: for every account and supply, between two months charged by readings, the volume charged
 *     (charges, averages, norms, recalculations, imports) is the meters' advance between their readings;
 *   - no account is charged twice for a service and month (close or import, never both);
 *   - a recalculation takes back exactly what its month was charged, once; wastewater follows its supplies;
 *   - each charge is its volume × the tariff in force on the month's first day;
 *   - the balance the API reports is the sum of the ledger's lines.
 * A failure names its seed: BILLING_PROPERTY_SEED=<seed> replays it (BILLING_PROPERTY_RUNS=n adds random seeds).
 */
import { AuditService } from '../../src/audit/audit.service';
import type { Viewer } from '../../src/auth/viewer';
import { BillingCloseService } from '../../src/billing/billing-close.service';
import { TariffService } from '../../src/billing/tariff.service';
import { Clock } from '../../src/common/clock';
import { nextPeriod, periodEnd, previousPeriod } from '../../src/common/calendar';
import { LedgerService } from '../../src/ledger/ledger.service';
import { fromKopecks, fromLitres, normalizeVolume, toKopecks, toLitres } from '../../src/money';
import { MeterAdminService } from '../../src/readings/meter-admin.service';
import { createTestDatabase, type TestDatabase } from '../support/test-db';

type Supply = 'COLD_WATER' | 'HOT_WATER';
const SUPPLIES: Supply[] = ['COLD_WATER', 'HOT_WATER'];
const CAPACITY = 100_000_000n; // litres: 5 integer digits of m³
const START = '2025-01';

/** mulberry32: a small seeded generator, so that a failing run can be replayed. */
class Rng {
  constructor(private state: number) {}
  next(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = Math.imul(this.state ^ (this.state >>> 15), 1 | this.state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}

interface SimMeter {
  id: number;
  kind: Supply;
  counter: bigint;
  broken: boolean;
  verificationDueOn: string;
}

const litres = (l: bigint) => fromLitres(((l % CAPACITY) + CAPACITY) % CAPACITY);
/** "-4.900" → -4900n. */
const signedLitres = (v: string): bigint => (v.startsWith('-') ? -toLitres(normalizeVolume(v.slice(1))) : toLitres(normalizeVolume(v)));
const money = (k: bigint) => fromKopecks(k);
const roundKopecks = (volumeLitres: bigint, priceKopecks: bigint): bigint => {
  // volume (1e-3 m³) × price (1e-2 ₽) = 1e-5 ₽; to kopecks, half away from zero.
  const n = volumeLitres * priceKopecks;
  const abs = n < 0n ? -n : n;
  const r = (abs + 500n) / 1000n;
  return n < 0n ? -r : r;
};

async function scenario(seed: number): Promise<void> {
  const rng = new Rng(seed);
  const database: TestDatabase = await createTestDatabase();
  const db = database.db;
  try {
    const clock = new Clock();
    const audit = new AuditService(db);
    const close = new BillingCloseService(db, clock, new TariffService(db, audit), audit, { batchSize: 7 });
    const meters = new MeterAdminService(db, clock, audit);
    const ledger = new LedgerService(db);
    const [{ insertId: staffId }] = [await db.query("INSERT INTO staff (username, full_name, password_hash) VALUES ('property', 'Свойства', 'x')")];
    const operator: Viewer = { kind: 'staff', staffId: Number(staffId), via: 'session' };

    // Tariffs from two months before the first closed one; prices change now and then.
    const tariffs: { service: string; price: bigint; validFrom: string }[] = [];
    const addTariff = async (service: string, period: string, price: bigint, norm: string) => {
      tariffs.push({ service, price, validFrom: `${period}-01` });
      await db.query('INSERT INTO tariffs (service, price_per_m3, norm_per_resident, valid_from) VALUES (?, ?, ?, ?)', [service, money(price), norm, `${period}-01`]);
    };
    const firstTariffs = previousPeriod(previousPeriod(START));
    await addTariff('COLD_WATER', firstTariffs, 4512n, '4.900');
    await addTariff('HOT_WATER', firstTariffs, 21360n, '3.600');
    await addTariff('WASTEWATER', firstTariffs, 3977n, '8.500');
    const priceOn = (service: string, period: string) =>
      tariffs.filter((t) => t.service === service && t.validFrom <= `${period}-01`).sort((a, b) => (a.validFrom < b.validFrom ? 1 : -1))[0].price;

    // Accounts and their meters: usually one of each kind, sometimes two cold ones or none; some near 99 999.
    const months = rng.int(12, 24);
    const accounts: { id: number; meters: SimMeter[] }[] = [];
    for (let a = 0; a < 24; a++) {
      const result = await db.query(
        "INSERT INTO accounts (number, last_name, first_name, address, activation_code, residents, owners) VALUES (?, 'Свойство', 'Тест', 'г. Апатиты', '000000000000', ?, ?)",
        [String(800000000000 + seed * 100 + a), rng.int(0, 4), rng.int(0, 3)],
      );
      const account = { id: Number(result.insertId), meters: [] as SimMeter[] };
      const kinds: Supply[] = [];
      if (!rng.chance(0.1)) kinds.push('COLD_WATER');
      if (rng.chance(0.2)) kinds.push('COLD_WATER');
      if (!rng.chance(0.15)) kinds.push('HOT_WATER');
      for (const kind of kinds) {
        const counter = rng.chance(0.12) ? CAPACITY - BigInt(rng.int(0, 30_000)) : BigInt(rng.int(0, 500_000));
        const verificationDueOn = rng.chance(0.15) ? `${periodAfter(START, rng.int(2, months))}-${String(rng.int(1, 28)).padStart(2, '0')}` : '2040-01-01';
        const admittedOn = rng.chance(0.1) ? `${periodAfter(START, rng.int(1, months - 1))}-03` : '2020-01-01';
        const m = await db.query(
          'INSERT INTO meters (account_id, kind, title, serial_number, admitted_on, verification_due_on, initial_value) VALUES (?, ?, ?, ?, ?, ?, ?)',
          [account.id, kind, kind, `P-${a}-${kind}`, admittedOn, verificationDueOn, litres(counter)],
        );
        account.meters.push({ id: Number(m.insertId), kind, counter, broken: false, verificationDueOn });
        // A reading the month before the first close, as history from before the portal (only for meters already in service).
        if (admittedOn < `${START}-01` && rng.chance(0.8)) await reading(db, Number(m.insertId), previousPeriod(START), counter, 'ACCEPTED');
      }
      accounts.push(account);
    }

    let period = START;
    let payments = 0;
    const late: number[] = [];
    for (let k = 0; k < months; k++, period = nextPeriod(period)) {
      // Tariff changes from this month (it is not closed yet).
      if (k > 0) {
        for (const service of ['COLD_WATER', 'HOT_WATER', 'WASTEWATER']) {
          if (rng.chance(0.12)) await addTariff(service, period, BigInt(rng.int(2000, 30000)), service === 'HOT_WATER' ? '3.600' : service === 'COLD_WATER' ? '4.900' : '8.500');
        }
      }
      for (const account of accounts) {
        const imported = rng.chance(0.05);
        for (const meter of [...account.meters]) {
          const [row] = await db.query("SELECT DATE_FORMAT(admitted_on, '%Y-%m-%d') AS admitted FROM meters WHERE id = ?", [meter.id]);
          if (row.admitted > periodEnd(period)) continue; // not in service yet
          meter.counter = (meter.counter + BigInt(rng.chance(0.05) ? rng.int(30_000, 60_000) : rng.int(0, 12_000))) % CAPACITY;
          if (!meter.broken && rng.chance(0.02)) {
            clock.set(`${period}-06T12:00:00+03:00`);
            await meters.markFailed(operator, String(meter.id), `${period}-05`);
            meter.broken = true;
          }
          const working = !meter.broken && meter.verificationDueOn >= periodEnd(period);
          if (working) {
            const r = rng.next();
            if (rng.chance(0.1)) await reading(db, meter.id, period, meter.counter - 1000n, 'SUPERSEDED');
            if (r < 0.7) await reading(db, meter.id, period, meter.counter, 'ACCEPTED');
            else if (r < 0.76) late.push(await reading(db, meter.id, period, meter.counter, 'PENDING'));
            else if (r < 0.8) await reading(db, meter.id, period, meter.counter + 7_000_000n, 'REJECTED');
          }
          // Broken or out of verification: replaced, sometimes with a final reading; now and then a working one too.
          if ((!working && rng.chance(0.4)) || (working && rng.chance(0.01))) {
            clock.set(`${period}-21T12:00:00+03:00`);
            const initial = BigInt(rng.int(0, 20_000));
            const result = await meters.replace(operator, {
              meterId: String(meter.id),
              replacedOn: `${period}-20`,
              finalReading: working || rng.chance(0.5) ? litres(meter.counter) : null,
              serialNumber: `N-${meter.id}`,
              initialValue: litres(initial),
              verificationDueOn: '2040-01-01',
            });
            account.meters.splice(account.meters.indexOf(meter), 1);
            const fresh: SimMeter = { id: result.installed.id, kind: meter.kind, counter: initial, broken: false, verificationDueOn: '2040-01-01' };
            account.meters.push(fresh);
            if (rng.chance(0.5)) {
              fresh.counter += BigInt(rng.int(0, 3000));
              await reading(db, fresh.id, period, fresh.counter, 'ACCEPTED');
            }
          }
        }
        if (imported) {
          // The billing system charged this month itself (with volumes).
          const volumes = SUPPLIES.map(() => BigInt(rng.int(0, 15_000)));
          for (const [i, service] of SUPPLIES.entries()) await importLine(db, account.id, period, service, volumes[i], priceOn(service, period));
          await importLine(db, account.id, period, 'WASTEWATER', volumes[0] + volumes[1], priceOn('WASTEWATER', period));
        }
        if (rng.chance(0.5)) {
          await db.query("INSERT INTO ledger_entries (account_id, date, kind, period, description, amount, external_id) VALUES (?, ?, 'PAYMENT', ?, 'Оплата', ?, ?)", [
            account.id, `${period}-10`, period, `-${rng.int(100, 3000)}.${String(rng.int(0, 99)).padStart(2, '0')}`, `pay-${seed}-${payments++}`,
          ]);
        }
      }

      // The close, the day after the month; refused when unfinished or out of order.
      clock.set(`${nextPeriod(period)}-02T09:00:00+03:00`);
      await expectRefused(close.close(nextPeriod(period), null), 'PERIOD_NOT_FINISHED');
      if (k > 0) await expectRefused(close.close(previousPeriod(START), null), 'PERIOD_OUT_OF_ORDER');
      await close.close(period, null);
      if (rng.chance(0.2)) {
        const before = await linesSnapshot(db, period);
        await close.close(period, null);
        expect(await linesSnapshot(db, period)).toEqual(before);
      }
      if (rng.chance(0.15)) {
        // As if the process had died half-way: some lines missing, the month CLOSING; closing again finishes it the same.
        const before = await linesSnapshot(db, period);
        await db.query("UPDATE billing_periods SET status = 'CLOSING', closed_at = NULL WHERE period = ?", [period]);
        await db.query("DELETE FROM ledger_entries WHERE period = ? AND (external_id LIKE 'close:%' OR external_id LIKE 'penalty:%') AND MOD(id, 3) = 0", [period]);
        await close.close(period, null);
        expect(await linesSnapshot(db, period)).toEqual(before);
      }
      // Readings reviewed after their month was closed.
      while (late.length) await db.query("UPDATE readings SET status = 'ACCEPTED' WHERE id = ?", [late.pop()]);

      await checkInvariants(db, ledger, accounts.map((a) => a.id), priceOn, period);
    }
  } finally {
    // BILLING_PROPERTY_KEEP=1 keeps the database of a replayed run to look into.
    if (process.env.BILLING_PROPERTY_KEEP) {
      process.stderr.write(`\nkept database ${database.url}\n`);
      await database.db.destroy();
    } else {
      await database.drop();
    }
  }
}

function periodAfter(period: string, n: number): string {
  let p = period;
  for (let i = 0; i < n; i++) p = nextPeriod(p);
  return p;
}

async function reading(db: TestDatabase['db'], meterId: number, period: string, value: bigint, status: string): Promise<number> {
  const r = await db.query("INSERT INTO readings (meter_id, period, value, status, source, submitted_at) VALUES (?, ?, ?, ?, 'SITE', ?)", [
    meterId, period, litres(value), status, `${period}-20 10:00:00`,
  ]);
  return Number(r.insertId);
}

async function importLine(db: TestDatabase['db'], accountId: number, period: string, service: string, volume: bigint, price: bigint): Promise<void> {
  await db.query(
    "INSERT INTO ledger_entries (account_id, date, kind, period, description, amount, service, volume, tariff, external_id) VALUES (?, ?, 'CHARGE', ?, 'Из биллинга', ?, ?, ?, ?, ?)",
    [accountId, periodEnd(period), period, money(roundKopecks(volume, price)), service, fromLitres(volume), money(price), `import:${period}:${accountId}:${service}`],
  );
}

async function expectRefused(promise: Promise<unknown>, code: string): Promise<void> {
  await promise.then(
    () => { throw new Error(`expected ${code}, the close succeeded`); },
    (e: any) => expect(e?.extensions?.code).toBe(code),
  );
}

async function linesSnapshot(db: TestDatabase['db'], period: string): Promise<string[]> {
  const rows = await db.query(
    "SELECT external_id, amount, volume, description FROM ledger_entries WHERE period = ? AND (external_id LIKE 'close:%' OR external_id LIKE 'penalty:%') ORDER BY external_id",
    [period],
  );
  return rows.map((r: any) => `${r.external_id} ${r.amount} ${r.volume} ${r.description}`);
}

interface Line { id: string; account_id: number; kind: string; period: string; service: string | null; volume: string | null; wastewater_volume: string | null; billing_method: string | null; tariff: string | null; amount: string; external_id: string | null }

async function checkInvariants(db: TestDatabase['db'], ledger: LedgerService, accountIds: number[], priceOn: (s: string, p: string) => bigint, closed: string): Promise<void> {
  const where = `ctx: after closing ${closed}`;
  // Never two charges of a service and month (close and import together, or a close twice).
  const twice = await db.query("SELECT account_id, service, period, COUNT(*) AS n FROM ledger_entries WHERE kind = 'CHARGE' AND service IS NOT NULL GROUP BY account_id, service, period HAVING n > 1");
  expect({ where, twice }).toEqual({ where, twice: [] });

  const lines: Line[] = await db.query('SELECT id, account_id, kind, period, service, volume, wastewater_volume, billing_method, tariff, amount, external_id FROM ledger_entries ORDER BY id');
  const meters: { id: number; account_id: number; kind: Supply; initial_value: string; admitted: string; removed: string | null }[] = await db.query(
    "SELECT id, account_id, kind, initial_value, DATE_FORMAT(admitted_on, '%Y-%m') AS admitted, DATE_FORMAT(removed_on, '%Y-%m') AS removed FROM meters",
  );
  const readings: { meter_id: number; period: string; value: string }[] = await db.query(
    "SELECT r.meter_id, r.period, r.value FROM readings r JOIN (SELECT meter_id, period, MAX(id) AS id FROM readings WHERE status = 'ACCEPTED' GROUP BY meter_id, period) x ON x.id = r.id",
  );
  const valueAt = (meterId: number, upTo: string): bigint | null => {
    const found = readings.filter((r) => Number(r.meter_id) === meterId && r.period <= upTo).sort((a, b) => (a.period < b.period ? 1 : -1))[0];
    return found ? toLitres(normalizeVolume(found.value)) : null;
  };
  const isClose = (l: Line) => l.external_id?.startsWith('close:') ?? false;

  for (const accountId of accountIds) {
    const own = lines.filter((l) => Number(l.account_id) === accountId);
    for (const service of SUPPLIES) {
      const actual = own.filter((l) => isClose(l) && l.kind === 'CHARGE' && l.service === service && l.billing_method === 'ACTUAL').map((l) => l.period).sort();
      const kindMeters = meters.filter((m) => Number(m.account_id) === accountId && m.kind === service);
      for (let i = 0; i + 1 < actual.length; i++) {
        const [a, b] = [actual[i], actual[i + 1]];
        // A meter taken off between them without a final reading ends what can be measured: from its month on.
        let start = a;
        for (const m of kindMeters) {
          if (m.removed && m.removed > a && m.removed < b && !readings.some((r) => Number(r.meter_id) === Number(m.id) && r.period === m.removed)) {
            start = m.removed > start ? m.removed : start;
          }
        }
        let advance = 0n;
        for (const m of kindMeters) {
          const activeAtB = m.admitted <= b && (m.removed === null || m.removed >= b);
          const removedWithFinal = m.removed !== null && m.removed > start && m.removed < b && readings.some((r) => Number(r.meter_id) === Number(m.id) && r.period === m.removed);
          if (!activeAtB && !removedWithFinal) continue;
          const initial = toLitres(normalizeVolume(m.initial_value));
          const from = valueAt(Number(m.id), start) ?? initial;
          const to = valueAt(Number(m.id), b) ?? initial;
          advance += to >= from ? to - from : to + CAPACITY - from;
        }
        const charged = own
          .filter((l) => l.service === service && l.volume !== null && l.period > start && l.period <= b)
          .reduce((sum, l) => sum + signedLitres(l.volume!), 0n);
        expect({ where, accountId, service, run: `${start}..${b}`, charged: fromLitres(charged) }).toEqual({ where, accountId, service, run: `${start}..${b}`, charged: fromLitres(advance) });
      }
    }

    for (const l of own.filter((x) => isClose(x))) {
      const parts = l.external_id!.split(':'); // close:<period>:<account>:<service>[:r<month>]
      if (l.kind === 'CHARGE') {
        // Volume × the tariff in force on the month's first day.
        expect({ where, id: l.external_id, tariff: l.tariff }).toEqual({ where, id: l.external_id, tariff: money(priceOn(l.service!, l.period)) });
        const v = toLitres(normalizeVolume(l.volume!));
        expect({ where, id: l.external_id, amount: l.amount }).toEqual({ where, id: l.external_id, amount: money(roundKopecks(v, toKopecks(l.tariff!))) });
      } else if (l.kind === 'RECALCULATION' && l.service !== 'WASTEWATER') {
        // Exactly what its month was charged, taken back once.
        const month = parts[4].slice(1);
        const originals = own.filter((o) => o.service === l.service && o.period === month && o.volume !== null);
        const amount = originals.reduce((s, o) => s + toKopecks(o.amount), 0n);
        expect({ where, id: l.external_id, amount: l.amount }).toEqual({ where, id: l.external_id, amount: money(-amount) });
        const reversals = own.filter((o) => o.kind === 'RECALCULATION' && o.service === l.service && o.external_id?.endsWith(`:r${month}`));
        expect({ where, id: l.external_id, times: reversals.length }).toEqual({ where, id: l.external_id, times: 1 });
      } else if (l.kind === 'RECALCULATION') {
        // Wastewater takes back the volume its supplies took back for that month.
        const month = parts[4].slice(1);
        const supplies = own.filter((o) => o.kind === 'RECALCULATION' && o.period === l.period && o.service !== 'WASTEWATER' && o.external_id?.endsWith(`:r${month}`));
        const volume = supplies.reduce((s, o) => s + signedLitres(o.wastewater_volume ?? o.volume!), 0n);
        expect({ where, id: l.external_id, volume: signedLitres(l.volume!) }).toEqual({ where, id: l.external_id, volume });
      }
    }

    // The balance the API reports is the sum of the lines.
    const sum = own.reduce((s, l) => s + toKopecks(l.amount), 0n);
    const totals = await ledger.totals(accountId, {});
    expect({ where, accountId, balance: totals.closingBalance }).toEqual({ where, accountId, balance: money(sum) });
  }
}

const seeds = process.env.BILLING_PROPERTY_SEED
  ? [Number(process.env.BILLING_PROPERTY_SEED)]
  : // 212471 found a new meter counted from its initial value while its first reading waited for review.
    [101, 202, 303, 212471, ...Array.from({ length: Number(process.env.BILLING_PROPERTY_RUNS || 0) }, () => Math.floor(Math.random() * 1_000_000))];

for (const seed of seeds) {
  it(`seed ${seed}: every close keeps the volumes, charges once, takes back exactly, and balances`, async () => {
    try {
      await scenario(seed);
    } catch (error) {
      // The seed, so the run can be replayed exactly.
      process.stderr.write(`\nbilling property test failed: replay with BILLING_PROPERTY_SEED=${seed}\n`);
      throw error;
    }
  }, 300_000);
}
