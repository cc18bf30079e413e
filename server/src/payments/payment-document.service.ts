/**
 * The payment document (квитанция) of an account for a billing period: the amount due after the
 * period's charges, the ГОСТ Р 56042-2014 QR payload, and the data of the PDF, from the ledger and
 * the readings in a handful of queries.
 */
import type { DataSource } from 'typeorm';
import type { Account } from '../accounts/account.entity';
import { localDate, nextPeriod, periodEnd } from '../common/calendar';
import type { Clock } from '../common/clock';
import { LedgerEntryKind, ReadingStatus } from '../common/enums';
import { config } from '../config';
import { AppError, ErrorCode, badInput } from '../errors';
import { isValidPeriod } from '../graphql/scalars';
import { buildQrPayload, type PayeeDetails } from '../documents/qr-payload';
import type { PaymentDocumentData, PaymentDocumentMeter, PaymentDocumentService as ServiceLine } from '../documents/payment-document-pdf';
import { fromKopecks, fromLitres, normalizeMoney, normalizeVolume, toKopecks, toLitres } from '../money';

export interface PaymentDocumentSummary {
  period: string;
  /** max(balance at the end of the period, 0) */
  amount: string;
  qrPayload: string;
}

const SERVICE_NAMES: Record<string, string> = {
  COLD_WATER: 'Холодное водоснабжение',
  HOT_WATER: 'Горячее водоснабжение',
  WASTEWATER: 'Водоотведение',
};

/** The address of a period's PDF; staff name the account, subscribers get their own. */
export function paymentDocumentPdfUrl(period: string, accountNumber?: string | null): string {
  const query = new URLSearchParams({ period });
  if (accountNumber) query.set('account', accountNumber);
  return `${config().publicUrl}/documents/payment-document.pdf?${query.toString()}`;
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

  /** Balance of every entry dated up to the end of the period (positive: a debt). */
  private async balanceAtEnd(accountId: number, period: string): Promise<bigint> {
    const [row] = await this.db.query(
      'SELECT COALESCE(SUM(amount), 0) AS balance FROM ledger_entries WHERE account_id = ? AND date <= ?',
      [accountId, periodEnd(period)],
    );
    return kopecksOf(row?.balance);
  }

  private qrPayload(account: Account, period: string, amount: string): string {
    return buildQrPayload({
      payee: payeeDetails(),
      payer: { lastName: account.lastName, firstName: account.firstName, middleName: account.middleName, address: account.address, accountNumber: account.number },
      amount,
      period,
    });
  }

  /** What Account.paymentDocument shows: the period, the amount due after its charges and the QR payload. */
  async summary(account: Account, period?: string | null): Promise<PaymentDocumentSummary> {
    const resolved = await this.resolvePeriod(account.id, period);
    const amount = positive(await this.balanceAtEnd(account.id, resolved));
    return { period: resolved, amount, qrPayload: this.qrPayload(account, resolved, amount) };
  }

  /** Everything the PDF shows, for renderPaymentDocumentPdf. */
  async pdfData(account: Account, period?: string | null): Promise<PaymentDocumentData> {
    const p = await this.resolvePeriod(account.id, period);
    const start = `${p}-01`;
    const end = periodEnd(p);

    const [totals] = await this.db.query(
      `SELECT COALESCE(SUM(CASE WHEN date < ? THEN amount ELSE 0 END), 0) AS opening,
              COALESCE(SUM(CASE WHEN kind = ? AND date >= ? THEN -amount ELSE 0 END), 0) AS paid,
              COALESCE(SUM(amount), 0) AS closing
         FROM ledger_entries WHERE account_id = ? AND date <= ?`,
      [start, LedgerEntryKind.PAYMENT, start, account.id, end],
    );
    const lines: { kind: LedgerEntryKind; description: string; amount: string; service: string | null; volume: string | null; tariff: string | null }[] =
      await this.db.query(
        `SELECT kind, description, amount, service, volume, tariff FROM ledger_entries
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

    const closing = kopecksOf(totals?.closing);
    const totalDue = fromKopecks(closing);
    const cfg = config();
    return {
      period: p,
      issuedOn: localDate(this.clock.now()),
      dueDate: `${nextPeriod(p)}-${String(cfg.paymentDueDay).padStart(2, '0')}`,
      payee: { ...payeeDetails(), address: cfg.utility.address, phone: cfg.utility.phone },
      payer: {
        fullName: [account.lastName, account.firstName, account.middleName].filter(Boolean).join(' '),
        address: account.address,
        accountNumber: account.number,
        unifiedNumber: account.unifiedNumber,
        activationCode: account.activationCode,
      },
      services,
      recalculations,
      penalties,
      openingBalance: fromKopecks(kopecksOf(totals?.opening)),
      paid: fromKopecks(kopecksOf(totals?.paid)),
      totalDue,
      meters: await this.meters(account.id, p),
      qrPayload: this.qrPayload(account, p, positive(closing)),
    };
  }

  /** Each meter with its last ACCEPTED reading of the period and the last ACCEPTED one before it. */
  private async meters(accountId: number, period: string): Promise<PaymentDocumentMeter[]> {
    const meters: { id: number; title: string; serial_number: string }[] = await this.db.query(
      'SELECT id, title, serial_number FROM meters WHERE account_id = ? ORDER BY id',
      [accountId],
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
      const prev = previous.get(Number(m.id)) ?? null;
      const cur = current.get(Number(m.id)) ?? null;
      return {
        name: m.title,
        serialNumber: m.serial_number,
        previous: prev,
        current: cur,
        consumption: prev !== null && cur !== null ? fromLitres(toLitres(cur) - toLitres(prev)) : null,
      };
    });
  }
}
