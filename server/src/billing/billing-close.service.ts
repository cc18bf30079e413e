/**
 * Closing a billing month (../shared/DOMAIN.md «Closing a billing month», «Balance and ledger»):
 * for every account, one CHARGE line per service and at most one PENALTY line, in batches of
 * accounts by id range, each batch one transaction of a few set-based statements.
 *
 * Once only: the billing_periods row goes CLOSING → CLOSED, and closing a CLOSED month returns
 * it unchanged; every line has an external_id (close:…, penalty:…) inserted only when absent,
 * so a close interrupted half-way is finished by running it again. Closes are serialised by a
 * named database lock; a second caller waits and then gets the closed month.
 */
import type { DataSource, QueryRunner } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Viewer } from '../auth/viewer';
import { periodEnd, periodOf, periodTitle } from '../common/calendar';
import type { Clock } from '../common/clock';
import { log } from '../common/logger';
import { BillingService } from '../common/enums';
import { config } from '../config';
import { AppError, ErrorCode, badInput } from '../errors';
import { formatPeriod } from '../documents/ru-format';
import { isValidPeriod } from '../graphql/scalars';
import { addMoney, normalizeMoney } from '../money';
import { BillingPeriod, BillingPeriodStatus } from './billing-period.entity';
import {
  closeExternalIdPrefix,
  createVolumesTable,
  dropVolumesTable,
  fillVolumes,
  insertSupplyCharges,
  insertWastewaterCharges,
  wastewaterPriced,
  type CloseContext,
} from './charge-batch';
import { accruePenalties, penaltyExternalIdPrefix, type PenaltyContext } from './penalty-accrual';
import type { TariffService } from './tariff.service';

export interface BillingCloseOptions {
  /** Accounts per batch (by id range). */
  batchSize?: number;
  /** How long a close waits for another one to finish, seconds. */
  lockWaitSeconds?: number;
}

const staffIdOf = (actor: Viewer | null): number | null => (actor?.kind === 'staff' ? actor.staffId : null);

