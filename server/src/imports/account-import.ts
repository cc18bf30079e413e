/**
 * Loads accounts, meters and activation codes from the utility's billing export
 * (CSV, columns documented in the README). Each row is checked, then written in
 * its own transaction: a bad row is reported by line number and skipped, good
 * rows are loaded, and re-running the same file changes nothing.
 */
import type { DataSource, EntityManager } from 'typeorm';
import { Account } from '../accounts/account.entity';
import { normalizeAccountNumber, normalizeActivationCode, normalizeEmail, normalizePhone } from '../common/account-input';
import { parseCsv } from '../common/csv';
import { MeterKind } from '../common/enums';
import { AppError } from '../errors';
import { isValidDate } from '../common/calendar';
import { Meter } from '../readings/meter.entity';
import { fromLitres, parseDecimal, readDecimal, type DecimalLimits } from '../money';

export const ACCOUNT_IMPORT_COLUMNS = [
  'account_number',
  'last_name',
  'first_name',
  'middle_name',
  'address',
  'email',
  'phone',
  'activation_code',
  'unified_number',
  'residents',
  'owners',
  'meter_kind',
  'meter_title',
  'meter_serial',
  'meter_admitted_on',
  'meter_verification_due_on',
  'meter_initial_value',
] as const;
const REQUIRED = ['account_number', 'last_name', 'first_name', 'address', 'activation_code'];

export interface ImportReport {
  accountsCreated: number;
  accountsUpdated: number;
  metersCreated: number;
  metersUpdated: number;
  unchanged: number;
  refused: { line: number; reason: string }[];
}

interface RowPlan {
  account: Pick<Account, 'number' | 'lastName' | 'firstName' | 'middleName' | 'address' | 'email' | 'phone' | 'activationCode' | 'unifiedNumber' | 'residents'>
    & Partial<Pick<Account, 'owners'>>;
  meter: Pick<Meter, 'kind' | 'title' | 'serialNumber' | 'admittedOn' | 'verificationDueOn' | 'initialValue'> | null;
}

function check(values: Record<string, string>): RowPlan {
  for (const col of REQUIRED) if (!values[col]) throw new Error(`empty ${col}`);
  const messageOf = (e: unknown) => (e instanceof AppError ? e.message : String(e));
  const field = <T>(name: string, fn: () => T): T => {
    try {
      return fn();
    } catch (e) {
      throw new Error(`${name}: ${messageOf(e)}`);
    }
  };
  const residents = values.residents ? Number(values.residents) : 1;
  if (!Number.isInteger(residents) || residents < 0 || residents > 50) throw new Error('residents: a whole number from 0 to 50');
  // Owners (ПП №354 п.56(2): the norm counts them when nobody is registered); left as they are when the column is empty.
  const owners = values.owners ? Number(values.owners) : null;
  if (owners !== null && (!Number.isInteger(owners) || owners < 0 || owners > 50)) throw new Error('owners: a whole number from 0 to 50');
  const unified = values.unified_number || null;
  if (unified && !/^[0-9A-Za-zА-Яа-я]{10}$/.test(unified)) throw new Error('unified_number: 10 characters');
  const account: RowPlan['account'] = {
    number: field('account_number', () => normalizeAccountNumber(values.account_number, 'account_number')),
    lastName: values.last_name.slice(0, 100),
    firstName: values.first_name.slice(0, 100),
    middleName: values.middle_name ? values.middle_name.slice(0, 100) : null,
    address: values.address.slice(0, 255),
    email: values.email ? field('email', () => normalizeEmail(values.email, 'email')) : null,
    phone: values.phone ? field('phone', () => normalizePhone(values.phone, 'phone')) : null,
    activationCode: field('activation_code', () => normalizeActivationCode(values.activation_code)),
    unifiedNumber: unified,
    residents,
    ...(owners === null ? {} : { owners }),
  };
  if (!values.meter_serial) return { account, meter: null };
  const kind = values.meter_kind?.toUpperCase();
  if (kind !== MeterKind.COLD_WATER && kind !== MeterKind.HOT_WATER) throw new Error('meter_kind: COLD_WATER or HOT_WATER');
  for (const col of ['meter_admitted_on', 'meter_verification_due_on']) {
    if (!isValidDate(values[col] ?? '')) throw new Error(`${col}: a date YYYY-MM-DD`);
  }
  const initial = values.meter_initial_value || '0';
  const litres = field('meter_initial_value', () =>
    parseDecimal(initial, { scale: 3, integerDigits: 5, field: 'meter_initial_value', message: 'a meter value, up to 5 integer and 3 fraction digits, e.g. 241,375' }));
  return {
    account,
    meter: {
      kind: kind as MeterKind,
      title: (values.meter_title || (kind === MeterKind.COLD_WATER ? 'Холодная вода' : 'Горячая вода')).slice(0, 100),
      serialNumber: values.meter_serial.slice(0, 40),
      admittedOn: values.meter_admitted_on,
      verificationDueOn: values.meter_verification_due_on,
      initialValue: `${fromLitres(litres)}`,
    },
  };
}

