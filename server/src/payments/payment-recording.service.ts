/**
 * Payments recorded by an operator or a back-office integration (bank registries, aggregators):
 * idempotent on the payer bank's externalId (the same account, amount and paidOn), safe under concurrent
 * calls. recordPayment records one; recordPayments up to 500, all or nothing (see recordMany).
 */
import { CLOSE_EXTERNAL_ID_REFUSED, isCloseExternalId } from '../ledger/external-ids';
import { In, type DataSource } from 'typeorm';
import { Account } from '../accounts/account.entity';
import { AuditService } from '../audit/audit.service';
import type { Viewer } from '../auth/viewer';
import { normalizeAccountNumber } from '../common/account-input';
import { isValidDate, localDate } from '../common/calendar';
import type { Clock } from '../common/clock';
import { LedgerEntryKind } from '../common/enums';
import { AppError, ErrorCode, badInput } from '../errors';
import { LedgerEntry } from '../ledger/ledger-entry.entity';
import { fromKopecks, normalizeMoney, toKopecks } from '../money';
import { parsePaymentAmount } from './amounts';
import { isDuplicateKey, withDeadlockRetry } from '../db/errors';
import { emitWebhooks, paymentRecorded } from '../webhooks/webhook-outbox';

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
  if (isCloseExternalId(externalId)) throw badInput('externalId', `Идентификатор платежа (externalId): ${CLOSE_EXTERNAL_ID_REFUSED}`);
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

/** A RecordPaymentInput field, as errors name it. A conflict names the first that differs, in this order. */
export type PaymentField = 'externalId' | 'accountNumber' | 'amount' | 'paidOn';

/** What is already recorded under an externalId, as a PAYMENT_CONFLICT shows it (extensions.recorded). */
export interface RecordedValues {
  /** PAYMENT, or the kind of the entry (a charge…) that took the id. */
  kind: LedgerEntryKind;
  accountNumber: string | null;
  /** A payment's amount as it was sent (positive, "1044.02"); an other entry's signed amount. */
  amount: string;
  /** A payment's paidOn; an other entry's date. */
  paidOn: string;
}

type Comparable = Pick<LedgerEntry, 'kind' | 'accountId' | 'amount' | 'date'>;

/** "2026-03-16" from a DATE column however the driver hands it over. */
function dateText(value: unknown): string {
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  return String(value ?? '').slice(0, 10);
}

/**
 * The fields in which an entry recorded under the externalId differs from this payment, in the order
 * externalId (the entry is not a payment at all), accountNumber, amount, paidOn; empty when it is this very payment.
 */
export function paymentDifferences(entry: Comparable, accountId: number, kopecks: bigint, paidOn: string): PaymentField[] {
  if (entry.kind !== LedgerEntryKind.PAYMENT) return ['externalId'];
  const differs: PaymentField[] = [];
  if (Number(entry.accountId) !== accountId) differs.push('accountNumber');
  if (toKopecks(normalizeMoney(entry.amount)) !== -kopecks) differs.push('amount');
  if (dateText(entry.date) !== paidOn) differs.push('paidOn');
  return differs;
}

/** True when a ledger entry already recorded under the externalId is this very payment (same account, amount and paidOn). */
export function isSamePayment(entry: Comparable, accountId: number, kopecks: bigint, paidOn: string): boolean {
  return paymentDifferences(entry, accountId, kopecks, paidOn).length === 0;
}

/** The recorded values of an entry, for a conflict. */
export function recordedValues(entry: Comparable, accountNumber: string | null): RecordedValues {
  const amount = toKopecks(normalizeMoney(entry.amount));
  return {
    kind: entry.kind,
    accountNumber,
    amount: fromKopecks(entry.kind === LedgerEntryKind.PAYMENT ? -amount : amount),
    paidOn: dateText(entry.date),
  };
}

const KIND_NAMES: Partial<Record<LedgerEntryKind, string>> = {
  [LedgerEntryKind.CHARGE]: 'начисление',
  [LedgerEntryKind.RECALCULATION]: 'перерасчёт',
  [LedgerEntryKind.PENALTY]: 'пени',
};

/** «на другой лицевой счёт (…), с другой суммой (… ₽)»: how the payment differs from the recorded values. */
export function differencesText(differs: PaymentField[], recorded: Pick<RecordedValues, 'accountNumber' | 'amount' | 'paidOn'>): string {
  const parts: string[] = [];
  if (differs.includes('accountNumber')) parts.push(`на другой лицевой счёт${recorded.accountNumber ? ` (${recorded.accountNumber})` : ''}`);
  if (differs.includes('amount')) parts.push(`с другой суммой (${recorded.amount} ₽)`);
  if (differs.includes('paidOn')) parts.push(`с другой датой оплаты (${recorded.paidOn})`);
  return parts.join(', ');
}

