/**
 * Meter readings: the rules of ../shared/DOMAIN.md «Meters and readings».
 * Submissions are all-or-nothing; within a period the last one counts and earlier
 * ones become SUPERSEDED (kept); operators accept or reject what is PENDING.
 */
import type { DataSource, EntityManager } from 'typeorm';
import { In } from 'typeorm';
import { Account } from '../accounts/account.entity';
import { AuditService } from '../audit/audit.service';
import type { Viewer } from '../auth/viewer';
import { config } from '../config';
import type { Clock } from '../common/clock';
import { localDate, ruDate } from '../common/calendar';
import { ReadingSource, ReadingStatus, WebhookEvent } from '../common/enums';
import { decodeCursor, encodeCursor, pageSize, toPage, type Page } from '../common/pagination';
import { AppError, ErrorCode, badInput } from '../errors';
import type { Mailer } from '../mail/mailer';
import { fromLitres, normalizeVolume, parseDecimal, toLitres } from '../money';
import { formatVolume } from '../documents/ru-format';
import { Meter } from './meter.entity';
import { Reading } from './reading.entity';
import { readingsWindowAt } from './readings-window';
import { emitWebhook } from '../webhooks/webhook-outbox';

export interface ReadingSubmission {
  meterId: string;
  value: string;
}

export const MAX_READINGS_PER_CALL = 20;

export interface SubmitOptions {
  /** The subscriber confirmed a consumption far above the usual (or a counter roll-over): send it anyway. */
  confirmUnusual?: boolean;
}

/** What an unusual reading looks like to the one who must confirm it. */
export interface UnusualReading {
  meterId: string;
  title: string;
  value: string;
  consumption: string;
  rollover: boolean;
}

/** A meter counts 5 integer digits: after 99 999,999 m³ it starts again from 0. */
const CAPACITY_LITRES = 100_000_000n;

