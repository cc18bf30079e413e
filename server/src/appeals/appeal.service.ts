/**
 * The «виртуальная приёмная»: a subscriber writes an appeal (at most 500 characters),
 * an operator replies (the appeal becomes ANSWERED) or closes it. A reply reaches the
 * subscriber live (the APPEAL_REPLIED event, routed by account) and by e-mail.
 * Statuses: OPEN → ANSWERED → CLOSED.
 */
import type { DataSource } from 'typeorm';
import { Account } from '../accounts/account.entity';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import type { Viewer } from '../auth/viewer';
import { ruDate, localDate } from '../common/calendar';
import { log } from '../common/logger';
import { AppealStatus, AuthorRole, WebhookEvent } from '../common/enums';
import { decodeCursor, encodeCursor, pageSize, toPage, type Page } from '../common/pagination';
import { config } from '../config';
import { AppError, ErrorCode, badInput } from '../errors';
import type { AppPubSub, Events } from '../common/pubsub';
import type { Mailer } from '../mail/mailer';
import { AppealReply } from './appeal-reply.entity';
import { Appeal } from './appeal.entity';
import { entityColumns, hydrateRow } from '../db/hydrate';
import { emitWebhook } from '../webhooks/webhook-outbox';

/** «0/500»: an appeal's length, in Unicode code points. */
export const APPEAL_MAX_LENGTH = 500;
/** An operator's reply, in Unicode code points. */
export const REPLY_MAX_LENGTH = 2000;

export type AppealRepliedEvent = Events['APPEAL_REPLIED'][1];

/** Control characters other than newline and tab (C0, DEL, C1). */
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;
/**
 * Bidirectional controls (embeddings, overrides, isolates, marks): U+202E and its kin make a text show
 * something other than what it says (an operator reading «txt.exe» as «exe.txt»). None belongs in an appeal.
 */
const BIDI = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

/** Line ends to \n, control and bidirectional characters other than newline and tab removed, trimmed. */
export function cleanText(raw: string): string {
  return String(raw ?? '')
    .replace(/\r\n?/g, '\n')
    .replace(CONTROL, '')
    .replace(BIDI, '')
    .trim();
}

/** Length as people count it on a «0/500» counter: code points, not bytes or UTF-16 units. */
export function textLength(text: string): number {
  return [...text].length;
}

/** The cleaned text, or BAD_USER_INPUT naming `field` when it is empty or longer than `max`. */
export function checkedText(raw: string, max: number, field: string, what: string): string {
  const text = cleanText(raw);
  if (!text) throw badInput(field, `Введите текст ${what}.`);
  const length = textLength(text);
  if (length > max) throw badInput(field, `Текст ${what} — не длиннее ${max} символов (сейчас ${length}). Сократите его.`);
  return text;
}

export const appealNotFound = () => new AppError(ErrorCode.NOT_FOUND, 'Обращение не найдено. Обновите список обращений.');

/** An ID argument as a row id; anything else cannot name an appeal. */
export function parseId(raw: string | number, notFound: () => Error): number {
  const text = String(raw).trim();
  if (!/^\d{1,10}$/.test(text)) throw notFound();
  const id = Number(text);
  if (id < 1 || id > 4294967295) throw notFound();
  return id;
}

/** Who gets a live APPEAL_REPLIED event: the person who holds the appeal's account (a token: if it reaches that account). */
export function isReplyRecipient(viewer: Viewer, event: AppealRepliedEvent): boolean {
  if (viewer.kind !== 'subscriber' || viewer.subscriberId !== Number(event.subscriberId)) return false;
  return !viewer.tokenAccountIds || viewer.tokenAccountIds.includes(Number(event.accountId));
}

/** Newest first for the subscriber, oldest first for review; ties by id. Cursor: [createdAt ms, id]. */
function appealCursor(appeal: Appeal): string {
  return encodeCursor([appeal.createdAt.getTime(), appeal.id]);
}

function cursorKey(after: string | null | undefined): { at: Date; id: number } | null {
  const parts = decodeCursor(after, 2);
  if (!parts) return null;
  const [ms, id] = parts;
  if (typeof ms !== 'number' || typeof id !== 'number' || !Number.isFinite(ms) || !Number.isInteger(id)) {
    throw badInput('after', 'Неверный курсор страницы: используйте endCursor из предыдущего ответа.');
  }
  return { at: new Date(ms), id };
}

