/** Small hand-made billing data for the close tests: accounts, meters, readings, ledger lines, tariffs. */
import type { DataSource } from 'typeorm';
import { StaffService } from '../../src/staff/staff.service';
import type { TestApi } from '../support/api';

let next = 0;

export async function makeAccount(db: DataSource, residents: number, owners = 1): Promise<number> {
  next += 1;
  const number = String(700000000000 + next);
  const result = await db.query(
    "INSERT INTO accounts (number, last_name, first_name, address, activation_code, residents, owners) VALUES (?, 'Тестов', 'Тест', 'г. Апатиты', '000000000000', ?, ?)",
    [number, residents, owners],
  );
  return Number(result.insertId);
}

export async function makeMeter(
  db: DataSource,
  accountId: number,
  kind: 'COLD_WATER' | 'HOT_WATER',
  options: { initialValue?: string; verificationDueOn?: string; admittedOn?: string } = {},
): Promise<number> {
  const result = await db.query(
    "INSERT INTO meters (account_id, kind, title, serial_number, admitted_on, verification_due_on, initial_value) VALUES (?, ?, ?, 'T-1', ?, ?, ?)",
    [accountId, kind, kind === 'COLD_WATER' ? 'Холодная вода' : 'Горячая вода', options.admittedOn ?? '2020-01-01', options.verificationDueOn ?? '2035-01-01', options.initialValue ?? '0'],
  );
  return Number(result.insertId);
}

export async function addReading(db: DataSource, meterId: number, period: string, value: string, status = 'ACCEPTED'): Promise<void> {
  await db.query("INSERT INTO readings (meter_id, period, value, status, source, submitted_at) VALUES (?, ?, ?, ?, 'OPERATOR', ?)", [
    meterId,
    period,
    value,
    status,
    `${period}-20 10:00:00`,
  ]);
}

export async function addLedger(db: DataSource, accountId: number, kind: string, date: string, period: string, amount: string, externalId: string): Promise<void> {
  await db.query('INSERT INTO ledger_entries (account_id, date, kind, period, description, amount, external_id) VALUES (?, ?, ?, ?, ?, ?, ?)', [
    accountId,
    date,
    kind,
    period,
    kind === 'PAYMENT' ? 'Оплата через банк' : 'Начислено',
    amount,
    externalId,
  ]);
}

export async function addTariff(db: DataSource, service: string, price: string, norm: string, validFrom: string): Promise<void> {
  await db.query('INSERT INTO tariffs (service, price_per_m3, norm_per_resident, valid_from) VALUES (?, ?, ?, ?)', [service, price, norm, validFrom]);
}

export interface ChargeLine {
  service: string | null;
  volume: string | null;
  tariff: string | null;
  method: string | null;
  amount: string;
  description: string;
  date: string;
  kind: string;
}

/** The CHARGE and PENALTY lines the close wrote for an account and period, by service (PENALTY under 'PENALTY'). */
export async function linesOf(db: DataSource, accountId: number, period: string): Promise<Record<string, ChargeLine>> {
  const rows = await db.query(
    `SELECT kind, service, volume, tariff, billing_method AS method, amount, description, DATE_FORMAT(date, '%Y-%m-%d') AS date
     FROM ledger_entries WHERE account_id = ? AND period = ? AND kind <> 'RECALCULATION' AND (external_id LIKE 'close:%' OR external_id LIKE 'penalty:%')`,
    [accountId, period],
  );
  return Object.fromEntries(rows.map((r: ChargeLine) => [r.kind === 'PENALTY' ? 'PENALTY' : r.service, r]));
}

/** The RECALCULATION lines a close wrote for an account and period, in external_id order. */
export async function recalculationsOf(db: DataSource, accountId: number, period: string): Promise<ChargeLine[]> {
  return db.query(
    `SELECT kind, service, volume, tariff, billing_method AS method, amount, description, DATE_FORMAT(date, '%Y-%m-%d') AS date
     FROM ledger_entries WHERE account_id = ? AND period = ? AND kind = 'RECALCULATION' AND external_id LIKE 'close:%' ORDER BY external_id`,
    [accountId, period],
  );
}

export async function staffToken(t: TestApi, username = 'billing.operator'): Promise<string> {
  const password = 'Billing-Operator-2026';
  await new StaffService(t.database.db).createOrUpdate(username, password, 'Оператор расчётов');
  const res = await t.gql('mutation($u: String!, $p: String!) { staffLogin(username: $u, password: $p) { accessToken } }', { u: username, p: password });
  return res.data.staffLogin.accessToken;
}
