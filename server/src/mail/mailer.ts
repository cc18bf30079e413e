/**
 * Outgoing e-mail. Every message is written to the outbox table first, then sent
 * over SMTP (nodemailer). Without SMTP_URL it stays in the outbox, marked LOGGED,
 * and is written to the log, so a developer can read it. Messages that carry a
 * secret (a password, a reset link) have their text wiped once delivered.
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

const MAX_ATTEMPTS = 5;

export class Mailer {
  private transport: Transporter | null;
  private retryTimer: NodeJS.Timeout | null = null;

  constructor(private readonly db: DataSource, smtpUrl = config().smtpUrl) {
    this.transport = smtpUrl ? nodemailer.createTransport(smtpUrl) : null;
  }

  /** Queues and tries to deliver a message now. Never throws: a failed send is retried later. */
  async send(message: MailMessage): Promise<void> {
    const repo = this.db.getRepository(OutboxMessage);
    const row = await repo.save(repo.create({ to: message.to, subject: message.subject, text: message.text, status: 'PENDING' }));
    await this.deliver(row, message.sensitive ?? false);
  }

  private async deliver(row: OutboxMessage, sensitive: boolean): Promise<void> {
    const repo = this.db.getRepository(OutboxMessage);
    if (!this.transport) {
      // Development without SMTP: the message is for the developer's eyes, in the log — except
      // one that carries a password or a link: secrets never reach the log; it is read in the table.
      log.info('mail (SMTP_URL not set, not sent)', {
        to: row.to,
        subject: row.subject,
        ...(sensitive ? { outboxId: row.id, body: '[carries a password or a link: read it in the mail_outbox table]' } : { body: row.text }),
      });
      await repo.update(row.id, { status: 'LOGGED' });
      return;
    }
    try {
      await this.transport.sendMail({ from: config().mailFrom, to: row.to, subject: row.subject, text: row.text });
      await repo.update(row.id, {
        status: 'SENT',
        sentAt: new Date(),
        attempts: row.attempts + 1,
        ...(sensitive ? { text: '[удалено после отправки: письмо содержало пароль или ссылку]' } : {}),
      });
    } catch (e: any) {
      const attempts = row.attempts + 1;
      log.warn('mail delivery failed', { to: row.to, subject: row.subject, attempts, error: e?.message });
      await repo.update(row.id, { status: attempts >= MAX_ATTEMPTS ? 'FAILED' : 'PENDING', attempts, lastError: String(e?.message).slice(0, 500) });
    }
  }

  /** Retries undelivered messages every interval until stop(). */
  startRetrying(intervalMs = 60_000): void {
    if (!this.transport || this.retryTimer) return;
    this.retryTimer = setInterval(() => void this.retryPending(), intervalMs);
    this.retryTimer.unref();
  }

  async retryPending(): Promise<void> {
    const pending = await this.db
      .getRepository(OutboxMessage)
      .createQueryBuilder('m')
      .where('m.status = :status AND m.attempts > 0', { status: 'PENDING' })
      .orderBy('m.id')
      .limit(50)
      .getMany();
    for (const row of pending) await this.deliver(row, false);
  }

  stop(): void {
    if (this.retryTimer) clearInterval(this.retryTimer);
    this.retryTimer = null;
    this.transport?.close();
  }
}
