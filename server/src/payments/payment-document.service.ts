/**
 * The payment document (квитанция) of an account for a billing period (../shared/DOMAIN.md «Payment
 * document and QR code»): the period's charges, recalculations and penalties, and the total to pay —
 * what is owed on the document's date (the balance then), never the period's charges alone. In
 * advance, the total is 0,00 with the advance shown and no Sum in the QR. An amount the subscriber
 * typed goes into the document and its QR instead. From the ledger and the readings in a handful of
 * queries.
 */
import type { DataSource } from 'typeorm';
import type { Account } from '../accounts/account.entity';
import { isValidPeriod, localDate, nextPeriod, periodEnd } from '../common/calendar';
import type { Clock } from '../common/clock';
import { LedgerEntryKind, ReadingStatus } from '../common/enums';
import { config } from '../config';
import { AppError, ErrorCode, badInput } from '../errors';
import { buildQrPayload, type PayeeDetails } from '../documents/qr-payload';
import type { PaymentDocumentData, PaymentDocumentMeter, PaymentDocumentService as ServiceLine } from '../documents/payment-document-pdf';
import { fromKopecks, fromLitres, normalizeMoney, normalizeVolume, toKopecks, toLitres } from '../money';
import { parsePaymentAmount } from './amounts';
import { CARD_PAYMENT_LIMITS } from './card-payment.service';

export interface PaymentDocumentSummary {
  period: string;
  /** The date the document is made on (today, in the utility's time zone). */
  issuedOn: string;
  /** What the document asks: the amount the subscriber typed, else amountDue. */
  amount: string;
  /** max(balance on issuedOn, 0). */
  amountDue: string;
  /** max(-balance on issuedOn, 0). */
  advance: string;
  /** True when `amount` is the amount the subscriber typed. */
  amountChosen: boolean;
  qrPayload: string;
}

/** A typed amount: as a card payment's (1 ₽ to 500 000 ₽). */
const TYPED_AMOUNT_LIMITS = CARD_PAYMENT_LIMITS;

const SERVICE_NAMES: Record<string, string> = {
  COLD_WATER: 'Холодное водоснабжение',
  HOT_WATER: 'Горячее водоснабжение',
  WASTEWATER: 'Водоотведение',
};

/** The address of a period's PDF; staff name the account, subscribers get their own; a typed amount goes with it. */
export function paymentDocumentPdfUrl(period: string, accountNumber?: string | null, amount?: string | null): string {
  const query = new URLSearchParams({ period });
  if (accountNumber) query.set('account', accountNumber);
  if (amount) query.set('amount', amount);
  return `${config().publicUrl}/documents/payment-document.pdf?${query.toString()}`;
}

/** A typed amount («Сумму можно изменить») as a money string, or null when none was typed. */
export function typedAmount(raw: string | null | undefined): string | null {
  if (raw === undefined || raw === null || String(raw).trim() === '') return null;
  return fromKopecks(parsePaymentAmount(String(raw), 'amount', TYPED_AMOUNT_LIMITS));
}

function payeeDetails(): PayeeDetails {
  const p = config().payee;
  return { name: p.name, personalAcc: p.personalAcc, bankName: p.bankName, bic: p.bic, correspAcc: p.correspAcc, inn: p.inn, kpp: p.kpp };
}

const kopecksOf = (value: unknown): bigint => toKopecks(normalizeMoney(value == null ? null : String(value)));
const positive = (k: bigint): string => fromKopecks(k > 0n ? k : 0n);

export class PaymentDocumentService {
  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

  /**
   * The period asked for, checked to have charges; or, when omitted, the latest closed period
   * (the latest one with a CHARGE entry). No charges → NOT_FOUND.
   */
  async resolvePeriod(accountId: number, period?: string | null): Promise<string> {
    if (period !== undefined && period !== null) {
      if (!isValidPeriod(period)) throw badInput('period', 'Период — в формате ГГГГ-ММ, например 2026-03.');
      const rows = await this.db.query(
        'SELECT 1 AS found FROM ledger_entries WHERE account_id = ? AND kind = ? AND period = ? LIMIT 1',
        [accountId, LedgerEntryKind.CHARGE, period],
      );
      if (!rows.length) throw new AppError(ErrorCode.NOT_FOUND, `За ${period} начислений нет, квитанции за этот период не будет. Выберите другой период.`, { field: 'period' });
      return period;
    }
    const [row] = await this.db.query(
      'SELECT MAX(period) AS period FROM ledger_entries WHERE account_id = ? AND kind = ? AND period IS NOT NULL',
      [accountId, LedgerEntryKind.CHARGE],
    );
    if (!row?.period) throw new AppError(ErrorCode.NOT_FOUND, 'Начислений по лицевому счёту ещё не было, квитанций пока нет.', { field: 'period' });
    return String(row.period);
  }