export class ReadingService {
  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly mailer: Mailer,
    private readonly audit: AuditService = new AuditService(db),
  ) {}

  currentPeriod(): string {
    return localDate(this.clock.now()).slice(0, 7);
  }

  today(): string {
    return localDate(this.clock.now());
  }

  /**
   * Stores every reading of the call, or none. `accountId` is the subscriber's own
   * account (meters of other accounts are NOT_FOUND); null for operators, who may
   * submit for any meter and outside the window. A reading below the previous one is a
   * roll-over of the counter when the turn is plausible (METER_ROLLOVER_MAX_M3), else refused.
   * On the site, a consumption above HIGH_CONSUMPTION_M3 or a roll-over is sent only once the
   * subscriber confirms it (CONFIRMATION_REQUIRED lists them); through the API it is flagged.
   */
  /** `accountIds`: the accounts whose meters the caller may write to (a person's, #15); null for operators (any meter). */
  async submit(accountIds: readonly number[] | null, submissions: ReadingSubmission[], source: ReadingSource, options: SubmitOptions = {}): Promise<Reading[]> {
    if (!Array.isArray(submissions) || submissions.length === 0) throw badInput('readings', 'Передайте показания хотя бы одного прибора учёта.');
    if (submissions.length > MAX_READINGS_PER_CALL) throw badInput('readings', `За один раз — не больше ${MAX_READINGS_PER_CALL} показаний.`);
    const parsed = submissions.map((s, i) => ({ index: i, meterId: parseMeterId(s.meterId, i), litres: parseMeterValue(s.value, `readings.${i}.value`) }));
    const seen = new Set<number>();
    for (const p of parsed) {
      if (seen.has(p.meterId)) throw badInput(`readings.${p.index}.meterId`, 'Показания одного прибора переданы дважды.');
      seen.add(p.meterId);
    }
    const now = this.clock.now();
    if (source !== ReadingSource.OPERATOR) {
      const window = readingsWindowAt(now);
      if (!window.isOpen) {
        throw new AppError(
          ErrorCode.READINGS_WINDOW_CLOSED,
          `Показания принимаются с ${window.from} по ${window.to} число месяца. Следующий приём откроется ${ruDate(window.opensOn)}.`,
          { opensOn: window.opensOn, closesOn: window.closesOn },
        );
      }
    }
    const period = localDate(now).slice(0, 7);
    const today = localDate(now);
    const high = toLitres(config().highConsumptionM3);
    const rolloverMax = toLitres(config().meterRolloverMaxM3);

    return this.db.transaction(async (tx) => {
      // Lock the meters (in id order, so concurrent calls cannot deadlock): one submission per meter at a time.
      const ids = parsed.map((p) => p.meterId).sort((a, b) => a - b);
      const meters = await tx.getRepository(Meter).find({ where: { id: In(ids) }, order: { id: 'ASC' }, lock: { mode: 'pessimistic_write' } });
      const byId = new Map(meters.map((m) => [m.id, m]));
      const baseline = await previousAcceptedValues(tx, ids, period);
      const rows: Partial<Reading>[] = [];
      const unusual: UnusualReading[] = [];
      for (const p of parsed) {
        const meter = byId.get(p.meterId);
        if (!meter || (accountIds !== null && !accountIds.includes(meter.accountId))) {
          throw new AppError(ErrorCode.NOT_FOUND, 'Прибор учёта не найден на ваших лицевых счетах.', { field: `readings.${p.index}.meterId` });
        }
        checkInService(meter, today, p.index);
        const previous = baseline.get(meter.id) ?? toLitres(normalizeVolume(meter.initialValue));
        let consumption = p.litres - previous;
        const rollover = consumption < 0n && CAPACITY_LITRES + consumption <= rolloverMax;
        if (rollover) consumption += CAPACITY_LITRES;
        if (consumption < 0n) {
          throw new AppError(
            ErrorCode.READING_BELOW_PREVIOUS,
            `Показание ${fromLitres(p.litres)} меньше предыдущего принятого (${fromLitres(previous)}) по прибору «${meter.title}». Проверьте цифры; если прибор заменён, обратитесь в виртуальную приёмную.`,
            { field: `readings.${p.index}.value`, previousValue: fromLitres(previous) },
          );
        }
        const flagged = consumption > high || rollover;
        if (flagged) unusual.push({ meterId: String(meter.id), title: meter.title, value: fromLitres(p.litres), consumption: fromLitres(consumption), rollover });
        rows.push({
          meterId: meter.id,
          period,
          value: fromLitres(p.litres),
          consumption: fromLitres(consumption),
          status: ReadingStatus.PENDING,
          source,
          flagged,
          rollover,
          submittedAt: now,
        });
      }
      if (unusual.length && source === ReadingSource.SITE && !options.confirmUnusual) throw confirmationRequired(unusual);
      await tx
        .createQueryBuilder()
        .update(Reading)
        .set({ status: ReadingStatus.SUPERSEDED })
        .where('meter_id IN (:...ids) AND period = :period AND status IN (:...live)', { ids, period, live: [ReadingStatus.PENDING, ReadingStatus.ACCEPTED] })
        .execute();
      const result = await tx.getRepository(Reading).insert(rows);
      const newIds = result.identifiers.map((i) => String(i.id));
      const saved = await tx.getRepository(Reading).find({ where: { id: In(newIds) } });
      const order = new Map(newIds.map((id, i) => [id, i]));
      return saved.sort((a, b) => order.get(a.id)! - order.get(b.id)!);
    });
  }

  /** Staff: PENDING readings, flagged first, then oldest first. */
  async forReview(first?: number | null, after?: string | null): Promise<Page<Reading>> {
    const limit = pageSize(first);
    const cursor = decodeCursor(after, 3);
    const qb = this.db
      .getRepository(Reading)
      .createQueryBuilder('r')
      .where('r.status = :pending', { pending: ReadingStatus.PENDING })
      .orderBy('r.flagged', 'DESC')
      .addOrderBy('r.submitted_at', 'ASC')
      .addOrderBy('r.id', 'ASC')
      .limit(limit + 1);
    if (cursor) {
      const [flagged, at, id] = cursor as [number, string, string];
      qb.andWhere(
        '(r.flagged < :f OR (r.flagged = :f AND (r.submitted_at > :at OR (r.submitted_at = :at AND r.id > :id))))',
        { f: flagged, at: new Date(at), id },
      );
    }
    const [rows, total] = await Promise.all([
      qb.getMany(),
      this.db.getRepository(Reading).count({ where: { status: ReadingStatus.PENDING } }),
    ]);
    return toPage(rows, limit, after, total, (r) => encodeCursor([r.flagged ? 1 : 0, r.submittedAt.toISOString(), r.id]));
  }

  /**
   * Staff: accept, or reject with a reason (the subscriber is told by e-mail). Audited as reading.review.
   * Accepting a flagged reading (far above the usual, or a roll-over) needs `confirmFlagged`: an accepted
   * wrong value becomes every later month's baseline.
   */
  async review(actor: Viewer, readingId: string, accept: boolean, reason?: string | null, confirmFlagged = false): Promise<Reading> {
    const staffId = actor.kind === 'staff' ? actor.staffId : null;
    if (!/^\d{1,18}$/.test(String(readingId))) throw badInput('readingId', 'Неверный номер показания.');
    const why = (reason ?? '').trim();
    if (!accept && !why) throw badInput('reason', 'Укажите причину, по которой показание не принято: её увидит абонент.');
    if (why.length > 500) throw badInput('reason', 'Причина — не длиннее 500 символов.');
    const { reading, account, meter } = await this.db.transaction(async (tx) => {
      const reading = await tx.getRepository(Reading).findOne({ where: { id: String(readingId) }, lock: { mode: 'pessimistic_write' } });
      if (!reading) throw new AppError(ErrorCode.NOT_FOUND, 'Показание не найдено.', { field: 'readingId' });
      if (reading.status !== ReadingStatus.PENDING) {
        throw new AppError(ErrorCode.BAD_USER_INPUT, `Показание уже рассмотрено (статус ${reading.status}).`, { field: 'readingId' });
      }
      if (accept && reading.flagged && !confirmFlagged) {
        throw new AppError(
          ErrorCode.CONFIRMATION_REQUIRED,
          reading.rollover
            ? `Показание ${formatVolume(normalizeVolume(reading.value))} меньше предыдущего: счётчик прошёл 99 999,999 и начал с нуля, расход ${formatVolume(normalizeVolume(reading.consumption ?? '0'))} м³. Принятое показание станет базой для следующих месяцев — подтвердите, что оно верно.`
            : `Расход ${formatVolume(normalizeVolume(reading.consumption ?? '0'))} м³ намного больше обычного. Принятое показание станет базой для следующих месяцев — подтвердите, что оно верно.`,
          { field: 'confirmFlagged', readingId: reading.id },
        );
      }
      const change = {
        status: accept ? ReadingStatus.ACCEPTED : ReadingStatus.REJECTED,
        reviewedAt: this.clock.now(),
        reviewedBy: staffId,
        rejectionReason: accept ? null : why,
      };
      await tx.getRepository(Reading).update(reading.id, change);
      await this.audit.record(tx, {
        actor,
        action: 'reading.review',
        entityType: 'reading',
        entityId: reading.id,
        before: { status: reading.status, value: reading.value, period: reading.period, meterId: reading.meterId },
        after: { status: change.status, rejectionReason: change.rejectionReason },
      });
      const meter = await tx.getRepository(Meter).findOneByOrFail({ id: reading.meterId });
      const account = await tx.getRepository(Account).findOneByOrFail({ id: meter.accountId });
      // Signed webhooks: written with the review, so a review that rolls back is never announced (webhooks/).
      await emitWebhook(tx, WebhookEvent.READING_REVIEWED, meter.accountId, {
        readingId: String(reading.id), meterId: String(meter.id), period: reading.period, value: normalizeVolume(reading.value), status: change.status, reason: change.rejectionReason,
      }, this.clock.now());
      return { reading: await tx.getRepository(Reading).findOneByOrFail({ id: reading.id }), account, meter };
    });
    if (!accept && account.email) {
      await this.mailer.send({
        to: account.email,
        subject: 'Показания не приняты',
        text: [
          'Здравствуйте!',
          '',
          `Показание ${normalizeVolume(reading.value)} м³ прибора «${meter.title}» (зав. № ${meter.serialNumber}) за ${reading.period} не принято оператором.`,
          `Причина: ${why}`,
          '',
          `Передайте верные показания в личном кабинете: ${config().webUrl}/meters`,
        ].join('\n'),
      });
    }
    return reading;
  }
}

