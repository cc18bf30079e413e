/**
 * The charges of one batch of accounts (an id range) for a month's close, set-based: a few
 * statements compute every account of the batch at once, never one query per account.
 *
 * 1. fillVolumes: the cold and hot water volume of each account and its method (ПП №354 п.59–60)
 *    into the connection's temporary table billing_close_volumes:
 *    - ACTUAL when every meter of that kind has an ACCEPTED reading in the period and its
 *      verification lasts to the period's end: per meter, the period's last accepted value minus
 *      the last accepted value of an earlier period (or the meter's initial value), summed;
 *    - AVERAGE otherwise, when the account has at least 3 months billed ACTUAL for the service:
 *      the mean volume of its last 6 such months, for at most `averageMaxMonths` months after
 *      the last ACTUAL one;
 *    - NORM otherwise: the tariff's norm per resident × residents.
 * 2. insertSupplyCharges: one CHARGE line per account for cold and hot water.
 * 3. insertWastewaterCharges: one CHARGE line per account for wastewater, cold plus hot volume.
 * Every line has external_id close:<period>:<accountId>:<service> and is inserted only when
 * absent, so a close that runs again charges nothing twice.
 */
import { BillingService } from '../common/enums';
import { METHOD_PHRASES, SERVICE_TITLES, SUPPLY_ABBREVIATIONS } from './descriptions';
import { run, ruNumberSql, type Queryable } from './sql-params';
import type { Tariff } from './tariff.entity';

/** ПП №354 п.59: the average is over the last 6 months with readings, and needs at least 3. */
export const AVERAGE_OVER_MONTHS = 6;
export const AVERAGE_MIN_MONTHS = 3;

export interface CloseContext {
  period: string;
  periodEnd: string;
  /** The tariffs in force on the period's first day. */
  tariffs: Map<BillingService, Tariff>;
  averageMaxMonths: number;
}

export const VOLUMES_TABLE = 'billing_close_volumes';

type Supply = BillingService.COLD_WATER | BillingService.HOT_WATER;
const SUPPLIES: Supply[] = [BillingService.COLD_WATER, BillingService.HOT_WATER];

export const closeExternalIdPrefix = (period: string) => `close:${period}:`;

/** The supplies (cold, hot) that have a tariff. */
function pricedSupplies(ctx: CloseContext): Supply[] {
  return SUPPLIES.filter((s) => ctx.tariffs.has(s));
}

/** Wastewater needs its tariff and the cold and hot ones (for the volume by norm). */
export function wastewaterPriced(ctx: CloseContext): boolean {
  return ctx.tariffs.has(BillingService.WASTEWATER) && pricedSupplies(ctx).length === SUPPLIES.length;
}

export async function createVolumesTable(q: Queryable): Promise<void> {
  await q.query(
    `CREATE TEMPORARY TABLE IF NOT EXISTS ${VOLUMES_TABLE} (
       account_id INT UNSIGNED NOT NULL,
       service ENUM('COLD_WATER', 'HOT_WATER') NOT NULL,
       method ENUM('ACTUAL', 'AVERAGE', 'NORM') NOT NULL,
       volume DECIMAL(11,3) NOT NULL,
       residents SMALLINT UNSIGNED NOT NULL,
       norm DECIMAL(8,3) NOT NULL,
       price DECIMAL(10,2) NOT NULL,
       PRIMARY KEY (account_id, service)
     ) ENGINE=MEMORY`,
  );
}

