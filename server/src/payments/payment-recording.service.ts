/**
 * Payments recorded by an operator or a back-office integration (bank registries, aggregators):
 * idempotent on the payer bank's externalId, safe under concurrent calls.
 */
import type { DataSource } from 'typeorm';
import { Account } from '../accounts/account.entity';
import { AuditService } from '../audit/audit.service';
import type { Viewer } from '../auth/viewer';
import { normalizeAccountNumber } from '../accounts/account-input';
import { localDate } from '../common/calendar';
import type { Clock } from '../common/clock';
import { LedgerEntryKind } from '../common/enums';
import { AppError, ErrorCode, badInput } from '../errors';
import { isValidDate } from '../graphql/scalars';
import { LedgerEntry } from '../ledger/ledger-entry.entity';
import { fromKopecks, normalizeMoney, toKopecks } from '../money';
import { parsePaymentAmount } from './amounts';
import { isDuplicateKey, withDeadlockRetry } from './db-errors';

/** 0.01 … 10 000 000.00 ₽. */
export const RECORDED_PAYMENT_LIMITS = { min: 1n, max: 1_000_000_000n };
export const RECORDED_PAYMENT_DESCRIPTION = 'Оплата через банк';
export const EXTERNAL_ID_MAX = 64;

export interface RecordPaymentRequest {
  accountNumber: string;
  amount: string;
  /** YYYY-MM-DD, the utility's local date. */
  paidOn: string;
  externalId: string;
}

export interface CheckedPayment {
  externalId: string;
  /** Positive kopecks. */
  kopecks: bigint;
  paidOn: string;
  accountNumber: string;
}

/**
 * The rules of a recorded payment that need no database, shared with the bank registry upload.
 * Errors are BAD_USER_INPUT naming the RecordPaymentInput field (externalId, amount, paidOn, accountNumber).
 */
export function checkRecordedPayment(request: RecordPaymentRequest, today: string): CheckedPayment {
  const externalId = String(request.externalId ?? '').trim();
  if (externalId.length < 1 || externalId.length > EXTERNAL_ID_MAX) {
    throw badInput('externalId', `Идентификатор платежа (externalId) — от 1 до ${EXTERNAL_ID_MAX} символов.`);
  }
  const kopecks = parsePaymentAmount(request.amount, 'amount', RECORDED_PAYMENT_LIMITS);
  const paidOn = String(request.paidOn ?? '');
  if (!isValidDate(paidOn)) throw badInput('paidOn', 'Дата оплаты — в формате ГГГГ-ММ-ДД, например 2026-03-16.');
  if (paidOn > today) throw badInput('paidOn', 'Дата оплаты не может быть позже сегодняшней. Проверьте дату платежа.');
  return { externalId, kopecks, paidOn, accountNumber: normalizeAccountNumber(request.accountNumber, 'accountNumber') };
}

/** The ledger row of a checked payment. */
export function paymentEntry(payment: CheckedPayment, accountId: number): Partial<LedgerEntry> {
  return {
    accountId,
    date: payment.paidOn,
    kind: LedgerEntryKind.PAYMENT,
    period: payment.paidOn.slice(0, 7),
    description: RECORDED_PAYMENT_DESCRIPTION,
    amount: fromKopecks(-payment.kopecks),
    externalId: payment.externalId,
  };
}

/** True when a ledger entry already recorded under the externalId is this very payment (same account and amount). */
export function isSamePayment(entry: Pick<LedgerEntry, 'kind' | 'accountId' | 'amount'>, accountId: number, kopecks: bigint): boolean {
  return entry.kind === LedgerEntryKind.PAYMENT
    && Number(entry.accountId) === accountId
    && toKopecks(normalizeMoney(entry.amount)) === -kopecks;
}

/** What the audit log keeps of a new PAYMENT entry. */
export function paymentAuditValue(entry: Pick<LedgerEntry, 'accountId' | 'date' | 'amount' | 'externalId'>, accountNumber: string, source: string): Record<string, unknown> {
  return { accountNumber, accountId: entry.accountId, kind: LedgerEntryKind.PAYMENT, date: entry.date, amount: normalizeMoney(entry.amount), externalId: entry.externalId, source };
}

export class PaymentRecordingService {
  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly audit: AuditService = new AuditService(db),
  ) {}

  /**
   * Records a payment once. The same externalId with the same account and amount returns the
   * entry already recorded; with another account or amount it is PAYMENT_CONFLICT. Concurrent
   * calls race on the unique index uq_ledger_external_id: the losers re-read the winner's entry.
   * A new entry is audited (payment.record) in the same transaction.
   */
  async record(request: RecordPaymentRequest, actor: Viewer | null): Promise<LedgerEntry> {
    const payment = checkRecordedPayment(request, localDate(this.clock.now()));
    const { externalId, kopecks } = payment;
    const number = payment.accountNumber;
    const account = await this.db.getRepository(Account).findOne({ where: { number }, select: { id: true, number: true } });
    if (!account) {
      throw new AppError(ErrorCode.NOT_FOUND, `Лицевой счёт ${number} не найден. Проверьте номер лицевого счёта.`, { field: 'accountNumber' });
    }

    const ledger = this.db.getRepository(LedgerEntry);
    const already = await ledger.findOne({ where: { externalId } });
    if (already) return this.sameOrConflict(already, account.id, kopecks);
    try {
      return await withDeadlockRetry(() => this.db.transaction(async (tx) => {
        const row = paymentEntry(payment, account.id);
        const result = await tx.getRepository(LedgerEntry).insert(row);
        const id = String(result.identifiers[0].id);
        await this.audit.record(tx, { actor, action: 'payment.record', entityType: 'ledger_entry', entityId: id, before: null, after: paymentAuditValue(row as LedgerEntry, number, 'recordPayment') });
        return tx.getRepository(LedgerEntry).findOneOrFail({ where: { id } });
      }));
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      const winner = await ledger.findOne({ where: { externalId } });
      if (!winner) throw error;
      return this.sameOrConflict(winner, account.id, kopecks);
    }
  }

  private sameOrConflict(entry: LedgerEntry, accountId: number, kopecks: bigint): LedgerEntry {
    if (isSamePayment(entry, accountId, kopecks)) return entry;
    throw new AppError(
      ErrorCode.PAYMENT_CONFLICT,
      'Платёж с этим идентификатором (externalId) уже записан с другим лицевым счётом или суммой. Проверьте данные платежа; новый платёж записывайте с новым идентификатором.',
      { field: 'externalId' },
    );
  }
}
