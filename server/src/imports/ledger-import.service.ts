/**
 * The operator's uploads into the ledger: bank registries (payments) and charges from the
 * billing system. Each file: size and header checked (BAD_USER_INPUT on `csv`, nothing loaded),
 * then every line checked and loaded once per external_id (ledger-lines.ts), then one audit row
 * for the upload with its counts. Each new ledger entry has its own audit row, in its transaction.
 */
import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { AuditService } from '../audit/audit.service';
import type { Viewer } from '../auth/viewer';
import { localDate } from '../common/calendar';
import type { Clock } from '../common/clock';
import type { CsvRow } from '../common/csv';
import { withChargesLock } from '../billing/close-lock';
import { chargeLines, checkChargeLine, CHARGE_COLUMNS, CHARGE_OPTIONAL } from './charges-file';
import { LineRefused, readUpload } from './csv-values';
import { emptyReport, LedgerLineLoader, note, type LineKind, type LinePlan, type LinesReport } from './ledger-lines';
import { checkRegistryLine, registryLines, REGISTRY_COLUMNS, REGISTRY_OPTIONAL } from './payment-registry';
import { WebhookImportTap } from '../webhooks/webhook-import-tap';

interface Upload {
  csv: string;
  required: readonly string[];
  optional: readonly string[];
  check: (row: CsvRow) => LinePlan;
  kind: LineKind;
  action: string;
  entityType: string;
}

export class LedgerImportService {
  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly audit: AuditService,
  ) {}

  /** A bank registry: external_id;account_number;amount;paid_on[;payer]. */
  importPaymentRegistry(actor: Viewer | null, csv: string): Promise<LinesReport> {
    const today = localDate(this.clock.now());
    return this.run(actor, {
      csv,
      required: REGISTRY_COLUMNS,
      optional: REGISTRY_OPTIONAL,
      check: (row) => checkRegistryLine(row, today),
      kind: registryLines,
      action: 'payment_registry.import',
      entityType: 'payment_registry',
    });
  }

  /**
   * Charges: external_id;account_number;period;kind;amount;description[;service;volume;tariff]. A line
   * of a month already closed (or being closed) is refused: that month's charges came from the close.
   * Holds the charges lock, so a close never runs at the same time.
   */
  importCharges(actor: Viewer | null, csv: string): Promise<LinesReport> {
    const currentPeriod = localDate(this.clock.now()).slice(0, 7);
    return withChargesLock(this.db, 30, 'Идёт закрытие месяца: загрузите начисления, когда оно завершится.', async () => {
      const closed = new Set<string>((await this.db.query('SELECT period FROM billing_periods')).map((r: { period: string }) => String(r.period)));
      return this.run(actor, {
        csv,
        required: CHARGE_COLUMNS,
        optional: CHARGE_OPTIONAL,
        check: (row) => checkChargeLine(row, currentPeriod, closed),
        kind: chargeLines,
        action: 'charges.import',
        entityType: 'charges_file',
      });
    });
  }

  private async run(actor: Viewer | null, upload: Upload): Promise<LinesReport> {
    const rows = readUpload(upload.csv, upload.required, upload.optional);
    const report = emptyReport();
    const plans: LinePlan[] = [];
    for (const row of rows) {
      try {
        plans.push(upload.check(row));
      } catch (e) {
        if (!(e instanceof LineRefused)) throw e;
        note(report, row.line, 'REFUSED', e.message);
      }
    }
    // The tap writes the audit rows and, in each batch's transaction, the webhooks of the entries (webhooks/).
    const webhooks = new WebhookImportTap(this.db, this.audit, () => this.clock.now());
    await new LedgerLineLoader(this.db, webhooks, actor, upload.kind, report).load(plans);
    await webhooks.importedChargesPosted(this.db);
    report.lines.sort((a, b) => a.line - b.line);
    await this.audit.record(this.db, {
      actor,
      action: upload.action,
      entityType: upload.entityType,
      entityId: createHash('sha256').update(upload.csv).digest('hex'),
      before: null,
      after: { lines: rows.length, bytes: Buffer.byteLength(upload.csv, 'utf8'), loaded: report.loaded, skipped: report.skipped, refused: report.refused },
    });
    return report;
  }
}