export async function dropVolumesTable(q: Queryable): Promise<void> {
  await q.query(`DROP TEMPORARY TABLE IF EXISTS ${VOLUMES_TABLE}`);
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

export async function fillVolumes(q: Queryable, ctx: CloseContext, lo: number, hi: number): Promise<void> {
  await q.query(`DELETE FROM ${VOLUMES_TABLE}`);
  const supplies = pricedSupplies(ctx);
  if (supplies.length === 0) return;
  const values: Record<string, unknown> = {
    lo,
    hi,
    period: ctx.period,
    periodEnd: ctx.periodEnd,
    averageMaxMonths: ctx.averageMaxMonths,
    overMonths: AVERAGE_OVER_MONTHS,
    minMonths: AVERAGE_MIN_MONTHS,
  };
  const supply = suppliesSql(supplies, ctx, values);
  await run(
    q,
    `INSERT INTO ${VOLUMES_TABLE} (account_id, service, method, volume, residents, norm, price)
     WITH supply AS (${supply}),
     meter_values AS (
       SELECT m.account_id, m.kind, m.verification_due_on, m.initial_value,
         (SELECT r.value FROM readings r
           WHERE r.meter_id = m.id AND r.period = :period AND r.status = 'ACCEPTED'
           ORDER BY r.id DESC LIMIT 1) AS cur,
         (SELECT r.value FROM readings r
           WHERE r.meter_id = m.id AND r.period < :period AND r.status = 'ACCEPTED'
           ORDER BY r.period DESC, r.id DESC LIMIT 1) AS prev
       FROM meters m
       WHERE m.account_id BETWEEN :lo AND :hi
     ),
     metered AS (
       SELECT account_id, kind AS service, COUNT(*) AS meters,
         SUM(cur IS NOT NULL AND verification_due_on >= :periodEnd) AS measured,
         SUM(GREATEST(COALESCE(cur, 0) - COALESCE(prev, initial_value), 0)) AS volume
       FROM meter_values
       GROUP BY account_id, kind
     ),
     billed AS (
       SELECT account_id, service, period, billing_method, SUM(volume) AS volume
       FROM ledger_entries
       WHERE account_id BETWEEN :lo AND :hi AND kind = 'CHARGE' AND period < :period
         AND service IN ('COLD_WATER', 'HOT_WATER') AND billing_method IS NOT NULL AND volume IS NOT NULL
       GROUP BY account_id, service, period, billing_method
     ),
     ranked AS (
       -- actuals: how many months billed ACTUAL from this month on (1 = the latest ACTUAL month; 0 = after it)
       SELECT billing_method, volume, account_id, service,
         SUM(billing_method = 'ACTUAL') OVER (PARTITION BY account_id, service ORDER BY period DESC ROWS UNBOUNDED PRECEDING) AS actuals
       FROM billed
     ),
     history AS (
       SELECT account_id, service,
         COUNT(CASE WHEN billing_method = 'ACTUAL' AND actuals <= :overMonths THEN 1 END) AS months,
         ROUND(AVG(CASE WHEN billing_method = 'ACTUAL' AND actuals <= :overMonths THEN volume END), 3) AS average,
         COUNT(CASE WHEN billing_method = 'AVERAGE' AND actuals = 0 THEN 1 END) AS averaged
       FROM ranked
       GROUP BY account_id, service
     )
     SELECT account_id, service, method,
       CASE method WHEN 'ACTUAL' THEN metered_volume WHEN 'AVERAGE' THEN average ELSE ROUND(norm * residents, 3) END,
       residents, norm, price
     FROM (
       SELECT a.id AS account_id, s.service, a.residents, s.norm, s.price, mt.volume AS metered_volume, h.average,
         CASE
           WHEN mt.meters > 0 AND mt.measured = mt.meters THEN 'ACTUAL'
           WHEN h.months >= :minMonths AND h.averaged < :averageMaxMonths THEN 'AVERAGE'
           ELSE 'NORM'
         END AS method
       FROM accounts a
       CROSS JOIN supply s
       LEFT JOIN metered mt ON mt.account_id = a.id AND mt.service = s.service
       LEFT JOIN history h ON h.account_id = a.id AND h.service = s.service
       WHERE a.id BETWEEN :lo AND :hi
     ) c`,
    values,
  );
}

const methodPhraseSql = (column: string) =>
  `CASE ${column} WHEN 'ACTUAL' THEN '${METHOD_PHRASES.ACTUAL}' WHEN 'AVERAGE' THEN '${METHOD_PHRASES.AVERAGE}' ELSE '${METHOD_PHRASES.NORM}' END`;

/** «Холодное водоснабжение: 5,000 м³ × 45,12 ₽ (по нормативу: 3 чел. × 4,900 м³)». */
export async function insertSupplyCharges(q: Queryable, ctx: CloseContext): Promise<void> {
  await run(
    q,
    `INSERT INTO ledger_entries (account_id, date, kind, period, description, amount, service, volume, billing_method, tariff, external_id)
     SELECT v.account_id, :periodEnd, 'CHARGE', :period,
       CONCAT(CASE v.service WHEN 'COLD_WATER' THEN :coldTitle ELSE :hotTitle END, ': ',
         ${ruNumberSql('v.volume', 3)}, ' м³ × ', ${ruNumberSql('v.price', 2)}, ' ₽ (',
         CASE v.method WHEN 'NORM'
           THEN CONCAT(${methodPhraseSql('v.method')}, ': ', v.residents, ' чел. × ', ${ruNumberSql('v.norm', 3)}, ' м³')
           ELSE ${methodPhraseSql('v.method')} END,
         ')'),
       ROUND(v.volume * v.price, 2), v.service, v.volume, v.method, v.price,
       CONCAT(:prefix, v.account_id, ':', v.service)
     FROM ${VOLUMES_TABLE} v
     WHERE NOT EXISTS (SELECT 1 FROM ledger_entries e WHERE e.external_id = CONCAT(:prefix, v.account_id, ':', v.service))`,
    {
      period: ctx.period,
      periodEnd: ctx.periodEnd,
      prefix: closeExternalIdPrefix(ctx.period),
      coldTitle: SERVICE_TITLES.COLD_WATER,
      hotTitle: SERVICE_TITLES.HOT_WATER,
    },
  );
}

/**
 * «Водоотведение: 8,000 м³ × 39,77 ₽ (ХВС 5,000 м³ по показаниям + ГВС 3,000 м³ по нормативу)».
 * Its method is the weakest of the two: NORM if either is, else AVERAGE if either is, else ACTUAL.
 */
export async function insertWastewaterCharges(q: Queryable, ctx: CloseContext): Promise<void> {
  if (!wastewaterPriced(ctx)) return;
  const tariff = ctx.tariffs.get(BillingService.WASTEWATER)!;
  await run(
    q,
    `INSERT INTO ledger_entries (account_id, date, kind, period, description, amount, service, volume, billing_method, tariff, external_id)
     SELECT w.account_id, :periodEnd, 'CHARGE', :period,
       CONCAT(:title, ': ', ${ruNumberSql('w.volume', 3)}, ' м³ × ', ${ruNumberSql('CAST(:price AS DECIMAL(10,2))', 2)}, ' ₽ (',
         :coldAbbr, ' ', ${ruNumberSql('w.cold_volume', 3)}, ' м³ ', ${methodPhraseSql('w.cold_method')}, ' + ',
         :hotAbbr, ' ', ${ruNumberSql('w.hot_volume', 3)}, ' м³ ', ${methodPhraseSql('w.hot_method')}, ')'),
       ROUND(w.volume * CAST(:price AS DECIMAL(10,2)), 2), 'WASTEWATER', w.volume, w.method, CAST(:price AS DECIMAL(10,2)),
       CONCAT(:prefix, w.account_id, ':', 'WASTEWATER')
     FROM (
       SELECT account_id, SUM(volume) AS volume,
         MAX(CASE WHEN service = 'COLD_WATER' THEN volume END) AS cold_volume,
         MAX(CASE WHEN service = 'COLD_WATER' THEN CAST(method AS CHAR) END) AS cold_method,
         MAX(CASE WHEN service = 'HOT_WATER' THEN volume END) AS hot_volume,
         MAX(CASE WHEN service = 'HOT_WATER' THEN CAST(method AS CHAR) END) AS hot_method,
         CASE WHEN SUM(method = 'NORM') > 0 THEN 'NORM' WHEN SUM(method = 'AVERAGE') > 0 THEN 'AVERAGE' ELSE 'ACTUAL' END AS method
       FROM ${VOLUMES_TABLE}
       GROUP BY account_id
     ) w
     WHERE NOT EXISTS (SELECT 1 FROM ledger_entries e WHERE e.external_id = CONCAT(:prefix, w.account_id, ':', 'WASTEWATER'))`,
    {
      period: ctx.period,
      periodEnd: ctx.periodEnd,
      prefix: closeExternalIdPrefix(ctx.period),
      title: SERVICE_TITLES.WASTEWATER,
      coldAbbr: SUPPLY_ABBREVIATIONS.COLD_WATER,
      hotAbbr: SUPPLY_ABBREVIATIONS.HOT_WATER,
      price: tariff.pricePerM3,
    },
  );
}
