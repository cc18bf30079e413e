/**
 * The volumes of one batch of accounts (an id range) for a month's close, set-based: a few
 * statements compute every account of the batch at once, into the connection's temporary tables.
 * The rules are ../shared/DOMAIN.md «Closing a billing month» and docs/BILLING.md.
 *
 * 1. fillMeters — every meter in service during the month (admitted by its end, not removed before
 *    its start): `cur`, its last ACCEPTED value of the month (a meter admitted this month without a
 *    reading yet counts from its initial value — not while a reading of it waits for review); `anchor`, its last ACCEPTED reading of an earlier
 *    month (or its admission month and initial value); `measured` when it has `cur` and was neither
 *    failed nor out of verification by the month's end (a meter taken off this month with its final
 *    reading is measured); `fault_period`, the month it failed or its verification ran out.
 * 2. fillServices — per account and supply (cold, hot): how many meters, how many measured, the
 *    earliest anchor, the earliest fault.
 * 3. fillHistory — what earlier closes charged: the last month by readings (ACTUAL), the average
 *    monthly volume of the last 6 months by readings (a month that recalculated n months before it
 *    covers n + 1 months), how many months by average since the last one by readings.
 * 4. fillBase — for a supply that is ACTUAL this month, the month P its volume is measured from: the
 *    earliest anchor of its meters, and never after the last month charged by readings (a reading
 *    accepted after its month was closed does not skip that month), but not before a meter taken off
 *    without a final reading. Each meter's `base` is its value at P (its last ACCEPTED reading of P or
 *    before, else its initial value); a meter taken off after P with its final reading counts too.
 * 5. fillVolumes — the month's volume and method per account and supply (ПП №354 п.59–60):
 *    ACTUAL: Σ meters (cur − base), a counter that passed 99 999,999 counting the turn;
 *    AVERAGE: no reading, or a failed or expired meter, with at least 3 months by readings: the
 *      average, for at most `averageMaxMonths` months in a row;
 *    NORM: otherwise: the norm × residents (owners when nobody is registered, п.56(2)), × the
 *      increasing factor once a failed or expired meter has been averaged its months (п.60).
 *    An account the billing system's import already charged for the month is left out (one source
 *    of charges per account and month).
 */
import { BillingService } from '../common/enums';
import { monthsBefore } from '../common/calendar';
import { run, type Queryable } from './sql-params';
import type { Tariff } from './tariff.entity';
import {
  addToHistory, AVERAGE_OVER_MONTHS, countsInHistory, emptyHistory, historyRows, holdsEnoughMonths, readHistoryGroups, retained, SUPPLIES,
  type AccountHistory, type Supply,
} from './close-history';
import type { BatchLedger, LedgerLine } from './close-ledger';
import { BREATH_EVERY, breathe } from './breather';

/** ПП №354 п.59: the average is over the last 6 months with readings (close-history.ts), and needs at least 3. */
export { AVERAGE_OVER_MONTHS };
export const AVERAGE_MIN_MONTHS = 3;
/**
 * The months of history read for every account of a batch (fillHistory): the months of the average and two more, so
 * that an account that missed two months of readings in the last eight is not read further back.
 */
export const HISTORY_WINDOW_MONTHS = AVERAGE_OVER_MONTHS + 2;
/** A meter counts 5 integer digits: after 99 999,999 m³ it starts again from 0. */
export const METER_CAPACITY_M3 = '100000';

export interface CloseContext {
  period: string;
  periodStart: string;
  periodEnd: string;
  previousPeriod: string;
  /** The tariffs in force on the period's first day. */
  tariffs: Map<BillingService, Tariff>;
  averageMaxMonths: number;
  /** ПП №354 п.60, e.g. "1.5". */
  normIncreaseFactor: string;
}

export { SUPPLIES, type Supply };

