/**
 * Loads checked lines of an upload into the ledger, once per external_id, in batches:
 * the lines of a batch whose account exists and whose external_id is new are inserted with
 * their audit rows in one transaction. When a batch cannot be written (a concurrent call took
 * one of its external_ids, a deadlock, …) its lines are retried one transaction each, so a bad
 * line never blocks good ones and nothing is ever half-written.
 */
import { In, type DataSource, type EntityManager } from 'typeorm';
import { Account } from '../accounts/account.entity';
import type { AuditRecord, AuditService } from '../audit/audit.service';
import type { Viewer } from '../auth/viewer';
import { log } from '../common/logger';
import { LedgerEntry } from '../ledger/ledger-entry.entity';
import { isDuplicateKey, withDeadlockRetry } from '../db/errors';
import { refusalOf, refuse } from './csv-values';
import { ImportLineCode } from './import-report.types';

export const BATCH_SIZE = 500;

/** The fields of a ledger entry an earlier one is compared on. */
export type Recorded = Pick<LedgerEntry, 'kind' | 'accountId' | 'amount' | 'period' | 'date'>;

export interface LinePlan {
  line: number;
  externalId: string;
  accountNumber: string;
  /** The ledger row, but for the account. */
  entry: Omit<Partial<LedgerEntry>, 'accountId' | 'externalId'>;
}

/** What differs between payments and charges. */
export interface LineKind {
  /** audit action of a new entry: payment.record, charge.record */
  action: string;
  /** True when an entry recorded earlier under the same external_id is this line. */
  same(plan: LinePlan, earlier: Recorded, accountId: number): boolean;
  skippedMessage(plan: LinePlan): string;
  conflictMessage(plan: LinePlan): string;
  /** The code of a line whose external_id is recorded with other data; EXTERNAL_ID_CONFLICT when not given. */
  conflictCode?: ImportLineCode;
  /**
   * Optional: the column of the value that differs from the entry recorded earlier (or from an earlier line of
   * the file, `earlierLine`) and the message naming it. Without it a conflict names external_id (conflictMessage).
   */
  describeConflict?(plan: LinePlan, earlier: Recorded, accountId: number, earlierLine?: LinePlan): { column: string; message: string };
  /** What the audit log keeps of a new entry (besides the entry's own fields). */
  auditExtra(plan: LinePlan): Record<string, unknown>;
}

export type LineStatus = 'SKIPPED' | 'REFUSED';

export interface LinesReport {
  loaded: number;
  skipped: number;
  refused: number;
  lines: ReportLine[];
}

/** Why a line was not loaded: the message for people, a stable code and the CSV column at fault (null: none). */
export interface LineNote {
  message: string;
  code: ImportLineCode;
  column: string | null;
}

export interface ReportLine extends LineNote {
  line: number;
  status: LineStatus;
}

export const emptyReport = (): LinesReport => ({ loaded: 0, skipped: 0, refused: 0, lines: [] });

/**
 * Adds a skipped or refused line to the report. `what` is a LineNote (a LineRefused is one), or only a
 * refusal's message: then its column and code are read back from refuse()'s «Столбец <column>: …» form.
 */
export function note(report: LinesReport, line: number, status: LineStatus, what: string | LineNote): void {
  const { message, code, column } = typeof what === 'string' ? refusalOf(what) : what;
  report.lines.push({ line, status, message, code, column });
  if (status === 'SKIPPED') report.skipped++;
  else report.refused++;
}

const chunks = <T>(items: T[], size: number): T[][] => Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));

export class LedgerLineLoader {
  /** external_id → the first line of this upload that carried it, with its account. */
  private readonly seen = new Map<string, { plan: LinePlan; accountId: number }>();

  constructor(
    private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly actor: Viewer | null,
    private readonly kind: LineKind,
    private readonly report: LinesReport,
  ) {}

  async load(plans: LinePlan[]): Promise<void> {
    for (const batch of chunks(plans, BATCH_SIZE)) await this.loadBatch(batch);
  }

  private async loadBatch(batch: LinePlan[]): Promise<void> {
    const numbers = [...new Set(batch.map((p) => p.accountNumber))];
    const accounts = await this.db.getRepository(Account).find({ where: { number: In(numbers) }, select: { id: true, number: true } });
    const accountIds = new Map(accounts.map((a) => [a.number, a.id]));
    const recorded = await this.db.getRepository(LedgerEntry).find({
      where: { externalId: In(batch.map((p) => p.externalId)) },
      select: { id: true, externalId: true, kind: true, accountId: true, amount: true, period: true, date: true },
    });
    const byExternalId = new Map(recorded.map((e) => [e.externalId!, e]));

    const fresh: { plan: LinePlan; accountId: number }[] = [];
    for (const plan of batch) {
      const accountId = accountIds.get(plan.accountNumber);
      if (accountId === undefined) {
        note(this.report, plan.line, 'REFUSED', refuse('account_number', `лицевой счёт ${plan.accountNumber} не найден. Проверьте номер лицевого счёта.`, ImportLineCode.ACCOUNT_NOT_FOUND));
        continue;
      }
      const earlierLine = this.seen.get(plan.externalId);
      if (earlierLine) {
        this.noteRepeated(plan, earlierLine.plan, earlierLine.accountId, accountId);
        continue;
      }
      const earlier = byExternalId.get(plan.externalId);
      if (earlier) {
        this.noteRecorded(plan, earlier, accountId);
        continue;
      }
      this.seen.set(plan.externalId, { plan, accountId });
      fresh.push({ plan, accountId });
    }
    if (!fresh.length) return;
    try {
      await withDeadlockRetry(() => this.db.transaction((tx) => this.insert(tx, fresh)));
      this.report.loaded += fresh.length;
    } catch (error) {
      if (!isDuplicateKey(error)) log.warn('ledger import batch not written, retrying line by line', { error: (error as Error)?.message });
      for (const item of fresh) await this.loadOne(item.plan, item.accountId);
    }
  }