/** FROM…WHERE of the unread operator replies (r) with their appeals (a); the caller adds the account condition. */
export const UNREAD_REPLIES_FROM = `FROM appeal_replies r JOIN appeals a ON a.id = r.appeal_id WHERE r.author_role = 'OPERATOR' AND r.read_at IS NULL`;

export class AppealService {
  constructor(
    private readonly db: DataSource,
    private readonly mailer: Mailer,
    private readonly pubSub: AppPubSub,
    private readonly audit: AuditService = new AuditService(db),
    /** Appeals and replies are dated by the services' clock, as readings and payments are. */
    private readonly clock: Clock = new Clock(),
  ) {}

  async create(accountId: number, rawText: string): Promise<Appeal> {
    const text = checkedText(rawText, APPEAL_MAX_LENGTH, 'text', 'обращения');
    const repo = this.db.getRepository(Appeal);
    const { identifiers } = await repo.insert({ accountId, text, status: AppealStatus.OPEN, createdAt: this.clock.now() });
    return repo.findOneByOrFail({ id: identifiers[0].id });
  }

  async byId(id: number): Promise<Appeal> {
    const appeal = await this.db.getRepository(Appeal).findOneBy({ id });
    if (!appeal) throw appealNotFound();
    return appeal;
  }

  /** The account's appeals, newest first. */
  async listForAccount(accountId: number, first?: number | null, after?: string | null): Promise<Page<Appeal>> {
    const size = pageSize(first);
    const key = cursorKey(after);
    // One statement: the page with the count as a scalar subquery (cheaper for the database than the count's
    // derived table joined to the page: docs/BENCHMARKS.md). An empty page after a cursor asks the count alone.
    const raw: Record<string, unknown>[] = await this.db.query(
      `SELECT ${entityColumns(this.db, Appeal, 'a')}, (SELECT COUNT(*) FROM appeals WHERE account_id = ?) AS total_count
       FROM appeals a WHERE a.account_id = ?${key ? ' AND (a.created_at < ? OR (a.created_at = ? AND a.id < ?))' : ''}
       ORDER BY a.created_at DESC, a.id DESC LIMIT ?`,
      [accountId, accountId, ...(key ? [key.at, key.at, key.id] : []), size + 1],
    );
    const rows = raw.map((r) => hydrateRow(this.db, Appeal, r));
    const totalCount = raw.length ? Number(raw[0].total_count) : key ? Number((await this.db.query('SELECT COUNT(*) AS n FROM appeals WHERE account_id = ?', [accountId]))[0].n) : 0;
    return toPage(rows, size, key, totalCount, appealCursor);
  }

  /** Staff: appeals of one status (all when null), oldest first. */
  async listForReview(status?: AppealStatus | null, first?: number | null, after?: string | null): Promise<Page<Appeal>> {
    const size = pageSize(first);
    const key = cursorKey(after);
    const qb = this.db.getRepository(Appeal).createQueryBuilder('a');
    if (status) qb.where('a.status = :status', { status });
    const totalCount = await qb.clone().getCount();
    if (key) qb.andWhere('(a.created_at > :at OR (a.created_at = :at AND a.id > :id))', key);
    const rows = await qb.orderBy('a.created_at', 'ASC').addOrderBy('a.id', 'ASC').limit(size + 1).getMany();
    return toPage(rows, size, key, totalCount, appealCursor);
  }

  async replyById(id: number): Promise<AppealReply | null> {
    return this.db.getRepository(AppealReply).findOneBy({ id });
  }

