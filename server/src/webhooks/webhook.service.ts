/**
 * Signed webhooks (docs/WEBHOOKS.md): the callers' endpoints, and the dispatcher that delivers the outbox
 * (webhook-outbox.ts) in the background.
 *
 * Endpoints belong to the caller: a subscriber's receive its own account's events, a staff member's every
 * account's events of the kinds it may receive (webhook-event.ts: sessions may receive all, API tokens by their
 * scopes). The token an endpoint was created with is remembered: once it is revoked or expired, nothing more is
 * delivered there. At most MAX_ENDPOINTS per owner. The URL is checked at creation and at every delivery
 * (address-guard.ts); the signing secret is shown once and kept encrypted (secret-box.ts).
 *
 * The dispatcher (startDispatching; dispatchDue in tests) claims due deliveries in a short transaction —
 * SELECT … FOR UPDATE SKIP LOCKED, then a lease (next_attempt_at moved forward) and a claim id — so that API
 * instances sharing the database never send one delivery twice at once, and a delivery whose dispatcher died is
 * picked up again when its lease lapses. Each attempt: POST with the signature headers, WEBHOOK_TIMEOUT_MS, no
 * redirects; 2xx is delivered, anything else is retried after 30 s, 1, 2, 4 … minutes (at most an hour, plus
 * jitter) up to WEBHOOK_MAX_ATTEMPTS. When a delivery is given up and the endpoint has not succeeded since
 * (that many failed attempts in a row), the endpoint is switched off and its owner is told by e-mail.
 */
import { randomUUID } from 'node:crypto';
import { IsNull, type DataSource } from 'typeorm';
import { Account } from '../accounts/account.entity';
import { effectiveScopes, missingScope } from '../auth/access';
import type { Viewer } from '../auth/viewer';
import { ruDate, localDate } from '../common/calendar';
import { Clock } from '../common/clock';
import { ApiScope, WebhookEvent } from '../common/enums';
import { log } from '../common/logger';
import { decodeCursor, encodeCursor, pageSize, toPage, type Page } from '../common/pagination';
import { config } from '../config';
import { AppError, ErrorCode, badInput, forbidden, unauthenticated } from '../errors';
import type { Mailer } from '../mail/mailer';
import { withDeadlockRetry } from '../db/errors';
import { AddressRefused, checkWebhookUrlForm, resolveVetted } from './address-guard';
import { WebhookEndpoint } from './webhook-endpoint.entity';
import { WEBHOOK_EVENT_SCOPES, WEBHOOK_EVENTS } from './webhook-event';
import { newWebhookSecret, openSecret, sealSecret, webhookSignature } from './secret-box';
import { postWebhook, type AttemptResult } from './webhook-sender';
import type { WebhookDeliveryNode } from './webhook.types';

/** Live (not deleted) endpoints one owner may have. */
export const MAX_ENDPOINTS = 10;
/** Deliveries claimed at once by one dispatcher (sent in parallel). */
const CLAIM_BATCH = 20;
/** How long a claim holds a delivery beyond the attempt's own time limit. */
const LEASE_MS = 30_000;
/** First retry after this; doubled each time, at most RETRY_MAX_MS, plus up to 10 % jitter. */
const RETRY_BASE_MS = 30_000;
const RETRY_MAX_MS = 3_600_000;
export const USER_AGENT = 'Kabinet-Webhooks/1.0';

export const webhookEndpointNotFound = () =>
  new AppError(ErrorCode.NOT_FOUND, 'Адрес для уведомлений (webhook) не найден: возможно, он уже удалён. Обновите список адресов.');

/** The delay before attempt `attempts + 1`, after `attempts` failed ones: 30 s, 1, 2, 4 … min, at most 1 h, plus jitter. */
export function retryDelayMs(attempts: number, random = Math.random()): number {
  const base = Math.min(RETRY_BASE_MS * 2 ** Math.max(0, attempts - 1), RETRY_MAX_MS);
  return Math.round(base * (1 + 0.1 * random));
}