/** A meter taken off, failed or out of verification takes no readings; the subscriber is told what to do. */
function checkInService(meter: Meter, today: string, index: number): void {
  const field = `readings.${index}.value`;
  const name = `«${meter.title}» (зав. № ${meter.serialNumber})`;
  if (meter.removedOn !== null && meter.removedOn <= today) {
    throw new AppError(ErrorCode.NOT_FOUND, `Прибор ${name} снят ${ruDate(meter.removedOn)}. Передавайте показания прибора, который его заменил.`, { field, meterId: String(meter.id) });
  }
  if (meter.failedOn !== null && meter.failedOn <= today) {
    throw new AppError(
      ErrorCode.METER_FAILED,
      `Прибор ${name} неисправен с ${ruDate(meter.failedOn)}: показания по нему не принимаются. До замены плата начисляется по среднему, затем по нормативу; после замены передавайте показания нового прибора.`,
      { field, meterId: String(meter.id) },
    );
  }
  if (meter.verificationDueOn < today) {
    throw new AppError(
      ErrorCode.METER_VERIFICATION_EXPIRED,
      `Срок поверки прибора ${name} истёк ${ruDate(meter.verificationDueOn)}. Показания по нему не принимаются: вызовите поверителя и передайте в водоканал свидетельство о поверке.`,
      { field, meterId: String(meter.id) },
    );
  }
}

