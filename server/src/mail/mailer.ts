/**
 * Outgoing e-mail. Every message is written to the outbox table first — once there it is not lost —
 * and the caller goes on at once: delivery over SMTP (nodemailer) happens in the background, so a
 * slow or unreachable mail server never holds up a registration or a reply. A failed delivery is
 * retried (startRetrying) up to MAX_ATTEMPTS times. Without SMTP_URL a message stays in the outbox,
 * marked LOGGED, and is written to the log for a developer to read. Messages that carry a secret
 * (a password, a reset link) have their text wiped once delivered or given up on.
 */
import nodemailer, { type Transporter } from 'nodemailer';
import type { DataSource } from 'typeorm';
import { config } from '../config';
import { log } from '../common/logger';
import { OutboxMessage } from './outbox-message.entity';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  /** The text holds a secret: wipe it from the outbox after delivery. */
  sensitive?: boolean;
}

export const MAX_ATTEMPTS = 5;
/** What replaces a secret-carrying text once it is delivered or given up on. */
export const WIPED_TEXT = '[удалено после отправки: письмо содержало пароль или ссылку]';
/**
 * A message never tried this long after it was written was orphaned (the process stopped between
 * writing and sending): the retry loop picks it up.
 */
const ORPHANED_AFTER_MS = 2 * 60_000;

export class Mailer {
  private transport: Transporter | null;
  private retryTimer: NodeJS.Timeout | null = null;
  /** Deliveries under way, by outbox id (so the retry loop does not send one twice). */
  private readonly delivering = new Map<string, Promise<void>>();

  constructor(private readonly db: DataSource, smtpUrl = config().smtpUrl) {
    this.transport = smtpUrl ? nodemailer.createTransport(smtpUrl) : null;
  }

  /**
   * Writes the message to the outbox and starts delivering it; resolves once it is in the outbox.
   * Throws only if the outbox cannot be written (the caller's operation then fails, nothing is lost
   * silently). A failed send is retried later.
   */
  async send(message: MailMessage): Promise<void> {
    const repo = this.db.getRepository(OutboxMessage);
    const row = await repo.save(
      repo.create({ to: message.to, subject: message.subject, text: message.text, sensitive: message.sensitive ?? false, status: 'PENDING' }),
    );
    this.startDelivery(row);
  }

  /** Resolves once every delivery started so far has finished (shutdown, tests). */
  async settled(): Promise<void> {
    while (this.delivering.size) await Promise.allSettled([...this.delivering.values()]);
  }

  private startDelivery(row: OutboxMessage): Promise<void> {
    const running = this.delivering.get(row.id);
    if (running) return running;
    const delivery = this.deliver(row)
      .catch((e: any) => log.error('mail outbox update failed', { outboxId: row.id, error: e?.message }))
      .finally(() => this.delivering.delete(row.id));
    this.delivering.set(row.id, delivery);
    return delivery;
  }

  private async deliver(row: OutboxMessage): Promise<void> {
    const repo = this.db.getRepository(OutboxMessage);
    if (!this.transport) {
      // Development without SMTP: the message is for the developer's eyes, in the log — except
      // one that carries a password or a link: secrets never reach the log; it is read in the table.
      log.info('mail (SMTP_URL not set, not sent)', {
        to: row.to,
        subject: row.subject,
        ...(row.sensitive ? { outboxId: row.id, body: '[carries a password or a link: read it in the mail_outbox table]' } : { body: row.text }),
      });
      await repo.update(row.id, { status: 'LOGGED' });
      return;
    }
    const attempts = row.attempts + 1;
    try {
      await this.transport.sendMail({ from: config().mailFrom, to: row.to, subject: row.subject, text: row.text });
      await repo.update(row.id, { status: 'SENT', sentAt: new Date(), attempts, ...(row.sensitive ? { text: WIPED_TEXT } : {}) });
    } catch (e: any) {
      const givenUp = attempts >= MAX_ATTEMPTS;
      log.warn(givenUp ? 'mail delivery failed, given up' : 'mail delivery failed, will retry', { to: row.to, subject: row.subject, attempts, error: e?.message });
      await repo.update(row.id, {
        status: givenUp ? 'FAILED' : 'PENDING',
        attempts,
        lastError: String(e?.message).slice(0, 500),
        ...(givenUp && row.sensitive ? { text: WIPED_TEXT } : {}),
      });
    }
  }

  /** Retries undelivered messages every interval until stop(). */
  startRetrying(intervalMs = 60_000): void {
    if (!this.transport || this.retryTimer) return;
    this.retryTimer = setInterval(() => void this.retryPending().catch((e) => log.warn('mail retry failed', { error: e?.message })), intervalMs);
    this.retryTimer.unref();
  }

  /** One retry round: messages that failed before, and ones never tried (orphaned); returns how many were tried. */
  async retryPending(now = new Date()): Promise<number> {
    const pending = await this.db
      .getRepository(OutboxMessage)
      .createQueryBuilder('m')
      .where('m.status = :status', { status: 'PENDING' })
      .andWhere('(m.attempts > 0 OR m.createdAt < :orphaned)', { orphaned: new Date(now.getTime() - ORPHANED_AFTER_MS) })
      .orderBy('m.id')
      .limit(50)
      .getMany();
    const fresh = pending.filter((row) => !this.delivering.has(row.id));
    for (const row of fresh) await this.startDelivery(row);
    return fresh.length;
  }

  /** Stops retrying; lets deliveries under way finish (up to `graceMs`), then closes the SMTP connections. */
  async stop(graceMs = 5_000): Promise<void> {
    if (this.retryTimer) clearInterval(this.retryTimer);
    this.retryTimer = null;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.settled(), new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs)))]);
    clearTimeout(timer);
    this.transport?.close();
  }
}
