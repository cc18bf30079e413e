/**
 * What operators record about meters (staff only, audited): a replacement — the old meter's final
 * reading and the new meter's serial, initial value and verification date — and a failure
 * (ПП №354 п.59 «а»: charged by the average, then by the norm × the increasing factor, п.60).
 *
 * The month a replacement happens in is charged for both parts: the old meter from its last reading
 * to the final one, the new one from its initial value (docs/BILLING.md). Without a final reading
 * (the old meter cannot be read), that month is charged by the average or the norm.
 */
import type { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Viewer } from '../auth/viewer';
import { isValidDate, localDate, periodTitle, ruDate } from '../common/calendar';
import { withChargesLock } from '../billing/close-lock';
import type { Clock } from '../common/clock';
import { ReadingSource, ReadingStatus } from '../common/enums';
import { AppError, ErrorCode, badInput } from '../errors';
import { fromLitres, normalizeVolume, toLitres } from '../money';
import { config } from '../config';
import { Meter } from './meter.entity';
import { Reading } from './reading.entity';
import { parseMeterValue } from './reading.service';

export interface MeterReplacementInput {
  meterId: string;
  replacedOn: string;
  /** The old meter's last value; omitted when it cannot be read. */
  finalReading?: string | null;
  serialNumber: string;
  initialValue: string;
  verificationDueOn: string;
  title?: string | null;
}

export interface MeterReplacementResult {
  removed: Meter;
  installed: Meter;
  finalReading: Reading | null;
}

const SERIAL_MAX = 40;
const TITLE_MAX = 100;
/** A meter counts 5 integer digits: after 99 999,999 m³ it starts again from 0. */
const CAPACITY_LITRES = 100_000_000n;

const auditView = (m: Meter) => ({
  id: m.id,
  kind: m.kind,
  serialNumber: m.serialNumber,
  admittedOn: m.admittedOn,
  verificationDueOn: m.verificationDueOn,
  initialValue: normalizeVolume(m.initialValue),
  removedOn: m.removedOn,
  failedOn: m.failedOn,
});

