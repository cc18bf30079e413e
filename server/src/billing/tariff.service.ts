/**
 * Tariffs and norms: a price per m³ and a norm per resident for each service, in force from
 * the first day of a month until the next one. The month's close uses the tariff in force on
 * the period's first day.
 */
import type { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Viewer } from '../auth/viewer';
import { isValidDate, periodTitle } from '../common/calendar';
import { BillingService } from '../common/enums';
import { badInput } from '../errors';
import { BillingPeriod } from './billing-period.entity';
import { checkTariff, type TariffValues } from './tariff-rules';
import { Tariff } from './tariff.entity';

/** What the audit log keeps of a tariff. */
function auditView(t: Tariff): Record<string, unknown> {
  return { service: t.service, pricePerM3: t.pricePerM3, normPerResident: t.normPerResident, validFrom: t.validFrom };
}

export class TariffService {
  constructor(
    private readonly db: DataSource,
    private readonly audit: AuditService = new AuditService(db),
  ) {}

  /** Every tariff of a service (or of all), newest first. */
  list(service?: BillingService | null): Promise<Tariff[]> {
    return this.db.getRepository(Tariff).find({
      where: service ? { service } : {},
      order: { service: 'ASC', validFrom: 'DESC' },
    });
  }

  /** The tariff of a service in force on a date, or null when none has started yet. */
  async inForce(service: BillingService, on: string): Promise<Tariff | null> {
    if (!isValidDate(on)) throw badInput('on', 'Дата — в формате ГГГГ-ММ-ДД, например 2026-03-01.');
    return this.db
      .getRepository(Tariff)
      .createQueryBuilder('t')
      .where('t.service = :service AND t.valid_from <= :on', { service, on })
      .orderBy('t.valid_from', 'DESC')
      .limit(1)
      .getOne();
  }

  /** The tariffs of every service in force on a date; a service without one is missing. */
  async allInForce(on: string): Promise<Map<BillingService, Tariff>> {
    const found = new Map<BillingService, Tariff>();
    for (const service of Object.values(BillingService)) {
      const tariff = await this.inForce(service, on);
      if (tariff) found.set(service, tariff);
    }
    return found;
  }

  /**
   * Creates the tariff of a service from a date, or updates the one already there for that
   * service and date. A date inside a month already closed is refused: its charges are made.
   */
  async set(input: TariffValues, actor: Viewer | null): Promise<Tariff> {
    const values = checkTariff(input);
    return this.db.transaction(async (tx) => {
      const closed = await tx
        .getRepository(BillingPeriod)
        .createQueryBuilder('p')
        .where('p.period >= :period', { period: values.validFrom.slice(0, 7) })
        .orderBy('p.period', 'DESC')
        .limit(1)
        .getOne();
      if (closed) {
        throw badInput('validFrom', `${periodTitle(closed.period)} уже закрыт: тариф с этой даты изменил бы выставленные начисления. Укажите первое число месяца после последнего закрытого.`);
      }
      const repo = tx.getRepository(Tariff);
      const before = await repo.findOne({ where: { service: values.service, validFrom: values.validFrom }, lock: { mode: 'pessimistic_write' } });
      await tx.query(
        `INSERT INTO tariffs (service, price_per_m3, norm_per_resident, valid_from) VALUES (?, ?, ?, ?)
         ON DUPLICATE KEY UPDATE price_per_m3 = VALUES(price_per_m3), norm_per_resident = VALUES(norm_per_resident)`,
        [values.service, values.pricePerM3, values.normPerResident, values.validFrom],
      );
      const after = await repo.findOneOrFail({ where: { service: values.service, validFrom: values.validFrom } });
      await this.audit.record(tx, {
        actor,
        action: 'tariff.set',
        entityType: 'tariff',
        entityId: after.id,
        before: before ? auditView(before) : null,
        after: auditView(after),
      });
      return after;
    });
  }
}
