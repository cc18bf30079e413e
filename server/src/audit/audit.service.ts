/**
 * The staff audit log (table audit_log): who did what, when, and the values before and after.
 * Rows are only ever inserted, never updated or deleted.
 *
 * HOW TO CALL IT — from every staff action that changes data (services.audit, or
 * `new AuditService(db)`; `record` uses only the writer it is given):
 *
 *   await this.db.transaction(async (tx) => {
 *     const before = await tx.getRepository(Tariff).findOneBy({ id });
 *     ...the change, through tx...
 *     await this.audit.record(tx, {
 *       actor: viewer,              // ctx.viewer as the resolver got it; null = the system (a CLI command)
 *       action: 'tariff.set',       // <entity>.<verb>, lower case
 *       entityType: 'tariff',       // what was changed…
 *       entityId: String(id),       // …and which one (≤ 64 characters)
 *       before: { pricePerM3: '45.10' },   // plain JSON-able values; null when created
 *       after: { pricePerM3: '47.30' },    // null when deleted
 *     });
 *   });
 *
 * - Pass the transaction's EntityManager (`tx`): the audit row commits with the change and
 *   rolls back with it (a failed action leaves no row). Pass the DataSource only when the
 *   action is not one transaction (an upload made of many, recorded once at the end).
 * - `recordMany(tx, records)` writes several rows in one INSERT (imports).
 * - The actor: staff_id, and api_token_id when the call came with an API token. Subscribers are
 *   not audited here (a subscriber viewer is stored as the system, with no ids).
 * - Never pass secrets. Keys that look like them (password, token, hash, secret, activation
 *   code…) are blanked anyway (audit-values.ts). Dates become ISO strings, bigints strings.
 * - Actions in use: reading.review, appeal.reply, appeal.close, payment.record (a new ledger
 *   entry only), charge.record, payment_registry.import, charges.import. Billing: tariff.set,
 *   period.close. Staff read it with the `auditLog` query, newest first.
 */
import type { DataSource, EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import type { Viewer } from '../auth/viewer';
import { decodeCursor, encodeCursor, pageSize, toPage, type Page } from '../common/pagination';
import { badInput } from '../errors';
import { Staff } from '../staff/staff.entity';
import { AuditEntry } from './audit-entry.entity';
import { auditValue } from './audit-values';

export interface AuditRecord {
  actor: Viewer | null;
  action: string;
  entityType: string;
  entityId: string | number;
  before?: unknown;
  after?: unknown;
}

export type AuditWriter = EntityManager | DataSource;

export interface AuditFilter {
  entityType?: string | null;
  entityId?: string | null;
}

/** An entry with its actor's username, as the auditLog query shows it. */
export type AuditEntryView = AuditEntry & { staffUsername: string | null };

function row(record: AuditRecord): QueryDeepPartialEntity<AuditEntry> {
  const actor = record.actor;
  const staff = actor?.kind === 'staff' ? actor : null;
  const entityId = String(record.entityId);
  if (!/^[a-z][a-z0-9_.]{0,63}$/.test(record.action)) throw new Error(`audit: bad action "${record.action}"`);
  if (!record.entityType || record.entityType.length > 32) throw new Error(`audit: bad entityType "${record.entityType}"`);
  if (!entityId || entityId.length > 64) throw new Error(`audit: bad entityId "${entityId}"`);
  return {
    staffId: staff ? staff.staffId : null,
    apiTokenId: staff && staff.via === 'token' ? staff.tokenId ?? null : null,
    action: record.action,
    entityType: record.entityType,
    entityId,
    before: auditValue(record.before),
    after: auditValue(record.after),
  } as QueryDeepPartialEntity<AuditEntry>;
}

export class AuditService {
  constructor(private readonly db: DataSource) {}

  /** One audit row, written through `tx` (the change's transaction). */
  async record(tx: AuditWriter, record: AuditRecord): Promise<void> {
    await tx.getRepository(AuditEntry).insert(row(record));
  }

  /** Several audit rows in one INSERT, through `tx`. */
  async recordMany(tx: AuditWriter, records: AuditRecord[]): Promise<void> {
    if (records.length) await tx.getRepository(AuditEntry).insert(records.map(row));
  }

  /** Staff: entries newest first, optionally of one entity type and id. */
  async list(filter: AuditFilter, first?: number | null, after?: string | null): Promise<Page<AuditEntryView>> {
    const size = pageSize(first);
    const entityType = filter.entityType?.trim() || null;
    const entityId = filter.entityId?.trim() || null;
    if (entityId && !entityType) throw badInput('entityType', 'Укажите entityType вместе с entityId, например entityType: "reading".');
    if (entityType && entityType.length > 32) throw badInput('entityType', 'entityType — не длиннее 32 символов.');
    if (entityId && entityId.length > 64) throw badInput('entityId', 'entityId — не длиннее 64 символов.');
    const cursor = decodeCursor(after, 1);
    if (cursor && !/^\d{1,20}$/.test(String(cursor[0]))) throw badInput('after', 'Неверный курсор страницы: используйте endCursor из предыдущего ответа.');

    const qb = this.db.getRepository(AuditEntry).createQueryBuilder('a');
    if (entityType) qb.andWhere('a.entity_type = :entityType', { entityType });
    if (entityId) qb.andWhere('a.entity_id = :entityId', { entityId });
    const totalCount = await qb.clone().getCount();
    // Ids grow with time: id order is insertion order, and the primary key serves it.
    if (cursor) qb.andWhere('a.id < :id', { id: String(cursor[0]) });
    const rows = await qb.orderBy('a.id', 'DESC').limit(size + 1).getMany();
    const views = await this.withUsernames(rows);
    return toPage(views, size, after, totalCount, (e) => encodeCursor([String(e.id)]));
  }

  private async withUsernames(rows: AuditEntry[]): Promise<AuditEntryView[]> {
    const ids = [...new Set(rows.map((r) => r.staffId).filter((id): id is number => id !== null))];
    const staff = ids.length ? await this.db.getRepository(Staff).find({ where: ids.map((id) => ({ id })), select: { id: true, username: true } }) : [];
    const names = new Map(staff.map((s) => [s.id, s.username]));
    return rows.map((r) => Object.assign(r, { staffUsername: r.staffId !== null ? names.get(Number(r.staffId)) ?? null : null }));
  }
}