export const METERS_TABLE = 'billing_close_meters';
export const SERVICES_TABLE = 'billing_close_services';
export const HISTORY_TABLE = 'billing_close_history';
/** The accounts of a batch whose history is read over their whole ledger (fillHistory). */
export const HISTORY_FULL_TABLE = 'billing_close_history_full';
export const VOLUMES_TABLE = 'billing_close_volumes';
/** The lines a recalculation takes back, summed per account, supply and month (close-lines.ts). */
export const EARLIER_TABLE = 'billing_close_earlier';
/** What those months charged for wastewater, per account and month (close-lines.ts). */
export const EARLIER_WASTEWATER_TABLE = 'billing_close_earlier_wastewater';

/** The supplies (cold, hot) that have a tariff. */
export function pricedSupplies(ctx: CloseContext): Supply[] {
  return SUPPLIES.filter((s) => ctx.tariffs.has(s));
}

/** Wastewater needs its tariff and the cold and hot ones (for the volume by norm). */
export function wastewaterPriced(ctx: CloseContext): boolean {
  return ctx.tariffs.has(BillingService.WASTEWATER) && pricedSupplies(ctx).length === SUPPLIES.length;
}

const SUPPLY_ENUM = "ENUM('COLD_WATER', 'HOT_WATER')";

const CLOSE_TABLES = [METERS_TABLE, SERVICES_TABLE, HISTORY_TABLE, HISTORY_FULL_TABLE, VOLUMES_TABLE, EARLIER_TABLE, EARLIER_WASTEWATER_TABLE];

export async function createCloseTables(q: Queryable): Promise<void> {
  await q.query(
    `CREATE TEMPORARY TABLE IF NOT EXISTS ${METERS_TABLE} (
       meter_id INT UNSIGNED NOT NULL PRIMARY KEY,
       account_id INT UNSIGNED NOT NULL,
       kind ${SUPPLY_ENUM} NOT NULL,
       in_service TINYINT NOT NULL,
       removal_period CHAR(7) NULL,
       initial_value DECIMAL(11,3) NOT NULL,
       cur DECIMAL(11,3) NULL,
       measured TINYINT NOT NULL,
       fault_period CHAR(7) NULL,
       anchor_period CHAR(7) NOT NULL,
       anchor_value DECIMAL(11,3) NOT NULL,
       base DECIMAL(11,3) NULL,
       KEY (account_id, kind)
     ) ENGINE=MEMORY`,
  );
  await q.query(
    `CREATE TEMPORARY TABLE IF NOT EXISTS ${SERVICES_TABLE} (
       account_id INT UNSIGNED NOT NULL,
       service ${SUPPLY_ENUM} NOT NULL,
       meters SMALLINT UNSIGNED NOT NULL,
       measured SMALLINT UNSIGNED NOT NULL,
       fault_period CHAR(7) NULL,
       anchor CHAR(7) NOT NULL,
       PRIMARY KEY (account_id, service)
     ) ENGINE=MEMORY`,
  );
  await q.query(
    `CREATE TEMPORARY TABLE IF NOT EXISTS ${HISTORY_TABLE} (
       account_id INT UNSIGNED NOT NULL,
       service ${SUPPLY_ENUM} NOT NULL,
       last_actual CHAR(7) NULL,
       months SMALLINT UNSIGNED NOT NULL,
       average DECIMAL(11,3) NULL,
       averaged SMALLINT UNSIGNED NOT NULL,
       PRIMARY KEY (account_id, service)
     ) ENGINE=MEMORY`,
  );
  await q.query(`CREATE TEMPORARY TABLE IF NOT EXISTS ${HISTORY_FULL_TABLE} (account_id INT UNSIGNED NOT NULL PRIMARY KEY) ENGINE=MEMORY`);
  await q.query(
    `CREATE TEMPORARY TABLE IF NOT EXISTS ${VOLUMES_TABLE} (
       account_id INT UNSIGNED NOT NULL,
       service ${SUPPLY_ENUM} NOT NULL,
       method ENUM('ACTUAL', 'AVERAGE', 'NORM') NOT NULL,
       volume DECIMAL(11,3) NOT NULL,
       wastewater_volume DECIMAL(11,3) NOT NULL,
       people SMALLINT UNSIGNED NOT NULL,
       by_owners TINYINT NOT NULL,
       norm DECIMAL(8,3) NOT NULL,
       factor DECIMAL(6,4) NOT NULL,
       price DECIMAL(10,2) NOT NULL,
       anchor CHAR(7) NULL,
       PRIMARY KEY (account_id, service)
     ) ENGINE=MEMORY`,
  );
  // Sums of ledger amounts and volumes: wider than a line's columns, so that no sum is cut.
  await q.query(
    `CREATE TEMPORARY TABLE IF NOT EXISTS ${EARLIER_TABLE} (
       account_id INT UNSIGNED NOT NULL,
       service ${SUPPLY_ENUM} NOT NULL,
       period CHAR(7) NOT NULL,
       amount DECIMAL(20,2) NOT NULL,
       volume DECIMAL(20,3) NOT NULL,
       wastewater_volume DECIMAL(20,3) NOT NULL,
       method ENUM('ACTUAL', 'AVERAGE', 'NORM') NULL,
       tariff DECIMAL(10,2) NULL,
       PRIMARY KEY (account_id, service, period)
     ) ENGINE=MEMORY`,
  );
  await q.query(
    `CREATE TEMPORARY TABLE IF NOT EXISTS ${EARLIER_WASTEWATER_TABLE} (
       account_id INT UNSIGNED NOT NULL,
       period CHAR(7) NOT NULL,
       tariff DECIMAL(10,2) NULL,
       charged_volume DECIMAL(20,3) NULL,
       charged_amount DECIMAL(20,2) NULL,
       method ENUM('ACTUAL', 'AVERAGE', 'NORM') NULL,
       PRIMARY KEY (account_id, period)
     ) ENGINE=MEMORY`,
  );
}