/** CONFIRMATION_REQUIRED: the readings whose consumption is far above the usual, or that passed 99 999,999. */
function confirmationRequired(unusual: UnusualReading[]): AppError {
  const threshold = normalizeVolume(config().highConsumptionM3);
  const parts = unusual.map((u) =>
    u.rollover
      ? `по прибору «${u.title}» показание ${formatVolume(u.value)} меньше предыдущего — счётчик прошёл 99 999,999 и начал с нуля, расход ${formatVolume(u.consumption)} м³`
      : `по прибору «${u.title}» расход ${formatVolume(u.consumption)} м³ за месяц — намного больше обычного (больше ${formatVolume(threshold)} м³)`,
  );
  return new AppError(
    ErrorCode.CONFIRMATION_REQUIRED,
    `Проверьте показания: ${parts.join('; ')}. Если всё верно, подтвердите передачу.`,
    { field: 'confirmUnusual', readings: unusual, thresholdM3: threshold },
  );
}

/** The last ACCEPTED value of an earlier period per meter, in litres. One query for all meters. */
export async function previousAcceptedValues(tx: EntityManager | DataSource, meterIds: number[], period: string): Promise<Map<number, bigint>> {
  if (!meterIds.length) return new Map();
  const rows: { meter_id: number; value: string }[] = await tx.query(
    `SELECT meter_id, value FROM (
       SELECT meter_id, value, ROW_NUMBER() OVER (PARTITION BY meter_id ORDER BY period DESC, id DESC) AS rn
       FROM readings WHERE meter_id IN (?) AND status = 'ACCEPTED' AND period < ?
     ) x WHERE rn = 1`,
    [meterIds, period],
  );
  return new Map(rows.map((r) => [Number(r.meter_id), toLitres(normalizeVolume(String(r.value)))]));
}

function parseMeterId(raw: string, index: number): number {
  const id = Number(raw);
  if (!/^\d{1,10}$/.test(String(raw)) || !Number.isSafeInteger(id)) throw badInput(`readings.${index}.meterId`, 'Неверный идентификатор прибора учёта.');
  return id;
}

/** A meter value as typed ("241", "241,375", "00241.375") → litres; BAD_USER_INPUT on `field` otherwise. */
export function parseMeterValue(raw: unknown, field: string): bigint {
  const digits = 'Показание — не больше 5 цифр до запятой и 3 после, например 00241,375.';
  return parseDecimal(typeof raw === 'string' ? raw : '', {
    scale: 3,
    integerDigits: 5,
    field,
    message: { format: 'Показание — число, например 241 или 241,375.', sign: 'Показание не может быть отрицательным.', scale: digits, range: digits },
  });
}
