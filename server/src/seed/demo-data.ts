/**
 * The demo data of ../shared/DOMAIN.md «Demo data», dated relative to today so the
 * demo always shows the last periods. Idempotent: what exists is left as it is.
 */
import type { DataSource, EntityManager } from 'typeorm';
import { Account } from '../accounts/account.entity';
import { SubscriberCredential } from '../auth/subscriber-credential.entity';
import { hashPassword } from '../auth/passwords';
import { addDays, localDate, periodEnd, periodOf, previousPeriod } from '../common/calendar';
import { BillingService, LedgerEntryKind, MeterKind, ReadingSource, ReadingStatus } from '../common/enums';
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
  operator: { username: 'operator', password: 'Operator-2026' },
};

export async function databaseIsEmpty(db: DataSource): Promise<boolean> {
  const [{ n }] = await db.query('SELECT COUNT(*) AS n FROM accounts');
  return Number(n) === 0;
}

interface MeterSeed {
  kind: MeterKind;
  title: string;
  serialNumber: string;
  verificationDueOn: string;
  /** Accepted values of the period before last and of last period. */
  values: [string, string];
}

interface AccountSeed {
  account: Partial<Account> & { number: string; activationCode: string };
  meters: MeterSeed[];
  ledger: { date: string; kind: LedgerEntryKind; period: string | null; description: string; amount: string; externalId: string }[];
  password?: string;
}

function demoAccounts(today: string): AccountSeed[] {
  const current = periodOf(new Date(`${today}T12:00:00Z`));
  const last = previousPeriod(current);
  const beforeLast = previousPeriod(last);
  const third = previousPeriod(beforeLast);
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
        paperReceipt: true,
      },
      meters: [
        { kind: MeterKind.HOT_WATER, title: 'Сток гор.воды', serialNumber: '17-0412345', verificationDueOn: yearsAhead(4, '12-01'), values: ['236', '240'] },
        { kind: MeterKind.COLD_WATER, title: 'Холодная вода', serialNumber: '17-0412346', verificationDueOn: yearsAhead(4, '12-05'), values: ['400', '405'] },
      ],
      // The seed's ledger: two charges of 1044.02, a payment of 3132.06 and a recalculation → an advance of 2890.64.
      ledger: [
        { date: periodEnd(third), kind: LedgerEntryKind.CHARGE, period: third, description: 'Начислено за водоснабжение и водоотведение', amount: '1044.02', externalId: 'seed:123456789101:c1' },
        { date: periodEnd(beforeLast), kind: LedgerEntryKind.CHARGE, period: beforeLast, description: 'Начислено за водоснабжение и водоотведение', amount: '1044.02', externalId: 'seed:123456789101:c2' },
        { date: `${last}-16`, kind: LedgerEntryKind.PAYMENT, period: last, description: 'Оплата через банк', amount: '-3132.06', externalId: 'seed:123456789101:p1' },
        { date: periodEnd(last), kind: LedgerEntryKind.RECALCULATION, period: last, description: 'Перерасчёт по показаниям приборов учёта', amount: '-1846.62', externalId: 'seed:123456789101:r1' },
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
        receiptByEmail: true,
        paperReceipt: false,
      },
      meters: [
        { kind: MeterKind.COLD_WATER, title: 'Холодная вода', serialNumber: '21-0098765', verificationDueOn: addDays(today, 40), values: ['118.250', '123.900'] },
        { kind: MeterKind.HOT_WATER, title: 'Горячая вода', serialNumber: '21-0098766', verificationDueOn: yearsAhead(3, '06-30'), values: ['77.100', '80.450'] },
      ],
      ledger: [
        { date: periodEnd(beforeLast), kind: LedgerEntryKind.CHARGE, period: beforeLast, description: 'Начислено за водоснабжение и водоотведение', amount: '1387.45', externalId: 'seed:100000000002:c1' },
        { date: `${last}-10`, kind: LedgerEntryKind.PAYMENT, period: last, description: 'Оплата банковской картой', amount: '-1387.45', externalId: 'seed:100000000002:p1' },
        { date: periodEnd(last), kind: LedgerEntryKind.CHARGE, period: last, description: 'Начислено за водоснабжение и водоотведение', amount: '1412.30', externalId: 'seed:100000000002:c2' },
        { date: periodEnd(last), kind: LedgerEntryKind.PENALTY, period: last, description: 'Пени за просрочку оплаты', amount: '12.87', externalId: 'seed:100000000002:n1' },
      ],
      password: DEMO.registered.password,
    },
  ];
}

async function seedAccount(tx: EntityManager, seed: AccountSeed, current: string): Promise<void> {
  const accounts = tx.getRepository(Account);
  if (await accounts.findOne({ where: { number: seed.account.number } })) return;
  const account = await accounts.save(accounts.create(seed.account));
  const last = previousPeriod(current);
  const beforeLast = previousPeriod(last);
  for (const m of seed.meters) {
    const meter = await tx.getRepository(Meter).save(
      tx.getRepository(Meter).create({ accountId: account.id, kind: m.kind, title: m.title, serialNumber: m.serialNumber, admittedOn: '2017-07-01', verificationDueOn: m.verificationDueOn, initialValue: '0' }),
    );
    const [v1, v2] = m.values;
    const reviewed = (period: string) => new Date(`${period}-26T09:00:00Z`);
    await tx.getRepository(Reading).insert([
      { meterId: meter.id, period: beforeLast, value: v1, consumption: null, status: ReadingStatus.ACCEPTED, source: ReadingSource.SITE, submittedAt: new Date(`${beforeLast}-20T10:00:00Z`), reviewedAt: reviewed(beforeLast) },
      { meterId: meter.id, period: last, value: v2, consumption: (Number(v2) - Number(v1)).toFixed(3), status: ReadingStatus.ACCEPTED, source: ReadingSource.SITE, submittedAt: new Date(`${last}-20T10:00:00Z`), reviewedAt: reviewed(last) },
    ]);
  }
  for (const entry of seed.ledger) await tx.getRepository(LedgerEntry).insert({ ...entry, accountId: account.id });
  if (seed.password) {
    const now = new Date();
    await accounts.update(account.id, { registeredAt: now, termsAcceptedAt: now, termsVersion: 'demo' });
    await tx.getRepository(SubscriberCredential).insert({ accountId: account.id, passwordHash: await hashPassword(seed.password), passwordChangedAt: now });
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
  for (const seed of demoAccounts(today)) {
    await db.transaction((tx) => seedAccount(tx, seed, current));
  }
  if (!(await db.getRepository(Staff).findOne({ where: { username: DEMO.operator.username } }))) {
    await new StaffService(db).createOrUpdate(DEMO.operator.username, DEMO.operator.password, 'Оператор Демонстрационный');
  }
  await seedTariffs(db);
}
