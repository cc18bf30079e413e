/**
 * The demo data of ../shared/DOMAIN.md «Demo data», dated relative to today so the demo always
 * shows the last periods. Readings and payments are facts; every charge, recalculation and
 * penalty comes out of the product's own month close (docs/BILLING.md). Idempotent: what exists
 * is left as it is.
 */
import type { DataSource, EntityManager } from 'typeorm';
import { Account } from '../accounts/account.entity';
import { givePersonTo } from '../auth/persons';
import { hashPassword } from '../auth/passwords';
import { addDays, localDate, nextPeriod, periodOf, previousPeriod } from '../common/calendar';
import { Clock } from '../common/clock';
import { BillingService, LedgerEntryKind, MeterKind, ReadingSource, ReadingStatus } from '../common/enums';
import { log } from '../common/logger';
import { AuditService } from '../audit/audit.service';
import { BillingCloseService } from '../billing/billing-close.service';
import { TariffService } from '../billing/tariff.service';
import { fromLitres, negateMoney, normalizeMoney, toLitres } from '../money';
import { Tariff } from '../billing/tariff.entity';
import { LedgerEntry } from '../ledger/ledger-entry.entity';
import { Meter } from '../readings/meter.entity';
import { Reading } from '../readings/reading.entity';
import { Staff } from '../staff/staff.entity';
import { StaffService } from '../staff/staff.service';

export const DEMO = {
  /** The bill of the seed document: not registered, so registration can be tried with it. */
  unregistered: { number: '123456789101', activationCode: '1234-5678-9101' },
  /** A registered subscriber whose login the README lists. */
  registered: { number: '100000000002', password: 'Demo-Kabinet-2026' },
  operator: { username: 'operator', password: 'Operator-Apatity-2026' },
};

export async function databaseIsEmpty(db: DataSource): Promise<boolean> {
  const [{ n }] = await db.query('SELECT COUNT(*) AS n FROM accounts');
  return Number(n) === 0;
}

/** Months relative to the current one: -1 is last month. */
type Month = -6 | -5 | -4 | -3 | -2 | -1;

interface MeterSeed {
  kind: MeterKind;
  title: string;
  serialNumber: string;
  verificationDueOn: string;
  /** Accepted readings by month; a month without one is charged by the close's rules (average or norm). */
  readings: Partial<Record<Month, string>>;
}

/** A payment on a day of a month: a fixed amount, or exactly what the listed months' bills came to. */
interface PaymentSeed {
  month: Month;
  day: number;
  description: string;
  amount: string | { billsOf: Month[] };
}

interface AccountSeed {
  account: Partial<Account> & { number: string; activationCode: string };
  meters: MeterSeed[];
  payments: PaymentSeed[];
  password?: string;
}

/** The months the seed closes with the product's own close, oldest first (the month before them holds the first readings). */
const CLOSED_MONTHS: Month[] = [-5, -4, -3, -2, -1];