/** The PAYMENT_CONFLICT message: what is recorded under the id, and what to do. */
export function conflictMessage(externalId: string, differs: PaymentField[], recorded: RecordedValues): string {
  if (differs.includes('externalId')) {
    const what = KIND_NAMES[recorded.kind] ?? 'другая запись';
    return `Идентификатор «${externalId}» уже записан в лицевом счёте, но не как платёж (${what}). Новый платёж записывайте с новым идентификатором (externalId).`;
  }
  return `Платёж с идентификатором «${externalId}» уже записан ${differencesText(differs, recorded)}. `
    + 'Проверьте данные платежа; новый платёж записывайте с новым идентификатором (externalId).';
}

/** What the audit log keeps of a new PAYMENT entry. */
export function paymentAuditValue(entry: Pick<LedgerEntry, 'accountId' | 'date' | 'amount' | 'externalId'>, accountNumber: string, source: string): Record<string, unknown> {
  return { accountNumber, accountId: entry.accountId, kind: LedgerEntryKind.PAYMENT, date: entry.date, amount: normalizeMoney(entry.amount), externalId: entry.externalId, source };
}

/** At most this many payments in one recordPayments call. */
export const RECORD_PAYMENTS_MAX = 500;

/** A payment of a recordPayments call: its entry, and whether it was recorded before (nothing written now). */
export interface RecordedPaymentResult {
  entry: LedgerEntry;
  replayed: boolean;
}

/** One bad item of a call. */
interface Problem {
  index: number;
  code: ErrorCode;
  /** The field as the client sent it: `amount` for recordPayment, `input.17.amount` for recordPayments. */
  field: string;
  message: string;
  recorded?: RecordedValues;
}

interface CallShape {
  /** True for recordPayments: fields are named `input.<index>.<field>` and the error lists every bad item. */
  batch: boolean;
  /** The audit row's `source`. */
  source: string;
}

const SINGLE: CallShape = { batch: false, source: 'recordPayment' };
const BATCH: CallShape = { batch: true, source: 'recordPayments' };

/** A concurrent call took one of the externalIds between our read and our insert: read again and decide again. */
class RaceLost extends Error {}