export async function dropCloseTables(q: Queryable): Promise<void> {
  await q.query(`DROP TEMPORARY TABLE IF EXISTS ${CLOSE_TABLES.join(', ')}`);
}

async function clear(q: Queryable): Promise<void> {
  for (const table of CLOSE_TABLES) await q.query(`DELETE FROM ${table}`);
}

/**
 * 1. The meters of accounts lo..hi in service during the month; and those taken off in an earlier month, with
 * their final reading as `cur` (null when they could not be read), which a recalculation may reach back to.
 */
async function fillMeters(q: Queryable, ctx: CloseContext, lo: number, hi: number): Promise<void> {
  await run(
    q,
    `INSERT INTO ${METERS_TABLE} (meter_id, account_id, kind, in_service, removal_period, initial_value, cur, measured, fault_period, anchor_period, anchor_value)
     SELECT id, account_id, kind, 1, NULL, initial_value, cur,
       cur IS NOT NULL AND (fault_on > :periodEnd OR removed_in_period),
       CASE WHEN fault_on <= :periodEnd THEN DATE_FORMAT(fault_on, '%Y-%m') END,
       COALESCE(SUBSTRING_INDEX(prev, ' ', 1), DATE_FORMAT(admitted_on, '%Y-%m')),
       COALESCE(CAST(SUBSTRING_INDEX(prev, ' ', -1) AS DECIMAL(11,3)), initial_value)
     FROM (
       SELECT m.id, m.account_id, m.kind, m.admitted_on, m.initial_value,
         m.removed_on IS NOT NULL AND m.removed_on <= :periodEnd AS removed_in_period,
         LEAST(COALESCE(m.failed_on, DATE('9999-12-31')), m.verification_due_on + INTERVAL 1 DAY) AS fault_on,
         COALESCE(
           (SELECT r.value FROM readings r
             WHERE r.meter_id = m.id AND r.period = :period AND r.status = 'ACCEPTED'
             ORDER BY r.id DESC LIMIT 1),
           -- A meter that came this month counts from its initial value, unless a reading of it still waits for review.
           CASE WHEN m.admitted_on >= :periodStart AND NOT EXISTS (
             SELECT 1 FROM readings p WHERE p.meter_id = m.id AND p.period = :period AND p.status = 'PENDING') THEN m.initial_value END) AS cur,
         -- The last ACCEPTED reading of an earlier month, its period and value in one look-up ('2026-09 186.000'; a
         -- DECIMAL's text reads back exactly). Two subqueries, one for each: 190 against 160 ms for 5,000 accounts of a million.
         (SELECT CONCAT(r.period, ' ', r.value) FROM readings r
           WHERE r.meter_id = m.id AND r.period < :period AND r.status = 'ACCEPTED'
           ORDER BY r.period DESC, r.id DESC LIMIT 1) AS prev
       FROM meters m
       WHERE m.account_id BETWEEN :lo AND :hi
         AND m.admitted_on <= :periodEnd AND (m.removed_on IS NULL OR m.removed_on >= :periodStart)
     ) x`,
    { lo, hi, period: ctx.period, periodStart: ctx.periodStart, periodEnd: ctx.periodEnd },
  );
  await run(
    q,
    `INSERT INTO ${METERS_TABLE} (meter_id, account_id, kind, in_service, removal_period, initial_value, cur, measured, fault_period, anchor_period, anchor_value)
     SELECT m.id, m.account_id, m.kind, 0, DATE_FORMAT(m.removed_on, '%Y-%m'), m.initial_value,
       (SELECT r.value FROM readings r
         WHERE r.meter_id = m.id AND r.period = DATE_FORMAT(m.removed_on, '%Y-%m') AND r.status = 'ACCEPTED'
         ORDER BY r.id DESC LIMIT 1),
       0, NULL, DATE_FORMAT(m.removed_on, '%Y-%m'), m.initial_value
     FROM meters m
     WHERE m.account_id BETWEEN :lo AND :hi AND m.removed_on < :periodStart`,
    { lo, hi, periodStart: ctx.periodStart },
  );
}