  /** A line whose external_id an earlier line of the same file carried: skipped when the same, refused otherwise. */
  private noteRepeated(plan: LinePlan, earlierPlan: LinePlan, earlierAccountId: number, accountId: number): void {
    const earlier = { ...earlierPlan.entry, accountId: earlierAccountId } as Recorded;
    if (this.kind.same(plan, earlier, accountId)) {
      note(this.report, plan.line, 'SKIPPED', {
        message: `Повтор строки ${earlierPlan.line} (тот же external_id «${plan.externalId}»), строка пропущена.`,
        code: ImportLineCode.DUPLICATE_IN_FILE,
        column: 'external_id',
      });
      return;
    }
    const described = this.kind.describeConflict?.(plan, earlier, accountId, earlierPlan);
    note(this.report, plan.line, 'REFUSED', {
      message: described?.message
        ?? `Столбец external_id: «${plan.externalId}» уже встречался в строке ${earlierPlan.line} с другими данными. У каждой записи свой external_id.`,
      code: ImportLineCode.CONFLICT_IN_FILE,
      column: described?.column ?? 'external_id',
    });
  }

  /** A line whose external_id is already in the ledger: skipped when it is this line's entry, refused otherwise. */
  private noteRecorded(plan: LinePlan, earlier: Recorded, accountId: number): void {
    if (this.kind.same(plan, earlier, accountId)) {
      note(this.report, plan.line, 'SKIPPED', { message: this.kind.skippedMessage(plan), code: ImportLineCode.ALREADY_LOADED, column: 'external_id' });
      return;
    }
    const described = this.kind.describeConflict?.(plan, earlier, accountId);
    note(this.report, plan.line, 'REFUSED', {
      message: described?.message ?? this.kind.conflictMessage(plan),
      code: this.kind.conflictCode ?? ImportLineCode.EXTERNAL_ID_CONFLICT,
      column: described?.column ?? 'external_id',
    });
  }

  /** One line in its own transaction, after its batch could not be written. */
  private async loadOne(plan: LinePlan, accountId: number): Promise<void> {
    try {
      const earlier = await withDeadlockRetry(() => this.db.transaction(async (tx) => {
        const found = await tx.getRepository(LedgerEntry).findOne({ where: { externalId: plan.externalId } });
        if (!found) await this.insert(tx, [{ plan, accountId }]);
        return found;
      }));
      if (earlier) this.noteRecorded(plan, earlier, accountId);
      else this.report.loaded++;
    } catch (error) {
      const winner = isDuplicateKey(error) ? await this.db.getRepository(LedgerEntry).findOne({ where: { externalId: plan.externalId } }) : null;
      if (winner) return this.noteRecorded(plan, winner, accountId);
      log.error('ledger import line not written', { line: plan.line, error: (error as Error)?.message });
      note(this.report, plan.line, 'REFUSED', {
        message: 'Строка не сохранена из-за внутренней ошибки. Загрузите файл ещё раз: уже загруженные строки будут пропущены.',
        code: ImportLineCode.NOT_SAVED,
        column: null,
      });
    }
  }

  private async insert(tx: EntityManager, items: { plan: LinePlan; accountId: number }[]): Promise<void> {
    const rows = items.map(({ plan, accountId }) => ({ ...plan.entry, accountId, externalId: plan.externalId }));
    await tx.createQueryBuilder().insert().into(LedgerEntry).values(rows).updateEntity(false).execute();
    const ids = await tx.getRepository(LedgerEntry).find({ where: { externalId: In(rows.map((r) => r.externalId)) }, select: { id: true, externalId: true } });
    const idOf = new Map(ids.map((e) => [e.externalId!, String(e.id)]));
    const audits: AuditRecord[] = items.map(({ plan, accountId }) => ({
      actor: this.actor,
      action: this.kind.action,
      entityType: 'ledger_entry',
      entityId: idOf.get(plan.externalId)!,
      before: null,
      after: { accountNumber: plan.accountNumber, accountId, externalId: plan.externalId, ...plan.entry, ...this.kind.auditExtra(plan), line: plan.line },
    }));
    await this.audit.recordMany(tx, audits);
  }
}