function demoAccounts(today: string): AccountSeed[] {
  const yearsAhead = (years: number, mmdd: string) => `${Number(today.slice(0, 4)) + years}-${mmdd}`;
  return [
    {
      account: {
        number: DEMO.unregistered.number,
        lastName: 'Иванов',
        firstName: 'Иван',
        middleName: 'Иванович',
        address: 'Мурманская обл., г. Апатиты, ул. Ленина, д. 1, кв. 1',
        email: 'ivan@poshta.ru',
        phone: '+79111234567',
        activationCode: DEMO.unregistered.activationCode.replace(/-/g, ''),
        unifiedNumber: '9088358428',
        residents: 2,
        owners: 1,
        paperReceipt: true,
      },
      // Summer: the garden watered, hot water off for maintenance — 12 m³ cold, 0.1 m³ hot: 1 044,02 a month.
      // Month −3 no reading: by the norm (two months of history are not enough for the average), 2 656,19.
      // Readings come back in month −2 (236 and 400): the two months by readings, the norm month taken back.
      meters: [
        {
          kind: MeterKind.HOT_WATER, title: 'Сток гор.воды', serialNumber: '17-0412345', verificationDueOn: yearsAhead(4, '12-01'),
          readings: { [-6]: '234.1', [-5]: '234.2', [-4]: '234.3', [-2]: '236', [-1]: '240' },
        },
        {
          kind: MeterKind.COLD_WATER, title: 'Холодная вода', serialNumber: '17-0412346', verificationDueOn: yearsAhead(4, '12-05'),
          readings: { [-6]: '363.879', [-5]: '375.879', [-4]: '387.879', [-2]: '400', [-1]: '405' },
        },
      ],
      // Every bill paid by the 10th; then 3 132,06 on the 16th of last month: the seed's advance of 2 890,64.
      payments: [
        { month: -4, day: 10, description: 'Оплата через банк', amount: { billsOf: [-5] } },
        { month: -3, day: 10, description: 'Оплата через банк', amount: { billsOf: [-4] } },
        { month: -2, day: 10, description: 'Оплата через банк', amount: { billsOf: [-3] } },
        { month: -1, day: 16, description: 'Оплата через банк', amount: '3132.06' },
      ],
    },
    {
      account: {
        number: DEMO.registered.number,
        lastName: 'Петрова',
        firstName: 'Анна',
        middleName: 'Сергеевна',
        address: 'Мурманская обл., г. Апатиты, ул. Зиновьева, д. 8, кв. 42',
        email: 'anna.petrova@example.ru',
        phone: '+79215550102',
        activationCode: '400050006000',
        residents: 3,
        owners: 2,
        receiptByEmail: true,
        paperReceipt: false,
      },
      meters: [
        {
          kind: MeterKind.COLD_WATER, title: 'Холодная вода', serialNumber: '21-0098765', verificationDueOn: addDays(today, 40),
          readings: { [-6]: '96', [-5]: '101.6', [-4]: '107.15', [-3]: '112.7', [-2]: '118.25', [-1]: '123.9' },
        },
        {
          kind: MeterKind.HOT_WATER, title: 'Горячая вода', serialNumber: '21-0098766', verificationDueOn: yearsAhead(3, '06-30'),
          readings: { [-6]: '63.8', [-5]: '67.15', [-4]: '70.45', [-3]: '73.8', [-2]: '77.1', [-1]: '80.45' },
        },
      ],
      // Month −4's bill was paid 35 days late (with month −3's): the close charges a penalty for its 31st–35th days.
      // Last month's bill is due by the 15th of this month: «К оплате».
      payments: [
        { month: -4, day: 10, description: 'Оплата банковской картой', amount: { billsOf: [-5] } },
        { month: -2, day: 20, description: 'Оплата банковской картой', amount: { billsOf: [-4, -3] } },
        { month: -1, day: 10, description: 'Оплата банковской картой', amount: { billsOf: [-2] } },
      ],
      password: DEMO.registered.password,
    },
  ];
}

function monthOf(current: string, month: Month): string {
  let period = current;
  for (let i = 0; i > month; i--) period = previousPeriod(period);
  return period;
}

async function seedAccount(tx: EntityManager, seed: AccountSeed, current: string): Promise<number | null> {
  const accounts = tx.getRepository(Account);
  if (await accounts.findOne({ where: { number: seed.account.number } })) return null;
  const account = await accounts.save(accounts.create(seed.account));
  for (const m of seed.meters) {
    const meter = await tx.getRepository(Meter).save(
      tx.getRepository(Meter).create({ accountId: account.id, kind: m.kind, title: m.title, serialNumber: m.serialNumber, admittedOn: '2017-07-01', verificationDueOn: m.verificationDueOn, initialValue: '0' }),
    );
    let previous: string | null = null;
    for (const month of [-6, -5, -4, -3, -2, -1] as Month[]) {
      const value = m.readings[month];
      if (value === undefined) continue;
      const period = monthOf(current, month);
      await tx.getRepository(Reading).insert({
        meterId: meter.id,
        period,
        value,
        consumption: previous === null ? null : fromLitres(toLitres(value) - toLitres(previous)),
        status: ReadingStatus.ACCEPTED,
        source: ReadingSource.SITE,
        submittedAt: new Date(`${period}-20T10:00:00Z`),
        reviewedAt: new Date(`${period}-26T09:00:00Z`),
      });
      previous = value;
    }
  }
  if (seed.password) {
    const now = new Date();
    await accounts.update(account.id, { registeredAt: now, termsAcceptedAt: now, termsVersion: 'demo' });
    await givePersonTo(tx, account.id, await hashPassword(seed.password), now);
  }
  return account.id;
}