/** 2. Per account and supply: meters, measured ones, the earliest anchor and fault. */
async function fillServices(q: Queryable): Promise<void> {
  await q.query(
    `INSERT INTO ${SERVICES_TABLE} (account_id, service, meters, measured, fault_period, anchor)
     SELECT account_id, kind, COUNT(*), SUM(measured), MIN(fault_period), MIN(anchor_period)
     FROM ${METERS_TABLE} WHERE in_service = 1 GROUP BY account_id, kind`,
  );
}

/**
 * 3. What earlier closes charged the batch's accounts, per supply (close-history.ts). An account whose summary keeps
 * its history starts from it; the others from their groups of the lines dated before the month, read for all of
 * them at once: their last HISTORY_WINDOW_MONTHS months first, and the whole ledger of those whose months do not hold
 * AVERAGE_OVER_MONTHS months by readings for both supplies (readings missing for months, no meters, a new account).
 * The lines after that (close-ledger.ts) are added. An account one of whose lines after it is of a month already
 * summed is read over its whole ledger in SQL (historyInsert), and keeps no history in its summary.
 * Returns what each account's summary keeps of its history (null: none). Reading every line of every account made
 * the history the largest step of a close once the ledger held years of the close's own lines: 2.0 s for 5,000
 * accounts with 22 months of them, against 0.5 s with 8 (docs/BENCHMARKS.md «02.12.2026 (afternoon)»).
 */
async function fillHistory(q: Queryable, ctx: CloseContext, ledger: BatchLedger): Promise<Map<number, AccountHistory | null>> {
  const { kept, rows, readAgain } = await batchHistory(q, ctx, ledger, true);
  for (let i = 0; i < rows.length; i += HISTORY_INSERT_CHUNK) {
    const chunk = rows.slice(i, i + HISTORY_INSERT_CHUNK);
    await q.query(`INSERT INTO ${HISTORY_TABLE} (account_id, service, last_actual, months, average, averaged) VALUES ${chunk.map(() => '(?, ?, ?, ?, ?, ?)').join(', ')}`, chunk.flat());
  }
  if (readAgain.length > 0) await fillHistoryWhole(q, ctx, readAgain);
  return kept;
}

