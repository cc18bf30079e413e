/**
 * A bank registry (реестр платежей): one payment per line, checked by the rules of
 * recordPayment and recorded once per external_id. Columns are in the README,
 * «Operator's CSV formats».
 */
import type { CsvRow } from '../common/csv';
import { fromKopecks, normalizeMoney, toKopecks } from '../money';
import {
  checkRecordedPayment, differencesText, isSamePayment, paymentDifferences, paymentEntry, recordedValues, type PaymentField,
} from '../payments/payment-recording.service';
import { asLineCheck, csvDate, missing, refuse } from './csv-values';
import { ImportLineCode } from './import-report.types';
import type { LineKind, LinePlan, Recorded } from './ledger-lines';

export const REGISTRY_COLUMNS = ['external_id', 'account_number', 'amount', 'paid_on'] as const;
export const REGISTRY_OPTIONAL = ['payer'] as const;
const PAYER_MAX = 200;

/** recordPayment's field → the registry's column, for messages. */
const COLUMN_OF: Record<PaymentField, string> = { externalId: 'external_id', accountNumber: 'account_number', amount: 'amount', paidOn: 'paid_on' };

export interface RegistryPlan extends LinePlan {
  payer: string | null;
}

/** A registry line as a payment to record, or LineRefused naming the column at fault. */
export function checkRegistryLine(row: CsvRow, today: string): RegistryPlan {
  const v = row.values;
  for (const column of REGISTRY_COLUMNS) if (!v[column]) throw missing(column);
  const paidOn = csvDate(v.paid_on);
  if (!paidOn) throw refuse('paid_on', 'дата оплаты — ГГГГ-ММ-ДД или ДД.ММ.ГГГГ, например 2026-03-16 или 16.03.2026.');
  const payer = (v.payer ?? '').trim() || null;
  if (payer && [...payer].length > PAYER_MAX) throw refuse('payer', `не длиннее ${PAYER_MAX} символов.`);
  const payment = asLineCheck(COLUMN_OF, () => checkRecordedPayment({ externalId: v.external_id, accountNumber: v.account_number, amount: v.amount, paidOn }, today));
  const { accountId: _none, ...entry } = paymentEntry(payment, 0);
  delete entry.externalId;
  return { line: row.line, externalId: payment.externalId, accountNumber: payment.accountNumber, entry, payer };
}

/** The line's payment: positive kopecks and paid_on. */
const paymentOf = (plan: LinePlan) => ({ kopecks: -toKopecks(normalizeMoney(plan.entry.amount!)), paidOn: plan.entry.date! });

/**
 * A line whose external_id is recorded (or was on an earlier line of the file) with other data: the first value
 * that differs — account_number, amount, paid_on; external_id when the recorded entry is not a payment — and a message
 * saying what was recorded, as recordPayment's PAYMENT_CONFLICT does.
 */
function describeConflict(plan: LinePlan, earlier: Recorded, accountId: number, earlierLine?: LinePlan): { column: string; message: string } {
  const { kopecks, paidOn } = paymentOf(plan);
  const differs = paymentDifferences(earlier, accountId, kopecks, paidOn);
  const column = COLUMN_OF[differs[0] ?? 'externalId'];
  if (earlierLine) {
    const values = { accountNumber: earlierLine.accountNumber, amount: fromKopecks(paymentOf(earlierLine).kopecks), paidOn: earlierLine.entry.date! };
    return {
      column,
      message: `Столбец ${column}: external_id «${plan.externalId}» уже встречался в строке ${earlierLine.line} ${differencesText(differs, values)}. `
        + 'У каждой записи свой external_id.',
    };
  }
  if (differs[0] === 'externalId') {
    return {
      column,
      message: `Столбец external_id: «${plan.externalId}» уже записан в лицевом счёте, но не как платёж. Новый платёж загружайте с новым external_id.`,
    };
  }
  return {
    column,
    message: `Столбец ${column}: платёж «${plan.externalId}» уже записан ${differencesText(differs, recordedValues(earlier, null))}. `
      + 'Проверьте строку; новый платёж загружайте с новым external_id.',
  };
}

export const registryLines: LineKind = {
  action: 'payment.record',
  same: (plan, earlier, accountId) => {
    const { kopecks, paidOn } = paymentOf(plan);
    return isSamePayment(earlier, accountId, kopecks, paidOn);
  },
  skippedMessage: (plan) => `Платёж с external_id «${plan.externalId}» уже загружен, строка пропущена.`,
  conflictMessage: (plan) =>
    `Столбец external_id: платёж «${plan.externalId}» уже записан с другим лицевым счётом, суммой или датой оплаты (или это не платёж). Проверьте строку; новый платёж загружайте с новым external_id.`,
  conflictCode: ImportLineCode.PAYMENT_CONFLICT,
  describeConflict,
  auditExtra: (plan) => ({ source: 'registry', payer: (plan as RegistryPlan).payer }),
};
