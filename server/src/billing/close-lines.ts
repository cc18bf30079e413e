/**
 * The ledger lines a month's close writes for one batch, from billing_close_volumes (close-volumes.ts):
 *
 * 1. insertSupplyCharges: one CHARGE line per account for cold and hot water.
 * 2. insertRecalculations (ПП №354 п.61): a supply measured this month after months charged by
 *    average or norm is charged its whole volume since the month P it is measured from, so every
 *    line of that supply dated after P is taken back: one RECALCULATION line per earlier month, the
 *    opposite of what was charged for it (volume and amount, at the tariff it was charged at), and
 *    one for the wastewater that volume was charged under. Over any run of months that begins and
 *    ends with an accepted reading, the volume charged is the meters' advance.
 * 3. insertWastewaterCharges: one CHARGE line per account for wastewater, cold plus hot volume (the
 *    volume without the increasing factor, which wastewater does not bear).
 *
 * Every line has external_id close:<period>:<accountId>:<service>[:r<month>] and is
 * inserted only when absent, so a close that runs again charges nothing twice: a line whose external_id is
 * there already meets uq_ledger_external_id and stays as it is (ON DUPLICATE KEY UPDATE id = id). That is
 * the index's own check; a NOT EXISTS before each line looked the key up a second time (a fifth of the
 * cold and hot lines' time: 96 → 73 ms for 5,000 accounts of a million, timed with the same wording).
 */
import { BillingService } from '../common/enums';
import { METHOD_PHRASES, SERVICE_TITLES, SUPPLY_ABBREVIATIONS } from './descriptions';
import { EARLIER_TABLE, EARLIER_WASTEWATER_TABLE, VOLUMES_TABLE, wastewaterPriced, type CloseContext } from './close-volumes';
import { run, ruNumberSql, type Queryable } from './sql-params';

export const closeExternalIdPrefix = (period: string) => `close:${period}:`;

const methodPhraseSql = (column: string) =>
  `CASE ${column} WHEN 'ACTUAL' THEN '${METHOD_PHRASES.ACTUAL}' WHEN 'AVERAGE' THEN '${METHOD_PHRASES.AVERAGE}' ELSE '${METHOD_PHRASES.NORM}' END`;

const MONTHS_LOWER = ['январь', 'февраль', 'март', 'апрель', 'май', 'июнь', 'июль', 'август', 'сентябрь', 'октябрь', 'ноябрь', 'декабрь'];
/** '2026-09' → 'сентябрь 2026' in SQL. */
const monthTitleSql = (column: string) =>
  `CONCAT(ELT(CAST(SUBSTRING(${column}, 6, 2) AS UNSIGNED), ${MONTHS_LOWER.map((m) => `'${m}'`).join(', ')}), ' ', LEFT(${column}, 4))`;

/**
 * «Холодное водоснабжение: 5,000 м³ × 45,12 ₽ (по показаниям)»;
 * «… (по нормативу: 3 чел. × 4,900 м³)», «… (по нормативу: 2 собств. × 4,900 м³ × 1,5)».
 */