  /** Balance of every entry dated up to a day (positive: a debt). */
  private async balanceOn(accountId: number, day: string): Promise<bigint> {
    const [row] = await this.db.query('SELECT COALESCE(SUM(amount), 0) AS balance FROM ledger_entries WHERE account_id = ? AND date <= ?', [accountId, day]);
    return kopecksOf(row?.balance);
  }

  /** What the document asks and shows: the balance on its date, and the amount typed when there is one. */
  private async totals(account: Account, rawAmount?: string | null): Promise<{ issuedOn: string; balance: bigint; amount: string; amountChosen: boolean }> {
    const chosen = typedAmount(rawAmount);
    const issuedOn = localDate(this.clock.now());
    const balance = await this.balanceOn(account.id, issuedOn);
    return { issuedOn, balance, amount: chosen ?? positive(balance), amountChosen: chosen !== null };
  }

  private qrPayload(account: Account, period: string, amount: string): string {
    return buildQrPayload({
      payee: payeeDetails(),
      payer: { lastName: account.lastName, firstName: account.firstName, middleName: account.middleName, address: account.address, accountNumber: account.number },
      amount,
      period,
    });
  }

  /** What Account.paymentDocument shows: the period, the total to pay on today's date (or the typed amount) and the QR payload. */
  async summary(account: Account, period?: string | null, rawAmount?: string | null): Promise<PaymentDocumentSummary> {
    const resolved = await this.resolvePeriod(account.id, period);
    const t = await this.totals(account, rawAmount);
    return {
      period: resolved,
      issuedOn: t.issuedOn,
      amount: t.amount,
      amountDue: positive(t.balance),
      advance: positive(-t.balance),
      amountChosen: t.amountChosen,
      qrPayload: this.qrPayload(account, resolved, t.amount),
    };
  }

  /** Everything the PDF shows, for renderPaymentDocumentPdf. */
  async pdfData(account: Account, period?: string | null, rawAmount?: string | null): Promise<PaymentDocumentData> {
    const p = await this.resolvePeriod(account.id, period);
    const t = await this.totals(account, rawAmount);
    const start = `${p}-01`;
    const end = periodEnd(p);

    // Up to the document's date: the balance before the period, what the period charged, what was paid
    // since its start, and what later months charged (a document for an older month).
    const [totals] = await this.db.query(
      `SELECT COALESCE(SUM(CASE WHEN date < ? THEN amount ELSE 0 END), 0) AS opening,
              COALESCE(SUM(CASE WHEN kind = ? AND date >= ? THEN -amount ELSE 0 END), 0) AS paid,
              COALESCE(SUM(CASE WHEN kind <> ? AND date >= ? AND (period IS NULL OR period <> ?) THEN amount ELSE 0 END), 0) AS other
         FROM ledger_entries WHERE account_id = ? AND date <= ?`,
      [start, LedgerEntryKind.PAYMENT, start, LedgerEntryKind.PAYMENT, start, p, account.id, t.issuedOn],
    );
    const lines: {
      kind: LedgerEntryKind;
      description: string;
      amount: string;
      service: string | null;
      volume: string | null;
      tariff: string | null;
      billing_method: string | null;
    }[] = await this.db.query(
      `SELECT kind, description, amount, service, volume, tariff, billing_method FROM ledger_entries
        WHERE account_id = ? AND period = ? AND kind IN (?) ORDER BY date, id`,
      [account.id, p, [LedgerEntryKind.CHARGE, LedgerEntryKind.RECALCULATION, LedgerEntryKind.PENALTY]],
    );
    const services: ServiceLine[] = [];
    const recalculations: PaymentDocumentData['recalculations'] = [];
    const penalties: PaymentDocumentData['penalties'] = [];
    for (const line of lines) {
      const amount = normalizeMoney(String(line.amount));
      if (line.kind === LedgerEntryKind.CHARGE) {
        services.push({
          name: (line.service && SERVICE_NAMES[line.service]) || line.description,
          note: line.service ? methodNote(line.description) : null,
          unit: line.volume == null ? null : 'м³',
          volume: line.volume == null ? null : normalizeVolume(String(line.volume)),
          tariff: line.tariff == null ? null : normalizeMoney(String(line.tariff)),
          charged: amount,
        });
      } else if (line.kind === LedgerEntryKind.RECALCULATION) {
        recalculations.push({ description: line.description, amount });
      } else {
        penalties.push({ description: line.description, amount });
      }
    }

    const cfg = config();
    return {
      period: p,
      issuedOn: t.issuedOn,
      dueDate: `${nextPeriod(p)}-${String(cfg.paymentDueDay).padStart(2, '0')}`,
      payee: { ...payeeDetails(), address: cfg.utility.address, phone: cfg.utility.phone, dispatcherPhone: cfg.utility.dispatcherPhone },
      payer: {
        fullName: [account.lastName, account.firstName, account.middleName].filter(Boolean).join(' '),
        address: account.address,
        accountNumber: account.number,
        unifiedNumber: account.unifiedNumber,
        activationCode: account.activationCode,
        residents: account.residents,
        owners: account.owners,
      },
      services,
      recalculations,
      penalties,
      openingBalance: fromKopecks(kopecksOf(totals?.opening)),
      paid: fromKopecks(kopecksOf(totals?.paid)),
      chargedLater: fromKopecks(kopecksOf(totals?.other)),
      balance: fromKopecks(t.balance),
      totalDue: t.amount,
      amountChosen: t.amountChosen,
      meters: await this.meters(account.id, p),
      qrPayload: this.qrPayload(account, p, t.amount),
    };
  }