/** The payments of the seeds dated in `month`, their amounts read from the bills the close made. */
async function seedPayments(db: DataSource, seeds: { seed: AccountSeed; accountId: number }[], current: string, month: Month): Promise<void> {
  for (const { seed, accountId } of seeds) {
    for (const [i, p] of seed.payments.entries()) {
      if (p.month !== month) continue;
      let amount: string;
      if (typeof p.amount === 'string') {
        amount = p.amount;
      } else {
        const periods = p.amount.billsOf.map((m) => monthOf(current, m));
        const [{ total }] = await db.query(
          "SELECT COALESCE(SUM(amount), 0) AS total FROM ledger_entries WHERE account_id = ? AND kind <> 'PAYMENT' AND period IN (?)",
          [accountId, periods],
        );
        amount = normalizeMoney(String(total));
      }
      const period = monthOf(current, month);
      await db.getRepository(LedgerEntry).insert({
        accountId,
        date: `${period}-${String(p.day).padStart(2, '0')}`,
        kind: LedgerEntryKind.PAYMENT,
        period,
        description: p.description,
        amount: negateMoney(amount),
        externalId: `seed:${seed.account.number}:p${i + 1}`,
      });
    }
  }
}

/**
 * The demo months, closed by the product's own close (charges, averages, norms, recalculations,
 * penalties), with the payments of each month written before its close. Only on a database where no
 * month is closed yet: months closed by someone else are never reopened, and the demo ledgers are left out.
 */
async function closeDemoMonths(db: DataSource, seeds: { seed: AccountSeed; accountId: number }[], current: string): Promise<void> {
  const [{ n }] = await db.query('SELECT COUNT(*) AS n FROM billing_periods');
  if (Number(n) > 0) {
    log.warn('demo data: months are already closed here, so the demo accounts get no charges (the seed closes months only on a fresh database)');
    return;
  }
  const clock = new Clock();
  const audit = new AuditService(db);
  const close = new BillingCloseService(db, clock, new TariffService(db, audit), audit);
  for (const month of CLOSED_MONTHS) {
    const period = monthOf(current, month);
    await seedPayments(db, seeds, current, month);
    // The close runs on the first day after the month, as an operator would.
    clock.set(`${nextPeriod(period)}-01T09:00:00+03:00`);
    await close.close(period, null);
  }
}

/** Demo tariffs and norms per resident, from 2025-01-01 (loaded only when there is no tariff at all). */
export const DEMO_TARIFFS: Pick<Tariff, 'service' | 'pricePerM3' | 'normPerResident' | 'validFrom'>[] = [
  { service: BillingService.COLD_WATER, pricePerM3: '45.12', normPerResident: '4.900', validFrom: '2025-01-01' },
  { service: BillingService.HOT_WATER, pricePerM3: '213.60', normPerResident: '3.600', validFrom: '2025-01-01' },
  { service: BillingService.WASTEWATER, pricePerM3: '39.77', normPerResident: '8.500', validFrom: '2025-01-01' },
];

async function seedTariffs(db: DataSource): Promise<void> {
  if ((await db.getRepository(Tariff).count()) === 0) await db.getRepository(Tariff).insert(DEMO_TARIFFS);
}

export async function seedDemoData(db: DataSource, now: Date = new Date()): Promise<void> {
  const current = periodOf(now);
  const today = localDate(now);
  await seedTariffs(db);
  const created: { seed: AccountSeed; accountId: number }[] = [];
  for (const seed of demoAccounts(today)) {
    const accountId = await db.transaction((tx) => seedAccount(tx, seed, current));
    if (accountId !== null) created.push({ seed, accountId });
  }
  if (created.length) await closeDemoMonths(db, created, current);
  if (!(await db.getRepository(Staff).findOne({ where: { username: DEMO.operator.username } }))) {
    await new StaffService(db).createOrUpdate(DEMO.operator.username, DEMO.operator.password, 'Оператор Демонстрационный');
  }
}
