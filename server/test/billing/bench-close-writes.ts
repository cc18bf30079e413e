/**
 * The month close's writes for one batch, each step alone in a transaction rolled back (nothing is kept): the cold and
 * hot lines, the wastewater lines and the penalty lines as the close writes them (`as-is`), or the cold and hot lines
 * with a constant description, and without external_id, and the penalty lines with a constant description (`plain`),
 * to see what the wording and the unique key cost; or the recalculations' reads and lines (`recalculations`; in the
 * bench's data set one meter in ten has no reading in 2026-10, so BENCH_PERIOD=2026-11 has them, after 2026-10's close). 8 batches of 5,000 accounts of the period BENCH_PERIOD (default 2026-10), spread over the
 * accounts (at a million: from account 200,001 every 91,000), medians printed. Not part of npm test. Needs a bench data
 * set whose BENCH_PERIOD is not closed yet (BENCH_DATABASE, default kabinet_bench_1000000; kabinet_bench for 100,000).
 *
 *   cd server && npx ts-node --transpile-only test/billing/bench-close-writes.ts [as-is|plain]
 */
import 'reflect-metadata';
import { loadConfig, setConfig } from '../../src/config';
import { createDataSource } from '../../src/data-source';
import { TariffService } from '../../src/billing/tariff.service';
import { createCloseTables, fillVolumes, type CloseContext } from '../../src/billing/close-volumes';
import { readBatchLedger } from '../../src/billing/close-ledger';
import { insertRecalculations, insertSupplyCharges, insertWastewaterCharges, readRecalculations } from '../../src/billing/close-lines';
import { penaltyLines, insertPenaltyLines, type PenaltyContext } from '../../src/billing/penalty-accrual';
import { periodEnd, previousPeriod } from '../../src/common/calendar';
import { run } from '../../src/billing/sql-params';

const VARIANTS = ['as-is', 'plain', 'recalculations'];

async function main() {
  const url = `${process.env.BENCH_ROOT_URL || 'mysql://root@127.0.0.1:3306/'}${process.env.BENCH_DATABASE || 'kabinet_bench_1000000'}`;
  const { config } = loadConfig({ ...process.env, DATABASE_URL: url });
  setConfig(config);
  const db = createDataSource({ url, poolSize: 2 });
  await db.initialize();
  const period = process.env.BENCH_PERIOD || '2026-10';
  const periodStart = `${period}-01`;
  const tariffs = await new TariffService(db).allInForce(periodStart);
  const charges: CloseContext = { period, periodStart, periodEnd: periodEnd(period), previousPeriod: previousPeriod(period), tariffs, averageMaxMonths: config.averageMaxMonths, normIncreaseFactor: config.normIncreaseFactor };
  const penalties: PenaltyContext = { period, periodStart, periodEnd: periodEnd(period), dueDay: config.paymentDueDay, rates: { keyRatePercent: config.keyRatePercent, capPercent: config.penaltyRateCapPercent, capUntil: config.penaltyRateCapUntil } };
  const variant = process.argv[2] ?? 'as-is';
  if (!VARIANTS.includes(variant)) throw new Error(`unknown variant ${variant}; the variants: ${VARIANTS.join(', ')}`);
  const q = db.createQueryRunner();
  await q.connect();
  await createCloseTables(q);
  const [{ first, last }] = await q.query('SELECT MIN(id) AS first, MAX(id) AS last FROM accounts');
  const span = Number(last) - Number(first) + 1;
  const times: Record<string, number[]> = {};
  const t = async (name: string, work: () => Promise<unknown>) => {
    const t0 = process.hrtime.bigint();
    await work();
    (times[name] ??= []).push(Number(process.hrtime.bigint() - t0) / 1e6);
  };
  for (let round = 0; round < 8; round++) {
    const lo = Number(first) + Math.floor(span * 0.2) + round * Math.floor(span * 0.091), hi = lo + 4999;
    await q.startTransaction('READ COMMITTED');
    const ledger = await readBatchLedger(q, penalties.periodStart, penalties.dueDay, lo, hi);
    await fillVolumes(q, charges, lo, hi, ledger);
    const rows = (await penaltyLines(q, penalties, lo, hi, { ledger, monthChargedByClose: true })).lines;
    const at = { period, periodEnd: charges.periodEnd };
    if (variant === 'recalculations') {
      await t('recalculations.read', () => readRecalculations(q, charges));
      await t('recalculations', () => insertRecalculations(q, charges));
      await q.rollbackTransaction();
      continue;
    }
    await readRecalculations(q, charges);
    if (variant === 'as-is') {
      await t('supply', () => insertSupplyCharges(q, charges));
      await t('wastewater', () => insertWastewaterCharges(q, charges));
      await t('penalties', () => insertPenaltyLines(q, rows));
    } else if (variant === 'plain') {
      await t('supply-plain', () => run(q, `INSERT INTO ledger_entries (account_id, date, kind, period, description, amount, service, volume, billing_method, tariff, wastewater_volume, external_id)
        SELECT v.account_id, :periodEnd, 'CHARGE', :period, 'x', ROUND(v.volume * v.price, 2), v.service, v.volume, v.method, v.price, v.wastewater_volume, CONCAT('close:', :period, ':', v.account_id, ':', v.service)
        FROM billing_close_volumes v ON DUPLICATE KEY UPDATE id = id`, at));
      await t('supply-noext', () => run(q, `INSERT INTO ledger_entries (account_id, date, kind, period, description, amount, service, volume, billing_method, tariff, wastewater_volume, external_id)
        SELECT v.account_id, :periodEnd, 'CHARGE', :period, 'x', ROUND(v.volume * v.price, 2), v.service, v.volume, v.method, v.price, v.wastewater_volume, NULL
        FROM billing_close_volumes v`, at));
      await t('penalties-plain', () => insertPenaltyLines(q, rows.map((r) => [r[0], r[1], r[2], r[3], 'x', r[5], r[6]])));
    }
    await q.rollbackTransaction();
  }
  for (const [k, v] of Object.entries(times)) { const s = [...v].sort((a, b) => a - b); console.log(k, 'median', ((s[3] + s[4]) / 2).toFixed(1), 'all', v.map((x) => x.toFixed(0)).join(' ')); }
  await q.release();
  await db.destroy();
}
main().catch((error) => {
  console.error(error);
  process.exit(1);
});