export class BillingCloseService {
  private readonly batchSize: number;
  private readonly lockWaitSeconds: number;

  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly tariffs: TariffService,
    private readonly audit: AuditService = new AuditService(db),
    options: BillingCloseOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 5000;
    this.lockWaitSeconds = options.lockWaitSeconds ?? 900;
  }

  async close(period: string, actor: Viewer | null): Promise<BillingPeriod> {
    if (!isValidPeriod(period)) throw badInput('period', 'Период — в формате ГГГГ-ММ, например 2026-03.');
    const current = periodOf(this.clock.now());
    if (period > current) {
      throw badInput('period', `${periodTitle(period)} ещё не наступил: закрыть можно текущий месяц (${formatPeriod(current)}) или прошедший.`);
    }
    const runner = this.db.createQueryRunner();
    await runner.connect();
    try {
      await this.lock(runner);
      try {
        const existing = await runner.manager.findOne(BillingPeriod, { where: { period } });
        if (existing?.status === BillingPeriodStatus.CLOSED) return existing;
        return await this.run(runner, period, existing, actor);
      } finally {
        await dropVolumesTable(runner).catch(() => undefined);
        await runner.query('SELECT RELEASE_LOCK(?)', [await this.lockName(runner)]).catch(() => undefined);
      }
    } finally {
      await runner.release();
    }
  }

  private async lockName(runner: QueryRunner): Promise<string> {
    const [{ name }] = await runner.query('SELECT DATABASE() AS name');
    return `kabinet.billing_close.${name}`.slice(0, 64);
  }

  private async lock(runner: QueryRunner): Promise<void> {
    const [{ ok }] = await runner.query('SELECT GET_LOCK(?, ?) AS ok', [await this.lockName(runner), this.lockWaitSeconds]);
    if (Number(ok) !== 1) {
      throw new AppError(ErrorCode.SERVICE_UNAVAILABLE, 'Закрытие месяца уже выполняется. Повторите запрос через несколько минут.');
    }
  }

  private async run(runner: QueryRunner, period: string, existing: BillingPeriod | null, actor: Viewer | null): Promise<BillingPeriod> {
    const started = Date.now();
    if (!existing) {
      await runner.manager.insert(BillingPeriod, { period, status: BillingPeriodStatus.CLOSING, startedAt: this.clock.now(), closedBy: staffIdOf(actor) });
    }
    const { charges, penalties, skipped } = await this.contexts(period);
    const steps = await this.chargeBatches(runner, charges, penalties);
    const t0 = Date.now();
    const totals = await this.totals(runner, period);
    steps.totals = Date.now() - t0;
    const closed = await this.finish(runner, period, totals, skipped, actor);
    log.info('billing period closed', { period, accounts: totals.accounts, total: totals.total, skipped, ms: Date.now() - started, steps });
    return closed;
  }

  /** What the month's close needs: its tariffs, the configured rules, and the services it cannot charge. */
  private async contexts(period: string): Promise<{ charges: CloseContext; penalties: PenaltyContext; skipped: BillingService[] }> {
    const periodStart = `${period}-01`;
    const tariffs = await this.tariffs.allInForce(periodStart);
    const cfg = config();
    const charges: CloseContext = { period, periodEnd: periodEnd(period), tariffs, averageMaxMonths: cfg.averageMaxMonths };
    const penalties: PenaltyContext = {
      period,
      periodStart,
      periodEnd: periodEnd(period),
      dueDay: cfg.paymentDueDay,
      rates: { keyRatePercent: cfg.keyRatePercent, capPercent: cfg.penaltyRateCapPercent, capUntil: cfg.penaltyRateCapUntil },
    };
    const skipped = Object.values(BillingService).filter((s) => (s === BillingService.WASTEWATER ? !wastewaterPriced(charges) : !tariffs.has(s)));
    return { charges, penalties, skipped };
  }

  /** Every batch of accounts, one transaction each; returns the milliseconds spent in each step, for the log. */
  private async chargeBatches(runner: QueryRunner, charges: CloseContext, penalties: PenaltyContext): Promise<Record<string, number>> {
    const steps: Record<string, number> = {};
    const step = async (name: string, work: () => Promise<unknown>) => {
      const t0 = Date.now();
      await work();
      steps[name] = (steps[name] ?? 0) + Date.now() - t0;
    };
    await createVolumesTable(runner);
    const [{ lo, hi }] = await runner.query('SELECT MIN(id) AS lo, MAX(id) AS hi FROM accounts');
    if (lo === null) return steps;
    for (let from = Number(lo); from <= Number(hi); from += this.batchSize) {
      const to = Math.min(from + this.batchSize - 1, Number(hi));
      await runner.startTransaction();
      try {
        await step('volumes', () => fillVolumes(runner, charges, from, to));
        await step('supplyCharges', () => insertSupplyCharges(runner, charges));
        await step('wastewaterCharges', () => insertWastewaterCharges(runner, charges));
        await step('penalties', () => accruePenalties(runner, penalties, from, to));
        await step('commit', () => runner.commitTransaction());
      } catch (error) {
        await runner.rollbackTransaction();
        throw error;
      }
    }
    return steps;
  }

  /** CLOSING → CLOSED with the totals, audited in the same transaction. */
  private async finish(runner: QueryRunner, period: string, totals: { accounts: number; total: string }, skipped: BillingService[], actor: Viewer | null): Promise<BillingPeriod> {
    await runner.startTransaction();
    try {
      const before = await runner.manager.findOneOrFail(BillingPeriod, { where: { period } });
      await runner.manager.update(BillingPeriod, { period }, {
        status: BillingPeriodStatus.CLOSED,
        closedAt: this.clock.now(),
        closedBy: staffIdOf(actor),
        accountsCharged: totals.accounts,
        totalCharged: totals.total,
        skippedServices: skipped,
      });
      const after = await runner.manager.findOneOrFail(BillingPeriod, { where: { period } });
      await this.audit.record(runner.manager, {
        actor,
        action: 'period.close',
        entityType: 'billing_period',
        entityId: period,
        before: { status: before.status },
        after: { status: after.status, accountsCharged: after.accountsCharged, totalCharged: normalizeMoney(after.totalCharged), skippedServices: after.skippedServices },
      });
      await runner.commitTransaction();
      return after;
    } catch (error) {
      await runner.rollbackTransaction();
      throw error;
    }
  }

  /** Accounts charged and the sum of the month's charge and penalty lines (prefix scans of uq_ledger_external_id). */
  private async totals(runner: QueryRunner, period: string): Promise<{ accounts: number; total: string }> {
    const [charges] = await runner.query(
      'SELECT COUNT(DISTINCT account_id) AS accounts, COALESCE(SUM(amount), 0) AS total FROM ledger_entries WHERE external_id LIKE ?',
      [`${closeExternalIdPrefix(period)}%`],
    );
    const [penalties] = await runner.query('SELECT COALESCE(SUM(amount), 0) AS total FROM ledger_entries WHERE external_id LIKE ?', [
      `${penaltyExternalIdPrefix(period)}%`,
    ]);
    return { accounts: Number(charges.accounts), total: addMoney(normalizeMoney(String(charges.total)), normalizeMoney(String(penalties.total))) };
  }
}