export class PaymentRecordingService {
  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly audit: AuditService = new AuditService(db),
  ) {}

  /**
   * Records a payment once. The same externalId with the same account, amount and paidOn returns the
   * entry already recorded; with another account, amount or paidOn (or an id taken by a charge) it is
   * PAYMENT_CONFLICT naming the field that differs, with the recorded values (extensions.recorded).
   * Concurrent calls race on the unique index uq_ledger_external_id: the losers re-read the winner's
   * entry. A new entry is audited (payment.record) in the same transaction.
   */
  async record(request: RecordPaymentRequest, actor: Viewer | null): Promise<LedgerEntry> {
    const [result] = await this.recordAll([request], actor, SINGLE);
    return result.entry;
  }

  /**
   * recordPayments: up to RECORD_PAYMENTS_MAX payments, all or nothing. Every item is checked first — its
   * values, its account, its externalId against the ledger and against the other items of the call. If any
   * item is bad nothing is written: the error is the first bad item's (BAD_USER_INPUT, NOT_FOUND or
   * PAYMENT_CONFLICT) with `field` = `input.<index>.<field>` and `index`, and extensions.problems lists every
   * bad item. Otherwise the new payments are written in one transaction (each with its audit row) and every
   * item is answered, in order, with its entry and `replayed` (already recorded with the same data, or
   * repeating an earlier item of the same call: nothing new written for it). So a retried batch is safe: what
   * was recorded is replayed, the rest is recorded.
   */
  recordMany(requests: RecordPaymentRequest[], actor: Viewer | null): Promise<RecordedPaymentResult[]> {
    if (requests.length > RECORD_PAYMENTS_MAX) {
      throw badInput(
        'input',
        `За один вызов можно записать не больше ${RECORD_PAYMENTS_MAX} платежей, а передано ${requests.length}. `
        + `Разделите платежи на части по ${RECORD_PAYMENTS_MAX} и отправьте их по очереди: платёж, записанный раньше, повторно не запишется.`,
      );
    }
    return this.recordAll(requests, actor, BATCH);
  }

  /** Staff: the PAYMENT entry recorded under a bank's id, or null. */
  async byExternalId(raw: string): Promise<LedgerEntry | null> {
    const externalId = String(raw ?? '').trim();
    if (externalId.length < 1 || externalId.length > EXTERNAL_ID_MAX) {
      throw badInput('externalId', `Идентификатор платежа (externalId) — от 1 до ${EXTERNAL_ID_MAX} символов.`);
    }
    return this.db.getRepository(LedgerEntry).findOne({ where: { externalId, kind: LedgerEntryKind.PAYMENT } });
  }

  private async recordAll(requests: RecordPaymentRequest[], actor: Viewer | null, shape: CallShape): Promise<RecordedPaymentResult[]> {
    if (!requests.length) return [];
    const fieldOf = (index: number, field: string) => (shape.batch ? `input.${index}.${field}` : field);
    const today = localDate(this.clock.now());
    const problems: Problem[] = [];
    const checked: (CheckedPayment | null)[] = requests.map((request, index) => {
      try {
        return checkRecordedPayment(request, today);
      } catch (e) {
        if (!(e instanceof AppError && e.code === ErrorCode.BAD_USER_INPUT)) throw e;
        problems.push({ index, code: e.code, field: fieldOf(index, String(e.extensions.field ?? '')), message: e.message });
        return null;
      }
    });

    // The same externalId twice in one call: the same payment is answered once more (replayed), another one is a conflict.
    const firstWith = new Map<string, number>();
    const repeats = new Map<number, number>();
    checked.forEach((payment, index) => {
      if (!payment) return;
      const earlier = firstWith.get(payment.externalId);
      if (earlier === undefined) return void firstWith.set(payment.externalId, index);
      const first = checked[earlier]!;
      const differs = (['accountNumber', 'amount', 'paidOn'] as const).filter((f) =>
        f === 'amount' ? first.kopecks !== payment.kopecks : first[f] !== payment[f]);
      if (!differs.length) return void repeats.set(index, earlier);
      problems.push({
        index,
        code: ErrorCode.PAYMENT_CONFLICT,
        field: fieldOf(index, differs[0]),
        message: `Платёж с идентификатором «${payment.externalId}» уже есть в этом вызове (input.${earlier}) `
          + `${differencesText(differs, { accountNumber: first.accountNumber, amount: fromKopecks(first.kopecks), paidOn: first.paidOn })}. `
          + 'У каждого платежа свой идентификатор (externalId).',
      });
    });

    const bad = new Set(problems.map((p) => p.index));
    const items = checked.flatMap((payment, index) => (payment && !bad.has(index) && !repeats.has(index) ? [{ index, payment }] : []));
    for (let attempt = 1; ; attempt++) {
      try {
        const answers = await this.recordChecked(items, [...problems], actor, shape, fieldOf);
        return requests.map((_, index) => {
          const earlier = repeats.get(index);
          return earlier === undefined ? answers.get(index)! : { entry: answers.get(earlier)!.entry, replayed: true };
        });
      } catch (error) {
        if (!(error instanceof RaceLost) || attempt >= 5) throw error instanceof RaceLost ? error.cause : error;
      }
    }
  }

  /**
   * Reads the items' accounts and what is recorded under their ids, then either throws the call's error
   * (nothing written) or writes the new ones in one transaction. RaceLost when a concurrent call recorded
   * one of the ids in between.
   */
  private async recordChecked(
    items: { index: number; payment: CheckedPayment }[],
    problems: Problem[],
    actor: Viewer | null,
    shape: CallShape,
    fieldOf: (index: number, field: string) => string,
  ): Promise<Map<number, RecordedPaymentResult>> {
    const numbers = [...new Set(items.map((i) => i.payment.accountNumber))];
    const accounts = numbers.length
      ? await this.db.getRepository(Account).find({ where: { number: In(numbers) }, select: { id: true, number: true } })
      : [];
    const accountIds = new Map(accounts.map((a) => [a.number, Number(a.id)]));
    const recorded = items.length ? await this.db.getRepository(LedgerEntry).find({ where: { externalId: In(items.map((i) => i.payment.externalId)) } }) : [];
    const byExternalId = new Map(recorded.map((e) => [e.externalId!, e]));

    const answers = new Map<number, RecordedPaymentResult>();
    const fresh: { index: number; payment: CheckedPayment; accountId: number }[] = [];
    const conflicts: { index: number; payment: CheckedPayment; entry: LedgerEntry; differs: PaymentField[] }[] = [];
    for (const { index, payment } of items) {
      const accountId = accountIds.get(payment.accountNumber);
      if (accountId === undefined) {
        problems.push({
          index,
          code: ErrorCode.NOT_FOUND,
          field: fieldOf(index, 'accountNumber'),
          message: `Лицевой счёт ${payment.accountNumber} не найден. Проверьте номер лицевого счёта.`,
        });
        continue;
      }
      const entry = byExternalId.get(payment.externalId);
      if (!entry) {
        fresh.push({ index, payment, accountId });
        continue;
      }
      const differs = paymentDifferences(entry, accountId, payment.kopecks, payment.paidOn);
      if (differs.length) conflicts.push({ index, payment, entry, differs });
      else answers.set(index, { entry, replayed: true });
    }
    if (conflicts.length) {
      const otherIds = [...new Set(conflicts.map((c) => Number(c.entry.accountId)))];
      const owners = await this.db.getRepository(Account).find({ where: { id: In(otherIds) }, select: { id: true, number: true } });
      const numberOf = new Map(owners.map((a) => [Number(a.id), a.number]));
      for (const { index, payment, entry, differs } of conflicts) {
        const values = recordedValues(entry, numberOf.get(Number(entry.accountId)) ?? null);
        problems.push({
          index,
          code: ErrorCode.PAYMENT_CONFLICT,
          field: fieldOf(index, differs[0]),
          message: conflictMessage(payment.externalId, differs, values),
          recorded: values,
        });
      }
    }
    if (problems.length) throw callError(problems, shape);
    if (!fresh.length) return answers;

    try {
      const written = await withDeadlockRetry(() => this.db.transaction(async (tx) => {
        const rows = fresh.map(({ payment, accountId }) => paymentEntry(payment, accountId));
        await tx.createQueryBuilder().insert().into(LedgerEntry).values(rows).updateEntity(false).execute();
        const entries = await tx.getRepository(LedgerEntry).find({ where: { externalId: In(rows.map((r) => r.externalId!)) } });
        const byId = new Map(entries.map((e) => [e.externalId!, e]));
        await this.audit.recordMany(tx, fresh.map(({ payment }, n) => ({
          actor,
          action: 'payment.record',
          entityType: 'ledger_entry',
          entityId: String(byId.get(payment.externalId)!.id),
          before: null,
          after: paymentAuditValue(rows[n] as LedgerEntry, payment.accountNumber, shape.source),
        })));
        // Signed webhooks: PAYMENT_RECORDED for each new payment, in this transaction (webhooks/).
        await emitWebhooks(tx, fresh.map(({ payment, accountId }) => paymentRecorded({
          accountId, ledgerEntryId: byId.get(payment.externalId)!.id, amount: fromKopecks(payment.kopecks), paidOn: payment.paidOn, externalId: payment.externalId, source: 'RECORDED',
        })), this.clock.now());
        return byId;
      }));
      for (const { index, payment } of fresh) answers.set(index, { entry: written.get(payment.externalId)!, replayed: false });
      return answers;
    } catch (error) {
      if (isDuplicateKey(error)) throw new RaceLost('a concurrent call recorded one of the externalIds', { cause: error });
      throw error;
    }
  }
}

/**
 * The error of a call with bad items. recordPayment: the item's own error, as before. recordPayments: the first
 * bad item's code, `field` (input.<index>.<field>), `index` and `externalId`, its `recorded` values for a
 * conflict, and `problems`: every bad item ({ index, code, field, message, recorded? }), so all can be fixed at once.
 */
function callError(problems: Problem[], shape: CallShape): AppError {
  problems.sort((a, b) => a.index - b.index);
  const first = problems[0];
  const own = (p: Problem) => ({ field: p.field, ...(p.recorded ? { recorded: p.recorded } : {}) });
  if (!shape.batch) return new AppError(first.code, first.message, own(first));
  const message = `Платёж input.${first.index}: ${first.message} Ни один платёж этого вызова не записан`
    + (problems.length > 1 ? ` (ошибок в вызове: ${problems.length}, все перечислены в extensions.problems)` : '')
    + '. Исправьте ошибки и отправьте вызов целиком ещё раз: платежи, записанные раньше, повторно не запишутся.';
  return new AppError(first.code, message, {
    ...own(first),
    index: first.index,
    problems: problems.map((p) => ({ index: p.index, code: p.code, ...own(p), message: p.message })),
  });
}