  /**
   * Each meter in service during the period (a replaced one too, in its last month) with its last ACCEPTED
   * reading of the period and the last ACCEPTED one before it (or its initial value, for a new meter).
   */
  private async meters(accountId: number, period: string): Promise<PaymentDocumentMeter[]> {
    const meters: { id: number; title: string; serial_number: string; initial_value: string; admitted_on: string }[] = await this.db.query(
      `SELECT id, title, serial_number, initial_value, DATE_FORMAT(admitted_on, '%Y-%m-%d') AS admitted_on FROM meters
        WHERE account_id = ? AND admitted_on <= ? AND (removed_on IS NULL OR removed_on >= ?) ORDER BY id`,
      [accountId, periodEnd(period), `${period}-01`],
    );
    if (!meters.length) return [];
    const readings: { meter_id: number; period: string; value: string }[] = await this.db.query(
      `SELECT r.meter_id, r.period, r.value FROM readings r JOIN meters m ON m.id = r.meter_id
        WHERE m.account_id = ? AND r.status = ? AND r.period <= ?
        ORDER BY r.meter_id, r.period DESC, r.id DESC`,
      [accountId, ReadingStatus.ACCEPTED, period],
    );
    const current = new Map<number, string>();
    const previous = new Map<number, string>();
    for (const r of readings) {
      const id = Number(r.meter_id);
      const value = normalizeVolume(String(r.value));
      if (r.period === period) {
        if (!current.has(id)) current.set(id, value);
      } else if (!previous.has(id)) {
        previous.set(id, value);
      }
    }
    return meters.map((m) => {
      const prev = previous.get(Number(m.id)) ?? (m.admitted_on.slice(0, 7) === period ? normalizeVolume(String(m.initial_value)) : null);
      const cur = current.get(Number(m.id)) ?? null;
      return {
        name: m.title,
        serialNumber: m.serial_number,
        previous: prev,
        current: cur,
        consumption: prev !== null && cur !== null ? fromLitres(consumptionLitres(toLitres(prev), toLitres(cur))) : null,
      };
    });
  }
}

/** A meter counts 5 integer digits: a value below the previous one is a turn past 99 999,999. */
function consumptionLitres(previous: bigint, current: bigint): bigint {
  return current >= previous ? current - previous : current + 100_000_000n - previous;
}

/** «по показаниям», «по нормативу: 3 чел. × 4,900 м³ × 1,5»: the parenthesis the close wrote at the end of a charge's description. */
export function methodNote(description: string): string | null {
  const m = /\(([^()]*)\)$/.exec(description.trim());
  return m ? m[1] : null;
}