interface Owner {
  accountId: number | null;
  staffId: number | null;
}

function ownerOf(viewer: Viewer): Owner {
  if (viewer.kind === 'anonymous') throw unauthenticated();
  return viewer.kind === 'subscriber' ? { accountId: viewer.accountId, staffId: null } : { accountId: null, staffId: viewer.staffId };
}

/** The scopes a caller lacks to receive `event` (FORBIDDEN's requiredScopes), or null when it may. Sessions may receive every kind. */
export function scopesLackedFor(viewer: Viewer, event: WebhookEvent): ApiScope[] | null {
  if (viewer.kind === 'anonymous') return null;
  if (viewer.via === 'session') return null;
  const needed = viewer.kind === 'staff' ? WEBHOOK_EVENT_SCOPES[event].staff : WEBHOOK_EVENT_SCOPES[event].subscriber;
  const powers = effectiveScopes(viewer);
  if (needed.some((s) => powers.has(s))) return null;
  return viewer.kind === 'staff' ? [...needed, ApiScope.OPERATOR] : [...needed];
}

/**
 * Whether the caller manages this (its owner's) endpoint: a session every one; an API token those it could have
 * created — every kind the endpoint receives allowed by its scopes — so a meter gateway's READINGS_WRITE token
 * neither sees nor deletes its owner's payment webhooks.
 */
export function canManage(viewer: Viewer, endpoint: Pick<WebhookEndpoint, 'events'>): boolean {
  return endpoint.events.every((event) => scopesLackedFor(viewer, event) === null);
}

/** What a claimed delivery needs to be sent. */
interface ClaimedRow {
  id: string;
  attempts: number;
  event_id: string;
  payload: string;
  endpoint_id: number;
  url: string;
  secret_ciphertext: string;
  account_id: number | null;
  staff_id: number | null;
  disabled_at: Date | null;
  deleted_at: Date | null;
  api_token_id: number | null;
  revoked_at: Date | null;
  expires_at: Date | null;
  staff_active: number | null;
}