/**
 * The batch's history as fillHistory takes it: what each account's summary keeps of it (`kept`, null for the accounts
 * `readAgain`, whose history only the SQL over their whole ledger gives), and, when `withRows`, the month's rows of the
 * others. Reads the ledger only (no temporary table): the summaries readied ahead of a close use it too
 * (summaries-ahead.ts). The histories of the ledger's summaries are taken over: they are the accounts' groups after this.
 */
export async function batchHistory(
  q: Queryable, ctx: CloseContext, ledger: BatchLedger, withRows: boolean,
): Promise<{ kept: Map<number, AccountHistory | null>; rows: unknown[][]; readAgain: number[] }> {
  const { dayBefore } = ledger;
  const closed = ctx.previousPeriod;
  const groups = new Map<number, AccountHistory>();
  /** The day up to which each account's groups hold its lines. */
  const holdsTo = new Map<number, string>();
  const unsummed: number[] = [];
  for (const accountId of ledger.accounts) {
    const summary = ledger.summaries.get(accountId);
    if (summary?.history) {
      // Taken over, not copied: nothing reads a held summary's groups after this (summariesToWrite asks only whether it
      // had any), and a copy was one more object for every group of every account of the month.
      groups.set(accountId, summary.history);
      holdsTo.set(accountId, summary.through);
    } else unsummed.push(accountId);
  }
  if (unsummed.length > 0) {
    const window = await readHistoryGroups(q, unsummed, dayBefore, monthsBefore(ctx.period, HISTORY_WINDOW_MONTHS));
    const short = unsummed.filter((id) => !holdsEnoughMonths(window.get(id), closed));
    const whole = short.length > 0 ? await readHistoryGroups(q, short, dayBefore, null) : new Map<number, AccountHistory>();
    const shortSet = new Set(short);
    for (const accountId of unsummed) {
      groups.set(accountId, (shortSet.has(accountId) ? whole.get(accountId) : window.get(accountId)) ?? emptyHistory());
      holdsTo.set(accountId, dayBefore);
    }
  }
  const kept = new Map<number, AccountHistory | null>();
  const rows: unknown[][] = [];
  const readAgain: number[] = [];
  let n = 0;
  for (const accountId of ledger.accounts) {
    if (++n % BREATH_EVERY === 0) await breathe();
    const history = groups.get(accountId)!;
    const from = holdsTo.get(accountId)!;
    const after = (ledger.tails.get(accountId) ?? []).filter((line) => line.date > from && countsInHistory(line));
    // A line of a month already summed, dated after the summary: the summary may have let its month's group go.
    if (after.some((line) => line.period! <= from.slice(0, 7))) {
      readAgain.push(accountId);
      kept.set(accountId, null);
      continue;
    }
    const later: LedgerLine[] = [];
    for (const line of after) {
      if (line.date <= dayBefore) addToHistory(history, line);
      else later.push(line);
    }
    kept.set(accountId, retained(history, closed));
    if (!withRows) continue;
    for (const line of later) addToHistory(history, line);
    for (const row of historyRows(history, ctx.period)) rows.push([accountId, row.service, row.lastActual, row.months, row.average, row.averaged]);
  }
  return { kept, rows, readAgain };
}

/** The history of the accounts `ids` over their whole ledger, in SQL, into billing_close_history (the tests compare fillHistory with it). */
export async function fillHistoryWhole(q: Queryable, ctx: CloseContext, ids: number[]): Promise<void> {
  await q.query(`DELETE FROM ${HISTORY_FULL_TABLE}`);
  await q.query(`INSERT INTO ${HISTORY_FULL_TABLE} (account_id) VALUES ${ids.map(() => '(?)').join(', ')}`, ids);
  await run(
    q,
    historyInsert(`${HISTORY_FULL_TABLE} f STRAIGHT_JOIN ledger_entries e FORCE INDEX (ix_ledger_account_cover) ON e.account_id = f.account_id`, '1 = 1'),
    { period: ctx.period, overMonths: AVERAGE_OVER_MONTHS },
  );
}

const HISTORY_INSERT_CHUNK = 1000;

