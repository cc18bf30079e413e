/**
 * Charges from the utility's billing system: one ledger entry (CHARGE, RECALCULATION or
 * PENALTY) per line, dated the last day of its period, recorded once per external_id.
 * Columns are in the README, «Operator's CSV formats».
 */
import type { CsvRow } from '../common/csv';
import { BillingService, LedgerEntryKind } from '../common/enums';
import { fromKopecks, fromLitres, normalizeMoney, parseDecimal, toKopecks } from '../money';
import { normalizeAccountNumber } from '../common/account-input';
import { EXTERNAL_ID_MAX } from '../payments/payment-recording.service';
import { CLOSE_EXTERNAL_ID_REFUSED, isCloseExternalId } from '../ledger/external-ids';
import { asLineCheck, refuse } from './csv-values';
import { isValidPeriod, periodEnd } from '../common/calendar';
import type { LineKind, LinePlan } from './ledger-lines';

export const CHARGE_COLUMNS = ['external_id', 'account_number', 'period', 'kind', 'amount', 'description'] as const;
export const CHARGE_OPTIONAL = ['service', 'volume', 'tariff'] as const;
/** |amount| ≤ 10 000 000.00 ₽. */
const MAX_KOPECKS = 1_000_000_000n;
const DESCRIPTION_MAX = 255;
const KINDS = [LedgerEntryKind.CHARGE, LedgerEntryKind.RECALCULATION, LedgerEntryKind.PENALTY] as string[];

/** "-15,5" → -1550n; at most two fraction digits, |amount| ≤ 10 000 000,00. */
function signedKopecks(raw: string): bigint {
  return parseDecimal(raw, {
    scale: 2,
    signed: true,
    min: -MAX_KOPECKS,
    max: MAX_KOPECKS,
    field: 'amount',
    message: {
      format: 'сумма в рублях, не больше двух знаков после запятой, например 1044,02 или -120,50.',
      range: 'сумма не больше 10 000 000,00 ₽ по модулю.',
    },
  }, refuse);
}

/** Volume in m³ with up to 3 fraction digits, as DECIMAL(11,3) text; negative only when allowed. */
function volumeText(raw: string, negativeAllowed: boolean): string {
  return fromLitres(parseDecimal(raw, {
    scale: 3,
    integerDigits: 8,
    signed: negativeAllowed,
    field: 'volume',
    message: {
      format: 'объём в м³, не больше трёх знаков после запятой, например 5,250.',
      sign: 'отрицательный объём бывает только у перерасчёта (RECALCULATION).',
    },
  }, refuse));
}

function tariffText(raw: string): string {
  return fromKopecks(parseDecimal(raw, {
    scale: 2,
    integerDigits: 8,
    field: 'tariff',
    message: 'тариф в рублях за м³, не больше двух знаков после запятой, например 45,10.',
  }, refuse));
}

/**
 * A charges line as a ledger entry to record, or LineRefused naming the column at fault. `closed`:
 * the months already closed (or being closed) — their charges came from the close, one source only.
 */
export function checkChargeLine(row: CsvRow, currentPeriod: string, closed: ReadonlySet<string> = new Set()): LinePlan {
  const v = row.values;
  for (const column of CHARGE_COLUMNS) if (!v[column]) throw refuse(column, 'пустое значение, а оно обязательно.');
  const externalId = v.external_id.trim();
  if (externalId.length > EXTERNAL_ID_MAX) throw refuse('external_id', `не длиннее ${EXTERNAL_ID_MAX} символов.`);
  if (isCloseExternalId(externalId)) throw refuse('external_id', CLOSE_EXTERNAL_ID_REFUSED);
  const accountNumber = asLineCheck({ account_number: 'account_number' }, () => normalizeAccountNumber(v.account_number, 'account_number'));
  if (!isValidPeriod(v.period)) throw refuse('period', 'расчётный период — ГГГГ-ММ, например 2026-03.');
  if (v.period > currentPeriod) throw refuse('period', `период ${v.period} ещё не наступил (текущий ${currentPeriod}).`);
  if (closed.has(v.period)) {
    throw refuse('period', `месяц ${v.period} уже закрыт, его начисления сделало закрытие месяца. Исправления загружайте перерасчётом (RECALCULATION) в открытый месяц.`);
  }
  const kind = v.kind.toUpperCase();
  if (!KINDS.includes(kind)) throw refuse('kind', 'CHARGE (начисление), RECALCULATION (перерасчёт) или PENALTY (пени).');
  const kopecks = signedKopecks(v.amount);
  if (kind === LedgerEntryKind.RECALCULATION ? kopecks === 0n : kopecks <= 0n) {
    throw refuse('amount', kind === LedgerEntryKind.RECALCULATION ? 'сумма перерасчёта не может быть нулевой.' : 'сумма начисления и пеней — больше нуля; уменьшение оформляется перерасчётом (RECALCULATION) с отрицательной суммой.');
  }
  const description = v.description.trim();
  if ([...description].length > DESCRIPTION_MAX) throw refuse('description', `не длиннее ${DESCRIPTION_MAX} символов.`);
  const service = v.service ? v.service.toUpperCase() : null;
  if (service && !(Object.values(BillingService) as string[]).includes(service)) throw refuse('service', 'COLD_WATER, HOT_WATER или WASTEWATER (или пусто).');
  return {
    line: row.line,
    externalId,
    accountNumber,
    entry: {
      date: periodEnd(v.period),
      kind: kind as LedgerEntryKind,
      period: v.period,
      description,
      amount: fromKopecks(kopecks),
      service: service as BillingService | null,
      volume: v.volume ? volumeText(v.volume, kind === LedgerEntryKind.RECALCULATION) : null,
      tariff: v.tariff ? tariffText(v.tariff) : null,
    },
  };
}

export const chargeLines: LineKind = {
  action: 'charge.record',
  same: (plan, earlier, accountId) =>
    earlier.kind === plan.entry.kind
    && Number(earlier.accountId) === accountId
    && earlier.period === plan.entry.period
    && toKopecks(normalizeMoney(earlier.amount)) === toKopecks(plan.entry.amount!),
  skippedMessage: (plan) => `Начисление с external_id «${plan.externalId}» уже загружено, строка пропущена.`,
  conflictMessage: (plan) =>
    `Столбец external_id: «${plan.externalId}» уже записан с другим лицевым счётом, видом, периодом или суммой. Проверьте строку; новую запись загружайте с новым external_id.`,
  auditExtra: () => ({ source: 'charges import' }),
};
