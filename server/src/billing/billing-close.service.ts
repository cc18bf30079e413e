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
 *
 * Progress (#16): each batch's transaction also records the accounts done and the last account id of the
 * batch (resume_after_id), so what the staff screen shows is exactly what is committed, and a close
 * interrupted half-way (the process killed) resumes after the last committed batch: no account charged
 * twice, none skipped. Every batch is announced (onProgress, and Subscription.billingCloseProgress).
 * startBillingClose runs a close in the background and answers as soon as it has started.
 */
import type { DataSource, QueryRunner } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Viewer } from '../auth/viewer';
import { isValidPeriod, periodEnd, periodOf, periodTitle, previousPeriod } from '../common/calendar';
import type { Clock } from '../common/clock';
import { log } from '../common/logger';
import { BillingService } from '../common/enums';
import { config } from '../config';
import { AppError, badInput, ErrorCode } from '../errors';
import { addMoney, normalizeMoney } from '../money';
import { BillingPeriod, BillingPeriodStatus } from './billing-period.entity';
import { closeExternalIdPrefix, insertRecalculations, insertSupplyCharges, insertWastewaterCharges, readRecalculations } from './close-lines';
import { releaseChargesLock, takeChargesLock } from './close-lock';
import { closableFrom, closeRefusal, nextToClose, type CloseFacts } from './close-order';
import { createCloseTables, dropCloseTables, fillVolumes, pricedSupplies, wastewaterPriced, type CloseContext } from './close-volumes';
import { insertPenaltyLines, penaltyExternalIdPrefix, penaltyLines, type PenaltyContext } from './penalty-accrual';
import { keepSummaries, summariesToWrite } from './ledger-summaries';
import { readBatchLedger } from './close-ledger';
import { readySummaries, type SummariesAheadResult } from './summaries-ahead';
import { checkAutoIncLock, onWorkers } from './close-workers';
import type { TariffService } from './tariff.service';
import { emitPeriodCharges } from '../webhooks/webhook-outbox';

export interface BillingCloseStatus {
  lastClosed: BillingPeriod | null;
  inProgress: BillingPeriod | null;
  nextPeriod: string | null;
  closableFrom: string | null;
  canClose: boolean;
  reason: string | null;
  reasonCode: string | null;
}

export interface BillingCloseOptions {
  /** Accounts per batch (by id range); BILLING_CLOSE_BATCH_SIZE by default. */
  batchSize?: number;
  /** Batches charged at a time, each on its own database connection; BILLING_CLOSE_WORKERS by default. */
  workers?: number;
  /** How long a close waits for another one to finish, seconds. */
  lockWaitSeconds?: number;
  /** Told of the month's row after its close starts and after every batch (the CLI's progress bar, the subscription). */
  onProgress?: (period: BillingPeriod) => void;
}

const staffIdOf = (actor: Viewer | null): number | null => (actor?.kind === 'staff' ? actor.staffId : null);

/** How many times a batch is tried when the database gives it up for a lock conflict. */
const BATCH_ATTEMPTS = 5;

/** A deadlock (1213), a lock wait timeout (1205), or InnoDB giving up the AUTO-INC lock (1467): the batch can run again. */
function isGivenUp(error: unknown): boolean {
  const errno = (error as { driverError?: { errno?: number }; errno?: number })?.driverError?.errno ?? (error as { errno?: number })?.errno;
  return errno === 1213 || errno === 1205 || errno === 1467;
}