  /**
   * An operator's reply: stored, the appeal becomes ANSWERED, the subscriber is told
   * live (APPEAL_REPLIED) and by e-mail. A closed appeal takes no more replies. Audited as appeal.reply.
   */
  async reply(actor: Viewer, appealId: number, rawText: string): Promise<AppealReply> {
    const staffId = actor.kind === 'staff' ? actor.staffId : null;
    const text = checkedText(rawText, REPLY_MAX_LENGTH, 'text', 'ответа');
    const { appeal, reply, subscriberId } = await this.db.transaction(async (tx) => {
      const appeal = await tx.getRepository(Appeal).findOne({ where: { id: appealId }, lock: { mode: 'pessimistic_write' } });
      if (!appeal) throw appealNotFound();
      if (appeal.status === AppealStatus.CLOSED) {
        throw badInput('appealId', 'Обращение закрыто: ответить на него нельзя. Попросите абонента написать новое обращение.');
      }
      const replies = tx.getRepository(AppealReply);
      const { identifiers } = await replies.insert({ appealId, authorRole: AuthorRole.OPERATOR, staffId, text, readAt: null, createdAt: this.clock.now() });
      if (appeal.status !== AppealStatus.ANSWERED) await tx.getRepository(Appeal).update(appealId, { status: AppealStatus.ANSWERED });
      await this.audit.record(tx, {
        actor,
        action: 'appeal.reply',
        entityType: 'appeal',
        entityId: appealId,
        before: { status: appeal.status },
        after: { status: AppealStatus.ANSWERED, replyId: String(identifiers[0].id), text },
      });
      // Signed webhooks: written with the reply, so a reply that rolls back is never announced (webhooks/).
      await emitWebhook(tx, WebhookEvent.APPEAL_REPLIED, appeal.accountId, { appealId: String(appealId), replyId: String(identifiers[0].id) }, this.clock.now());
      const holder = await tx.getRepository(Account).findOne({ where: { id: appeal.accountId }, select: { id: true, subscriberId: true } });
      return { appeal, reply: await replies.findOneByOrFail({ id: identifiers[0].id }), subscriberId: holder?.subscriberId ?? null };
    });

    // Live, to the person who holds the account (nobody while it is not registered).
    if (subscriberId !== null) this.pubSub.publish('APPEAL_REPLIED', subscriberId, { accountId: appeal.accountId, subscriberId, replyId: reply.id });
    await this.mailReply(appeal, reply).catch((e) => log.warn('appeal reply e-mail not queued', { appealId, error: e?.message }));
    return reply;
  }

  /** Staff: closes the appeal (again: no change, nothing audited). Audited as appeal.close. */
  async close(actor: Viewer, appealId: number): Promise<Appeal> {
    await this.db.transaction(async (tx) => {
      const appeal = await tx.getRepository(Appeal).findOne({ where: { id: appealId }, lock: { mode: 'pessimistic_write' } });
      if (!appeal) throw appealNotFound();
      if (appeal.status === AppealStatus.CLOSED) return;
      await tx.getRepository(Appeal).update(appealId, { status: AppealStatus.CLOSED });
      await this.audit.record(tx, { actor, action: 'appeal.close', entityType: 'appeal', entityId: appealId, before: { status: appeal.status }, after: { status: AppealStatus.CLOSED } });
    });
    return this.byId(appealId);
  }

  /** The subscriber saw the replies: every unread operator reply of the account is marked read. */
  async markRead(accountId: number): Promise<number> {
    // A join, not `appeal_id IN (SELECT …)`: MariaDB runs that UPDATE over every reply of every account.
    const result: { affectedRows?: number } = await this.db.query(
      `UPDATE appeal_replies r JOIN appeals a ON a.id = r.appeal_id SET r.read_at = CURRENT_TIMESTAMP(3)
       WHERE a.account_id = ? AND r.author_role = ? AND r.read_at IS NULL`,
      [accountId, AuthorRole.OPERATOR],
    );
    return result.affectedRows ?? 0;
  }

  private async mailReply(appeal: Appeal, reply: AppealReply): Promise<void> {
    const account = await this.db.getRepository(Account).findOneBy({ id: appeal.accountId });
    if (!account?.email) return;
    const name = [account.firstName, account.middleName].filter(Boolean).join(' ');
    await this.mailer.send({
      to: account.email,
      subject: 'Ответ на ваше обращение',
      text: [
        `Здравствуйте, ${name}!`,
        '',
        `На ваше обращение от ${ruDate(localDate(appeal.createdAt))} (лицевой счёт ${account.number}) получен ответ.`,
        '',
        'Ваше обращение:',
        appeal.text,
        '',
        'Ответ оператора:',
        reply.text,
        '',
        'Переписка по обращению сохранена в личном кабинете, в разделе «Виртуальная приёмная».',
        '',
        config().utility.name,
      ].join('\n'),
    });
  }
}
