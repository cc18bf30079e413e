/**
 * Card payments: starting one at the gateway — for one account, or split over several of a person's accounts
 * (#15) — and recording the gateway's verdict exactly once, however many times (and however concurrently) the
 * webhook is delivered: one PAYMENT line per account.
 */
import { randomUUID } from 'node:crypto';
import { In, type DataSource } from 'typeorm';
import { Account } from '../accounts/account.entity';
import { localDate, periodOf } from '../common/calendar';
import type { Clock } from '../common/clock';
import { LedgerEntryKind, PaymentStatus } from '../common/enums';
import { log } from '../common/logger';
import { config } from '../config';
import { badInput, notFound, serviceUnavailable } from '../errors';
import { LedgerEntry } from '../ledger/ledger-entry.entity';
import { fromKopecks, normalizeMoney, toKopecks } from '../money';
import { parsePaymentAmount } from './amounts';
import { CardPayment } from './card-payment.entity';
import { CardPaymentPart } from './card-payment-part.entity';
import { withDeadlockRetry } from '../db/errors';
import { emitWebhooks, paymentRecorded } from '../webhooks/webhook-outbox';
import type { GatewayEvent, PaymentGateway } from './payment-gateway';

/** 1.00 … 500 000.00 ₽ by card. */
export const CARD_PAYMENT_LIMITS = { min: 100n, max: 50_000_000n };
export const CARD_PAYMENT_DESCRIPTION = 'Оплата банковской картой';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type GatewayEventResult =
  | { outcome: 'succeeded'; ledgerEntryId: string }
  | { outcome: 'canceled' }
  /** A repeat delivery, or a verdict on a payment already settled the other way: nothing changes. */
  | { outcome: 'unchanged'; status: PaymentStatus }
  | { outcome: 'not_found' }
  | { outcome: 'amount_mismatch' };

/** The ledger's id for a card payment: recorded once. */
export function cardExternalId(paymentId: string): string {
  return `card:${paymentId}`;
}

/** The shares of a split payment: each one of the person's accounts once, each within the card limits, summing to the total. */
function checkedShares(parts: { account: Account; rawAmount: string }[], total: bigint): { account: Account; kopecks: bigint }[] {
  if (parts.length < 1 || parts.length > 20) throw badInput('parts', 'Разделите платёж на 1–20 лицевых счетов.');
  const seen = new Set<number>();
  const shares = parts.map((p, i) => {
    if (seen.has(p.account.id)) throw badInput(`parts.${i}.accountNumber`, `Лицевой счёт ${p.account.number} указан дважды.`);
    seen.add(p.account.id);
    return { account: p.account, kopecks: parsePaymentAmount(p.rawAmount, `parts.${i}.amount`, CARD_PAYMENT_LIMITS) };
  });
  const sum = shares.reduce((a, p) => a + p.kopecks, 0n);
  if (sum !== total) throw badInput('amount', `Сумма платежа ${fromKopecks(total)} ₽ не равна сумме по лицевым счетам ${fromKopecks(sum)} ₽.`);
  return shares;
}

/** Where the gateway sends the browser back: the site's payment result page. */
export function paymentReturnUrl(paymentId: string): string {
  return `${config().webUrl}/pay/result?payment=${encodeURIComponent(paymentId)}`;
}