export class BillingCloseService {
  private readonly batchSize: number;
  private readonly workers: number;
  private readonly lockWaitSeconds: number;
  private readonly listeners: ((period: BillingPeriod) => void)[] = [];
  /** Closes started by startBillingClose that are still running (a clean stop waits for them). */
  private readonly background = new Set<Promise<unknown>>();

  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly tariffs: TariffService,
    private readonly audit: AuditService = new AuditService(db),
    options: BillingCloseOptions = {},
  ) {
    this.batchSize = options.batchSize ?? config().closeBatchSize;
    this.workers = options.workers ?? config().closeWorkers;
    this.lockWaitSeconds = options.lockWaitSeconds ?? 900;
    if (options.onProgress) this.listeners.push(options.onProgress);
  }

  /** Adds a listener told of every step of every close (the API publishes them to Subscription.billingCloseProgress). */
  onProgress(listener: (period: BillingPeriod) => void): void {
    this.listeners.push(listener);
  }

  /**
   * Closes the month and answers when it is closed. `onStarted` is called with the CLOSING row once the close has
   * passed its checks and holds the lock (startBillingClose answers then).
   */
  async close(period: string, actor: Viewer | null, onStarted?: (period: BillingPeriod) => void, lockWaitSeconds = this.lockWaitSeconds): Promise<BillingPeriod> {
    if (!isValidPeriod(period)) throw badInput('period', 'Период — в формате ГГГГ-ММ, например 2026-03.');
    const runner = this.db.createQueryRunner();
    await runner.connect();
    try {
      await takeChargesLock(runner, lockWaitSeconds, 'Закрытие месяца уже выполняется (или загружаются начисления, или готовятся сводки к закрытию). Ход закрытия виден на экране «Закрытие месяца»; повторите, когда оно закончится.');
      try {
        const existing = await runner.manager.findOne(BillingPeriod, { where: { period } });
        if (existing?.status === BillingPeriodStatus.CLOSED) return existing;
        const refusal = closeRefusal(period, await this.facts(runner));
        if (refusal) throw refusal;
        return await this.run(runner, period, existing, actor, onStarted);
      } finally {
        await dropCloseTables(runner).catch(() => undefined);
        await releaseChargesLock(runner).catch(() => undefined);
      }
    } finally {
      await runner.release();
    }
  }

  /**
   * Starts a close in the background and answers with its CLOSING row as soon as it has started (or with the month
   * unchanged when it is closed already). The same checks as close(); a close already running is SERVICE_UNAVAILABLE
   * at once. A close that fails later stays CLOSING with its progress: starting it again resumes it.
   */
  start(period: string, actor: Viewer | null): Promise<BillingPeriod> {
    return new Promise((resolve, reject) => {
      let answered = false;
      const work = this.close(period, actor, (row) => {
        answered = true;
        resolve(row);
      }, 0);
      this.background.add(work);
      work.then(
        (closed) => {
          if (!answered) resolve(closed);
        },
        (error) => {
          if (!answered) return reject(error);
          log.error('billing period close failed; starting it again resumes it', { period, error });
        },
      ).finally(() => this.background.delete(work));
    });
  }

  /** Waits for the closes started in the background (a clean stop, the tests). */
  async settled(): Promise<void> {
    await Promise.allSettled([...this.background]);
  }

  /** What the staff close screen shows: the last month closed and the next one, and whether it can be closed now. */
  async status(): Promise<BillingCloseStatus> {
    const facts = await this.facts(this.db);
    const lastClosed = await this.db.getRepository(BillingPeriod).findOne({ where: { status: BillingPeriodStatus.CLOSED }, order: { period: 'DESC' } });
    const inProgress = await this.db.getRepository(BillingPeriod).findOne({ where: { status: BillingPeriodStatus.CLOSING }, order: { period: 'ASC' } });
    const next = nextToClose(facts);
    const refusal = next === null ? closeRefusal(facts.current, facts) : closeRefusal(next, facts);
    return {
      lastClosed,
      inProgress,
      nextPeriod: next,
      closableFrom: next === null ? null : closableFrom(next),
      canClose: refusal === null,
      reason: refusal?.message ?? null,
      reasonCode: (refusal?.extensions.code as string | undefined) ?? null,
    };
  }

  /**
   * Readies the summaries the close of `period` reads (summaries-ahead.ts), for the accounts that have none that holds:
   * `period` is the month to close next (before any close, any month from the first tariff's), begun already (its
   * summaries hold the lines dated before it). Holds the lock of the month's charges meanwhile: a close or a charges
   * import waits for it, and it for them.
   */
  async readySummaries(period: string, onBatch?: (done: number, total: number) => void): Promise<SummariesAheadResult> {
    if (!isValidPeriod(period)) throw badInput('period', 'Период — в формате ГГГГ-ММ, например 2026-03.');
    const facts = await this.facts(this.db);
    const next = nextToClose(facts);
    // As for the close (close-order.ts): the month after the latest one closed, or, before any close, any month from the
    // first tariff's (a database whose ledger came from the utility's earlier billing system).
    if (facts.firstTariffPeriod === null || (facts.latest === null && period < facts.firstTariffPeriod)) {
      throw new AppError(
        ErrorCode.PERIOD_BEFORE_TARIFFS,
        facts.firstTariffPeriod === null
          ? 'Тарифы ещё не заданы: закрывать пока нечего, и сводки готовить не для чего.'
          : `За ${periodTitle(period).toLowerCase()} тарифов нет: первый тариф действует с ${periodTitle(facts.firstTariffPeriod).toLowerCase()}.`,
        { field: 'period', firstPeriod: facts.firstTariffPeriod },
      );
    }
    if (facts.latest !== null && period !== next) {
      throw new AppError(
        ErrorCode.PERIOD_OUT_OF_ORDER,
        `Сводки готовятся к закрытию следующего месяца — ${periodTitle(next!).toLowerCase()}, а не ${periodTitle(period).toLowerCase()}.`,
        { field: 'period', nextPeriod: next },
      );
    }
    if (period > facts.current) {
      throw new AppError(ErrorCode.PERIOD_NOT_FINISHED, `${periodTitle(period)} ещё не наступил: сводки готовятся, когда месяц начался.`, { field: 'period' });
    }
    const runner = this.db.createQueryRunner();
    await runner.connect();
    try {
      await takeChargesLock(runner, this.lockWaitSeconds, 'Закрытие месяца или загрузка начислений уже выполняется: сводки можно подготовить, когда они закончатся.');
      try {
        const { charges, penalties } = await this.contexts(period);
        const result = await readySummaries(this.db, runner, charges, penalties, { batchSize: this.batchSize, workers: this.workers, onBatch });
        log.info('ledger summaries readied for the close', { ...result });
        return result;
      } finally {
        await releaseChargesLock(runner).catch(() => undefined);
      }
    } finally {
      await runner.release();
    }
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

  private async run(runner: QueryRunner, period: string, existing: BillingPeriod | null, actor: Viewer | null, onStarted?: (period: BillingPeriod) => void): Promise<BillingPeriod> {
    const started = Date.now();
    if (!existing) {
      await runner.manager.insert(BillingPeriod, { period, status: BillingPeriodStatus.CLOSING, startedAt: this.clock.now(), closedBy: staffIdOf(actor) });
    }
    // Where this run starts: after the last batch committed by an interrupted one, or at the first account.
    const resumeAfter = existing?.resumeAfterId ?? null;
    const [{ total }] = await runner.query('SELECT COUNT(*) AS total FROM accounts');
    const [{ done }] = resumeAfter === null ? [{ done: 0 }] : await runner.query('SELECT COUNT(*) AS done FROM accounts WHERE id <= ?', [resumeAfter]);
    await runner.query(
      `UPDATE billing_periods SET accounts_total = ?, accounts_done = ?, run_started_at = ?, done_at_run_start = ?${resumeAfter === null ? ', accounts_imported = 0' : ''} WHERE period = ?`,
      [Number(total), Number(done), new Date(), Number(done), period],
    );
    if (resumeAfter !== null) log.info('billing period close resumed', { period, resumeAfter, done: Number(done), total: Number(total) });
    const row = await this.announce(runner, period);
    onStarted?.(row);
    const { charges, penalties, skipped } = await this.contexts(period);
    const { steps, readWhole } = await this.chargeBatches(runner, period, charges, penalties, resumeAfter);
    const t0 = Date.now();
    const totals = await this.totals(period);
    steps.totals = Date.now() - t0;
    const closed = await this.finish(runner, period, totals, skipped, actor);
    this.tell(closed);
    // readWhole: the accounts without a summary that held, read over their whole ledger (summaries-ahead.ts readies them).
    log.info('billing period closed', { period, accounts: totals.accounts, total: totals.total, imported: closed.accountsImported, skipped, readWhole, ms: Date.now() - started, steps });
    return closed;
  }

  /** Reads the month's row and tells the listeners. */
  private async announce(runner: QueryRunner, period: string): Promise<BillingPeriod> {
    const row = await runner.manager.findOneOrFail(BillingPeriod, { where: { period } });
    this.tell(row);
    return row;
  }

  private tell(row: BillingPeriod): void {
    for (const listener of this.listeners) {
      try {
        listener(row);
      } catch (error) {
        log.warn('billing close progress listener failed', { error });
      }
    }
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

  /**
   * Every batch of accounts after `resumeAfter`, one transaction each, which also records the progress and the resume
   * point; `this.workers` batches at a time, each worker on its own connection (its own temporary tables), taking the
   * next range when it is done with one. Returns the milliseconds spent in each step (summed over the workers), for the log.
   *
   * Batches may commit out of order, so the resume point a batch writes is the end of the run of batches from the
   * first one that have all committed (this one included, as it commits with it): never past a batch not committed.
   * Batches after it that had committed are done again by a resumed close, which finds their lines and adds none.
   */
  private async chargeBatches(
    runner: QueryRunner, period: string, charges: CloseContext, penalties: PenaltyContext, resumeAfter: number | null,
  ): Promise<{ steps: Record<string, number>; readWhole: number }> {
    const steps: Record<string, number> = {};
    let readWhole = 0;
    const step = async <T>(name: string, work: () => Promise<T>): Promise<T> => {
      const t0 = Date.now();
      const result = await work();
      steps[name] = (steps[name] ?? 0) + Date.now() - t0;
      return result;
    };
    const [{ lo, hi }] = await runner.query('SELECT MIN(id) AS lo, MAX(id) AS hi FROM accounts WHERE id > ?', [resumeAfter ?? 0]);
    if (lo === null) return { steps, readWhole };
    await checkAutoIncLock(runner, this.workers);
    const ranges: [number, number][] = [];
    for (let from = Number(lo); from <= Number(hi); from += this.batchSize) ranges.push([from, Math.min(from + this.batchSize - 1, Number(hi))]);
    const committed = new Set<number>();
    let prefix = -1; // ranges[0..prefix] have all committed
    let next = 0;
    let failed = false;
    // One announcement at a time, each reading the row after the one before: the progress told never goes back.
    let announced: Promise<unknown> = Promise.resolve();
    /** The resume point if batch `i` commits now: the end of the committed run from the first batch. */
    const resumePointWith = (i: number): number | null => {
      let p = prefix;
      while (p + 1 < ranges.length && (p + 1 === i || committed.has(p + 1))) p++;
      return p >= 0 ? ranges[p][1] : null;
    };
    const work = async (q: QueryRunner): Promise<void> => {
      await createCloseTables(q);
      while (!failed && next < ranges.length) {
        const i = next++;
        const [from, to] = ranges[i];
        // READ COMMITTED: the batch's INSERT … SELECTs read the ledger as a consistent read, without the shared
        // next-key locks REPEATABLE READ takes. Two workers can still meet at the ledger's table-level AUTO-INC lock
        // (an INSERT … SELECT holds it for the statement with innodb_autoinc_lock_mode=1, MariaDB's default; not with
        // 2, which docs/SCALING.md asks of the server and checkAutoIncLock advises): they wait for each other, and the
        // database may give one of them up (a deadlock, or «Failed to read auto-increment value from storage
        // engine»), and that batch — rolled back whole — runs again.
        for (let attempt = 1; ; attempt++) {
          await q.startTransaction('READ COMMITTED');
          try {
            // Every read of the ledger before the batch's first line is written (penalty-accrual.ts says why): the
            // summaries kept by the previous close and the lines after them first, for the history and the penalties.
            const ledger = await step('ledger', () => readBatchLedger(q, penalties.periodStart, penalties.dueDay, from, to));
            const { imported: left, history } = await fillVolumes(q, charges, from, to, ledger, step);
            const penaltyBatch = await step('penalties', () =>
              penaltyLines(q, penalties, from, to, { ledger, leftToImport: new Set(left), monthChargedByClose: pricedSupplies(charges).length > 0, step }),
            );
            for (const [accountId, summary] of penaltyBatch.summaries) summary.history = history.get(accountId) ?? null;
            await step('recalculations.read', () => readRecalculations(q, charges));
            await step('supplyCharges', () => insertSupplyCharges(q, charges));
            await step('recalculations', () => insertRecalculations(q, charges));
            await step('wastewaterCharges', () => insertWastewaterCharges(q, charges));
            await step('penalties.insert', () => insertPenaltyLines(q, penaltyBatch.lines));
            await step('summaries', () => keepSummaries(q, summariesToWrite(penaltyBatch.summaries, ledger.summaries), penaltyBatch.changesRead));
            // The progress and the resume point commit with the batch's lines: never ahead of them.
            const [{ n }] = await q.query('SELECT COUNT(*) AS n FROM accounts WHERE id BETWEEN ? AND ?', [from, to]);
            const resume = resumePointWith(i);
            await q.query(
              `UPDATE billing_periods SET accounts_done = accounts_done + ?, progress_at = ?, accounts_imported = accounts_imported + ?,
                 resume_after_id = CASE WHEN ? IS NULL THEN resume_after_id ELSE GREATEST(COALESCE(resume_after_id, 0), ?) END
               WHERE period = ?`,
              [Number(n), new Date(), left.length, resume, resume, period],
            );
            await step('commit', () => q.commitTransaction());
            readWhole += penaltyBatch.readWhole.length;
            break;
          } catch (error) {
            await q.rollbackTransaction().catch(() => undefined);
            if (attempt < BATCH_ATTEMPTS && isGivenUp(error)) {
              log.warn('billing close batch given up by the database (lock conflict between workers); running it again', { period, from, to, attempt });
              continue;
            }
            failed = true;
            throw error;
          }
        }
        committed.add(i);
        while (committed.has(prefix + 1)) prefix++;
        if (this.listeners.length) await (announced = announced.catch(() => undefined).then(() => this.announce(q, period)));
      }
    };
    await onWorkers(this.db, runner, this.workers, ranges.length, work, dropCloseTables);
    return { steps, readWhole };
  }

  /** CLOSING → CLOSED with the totals, audited in the same transaction. */
  private async finish(
    runner: QueryRunner,
    period: string,
    totals: { accounts: number; total: string },
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
        accountsTotal: before.accountsDone,
        // A resume point means something only while CLOSING: a month set back to CLOSING goes through every account again.
        resumeAfterId: null,
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

  /**
   * Accounts charged and the sum of the month's charge and penalty lines: prefix scans of uq_ledger_external_id, cut
   * by the account id's first digit (close:2026-10:1…, …, close:2026-10:9…: an id has no leading zero, and all of an
   * account's lines fall in one part) and read `this.workers` parts at a time, each on a connection of its own. One
   * scan of a million accounts' lines took 7–10 s of a close that otherwise runs its batches in parallel.
   */
  private async totals(period: string): Promise<{ accounts: number; total: string }> {
    const parts: [string, string][] = ['1', '2', '3', '4', '5', '6', '7', '8', '9'].flatMap((digit): [string, string][] => [
      ['SELECT COUNT(DISTINCT account_id) AS accounts, COALESCE(SUM(amount), 0) AS total FROM ledger_entries WHERE external_id LIKE ?', `${closeExternalIdPrefix(period)}${digit}%`],
      ['SELECT 0 AS accounts, COALESCE(SUM(amount), 0) AS total FROM ledger_entries WHERE external_id LIKE ?', `${penaltyExternalIdPrefix(period)}${digit}%`],
    ]);
    let accounts = 0;
    let total = '0.00';
    let next = 0;
    const reader = async (): Promise<void> => {
      while (next < parts.length) {
        const [sql, prefix] = parts[next++];
        const [row] = await this.db.query(sql, [prefix]);
        accounts += Number(row.accounts);
        total = addMoney(total, normalizeMoney(String(row.total)));
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, this.workers) }, reader));
    return { accounts, total };
  }
}