/**
 * Per account and supply of `from` (ledger_entries as e) where `where`, in SQL (close-history.ts historyRows computes
 * the same from the groups): the last month by readings, how many of the
 * last AVERAGE_OVER_MONTHS months by readings there are and their average volume (a month that recalculated n months
 * before it covers n + 1 months), how many months by average since the last one by readings.
 */
function historyInsert(from: string, where: string): string {
  return `INSERT INTO ${HISTORY_TABLE} (account_id, service, last_actual, months, average, averaged)
     WITH billed AS (
       SELECT e.account_id, e.service, e.period,
         MAX(CASE WHEN e.kind = 'CHARGE' THEN e.billing_method END) AS method,
         SUM(CASE WHEN e.kind = 'CHARGE' THEN e.volume ELSE 0 END) AS volume,
         SUM(e.kind = 'RECALCULATION') AS recalcs
       FROM ${from}
       WHERE ${where} AND e.kind IN ('CHARGE', 'RECALCULATION') AND e.period < :period
         AND e.service IN ('COLD_WATER', 'HOT_WATER') AND e.billing_method IS NOT NULL AND e.volume IS NOT NULL
       GROUP BY e.account_id, e.service, e.period
     ),
     ranked AS (
       -- actuals: how many months billed ACTUAL from this month on (1 = the latest ACTUAL month; 0 = after it)
       SELECT account_id, service, period, method, volume, recalcs,
         SUM(method = 'ACTUAL') OVER (PARTITION BY account_id, service ORDER BY period DESC ROWS UNBOUNDED PRECEDING) AS actuals
       FROM billed WHERE method IS NOT NULL
     )
     SELECT account_id, service,
       MAX(CASE WHEN method = 'ACTUAL' THEN period END),
       COUNT(CASE WHEN method = 'ACTUAL' AND actuals <= :overMonths THEN 1 END),
       ROUND(SUM(CASE WHEN method = 'ACTUAL' AND actuals <= :overMonths THEN volume END)
         / SUM(CASE WHEN method = 'ACTUAL' AND actuals <= :overMonths THEN 1 + recalcs END), 3),
       COUNT(CASE WHEN method = 'AVERAGE' AND actuals = 0 THEN 1 END)
     FROM ranked
     GROUP BY account_id, service`;
}

/**
 * 4. For the supplies measured this month: the month P they are measured from, and each meter's value at P.
 * A meter taken off after P without a final reading ends what can be measured: P moves up to that month (the
 * months before it stay as charged). One taken off after P with its final reading counts from P to it.
 */
async function fillBase(q: Queryable): Promise<void> {
  await q.query(
    `UPDATE ${SERVICES_TABLE} s JOIN ${HISTORY_TABLE} h ON h.account_id = s.account_id AND h.service = s.service
     SET s.anchor = LEAST(s.anchor, h.last_actual)
     WHERE s.measured = s.meters AND h.last_actual IS NOT NULL`,
  );
  await q.query(
    `UPDATE ${SERVICES_TABLE} s
     JOIN (SELECT account_id, kind, MAX(removal_period) AS removed FROM ${METERS_TABLE} WHERE in_service = 0 AND cur IS NULL GROUP BY account_id, kind) x
       ON x.account_id = s.account_id AND x.kind = s.service
     SET s.anchor = x.removed
     WHERE s.measured = s.meters AND x.removed > s.anchor`,
  );
  await q.query(
    `UPDATE ${METERS_TABLE} cm JOIN ${SERVICES_TABLE} s ON s.account_id = cm.account_id AND s.service = cm.kind
     SET cm.base = CASE WHEN cm.in_service = 1 AND cm.anchor_period <= s.anchor THEN cm.anchor_value ELSE COALESCE(
       (SELECT r.value FROM readings r
         WHERE r.meter_id = cm.meter_id AND r.status = 'ACCEPTED' AND r.period <= s.anchor
         ORDER BY r.period DESC, r.id DESC LIMIT 1),
       cm.initial_value) END
     WHERE s.measured = s.meters AND (cm.in_service = 1 OR (cm.cur IS NOT NULL AND cm.removal_period > s.anchor))`,
  );
}