export class CardPaymentService {
  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
    readonly gateway: PaymentGateway,
  ) {}

  /**
   * Creates a PENDING payment and its confirmation page at the gateway. With `parts`, one payment is split over
   * several of the person's accounts (#15): `rawAmount` must be their sum; each share becomes its own PAYMENT
   * line when the gateway confirms.
   */
  async start(accountId: number, rawAmount: string, parts: { account: Account; rawAmount: string }[] | null = null): Promise<CardPayment> {
    const kopecks = parsePaymentAmount(rawAmount, 'amount', CARD_PAYMENT_LIMITS);
    const shares = parts ? checkedShares(parts, kopecks) : null;
    const account = await this.db.getRepository(Account).findOne({ where: { id: shares ? shares[0].account.id : accountId }, select: { id: true, number: true } });
    if (!account) throw notFound('Лицевой счёт');
    const repo = this.db.getRepository(CardPayment);
    const id = randomUUID();
    const amount = fromKopecks(kopecks);
    // The row exists before the gateway knows the payment, so no webhook can arrive for an unknown id.
    await this.db.transaction(async (tx) => {
      await tx.getRepository(CardPayment).insert({ id, accountId: account.id, amount, status: PaymentStatus.PENDING, gateway: this.gateway.name, confirmationUrl: '' });
      if (shares) {
        await tx.getRepository(CardPaymentPart).insert(shares.map((p) => ({ paymentId: id, accountId: p.account.id, amount: fromKopecks(p.kopecks), ledgerEntryId: null })));
      }
    });
    const numbers = shares ? shares.map((p) => p.account.number) : [account.number];
    try {
      const { confirmationUrl } = await this.gateway.createPayment({
        id,
        amount,
        description: `Оплата услуг водоснабжения и водоотведения, ${numbers.length > 1 ? 'лицевые счета' : 'лицевой счёт'} ${numbers.join(', ')}`,
        returnUrl: paymentReturnUrl(id),
      });
      await repo.update(id, { confirmationUrl });
    } catch (error) {
      log.error('card payment: the gateway refused to create a payment', { paymentId: id, gateway: this.gateway.name, error });
      await repo.update(id, { status: PaymentStatus.CANCELED, completedAt: this.clock.now() });
      throw serviceUnavailable();
    }
    return repo.findOneOrFail({ where: { id } });
  }

  /** A payment of one of these accounts (a person's); someone else's, or an unknown id, is NOT_FOUND. */
  async forAccounts(accountIds: readonly number[], id: string): Promise<CardPayment> {
    const payment = UUID.test(id) && accountIds.length ? await this.db.getRepository(CardPayment).findOne({ where: { id, accountId: In([...accountIds]) } }) : null;
    if (!payment) throw notFound('Платёж');
    return payment;
  }

  /** The shares of a split payment with their account numbers, in account-number order; [] for a payment of one account. */
  async partsOf(paymentId: string): Promise<CardPaymentPart[]> {
    const rows: { account_id: number; number: string; amount: string; ledger_entry_id: string | null }[] = await this.db.query(
      'SELECT p.account_id, a.number, p.amount, p.ledger_entry_id FROM card_payment_parts p JOIN accounts a ON a.id = p.account_id WHERE p.payment_id = ? ORDER BY a.number',
      [paymentId],
    );
    return rows.map((r) => Object.assign(new CardPaymentPart(), {
      paymentId, accountId: Number(r.account_id), accountNumber: r.number, amount: normalizeMoney(String(r.amount)), ledgerEntryId: r.ledger_entry_id === null ? null : String(r.ledger_entry_id),
    }));
  }

  /** For the sandbox gateway's page: the payment with the account it pays for. */
  async withAccount(id: string): Promise<{ payment: CardPayment; account: Account } | null> {
    if (!UUID.test(id)) return null;
    const payment = await this.db.getRepository(CardPayment).findOne({ where: { id }, relations: { account: true } });
    return payment?.account ? { payment, account: payment.account } : null;
  }

  /**
   * Applies a verified gateway event. In one transaction the payment row is locked, so concurrent
   * deliveries queue up; the first settles the payment (and on success writes one PAYMENT entry),
   * the rest find it settled and change nothing.
   */
  applyGatewayEvent(event: GatewayEvent): Promise<GatewayEventResult> {
    if (!UUID.test(event.paymentId)) return Promise.resolve({ outcome: 'not_found' });
    return withDeadlockRetry(() => this.db.transaction(async (tx) => {
      const rows: { id: string; account_id: number; amount: string; status: PaymentStatus }[] = await tx.query(
        'SELECT id, account_id, amount, status FROM card_payments WHERE id = ? FOR UPDATE',
        [event.paymentId],
      );
      const row = rows[0];
      if (!row) return { outcome: 'not_found' as const };
      const stored = toKopecks(normalizeMoney(row.amount));
      let reported: bigint | null;
      try {
        reported = toKopecks(String(event.amount));
      } catch {
        reported = null;
      }
      if (reported !== stored) {
        log.warn('card payment webhook: amount differs from the payment', {
          paymentId: row.id, gateway: this.gateway.name, event: event.event, expected: fromKopecks(stored), reported: String(event.amount).slice(0, 32),
        });
        return { outcome: 'amount_mismatch' as const };
      }
      if (row.status !== PaymentStatus.PENDING) {
        const agrees = (row.status === PaymentStatus.SUCCEEDED) === (event.event === 'payment.succeeded');
        if (!agrees) log.warn('card payment webhook: verdict differs from the settled payment, ignored', { paymentId: row.id, status: row.status, event: event.event });
        return { outcome: 'unchanged' as const, status: row.status };
      }
      const now = this.clock.now();
      if (event.event === 'payment.canceled') {
        await tx.query('UPDATE card_payments SET status = ?, completed_at = ? WHERE id = ?', [PaymentStatus.CANCELED, now, row.id]);
        log.info('card payment canceled', { paymentId: row.id });
        return { outcome: 'canceled' as const };
      }
      // One PAYMENT line per account: the payment's own account, or each share of a split payment (#15).
      const parts: { account_id: number; amount: string }[] = await tx.query(
        'SELECT account_id, amount FROM card_payment_parts WHERE payment_id = ? ORDER BY account_id FOR UPDATE',
        [row.id],
      );
      const shares = parts.length
        ? parts.map((p, i) => ({ accountId: Number(p.account_id), kopecks: toKopecks(normalizeMoney(String(p.amount))), externalId: `${cardExternalId(row.id)}:${i + 1}` }))
        : [{ accountId: Number(row.account_id), kopecks: stored, externalId: cardExternalId(row.id) }];
      const ledger = tx.getRepository(LedgerEntry);
      let ledgerEntryId = '';
      for (const share of shares) {
        // Normally absent; present only if someone recorded this very payment by hand (same externalId).
        const existing = await ledger.findOne({ where: { externalId: share.externalId } });
        let entryId: string;
        if (existing) {
          log.warn('card payment: its ledger entry already existed, linked', { paymentId: row.id, ledgerEntryId: existing.id });
          entryId = String(existing.id);
        } else {
          const result = await ledger.insert({
            accountId: share.accountId,
            date: localDate(now),
            kind: LedgerEntryKind.PAYMENT,
            period: periodOf(now),
            description: CARD_PAYMENT_DESCRIPTION,
            amount: fromKopecks(-share.kopecks),
            externalId: share.externalId,
          });
          entryId = String(result.identifiers[0].id);
          // Signed webhooks: PAYMENT_RECORDED with the credit, in this transaction (webhooks/).
          await emitWebhooks(tx, [paymentRecorded({
            accountId: share.accountId, ledgerEntryId: entryId, amount: fromKopecks(share.kopecks), paidOn: localDate(now), externalId: share.externalId, source: 'CARD',
          })], now);
        }
        if (parts.length) await tx.query('UPDATE card_payment_parts SET ledger_entry_id = ? WHERE payment_id = ? AND account_id = ?', [entryId, row.id, share.accountId]);
        if (!ledgerEntryId) ledgerEntryId = entryId;
      }
      await tx.query('UPDATE card_payments SET status = ?, ledger_entry_id = ?, completed_at = ? WHERE id = ?', [
        PaymentStatus.SUCCEEDED, ledgerEntryId, now, row.id,
      ]);
      log.info('card payment succeeded', { paymentId: row.id, ledgerEntryId });
      return { outcome: 'succeeded' as const, ledgerEntryId };
    }));
  }
}