export class MeterAdminService {
  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly audit: AuditService = new AuditService(db),
  ) {}

  async replace(actor: Viewer, input: MeterReplacementInput): Promise<MeterReplacementResult> {
    const today = localDate(this.clock.now());
    const replacedOn = checkDate(input.replacedOn, 'replacedOn', today);
    const verificationDueOn = String(input.verificationDueOn ?? '');
    if (!isValidDate(verificationDueOn)) throw badInput('verificationDueOn', 'Дата окончания поверки — в формате ГГГГ-ММ-ДД.');
    if (verificationDueOn <= replacedOn) throw badInput('verificationDueOn', 'Поверка нового прибора должна заканчиваться позже даты замены.');
    const serialNumber = String(input.serialNumber ?? '').trim();
    if (!serialNumber || serialNumber.length > SERIAL_MAX) throw badInput('serialNumber', `Заводской номер нового прибора — от 1 до ${SERIAL_MAX} символов.`);
    const title = input.title == null ? null : String(input.title).trim();
    if (title !== null && (!title || title.length > TITLE_MAX)) throw badInput('title', `Название прибора — от 1 до ${TITLE_MAX} символов.`);
    const initialLitres = parseMeterValue(input.initialValue, 'initialValue');
    const finalLitres = input.finalReading == null || input.finalReading === '' ? null : parseMeterValue(input.finalReading, 'finalReading');
    const period = replacedOn.slice(0, 7);

    return this.whileNoClose(() => this.db.transaction(async (tx) => {
      const old = await this.lockMeter(tx, input.meterId);
      if (replacedOn < old.admittedOn) throw badInput('replacedOn', `Дата замены раньше даты допуска прибора (${ruDate(old.admittedOn)}).`);
      await refuseClosedMonth(tx, period, 'replacedOn');
      const later = await tx.query("SELECT COUNT(*) AS n FROM readings WHERE meter_id = ? AND period > ? AND status <> 'REJECTED'", [old.id, period]);
      if (Number(later[0].n) > 0) throw badInput('replacedOn', 'У прибора есть показания за месяцы после даты замены: проверьте дату.');

      let finalReading: Reading | null = null;
      if (finalLitres !== null) {
        const [last] = await tx.query(
          "SELECT value FROM readings WHERE meter_id = ? AND status = 'ACCEPTED' AND period <= ? ORDER BY period DESC, id DESC LIMIT 1",
          [old.id, period],
        );
        const previous = last ? toLitres(normalizeVolume(String(last.value))) : toLitres(normalizeVolume(old.initialValue));
        let consumption = finalLitres - previous;
        const rollover = consumption < 0n && CAPACITY_LITRES + consumption <= toLitres(config().meterRolloverMaxM3);
        if (rollover) consumption += CAPACITY_LITRES;
        if (consumption < 0n) {
          throw new AppError(ErrorCode.READING_BELOW_PREVIOUS, `Конечное показание ${fromLitres(finalLitres)} меньше последнего принятого (${fromLitres(previous)}).`, {
            field: 'finalReading',
            previousValue: fromLitres(previous),
          });
        }
        await tx.query("UPDATE readings SET status = 'SUPERSEDED' WHERE meter_id = ? AND period = ? AND status IN ('PENDING', 'ACCEPTED')", [old.id, period]);
        const now = this.clock.now();
        const inserted = await tx.getRepository(Reading).insert({
          meterId: old.id,
          period,
          value: fromLitres(finalLitres),
          consumption: fromLitres(consumption),
          status: ReadingStatus.ACCEPTED,
          source: ReadingSource.OPERATOR,
          flagged: false,
          rollover,
          submittedAt: now,
          reviewedAt: now,
          reviewedBy: actor.kind === 'staff' ? actor.staffId : null,
        });
        finalReading = await tx.getRepository(Reading).findOneByOrFail({ id: String(inserted.identifiers[0].id) });
      }

      const created = await tx.getRepository(Meter).insert({
        accountId: old.accountId,
        kind: old.kind,
        title: title ?? old.title,
        serialNumber,
        admittedOn: replacedOn,
        verificationDueOn,
        initialValue: fromLitres(initialLitres),
      });
      const installed = await tx.getRepository(Meter).findOneByOrFail({ id: Number(created.identifiers[0].id) });
      await tx.getRepository(Meter).update(old.id, { removedOn: replacedOn, replacedById: installed.id });
      const removed = await tx.getRepository(Meter).findOneByOrFail({ id: old.id });
      await this.audit.record(tx, {
        actor,
        action: 'meter.replace',
        entityType: 'meter',
        entityId: old.id,
        before: auditView(old),
        after: { removed: auditView(removed), installed: auditView(installed), finalReading: finalReading ? normalizeVolume(finalReading.value) : null },
      });
      return { removed, installed, finalReading };
    }));
  }

  async markFailed(actor: Viewer, meterId: string, failedOn: string): Promise<Meter> {
    const today = localDate(this.clock.now());
    const day = checkDate(failedOn, 'failedOn', today);
    return this.whileNoClose(() => this.db.transaction(async (tx) => {
      const meter = await this.lockMeter(tx, meterId);
      if (day < meter.admittedOn) throw badInput('failedOn', `Дата неисправности раньше даты допуска прибора (${ruDate(meter.admittedOn)}).`);
      if (meter.failedOn !== null) throw badInput('meterId', `Прибор уже отмечен неисправным с ${ruDate(meter.failedOn)}.`);
      await refuseClosedMonth(tx, day.slice(0, 7), 'failedOn');
      await tx.getRepository(Meter).update(meter.id, { failedOn: day });
      const after = await tx.getRepository(Meter).findOneByOrFail({ id: meter.id });
      await this.audit.record(tx, { actor, action: 'meter.fail', entityType: 'meter', entityId: meter.id, before: auditView(meter), after: auditView(after) });
      return after;
    }));
  }

  /** A month's close and a change of its meters never run at once (the close's lock). */
  private whileNoClose<T>(work: () => Promise<T>): Promise<T> {
    return withChargesLock(this.db, 10, 'Идёт закрытие месяца: повторите через несколько минут.', work);
  }

  /** The meter, locked for the transaction; NOT_FOUND when there is none, BAD_USER_INPUT when it was taken off. */
  private async lockMeter(tx: EntityManager, meterId: string): Promise<Meter> {
    if (!/^\d{1,10}$/.test(String(meterId))) throw badInput('meterId', 'Неверный идентификатор прибора учёта.');
    const meter = await tx.getRepository(Meter).findOne({ where: { id: Number(meterId) }, lock: { mode: 'pessimistic_write' } });
    if (!meter) throw new AppError(ErrorCode.NOT_FOUND, 'Прибор учёта не найден.', { field: 'meterId' });
    if (meter.removedOn !== null) throw badInput('meterId', `Прибор снят ${ruDate(meter.removedOn)}: он уже заменён.`);
    return meter;
  }
}

/** A date that is a real day and not in the future. */
function checkDate(raw: string, field: string, today: string): string {
  const day = String(raw ?? '');
  if (!isValidDate(day)) throw badInput(field, 'Дата — в формате ГГГГ-ММ-ДД, например 2026-11-20.');
  if (day > today) throw badInput(field, 'Дата не может быть позже сегодняшней.');
  return day;
}

/** A change dated in a month already closed would change its charges: PERIOD_CLOSED. */
async function refuseClosedMonth(tx: EntityManager, period: string, field: string): Promise<void> {
  const [row] = await tx.query('SELECT status FROM billing_periods WHERE period = ? FOR UPDATE', [period]);
  if (row) {
    throw new AppError(
      ErrorCode.PERIOD_CLOSED,
      `${periodTitle(period)} уже закрыт: запись с этой датой изменила бы его начисления. Укажите дату в открытом месяце.`,
      { field, period },
    );
  }
}