export async function insertSupplyCharges(q: Queryable, ctx: CloseContext): Promise<void> {
  await run(
    q,
    `INSERT INTO ledger_entries (account_id, date, kind, period, description, amount, service, volume, billing_method, tariff, wastewater_volume, external_id)
     SELECT v.account_id, :periodEnd, 'CHARGE', :period,
       CONCAT(CASE v.service WHEN 'COLD_WATER' THEN :coldTitle ELSE :hotTitle END, ': ',
         ${ruNumberSql('v.volume', 3)}, ' м³ × ', ${ruNumberSql('v.price', 2)}, ' ₽ (',
         CASE v.method WHEN 'NORM'
           THEN CONCAT(${methodPhraseSql('v.method')}, ': ', v.people, CASE WHEN v.by_owners THEN ' собств.' ELSE ' чел.' END,
             ' × ', ${ruNumberSql('v.norm', 3)}, ' м³',
             CASE WHEN v.factor <> 1 THEN CONCAT(' × ', TRIM(TRAILING ',' FROM TRIM(TRAILING '0' FROM ${ruNumberSql('v.factor', 4)}))) ELSE '' END)
           ELSE ${methodPhraseSql('v.method')} END,
         ')'),
       ROUND(v.volume * v.price, 2), v.service, v.volume, v.method, v.price, v.wastewater_volume,
       CONCAT(:prefix, v.account_id, ':', v.service)
     FROM ${VOLUMES_TABLE} v
     ON DUPLICATE KEY UPDATE id = id`,
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
 * Reads what the recalculations of the batch take back (insertRecalculations writes them): every line of a supply
 * measured this month dated after the month P it is measured from, summed per month, and what those months charged
 * for wastewater, into the connection's temporary tables. Run before the batch writes its first line (the reads
 * of the ledger's covering index are several times slower once the batch's own lines have changed its pages:
 * penalty-accrual.ts); the months read are all before this one, which no line of this close is billed for.
 */
export async function readRecalculations(q: Queryable, ctx: CloseContext): Promise<void> {
  const values = { period: ctx.period, previousPeriod: ctx.previousPeriod };
  // Most months nobody comes back after months without readings: nothing to look up.
  const [{ n }] = await run(q, `SELECT COUNT(*) AS n FROM ${VOLUMES_TABLE} WHERE method = 'ACTUAL' AND anchor < :previousPeriod`, values);
  if (Number(n) === 0) return;
  // Every line of the supply after P, summed per month (a month may have a charge and an earlier recalculation);
  // the few accounts that need it drive the join, each read by its account's index.
  await run(
    q,
    `INSERT INTO ${EARLIER_TABLE} (account_id, service, period, amount, volume, wastewater_volume, method, tariff)
     SELECT e.account_id, e.service, e.period,
       SUM(e.amount), SUM(e.volume), SUM(COALESCE(e.wastewater_volume, e.volume)),
       MAX(CASE WHEN e.kind = 'CHARGE' THEN e.billing_method END),
       MAX(CASE WHEN e.kind = 'CHARGE' THEN e.tariff END)
     FROM ${VOLUMES_TABLE} v
     STRAIGHT_JOIN ledger_entries e FORCE INDEX (ix_ledger_account_cover) ON e.account_id = v.account_id AND e.service = v.service
       AND e.period > v.anchor AND e.period < :period AND e.kind IN ('CHARGE', 'RECALCULATION') AND e.volume IS NOT NULL
     WHERE v.method = 'ACTUAL' AND v.anchor < :previousPeriod
     GROUP BY e.account_id, e.service, e.period`,
    values,
  );
  // The wastewater those months were charged (its tariff, volume, amount and method), one row per account and month:
  // each account's lines read once, from the first of its months on (the insert picks the months it takes back).
  await run(
    q,
    `INSERT INTO ${EARLIER_WASTEWATER_TABLE} (account_id, period, tariff, charged_volume, charged_amount, method)
     SELECT x.account_id, x.period, MAX(x.tariff), SUM(x.volume), SUM(x.amount), MAX(x.billing_method)
     FROM (SELECT account_id, MIN(period) AS since FROM ${EARLIER_TABLE} GROUP BY account_id) c
     STRAIGHT_JOIN ledger_entries x FORCE INDEX (ix_ledger_account_cover) ON x.account_id = c.account_id
       AND x.period >= c.since AND x.period < :period AND x.service = 'WASTEWATER' AND x.kind = 'CHARGE'
     GROUP BY x.account_id, x.period`,
    values,
  );
}

/**
 * «Перерасчёт за сентябрь 2026 (п.61 ПП №354): Холодное водоснабжение −4,000 м³ × 45,12 ₽ по среднему»
 * and «Перерасчёт за сентябрь 2026 (п.61 ПП №354): Водоотведение −5,333 м³ × 39,77 ₽ (ХВС по среднему + ГВС по среднему)»,
 * from what readRecalculations read.
 */
export async function insertRecalculations(q: Queryable, ctx: CloseContext): Promise<void> {
  const values = {
    period: ctx.period,
    periodEnd: ctx.periodEnd,
    prefix: closeExternalIdPrefix(ctx.period),
    coldTitle: SERVICE_TITLES.COLD_WATER,
    hotTitle: SERVICE_TITLES.HOT_WATER,
    wastewaterTitle: SERVICE_TITLES.WASTEWATER,
    coldAbbr: SUPPLY_ABBREVIATIONS.COLD_WATER,
    hotAbbr: SUPPLY_ABBREVIATIONS.HOT_WATER,
  };
  const [{ n }] = await q.query(`SELECT COUNT(*) AS n FROM ${EARLIER_TABLE}`);
  if (Number(n) === 0) return;
  const monthPhrase = (alias: string) => `CONCAT('Перерасчёт за ', ${monthTitleSql(`${alias}.period`)}, ' (п.61 ПП №354): ')`;
  await run(
    q,
    `INSERT INTO ledger_entries (account_id, date, kind, period, description, amount, service, volume, billing_method, tariff, wastewater_volume, external_id)
     SELECT g.account_id, :periodEnd, 'RECALCULATION', :period,
       CONCAT(${monthPhrase('g')}, CASE g.service WHEN 'COLD_WATER' THEN :coldTitle ELSE :hotTitle END, ' ',
         ${ruNumberSql('-g.volume', 3)}, ' м³',
         CASE WHEN g.tariff IS NULL THEN '' ELSE CONCAT(' × ', ${ruNumberSql('g.tariff', 2)}, ' ₽') END,
         CASE WHEN g.method IS NULL THEN '' ELSE CONCAT(' ', ${methodPhraseSql('g.method')}) END,
         ', учтено по показаниям'),
       -g.amount, g.service, -g.volume, g.method, g.tariff, -g.wastewater_volume,
       CONCAT(:prefix, g.account_id, ':', g.service, ':', 'r', g.period)
     FROM ${EARLIER_TABLE} g
     WHERE g.amount <> 0 OR g.volume <> 0
     ORDER BY g.account_id, g.service, g.period
     ON DUPLICATE KEY UPDATE id = id`,
    values,
  );
  // The wastewater those months were charged for the same volume, at that month's wastewater tariff: one line per
  // month; when all of that month's wastewater is taken back, exactly what it was charged (no rounding twice).
  await run(
    q,
    `INSERT INTO ledger_entries (account_id, date, kind, period, description, amount, service, volume, billing_method, tariff, external_id)
     SELECT w.account_id, :periodEnd, 'RECALCULATION', :period,
       CONCAT(${monthPhrase('w')}, :wastewaterTitle, ' ', ${ruNumberSql('-w.volume', 3)}, ' м³ × ', ${ruNumberSql('w.tariff', 2)}, ' ₽ (', w.parts, '), учтено по показаниям'),
       CASE WHEN w.volume = w.charged_volume THEN -w.charged_amount ELSE -ROUND(w.volume * w.tariff, 2) END,
       'WASTEWATER', -w.volume, w.method, w.tariff,
       CONCAT(:prefix, w.account_id, ':WASTEWATER:', 'r', w.period)
     FROM (
       SELECT c.account_id, c.period, c.volume, c.parts, x.tariff, x.charged_volume, x.charged_amount, x.method
       FROM (
         SELECT g.account_id, g.period, SUM(g.wastewater_volume) AS volume,
           GROUP_CONCAT(CONCAT(CASE g.service WHEN 'COLD_WATER' THEN :coldAbbr ELSE :hotAbbr END,
             CASE WHEN g.method IS NULL THEN '' ELSE CONCAT(' ', ${methodPhraseSql('g.method')}) END) ORDER BY g.service SEPARATOR ' + ') AS parts
         FROM ${EARLIER_TABLE} g
         GROUP BY g.account_id, g.period
       ) c
       LEFT JOIN ${EARLIER_WASTEWATER_TABLE} x ON x.account_id = c.account_id AND x.period = c.period
     ) w
     WHERE w.tariff IS NOT NULL AND w.volume <> 0
     ORDER BY w.account_id, w.period
     ON DUPLICATE KEY UPDATE id = id`,
    values,
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
       SELECT account_id, SUM(wastewater_volume) AS volume,
         MAX(CASE WHEN service = 'COLD_WATER' THEN wastewater_volume END) AS cold_volume,
         MAX(CASE WHEN service = 'COLD_WATER' THEN CAST(method AS CHAR) END) AS cold_method,
         MAX(CASE WHEN service = 'HOT_WATER' THEN wastewater_volume END) AS hot_volume,
         MAX(CASE WHEN service = 'HOT_WATER' THEN CAST(method AS CHAR) END) AS hot_method,
         CASE WHEN SUM(method = 'NORM') > 0 THEN 'NORM' WHEN SUM(method = 'AVERAGE') > 0 THEN 'AVERAGE' ELSE 'ACTUAL' END AS method
       FROM ${VOLUMES_TABLE}
       GROUP BY account_id
     ) w
     ON DUPLICATE KEY UPDATE id = id`,
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