export class WebhookService {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;

  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock = new Clock(),
    private readonly mailer: Mailer | null = null,
  ) {}

  /** Creates an endpoint for the caller; the secret is in the answer only. */
  async create(viewer: Viewer, rawUrl: string, rawEvents: readonly string[]): Promise<{ secret: string; endpoint: WebhookEndpoint }> {
    const owner = ownerOf(viewer);
    const wanted = new Set(rawEvents ?? []);
    for (const e of wanted) if (!WEBHOOK_EVENTS.includes(e as WebhookEvent)) throw badInput('events', `Неизвестное событие ${e}.`);
    if (!wanted.size) throw badInput('events', 'Выберите хотя бы одно событие, о котором сообщать.');
    const events = WEBHOOK_EVENTS.filter((e) => wanted.has(e));
    for (const event of events) {
      const lacked = scopesLackedFor(viewer, event);
      if (lacked) throw missingScope(lacked);
    }
    const allowPrivate = config().webhooks.allowPrivate;
    let url: URL;
    try {
      const checked = checkWebhookUrlForm(rawUrl, allowPrivate);
      await resolveVetted(checked.host, allowPrivate);
      url = checked.url;
    } catch (e) {
      if (e instanceof AddressRefused) throw badInput('url', e.message);
      throw e;
    }
    const secret = newWebhookSecret();
    const apiTokenId = viewer.kind !== 'anonymous' && viewer.via === 'token' ? viewer.tokenId ?? null : null;
    const endpoint = await this.db.transaction(async (tx) => {
      // The owner's row is locked so that concurrent requests cannot pass the limit together.
      const [found] = owner.accountId !== null
        ? await tx.query('SELECT id FROM accounts WHERE id = ? FOR UPDATE', [owner.accountId])
        : await tx.query('SELECT id FROM staff WHERE id = ? FOR UPDATE', [owner.staffId]);
      if (!found) throw unauthenticated();
      const repo = tx.getRepository(WebhookEndpoint);
      const live = await repo.count({
        where: owner.accountId !== null ? { accountId: owner.accountId, deletedAt: IsNull() } : { staffId: owner.staffId!, deletedAt: IsNull() },
      });
      if (live >= MAX_ENDPOINTS) {
        throw forbidden(`Адресов для уведомлений (webhook) может быть не больше ${MAX_ENDPOINTS}. Удалите ненужный адрес (deleteWebhookEndpoint) и повторите.`);
      }
      const { identifiers } = await repo.insert({
        accountId: owner.accountId,
        staffId: owner.staffId,
        apiTokenId,
        url: url.href,
        events,
        secretCiphertext: sealSecret(secret),
        disabledAt: null,
        deletedAt: null,
        consecutiveFailures: 0,
      });
      return repo.findOneByOrFail({ id: identifiers[0].id });
    });
    log.info('webhook endpoint created', { endpointId: endpoint.id, host: url.host, events, accountId: owner.accountId, staffId: owner.staffId, apiTokenId });
    return { secret, endpoint };
  }

  /** The caller's endpoints (not deleted, and for an API token those it manages: canManage), newest first. */
  async list(viewer: Viewer): Promise<WebhookEndpoint[]> {
    const owner = ownerOf(viewer);
    const rows = await this.db
      .getRepository(WebhookEndpoint)
      .createQueryBuilder('e')
      .where(owner.accountId !== null ? 'e.account_id = :id' : 'e.staff_id = :id', { id: owner.accountId ?? owner.staffId })
      .andWhere('e.deleted_at IS NULL')
      .orderBy('e.id', 'DESC')
      .getMany();
    return rows.filter((e) => canManage(viewer, e));
  }

  /** Deletes one of the caller's endpoints (canManage): nothing more is sent there. Another's id is NOT_FOUND, as a missing one. */
  async delete(viewer: Viewer, rawId: string | number): Promise<boolean> {
    const owner = ownerOf(viewer);
    const text = String(rawId ?? '').trim();
    if (!/^\d{1,10}$/.test(text)) throw webhookEndpointNotFound();
    const id = Number(text);
    const now = this.clock.now();
    await this.db.transaction(async (tx) => {
      const endpoint = await tx.getRepository(WebhookEndpoint).findOne({
        where: owner.accountId !== null ? { id, accountId: owner.accountId, deletedAt: IsNull() } : { id, staffId: owner.staffId!, deletedAt: IsNull() },
        lock: { mode: 'pessimistic_write' },
      });
      if (!endpoint || !canManage(viewer, endpoint)) throw webhookEndpointNotFound();
      await tx.getRepository(WebhookEndpoint).update(id, { deletedAt: now });
      await tx.query(
        'UPDATE webhook_deliveries SET next_attempt_at = NULL, given_up_at = ?, last_error = COALESCE(last_error, ?) WHERE endpoint_id = ? AND next_attempt_at IS NOT NULL',
        [now, 'адрес удалён', id],
      );
    });
    return true;
  }

  /** An endpoint's deliveries, newest first (cursor: the delivery's id). */
  async deliveries(endpointId: number, first?: number | null, after?: string | null): Promise<Page<WebhookDeliveryNode>> {
    const size = pageSize(first);
    const cursor = decodeCursor(after, 1);
    if (cursor && !/^\d{1,20}$/.test(String(cursor[0]))) throw badInput('after', 'Неверный курсор страницы: используйте endCursor из предыдущего ответа.');
    const [{ n }] = await this.db.query('SELECT COUNT(*) AS n FROM webhook_deliveries WHERE endpoint_id = ?', [endpointId]);
    const rows: Record<string, any>[] = await this.db.query(
      `SELECT d.id, d.event_id, ev.type, d.attempts, d.last_status, d.last_error, d.last_attempt_at, d.delivered_at, d.next_attempt_at, d.given_up_at, d.created_at
         FROM webhook_deliveries d JOIN webhook_events ev ON ev.id = d.event_id
        WHERE d.endpoint_id = ?${cursor ? ' AND d.id < ?' : ''}
        ORDER BY d.id DESC LIMIT ?`,
      [endpointId, ...(cursor ? [String(cursor[0])] : []), size + 1],
    );
    const nodes: WebhookDeliveryNode[] = rows.map((r) => ({
      id: String(r.id),
      eventId: r.event_id,
      event: r.type,
      attempts: Number(r.attempts),
      lastStatus: r.last_status === null ? null : Number(r.last_status),
      lastError: r.last_error,
      lastAttemptAt: r.last_attempt_at,
      deliveredAt: r.delivered_at,
      nextAttemptAt: r.next_attempt_at,
      givenUpAt: r.given_up_at,
      createdAt: r.created_at,
    }));
    return toPage(nodes, size, after, Number(n), (d) => encodeCursor([d.id]));
  }

  // ── The dispatcher ────────────────────────────────────────────────────────────────────────────────────

  /** Delivers what is due, every `intervalMs`, until stop(). Started by main.ts, like the mail outbox's retries. */
  startDispatching(intervalMs = 2000): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = this.dispatchDue()
        .catch((e) => log.warn('webhook dispatch failed', { error: e?.message }))
        .finally(() => (this.running = null));
    }, intervalMs);
    this.timer.unref();
  }

  /** Stops dispatching; lets attempts under way finish (up to `graceMs`). */
  async stop(graceMs = 10_000): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.running, new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs)))]);
    clearTimeout(timer);
  }

  /**
   * Sends every delivery due at `now` (the services' clock by default; tests pass a later time to reach the
   * retries), a claimed batch at a time; returns the attempts made.
   */
  async dispatchDue(now?: Date): Promise<number> {
    let attempts = 0;
    for (let round = 0; round < 50; round++) {
      const at = now ?? this.clock.now();
      const claimId = randomUUID();
      const ids = await this.claim(at, claimId);
      if (!ids.length) break;
      const rows: ClaimedRow[] = await this.db.query(
        `SELECT d.id, d.attempts, d.event_id, ev.payload, e.id AS endpoint_id, e.url, e.secret_ciphertext, e.account_id, e.staff_id,
                e.disabled_at, e.deleted_at, e.api_token_id, t.revoked_at, t.expires_at, s.active AS staff_active
           FROM webhook_deliveries d
           JOIN webhook_events ev ON ev.id = d.event_id
           JOIN webhook_endpoints e ON e.id = d.endpoint_id
           LEFT JOIN api_tokens t ON t.id = e.api_token_id
           LEFT JOIN staff s ON s.id = e.staff_id
          WHERE d.id IN (?) AND d.claimed_by = ?`,
        [ids, claimId],
      );
      const results = await Promise.all(rows.map((row) => this.attempt(row, at, claimId).catch((e) => {
        log.error('webhook attempt not recorded', { deliveryId: row.id, error: e?.message });
        return false;
      })));
      attempts += results.filter(Boolean).length;
    }
    return attempts;
  }

  /** Claims up to CLAIM_BATCH due deliveries for this dispatcher: rows another one holds are skipped, not waited for. */
  private claim(at: Date, claimId: string): Promise<string[]> {
    const lease = new Date(at.getTime() + LEASE_MS + config().webhooks.timeoutMs);
    // READ COMMITTED: the locking read takes the rows' locks only, no gap locks, so two dispatchers' claims (and the
    // lease they write into the same index) never block each other; SKIP LOCKED passes over what the other holds.
    return withDeadlockRetry(() => this.db.transaction('READ COMMITTED', async (tx) => {
      const rows: { id: string }[] = await tx.query(
        'SELECT id FROM webhook_deliveries WHERE next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ? FOR UPDATE SKIP LOCKED',
        [at, CLAIM_BATCH],
      );
      if (!rows.length) return [];
      const ids = rows.map((r) => String(r.id));
      await tx.query('UPDATE webhook_deliveries SET next_attempt_at = ?, claimed_by = ? WHERE id IN (?)', [lease, claimId, ids]);
      return ids;
    }));
  }

  /** Why nothing more is sent to this endpoint (deleted, switched off, its token revoked or expired, its staff member off), or null. */
  private deadReason(row: ClaimedRow): string | null {
    if (row.deleted_at) return 'адрес удалён';
    if (row.disabled_at) return 'адрес отключён после повторных ошибок';
    if (row.api_token_id !== null) {
      if (row.revoked_at) return 'API-токен, которым создан адрес, отозван';
      if (row.expires_at && new Date(row.expires_at).getTime() <= Date.now()) return 'срок действия API-токена, которым создан адрес, истёк';
    }
    if (row.staff_id !== null && !Number(row.staff_active)) return 'учётная запись сотрудника отключена';
    return null;
  }

  /** One attempt of a claimed delivery, recorded; true when an attempt was made (not dropped). */
  private async attempt(row: ClaimedRow, at: Date, claimId: string): Promise<boolean> {
    const dead = this.deadReason(row);
    if (dead) {
      await this.db.query(
        'UPDATE webhook_deliveries SET next_attempt_at = NULL, given_up_at = ?, last_error = COALESCE(last_error, ?), claimed_by = NULL WHERE id = ? AND claimed_by = ?',
        [at, dead, row.id, claimId],
      );
      return false;
    }
    const result = await this.send(row);
    await this.record(row, result, at, claimId);
    return true;
  }

  private async send(row: ClaimedRow): Promise<AttemptResult> {
    const cfg = config().webhooks;
    let secret: string;
    try {
      secret = openSecret(row.secret_ciphertext);
    } catch (e: any) {
      log.error('webhook secret cannot be decrypted (was WEBHOOK_SECRET_KEY changed?)', { endpointId: row.endpoint_id, error: e?.message });
      return { status: null, error: 'секрет подписи не расшифровывается ключом WEBHOOK_SECRET_KEY' };
    }
    const started = Date.now();
    try {
      // The address is checked again now, after resolving DNS, and the connection is pinned to it.
      const { url, host } = checkWebhookUrlForm(row.url, cfg.allowPrivate);
      const vetted = await resolveVetted(host, cfg.allowPrivate, cfg.timeoutMs);
      const timestamp = Math.floor(Date.now() / 1000);
      const headers = {
        'content-type': 'application/json',
        'user-agent': USER_AGENT,
        'kabinet-webhook-id': row.event_id,
        'kabinet-webhook-timestamp': String(timestamp),
        'kabinet-signature': webhookSignature(secret, timestamp, row.payload),
      };
      return await postWebhook(url, vetted, row.payload, headers, Math.max(100, cfg.timeoutMs - (Date.now() - started)));
    } catch (e) {
      if (e instanceof AddressRefused) return { status: null, error: e.message };
      throw e;
    }
  }

  /** Records an attempt's outcome (only while this dispatcher still holds the claim) and switches the endpoint off when it keeps failing. */
  private async record(row: ClaimedRow, result: AttemptResult, at: Date, claimId: string): Promise<void> {
    const maxAttempts = config().webhooks.maxAttempts;
    const attempts = Number(row.attempts) + 1;
    const delivered = result.error === null;
    const givenUp = !delivered && attempts >= maxAttempts;
    // Retried on a deadlock with a business transaction writing to the same endpoint (safe: the claim guards it).
    const disabled = await withDeadlockRetry(() => this.db.transaction(async (tx) => {
      const updated: { affectedRows?: number } = await tx.query(
        `UPDATE webhook_deliveries SET attempts = ?, last_status = ?, last_error = ?, last_attempt_at = ?, delivered_at = ?, given_up_at = ?,
                next_attempt_at = ?, claimed_by = NULL
          WHERE id = ? AND claimed_by = ?`,
        [
          attempts,
          result.status,
          result.error === null ? null : result.error.slice(0, 500),
          at,
          delivered ? at : null,
          givenUp ? at : null,
          delivered || givenUp ? null : new Date(at.getTime() + retryDelayMs(attempts)),
          row.id,
          claimId,
        ],
      );
      // The claim lapsed and another dispatcher took the delivery: its outcome is the one recorded.
      if (!updated.affectedRows) return false;
      if (delivered) {
        await tx.query('UPDATE webhook_endpoints SET consecutive_failures = 0 WHERE id = ? AND consecutive_failures <> 0', [row.endpoint_id]);
        return false;
      }
      await tx.query('UPDATE webhook_endpoints SET consecutive_failures = consecutive_failures + 1 WHERE id = ?', [row.endpoint_id]);
      if (!givenUp) return false;
      // Given up, and nothing delivered there since (at least as many failures in a row as one delivery's attempts): off.
      const switched: { affectedRows?: number } = await tx.query(
        'UPDATE webhook_endpoints SET disabled_at = ? WHERE id = ? AND disabled_at IS NULL AND consecutive_failures >= ?',
        [at, row.endpoint_id, maxAttempts],
      );
      if (!switched.affectedRows) return false;
      await tx.query(
        'UPDATE webhook_deliveries SET next_attempt_at = NULL, given_up_at = ?, last_error = COALESCE(last_error, ?) WHERE endpoint_id = ? AND next_attempt_at IS NOT NULL',
        [at, 'адрес отключён после повторных ошибок', row.endpoint_id],
      );
      return true;
    }));
    if (!delivered) {
      (givenUp ? log.warn : log.debug)(givenUp ? 'webhook delivery given up' : 'webhook delivery failed, will retry', {
        deliveryId: row.id, endpointId: row.endpoint_id, attempts, status: result.status, error: result.error,
      });
    }
    if (disabled) await this.notifyDisabled(row, result, at);
  }

  /** The owner of an endpoint just switched off is told by e-mail (a subscriber: the account's e-mail; staff have none). */
  private async notifyDisabled(row: ClaimedRow, result: AttemptResult, at: Date): Promise<void> {
    log.warn('webhook endpoint switched off after repeated failures', { endpointId: row.endpoint_id, accountId: row.account_id, staffId: row.staff_id });
    if (row.account_id === null) {
      log.warn('webhook endpoint switched off: its owner is a staff member, who has no e-mail address here', { endpointId: row.endpoint_id, staffId: row.staff_id });
      return;
    }
    const account = await this.db.getRepository(Account).findOneBy({ id: row.account_id });
    if (!account?.email || !this.mailer) return;
    const name = [account.firstName, account.middleName].filter(Boolean).join(' ');
    await this.mailer
      .send({
        to: account.email,
        subject: 'Уведомления (webhook) отключены',
        text: [
          `Здравствуйте, ${name}!`,
          '',
          `${ruDate(localDate(at))} отключён адрес для уведомлений (webhook) лицевого счёта ${account.number}:`,
          row.url,
          '',
          `Уведомления на него не доставлялись: ${config().webhooks.maxAttempts} попыток подряд закончились ошибкой.`,
          `Последняя ошибка: ${result.error ?? 'нет ответа'}.`,
          '',
          'Новые уведомления на этот адрес не отправляются. Когда адрес снова будет принимать запросы, удалите его',
          'и добавьте заново (createWebhookEndpoint) — вы получите новый секрет подписи.',
          '',
          'Если вы не подключали уведомления, удалите адрес и смените пароль личного кабинета.',
          '',
          config().utility.name,
        ].join('\n'),
      })
      .catch((e) => log.warn('webhook switched-off e-mail not queued', { endpointId: row.endpoint_id, error: e?.message }));
  }
}
