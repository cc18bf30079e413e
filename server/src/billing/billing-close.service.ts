/**
 * Closing a billing month (../shared/DOMAIN.md «Closing a billing month», «Balance and ledger»,
 * docs/BILLING.md): for every account, one CHARGE line per service, the RECALCULATION lines of
 * months charged by average or norm once readings are back, and at most one PENALTY line, in
 * batches of accounts by id range, each batch one transaction of a few set-based statements.
 *
 * Only a month that is over, not before the first tariff, and in order (close-order.ts). Once only:
 * the billing_periods row goes CLOSING → CLOSED, and closing a CLOSED month returns it unchanged;
 * every line has an external_id (close:…, penalty:…) inserted only when absent, so a close
 * interrupted half-way is finished by running it again. Closes are serialised by a named database
 * lock; a second caller waits and then gets the closed month.
 */
import type { DataSource, QueryRunner } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Viewer } from '../auth/viewer';
import { isValidPeriod, periodEnd, periodOf, previousPeriod } from '../common/calendar';
import type { Clock } from '../common/clock';
import { log } from '../common/logger';
import { BillingService } from '../common/enums';
import { config } from '../config';
import { badInput } from '../errors';
import { addMoney, normalizeMoney } from '../money';
import { BillingPeriod, BillingPeriodStatus } from './billing-period.entity';
import { closeExternalIdPrefix, insertRecalculations, insertSupplyCharges, insertWastewaterCharges } from './close-lines';
import { releaseChargesLock, takeChargesLock } from './close-lock';
import { closableFrom, closeRefusal, nextToClose, type CloseFacts } from './close-order';
import { createCloseTables, dropCloseTables, fillVolumes, wastewaterPriced, type CloseContext } from './close-volumes';
import { accruePenalties, penaltyExternalIdPrefix, type PenaltyContext } from './penalty-accrual';
import type { TariffService } from './tariff.service';
import { emitPeriodCharges } from '../webhooks/webhook-outbox';

