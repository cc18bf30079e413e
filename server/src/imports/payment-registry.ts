/**
 * A bank registry (реестр платежей): one payment per line, checked by the rules of
 * recordPayment and recorded once per external_id. Columns are in the README,
 * «Operator's CSV formats».
 */
import type { CsvRow } from '../common/csv';
import { normalizeMoney, toKopecks } from '../money';
import { checkRecordedPayment, isSamePayment, paymentEntry } from '../payments/payment-recording.service';
import { asLineCheck, csvDate, decimalText, refuse } from './csv-values';
import type { LineKind, LinePlan } from './ledger-lines';

export const REGISTRY_COLUMNS = ['external_id', 'account_number', 'amount', 'paid_on'] as const;
export const REGISTRY_OPTIONAL = ['payer'] as const;
const PAYER_MAX = 200;

/** recordPayment's field → the registry's column, for messages. */
const COLUMN_OF: Record<string, string> = { externalId: 'external_id', accountNumber: 'account_number', amount: 'amount', paidOn: 'paid_on' };

export interface RegistryPlan extends LinePlan {
  payer: string | null;
}

/** A registry line as a payment to record, or LineRefused naming the column at fault. */
export function checkRegistryLine(row: CsvRow, today: string): RegistryPlan {
  const v = row.values;
  for (const column of REGISTRY_COLUMNS) if (!v[column]) throw refuse(column, 'пустое значение, а оно обязательно.');
  const paidOn = csvDate(v.paid_on);
  if (!paidOn) throw refuse('paid_on', 'дата оплаты — ГГГГ-ММ-ДД или ДД.ММ.ГГГГ, например 2026-03-16 или 16.03.2026.');
  const payer = (v.payer ?? '').trim() || null;
  if (payer && [...payer].length > PAYER_MAX) throw refuse('payer', `не длиннее ${PAYER_MAX} символов.`);
  const payment = asLineCheck(COLUMN_OF, () => checkRecordedPayment({ externalId: v.external_id, accountNumber: v.account_number, amount: decimalText(v.amount), paidOn }, today));
  const { accountId: _none, ...entry } = paymentEntry(payment, 0);
  delete entry.externalId;
  return { line: row.line, externalId: payment.externalId, accountNumber: payment.accountNumber, entry, payer };
}

export const registryLines: LineKind = {
  action: 'payment.record',
  same: (plan, earlier, accountId) => isSamePayment(earlier, accountId, -toKopecks(normalizeMoney(plan.entry.amount!))),
  skippedMessage: (plan) => `Платёж с external_id «${plan.externalId}» уже загружен, строка пропущена.`,
  conflictMessage: (plan) =>
    `Столбец external_id: платёж «${plan.externalId}» уже записан с другим лицевым счётом или суммой (или это не платёж). Проверьте строку; новый платёж загружайте с новым external_id.`,
  auditExtra: (plan) => ({ source: 'registry', payer: (plan as RegistryPlan).payer }),
};
