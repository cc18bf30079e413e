/**
 * The operator's uploads (imports/ledger-import.service.ts) write their ledger entries in batches, each batch one
 * transaction with one audit row per new entry (payment.record / charge.record, audit.service.ts). This AuditService
 * writes those rows as usual and, in the same transaction, the webhooks they call for: PAYMENT_RECORDED for each
 * payment of a bank registry, CHARGES_POSTED per account and period to the subscribers' endpoints for imported
 * charges (staff get one event per period once the upload is loaded: importedChargesPosted). A batch that rolls
 * back takes its events with it.
 */
import type { DataSource, EntityManager } from 'typeorm';
import { AuditService, type AuditRecord, type AuditWriter } from '../audit/audit.service';
import { log } from '../common/logger';
import { addMoney, normalizeMoney } from '../money';
import { emitWebhooks, paymentRecorded, staffListens, type WebhookEmission } from './webhook-outbox';
import { WebhookEvent } from '../common/enums';

interface ImportedEntry {
  accountId?: number | string;
  externalId?: string;
  amount?: string;
  date?: string;
  period?: string | null;
}

export class WebhookImportTap extends AuditService {
  /** external_ids of the charges written (some may have rolled back: importedChargesPosted reads what is in the ledger). */
  readonly chargeExternalIds = new Set<string>();

  constructor(
    db: DataSource,
    private readonly inner: AuditService,
    private readonly now: () => Date,
  ) {
    super(db);
  }

  override record(tx: AuditWriter, record: AuditRecord): Promise<void> {
    return this.recordMany(tx, [record]);
  }

  override async recordMany(tx: AuditWriter, records: AuditRecord[]): Promise<void> {
    await this.inner.recordMany(tx, records);
    const emissions: WebhookEmission[] = [];
    const charges = new Map<string, { accountId: number; period: string; amount: string }>();
    for (const r of records) {
      const entry = (r.after ?? {}) as ImportedEntry;
      if (entry.accountId === undefined || !entry.amount) continue;
      const accountId = Number(entry.accountId);
      if (r.action === 'payment.record') {
        emissions.push(paymentRecorded({
          accountId,
          ledgerEntryId: r.entityId,
          amount: normalizeMoney(entry.amount).replace(/^-/, ''),
          paidOn: String(entry.date),
          externalId: entry.externalId ?? null,
          source: 'REGISTRY',
        }));
      } else if (r.action === 'charge.record' && entry.period) {
        if (entry.externalId) this.chargeExternalIds.add(entry.externalId);
        const key = `${accountId}:${entry.period}`;
        const sum = charges.get(key);
        charges.set(key, { accountId, period: entry.period, amount: sum ? addMoney(sum.amount, normalizeMoney(entry.amount)) : normalizeMoney(entry.amount) });
      }
    }
    for (const c of charges.values()) {
      emissions.push({ event: WebhookEvent.CHARGES_POSTED, accountId: c.accountId, audience: 'subscriber', data: { period: c.period, amount: c.amount, source: 'IMPORT' } });
    }
    await emitWebhooks(tx as EntityManager, emissions, this.now());
  }

  /**
   * After a charges upload: ONE CHARGES_POSTED per period for staff endpoints — the accounts charged by this upload
   * and the total — from what is in the ledger now. Nothing is read when no staff endpoint listens.
   */
  async importedChargesPosted(db: DataSource): Promise<void> {
    // The upload is loaded whatever happens here: a summary that cannot be written is logged, not an error.
    await this.chargesSummary(db).catch((e) => log.error('webhooks: the charges upload summary was not written', { error: e?.message }));
  }

  private async chargesSummary(db: DataSource): Promise<void> {
    if (!this.chargeExternalIds.size || !(await staffListens(db, WebhookEvent.CHARGES_POSTED))) return;
    const periods = new Map<string, { accounts: Set<number>; total: string }>();
    const ids = [...this.chargeExternalIds];
    for (let i = 0; i < ids.length; i += 1000) {
      const rows: { account_id: number; period: string; total: string }[] = await db.query(
        'SELECT account_id, period, SUM(amount) AS total FROM ledger_entries WHERE external_id IN (?) GROUP BY account_id, period',
        [ids.slice(i, i + 1000)],
      );
      for (const r of rows) {
        const p = periods.get(r.period) ?? { accounts: new Set<number>(), total: '0.00' };
        p.accounts.add(Number(r.account_id));
        p.total = addMoney(p.total, normalizeMoney(String(r.total)));
        periods.set(r.period, p);
      }
    }
    const emissions: WebhookEmission[] = [...periods].map(([period, p]) => ({
      event: WebhookEvent.CHARGES_POSTED,
      accountId: null,
      audience: 'staff' as const,
      data: { period, accounts: p.accounts.size, total: p.total, source: 'IMPORT' },
    }));
    await db.transaction((tx) => emitWebhooks(tx, emissions, this.now()));
  }
}