export interface BillingCloseStatus {
  lastClosed: BillingPeriod | null;
  nextPeriod: string | null;
  closableFrom: string | null;
  canClose: boolean;
  reason: string | null;
  reasonCode: string | null;
}

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
    const runner = this.db.createQueryRunner();
    await runner.connect();
    try {
      await this.lock(runner);
      try {
        const existing = await runner.manager.findOne(BillingPeriod, { where: { period } });
        if (existing?.status === BillingPeriodStatus.CLOSED) return existing;
        const refusal = closeRefusal(period, await this.facts(runner));
        if (refusal) throw refusal;
        return await this.run(runner, period, existing, actor);
      } finally {
        await dropCloseTables(runner).catch(() => undefined);
        await releaseChargesLock(runner).catch(() => undefined);
      }
    } finally {
      await runner.release();
    }
  }

  /** What the staff close screen shows: the last month closed and the next one, and whether it can be closed now. */
  async status(): Promise<BillingCloseStatus> {
    const facts = await this.facts(this.db);
    const lastClosed = await this.db.getRepository(BillingPeriod).findOne({ where: { status: BillingPeriodStatus.CLOSED }, order: { period: 'DESC' } });
    const next = nextToClose(facts);
    const refusal = next === null ? closeRefusal(facts.current, facts) : closeRefusal(next, facts);
    return {
      lastClosed,
      nextPeriod: next,
      closableFrom: next === null ? null : closableFrom(next),
      canClose: refusal === null,
      reason: refusal?.message ?? null,
      reasonCode: (refusal?.extensions.code as string | undefined) ?? null,
    };
  }

  /** Today's month, the first month with a tariff, the latest month closed or being closed. */
  private async facts(q: DataSource | QueryRunner): Promise<CloseFacts> {
    const [{ first }] = await q.query("SELECT DATE_FORMAT(MIN(valid_from), '%Y-%m') AS first FROM tariffs");
    const [latest] = await q.query('SELECT period, status FROM billing_periods ORDER BY period DESC LIMIT 1');
    return {
      current: periodOf(this.clock.now()),
      firstTariffPeriod: first ?? null,
      latest: latest ? { period: String(latest.period), status: latest.status } : null,
    };
  }

  private async lock(runner: QueryRunner): Promise<void> {
    await takeChargesLock(runner, this.lockWaitSeconds, 'Закрытие месяца уже выполняется. Повторите запрос через несколько минут.');
  }

  private async run(runner: QueryRunner, period: string, existing: BillingPeriod | null, actor: Viewer | null): Promise<BillingPeriod> {
    const started = Date.now();
    if (!existing) {
      await runner.manager.insert(BillingPeriod, { period, status: BillingPeriodStatus.CLOSING, startedAt: this.clock.now(), closedBy: staffIdOf(actor) });
    }
    const { charges, penalties, skipped } = await this.contexts(period);
    const { steps, imported } = await this.chargeBatches(runner, charges, penalties);
    const t0 = Date.now();
    const totals = await this.totals(runner, period);
    steps.totals = Date.now() - t0;
    const closed = await this.finish(runner, period, { ...totals, imported }, skipped, actor);
    log.info('billing period closed', { period, accounts: totals.accounts, total: totals.total, imported, skipped, ms: Date.now() - started, steps });
    return closed;
  }

  /** What the month's close needs: its tariffs, the configured rules, and the services it cannot charge. */
  private async contexts(period: string): Promise<{ charges: CloseContext; penalties: PenaltyContext; skipped: BillingService[] }> {
    const periodStart = `${period}-01`;
    const tariffs = await this.tariffs.allInForce(periodStart);
    const cfg = config();
    const charges: CloseContext = {
      period,
      periodStart,
      periodEnd: periodEnd(period),
      previousPeriod: previousPeriod(period),
      tariffs,
      averageMaxMonths: cfg.averageMaxMonths,
      normIncreaseFactor: cfg.normIncreaseFactor,
    };
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

  /** Every batch of accounts, one transaction each; returns the milliseconds spent in each step, for the log, and the accounts left to imports. */
  private async chargeBatches(runner: QueryRunner, charges: CloseContext, penalties: PenaltyContext): Promise<{ steps: Record<string, number>; imported: number }> {
    const steps: Record<string, number> = {};
    let imported = 0;
    const step = async <T>(name: string, work: () => Promise<T>): Promise<T> => {
      const t0 = Date.now();
      const result = await work();
      steps[name] = (steps[name] ?? 0) + Date.now() - t0;
      return result;
    };
    await createCloseTables(runner);
    const [{ lo, hi }] = await runner.query('SELECT MIN(id) AS lo, MAX(id) AS hi FROM accounts');
    if (lo === null) return { steps, imported };
    for (let from = Number(lo); from <= Number(hi); from += this.batchSize) {
      const to = Math.min(from + this.batchSize - 1, Number(hi));
      await runner.startTransaction();
      try {
        const left = (await step('volumes', () => fillVolumes(runner, charges, from, to))).imported;
        imported += left.length;
        await step('supplyCharges', () => insertSupplyCharges(runner, charges));
        await step('recalculations', () => insertRecalculations(runner, charges));
        await step('wastewaterCharges', () => insertWastewaterCharges(runner, charges));
        await step('penalties', () => accruePenalties(runner, penalties, from, to, new Set(left)));
        await step('commit', () => runner.commitTransaction());
      } catch (error) {
        await runner.rollbackTransaction();
        throw error;
      }
    }
    return { steps, imported };
  }

  /** CLOSING → CLOSED with the totals, audited in the same transaction. */
  private async finish(
    runner: QueryRunner,
    period: string,
    totals: { accounts: number; total: string; imported: number },
    skipped: BillingService[],
    actor: Viewer | null,
  ): Promise<BillingPeriod> {
    await runner.startTransaction();
    try {
      const before = await runner.manager.findOneOrFail(BillingPeriod, { where: { period } });
      await runner.manager.update(BillingPeriod, { period }, {
        status: BillingPeriodStatus.CLOSED,
        closedAt: this.clock.now(),
        closedBy: staffIdOf(actor),
        accountsCharged: totals.accounts,
        totalCharged: totals.total,
        accountsImported: totals.imported,
        skippedServices: skipped,
      });
      const after = await runner.manager.findOneOrFail(BillingPeriod, { where: { period } });
      await this.audit.record(runner.manager, {
        actor,
        action: 'period.close',
        entityType: 'billing_period',
        entityId: period,
        before: { status: before.status },
        after: {
          status: after.status,
          accountsCharged: after.accountsCharged,
          accountsImported: after.accountsImported,
          totalCharged: normalizeMoney(after.totalCharged),
          skippedServices: after.skippedServices,
        },
      });
      // Signed webhooks: CHARGES_POSTED to each subscriber endpoint's account (a join from the endpoints, not a loop
      // over every account) and once for the period to staff endpoints, committed with the close (webhooks/).
      await emitPeriodCharges(runner.manager, {
        period, source: 'CLOSE', accounts: totals.accounts, total: totals.total, externalIdPrefixes: [closeExternalIdPrefix(period), penaltyExternalIdPrefix(period)],
      }, this.clock.now());
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
