/**
 * Payments recorded by an operator or a back-office integration (bank registries, aggregators):
 * idempotent on the payer bank's externalId, safe under concurrent calls.
 */
import type { DataSource } from 'typeorm';
import { Account } from '../accounts/account.entity';
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

export class PaymentRecordingService {
  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

  /**
   * Records a payment once. The same externalId with the same account and amount returns the
   * entry already recorded; with another account or amount it is PAYMENT_CONFLICT. Concurrent
   * calls race on the unique index uq_ledger_external_id: the losers re-read the winner's entry.
   */
  async record(request: RecordPaymentRequest): Promise<LedgerEntry> {
    const externalId = String(request.externalId ?? '').trim();
    if (externalId.length < 1 || externalId.length > EXTERNAL_ID_MAX) {
      throw badInput('externalId', `Идентификатор платежа (externalId) — от 1 до ${EXTERNAL_ID_MAX} символов.`);
    }
    const kopecks = parsePaymentAmount(request.amount, 'amount', RECORDED_PAYMENT_LIMITS);
    const paidOn = String(request.paidOn ?? '');
    if (!isValidDate(paidOn)) throw badInput('paidOn', 'Дата оплаты — в формате ГГГГ-ММ-ДД, например 2026-03-16.');
    if (paidOn > localDate(this.clock.now())) throw badInput('paidOn', 'Дата оплаты не может быть позже сегодняшней. Проверьте дату платежа.');
    const number = normalizeAccountNumber(request.accountNumber, 'accountNumber');
    const account = await this.db.getRepository(Account).findOne({ where: { number }, select: { id: true, number: true } });
    if (!account) {
      throw new AppError(ErrorCode.NOT_FOUND, `Лицевой счёт ${number} не найден. Проверьте номер лицевого счёта.`, { field: 'accountNumber' });
    }

    const ledger = this.db.getRepository(LedgerEntry);
    const already = await ledger.findOne({ where: { externalId } });
    if (already) return this.sameOrConflict(already, account.id, kopecks);
    try {
      const result = await withDeadlockRetry(() => ledger.insert({
        accountId: account.id,
        date: paidOn,
        kind: LedgerEntryKind.PAYMENT,
        period: paidOn.slice(0, 7),
        description: RECORDED_PAYMENT_DESCRIPTION,
        amount: fromKopecks(-kopecks),
        externalId,
      }));
      return ledger.findOneOrFail({ where: { id: String(result.identifiers[0].id) } });
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      const winner = await ledger.findOne({ where: { externalId } });
      if (!winner) throw error;
      return this.sameOrConflict(winner, account.id, kopecks);
    }
  }

  private sameOrConflict(entry: LedgerEntry, accountId: number, kopecks: bigint): LedgerEntry {
    const same = entry.kind === LedgerEntryKind.PAYMENT
      && Number(entry.accountId) === accountId
      && toKopecks(normalizeMoney(entry.amount)) === -kopecks;
    if (same) return entry;
    throw new AppError(
      ErrorCode.PAYMENT_CONFLICT,
      'Платёж с этим идентификатором (externalId) уже записан с другим лицевым счётом или суммой. Проверьте данные платежа; новый платёж записывайте с новым идентификатором.',
      { field: 'externalId' },
    );
  }
}
