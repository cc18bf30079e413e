/**
 * The daily job that e-mails subscribers whose meter verification ends soon:
 * from 60 days before verificationDueOn, once per meter and threshold
 * (60, 30 and 7 days before, and on expiry).
 */
import type { DataSource } from 'typeorm';
import { config } from '../config';
import { addDays, daysBetween, ruDate } from '../common/calendar';
import { log } from '../common/logger';
import type { Mailer } from '../mail/mailer';

export const WARNING_THRESHOLDS = [60, 30, 7, 0] as const;

/** The smallest threshold the days left fall under (0 = expired), or null beyond 60 days. */
export function thresholdFor(daysLeft: number): number | null {
  let hit: number | null = null;
  for (const t of WARNING_THRESHOLDS) if (daysLeft <= t) hit = t;
  return hit;
}

export async function sendVerificationWarnings(db: DataSource, mailer: Mailer, today: string): Promise<number> {
  const horizon = addDays(today, WARNING_THRESHOLDS[0]);
  const rows: { meter_id: number; title: string; serial_number: string; due: string; email: string | null; number: string; sent: string | null }[] =
    await db.query(
      `SELECT m.id AS meter_id, m.title, m.serial_number, DATE_FORMAT(m.verification_due_on, '%Y-%m-%d') AS due, a.email, a.number,
              (SELECT GROUP_CONCAT(n.threshold_days) FROM meter_verification_notices n WHERE n.meter_id = m.id) AS sent
         FROM meters m JOIN accounts a ON a.id = m.account_id
        WHERE m.verification_due_on <= ? AND a.registered_at IS NOT NULL AND a.email IS NOT NULL`,
      [horizon],
    );
  let sent = 0;
  for (const row of rows) {
    const daysLeft = daysBetween(today, row.due);
    const threshold = thresholdFor(daysLeft);
    if (threshold === null) continue;
    const already = new Set((row.sent ?? '').split(',').filter(Boolean).map(Number));
    if ([...already].some((t) => t <= threshold)) continue;
    // The unique (meter, threshold) row is the "once": a concurrent run inserts nothing and sends nothing.
    const result = await db.query('INSERT IGNORE INTO meter_verification_notices (meter_id, threshold_days) VALUES (?, ?)', [row.meter_id, threshold]);
    if (!result.affectedRows) continue;
    const expired = daysLeft < 0 || threshold === 0;
    await mailer.send({
      to: row.email!,
      subject: expired ? 'Истёк срок поверки прибора учёта' : 'Скоро истекает срок поверки прибора учёта',
      text: [
        'Здравствуйте!',
        '',
        expired
          ? `Срок поверки прибора «${row.title}» (зав. № ${row.serial_number}) по лицевому счёту ${row.number} истёк ${ruDate(row.due)}. Показания по нему больше не принимаются, начисления будут производиться по среднему, а затем по нормативу.`
          : `Срок поверки прибора «${row.title}» (зав. № ${row.serial_number}) по лицевому счёту ${row.number} заканчивается ${ruDate(row.due)} (через ${daysLeft} дн.).`,
        'Чтобы продолжать передавать показания, закажите поверку или замену прибора и передайте свидетельство о поверке в водоканал.',
        '',
        `Личный кабинет: ${config().webUrl}/meters`,
      ].join('\n'),
    });
    sent++;
  }
  if (sent) log.info('verification warnings sent', { sent });
  return sent;
}

/** Runs the job now and then every few hours (it is idempotent); returns a stop function. */
export function scheduleVerificationWarnings(db: DataSource, mailer: Mailer, today: () => string, everyMs = 6 * 3600_000): () => void {
  const run = () => sendVerificationWarnings(db, mailer, today()).catch((e) => log.warn('verification warnings failed', { error: e }));
  void run();
  const timer = setInterval(run, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