/** The priced supplies as a derived table (service, price, norm). */
function suppliesSql(supplies: Supply[], ctx: CloseContext, values: Record<string, unknown>): string {
  return supplies
    .map((service, i) => {
      const tariff = ctx.tariffs.get(service)!;
      values[`service${i}`] = service;
      values[`price${i}`] = tariff.pricePerM3;
      values[`norm${i}`] = tariff.normPerResident;
      return `SELECT :service${i} AS service, CAST(:price${i} AS DECIMAL(10,2)) AS price, CAST(:norm${i} AS DECIMAL(8,3)) AS norm`;
    })
    .join(' UNION ALL ');
}

/** 5. The month's volume, method and price per account and priced supply. */
async function fillVolumeRows(q: Queryable, ctx: CloseContext, lo: number, hi: number): Promise<void> {
  const supplies = pricedSupplies(ctx);
  if (supplies.length === 0) return;
  const values: Record<string, unknown> = {
    lo,
    hi,
    periodYm: ctx.period.replace('-', ''),
    averageMaxMonths: ctx.averageMaxMonths,
    minMonths: AVERAGE_MIN_MONTHS,
    factor: ctx.normIncreaseFactor,
    capacity: METER_CAPACITY_M3,
  };
  await run(
    q,
    `INSERT INTO ${VOLUMES_TABLE} (account_id, service, method, volume, wastewater_volume, people, by_owners, norm, factor, price, anchor)
     WITH supply AS (${suppliesSql(supplies, ctx, values)}),
     metered AS (
       SELECT account_id, kind AS service,
         SUM(cur - base + CASE WHEN cur < base THEN CAST(:capacity AS DECIMAL(11,3)) ELSE 0 END) AS volume
       FROM ${METERS_TABLE} WHERE base IS NOT NULL
       GROUP BY account_id, kind
     ),
     chosen AS (
       SELECT a.id AS account_id, sp.service, sp.norm, sp.price,
         CASE WHEN a.residents > 0 THEN a.residents ELSE a.owners END AS people,
         a.residents = 0 AS by_owners,
         mt.volume AS metered_volume, h.average, s.anchor, s.fault_period,
         CASE
           WHEN s.meters > 0 AND s.measured = s.meters THEN 'ACTUAL'
           WHEN h.months >= :minMonths AND h.averaged < :averageMaxMonths THEN 'AVERAGE'
           ELSE 'NORM'
         END AS method
       FROM accounts a
       CROSS JOIN supply sp
       LEFT JOIN ${SERVICES_TABLE} s ON s.account_id = a.id AND s.service = sp.service
       LEFT JOIN ${HISTORY_TABLE} h ON h.account_id = a.id AND h.service = sp.service
       LEFT JOIN metered mt ON mt.account_id = a.id AND mt.service = sp.service
       WHERE a.id BETWEEN :lo AND :hi
     ),
     factored AS (
       SELECT c.*,
         CASE WHEN method = 'NORM' AND fault_period IS NOT NULL
           AND PERIOD_DIFF(:periodYm, REPLACE(fault_period, '-', '')) >= :averageMaxMonths
           THEN CAST(:factor AS DECIMAL(6,4)) ELSE 1 END AS factor
       FROM chosen c
     )
     SELECT account_id, service, method,
       CASE method WHEN 'ACTUAL' THEN metered_volume WHEN 'AVERAGE' THEN average ELSE ROUND(norm * people * factor, 3) END,
       CASE method WHEN 'ACTUAL' THEN metered_volume WHEN 'AVERAGE' THEN average ELSE ROUND(norm * people, 3) END,
       people, by_owners, norm, factor, price, CASE method WHEN 'ACTUAL' THEN anchor END
     FROM factored`,
    values,
  );
}