function differs<T extends object>(current: T, wanted: Partial<T>): Partial<T> {
  const patch: Partial<T> = {};
  for (const [k, v] of Object.entries(wanted) as [keyof T, unknown][]) {
    const have = current[k] as unknown;
    if (!sameValue(have, v)) patch[k] = v as T[keyof T];
  }
  return patch;
}

/** Decimal text is the same value however it is written ("0" and "0.000" from the DECIMAL column), compared exactly. */
const EXACT: DecimalLimits = { scale: 3, signed: true, integerDigits: Infinity, plain: true };

function sameValue(have: unknown, wanted: unknown): boolean {
  if (typeof have === 'string' && typeof wanted === 'string') {
    const a = readDecimal(have, EXACT);
    const b = readDecimal(wanted, EXACT);
    if (a.problem === undefined && b.problem === undefined) return a.units === b.units;
  }
  return have === wanted;
}

async function applyRow(tx: EntityManager, plan: RowPlan, report: ImportReport): Promise<void> {
  const accounts = tx.getRepository(Account);
  let account = await accounts.findOne({ where: { number: plan.account.number }, lock: { mode: 'pessimistic_write' } });
  let changed = false;
  if (!account) {
    account = await accounts.save(accounts.create(plan.account));
    report.accountsCreated++;
    changed = true;
  } else {
    // Contact details the subscriber changed in the portal are theirs: the export does not overwrite them once registered.
    const wanted = account.registeredAt ? { ...plan.account, email: account.email, phone: account.phone } : plan.account;
    const patch = differs(account, wanted);
    if (Object.keys(patch).length) {
      await accounts.update(account.id, patch);
      report.accountsUpdated++;
      changed = true;
    }
  }
  if (plan.meter) {
    const meters = tx.getRepository(Meter);
    const meter = await meters.findOne({ where: { accountId: account.id, serialNumber: plan.meter.serialNumber } });
    if (!meter) {
      await meters.insert({ ...plan.meter, accountId: account.id });
      report.metersCreated++;
      changed = true;
    } else {
      const patch = differs(meter, plan.meter);
      if (Object.keys(patch).length) {
        await meters.update(meter.id, patch);
        report.metersUpdated++;
        changed = true;
      }
    }
  }
  if (!changed) report.unchanged++;
}

/**
 * `csv`: the file's text, or its bytes (UTF-8 or Windows-1251, told apart by decodeCsv). `onRow(done, total)` is
 * told after each row (the command's progress bar).
 */
export async function importAccounts(db: DataSource, csv: string | Uint8Array, onRow?: (done: number, total: number) => void): Promise<ImportReport> {
  const report: ImportReport = { accountsCreated: 0, accountsUpdated: 0, metersCreated: 0, metersUpdated: 0, unchanged: 0, refused: [] };
  const { header, rows } = parseCsv(csv);
  const missing = REQUIRED.filter((c) => !header.includes(c));
  if (missing.length) throw new Error(`The file has no column(s) ${missing.join(', ')}. Expected columns: ${ACCOUNT_IMPORT_COLUMNS.join(';')}`);
  let done = 0;
  for (const row of rows) {
    onRow?.(done++, rows.length);
    let plan: RowPlan;
    try {
      plan = check(row.values);
    } catch (e) {
      report.refused.push({ line: row.line, reason: (e as Error).message });
      continue;
    }
    // Counted only once the row's transaction has committed.
    const delta: ImportReport = { accountsCreated: 0, accountsUpdated: 0, metersCreated: 0, metersUpdated: 0, unchanged: 0, refused: [] };
    try {
      await db.transaction((tx) => applyRow(tx, plan, delta));
      report.accountsCreated += delta.accountsCreated;
      report.accountsUpdated += delta.accountsUpdated;
      report.metersCreated += delta.metersCreated;
      report.metersUpdated += delta.metersUpdated;
      report.unchanged += delta.unchanged;
    } catch (e) {
      report.refused.push({ line: row.line, reason: `not saved: ${(e as Error).message}` });
    }
  }
  onRow?.(rows.length, rows.length);
  return report;
}