/**
 * The accounts of the batch whose month the billing system's import already charged (a CHARGE line of the month not
 * written by a close): left out of this close, one source of charges per month.
 *
 * Only the accounts whose ledger, as the close read it (close-ledger.ts), may hold such a line are looked up in the
 * ledger, and those one by one; walking every line of the batch for the rare import cost a twentieth of the close
 * (3.4–5.6 s of 78–93 s over the workers at 100,000 accounts). A line of the month is of one of these accounts:
 * - an account without a summary that holds: anything may be in its ledger;
 * - a line dated after the summary's day: in the lines read after it (every CHARGE, whatever its date);
 * - a line dated on or before it, written before the summary: the summary has a group of its billed month (a group is
 *   kept whatever it sums to, and months after the lumped one keep their own: ledger-summaries.ts);
 * - written after the summary, dated on or before it: a change of the account dated inside the summary, which then
 *   does not hold (the first case).
 * The look-up leaves out the close's own lines by their external id (a batch done again after an interruption finds
 * its lines of the month among those after the summary). Imports wait for the close (close-lock.ts); imported-months.e2e
 * has a charge of each kind.
 */
async function leaveImported(q: Queryable, ctx: CloseContext, ledger: BatchLedger): Promise<number[]> {
  const candidates = ledger.accounts.filter((accountId) => {
    const summary = ledger.summaries.get(accountId);
    if (!summary) return true;
    for (const period of summary.billed.keys()) if (period >= ctx.period) return true;
    return (ledger.tails.get(accountId) ?? []).some((line) => line.kind === 'CHARGE' && line.period === ctx.period);
  });
  if (candidates.length === 0) return [];
  // Every account of the batch (a first close): one range; else the candidates' own ranges, a few hundred at a time.
  const whole = candidates.length === ledger.accounts.length;
  const ids: number[] = [];
  for (let i = 0; i < candidates.length; i += whole ? candidates.length : IMPORTED_IDS_PER_READ) {
    const rows: { account_id: number | string }[] = await run(
      q,
      `SELECT DISTINCT account_id FROM ledger_entries
       WHERE ${whole ? 'account_id BETWEEN :lo AND :hi' : 'account_id IN (:ids)'} AND period = :period AND kind = 'CHARGE'
         AND (external_id IS NULL OR external_id NOT LIKE 'close:%')`,
      { lo: ledger.lo, hi: ledger.hi, ids: candidates.slice(i, i + IMPORTED_IDS_PER_READ), period: ctx.period },
    );
    for (const row of rows) ids.push(Number(row.account_id));
  }
  if (ids.length) await q.query(`DELETE FROM ${VOLUMES_TABLE} WHERE account_id IN (?)`, [ids]);
  return ids;
}

/** Accounts a look-up of imported months reads at a time (past about 1,000 ids MariaDB walks the batch's range instead). */
const IMPORTED_IDS_PER_READ = 500;

/** Times one step of a batch (the close's log sums them over the batches). */
export type StepTimer = <T>(name: string, work: () => Promise<T>) => Promise<T>;

/**
 * Fills billing_close_volumes for the accounts lo..hi, from what the close read of their ledger (close-ledger.ts).
 * Returns the ones left to the billing system's import (their month, penalties included, is the import's), and what
 * each account's summary keeps of its history (none when no supply is priced).
 */
export async function fillVolumes(
  q: Queryable, ctx: CloseContext, lo: number, hi: number, ledger: BatchLedger, step: StepTimer = (_, work) => work(),
): Promise<{ imported: number[]; history: Map<number, AccountHistory | null> }> {
  await clear(q);
  let history = new Map<number, AccountHistory | null>();
  if (pricedSupplies(ctx).length > 0) {
    await step('volumes.meters', () => fillMeters(q, ctx, lo, hi));
    await step('volumes.services', () => fillServices(q));
    history = await step('volumes.history', () => fillHistory(q, ctx, ledger));
    await step('volumes.base', () => fillBase(q));
    await step('volumes.rows', () => fillVolumeRows(q, ctx, lo, hi));
  }
  return { imported: await step('volumes.imported', () => leaveImported(q, ctx, ledger)), history };
}
