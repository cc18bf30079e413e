/**
 * npm run billing:summaries -- YYYY-MM
 * Readies, ahead of the month's close, the ledger summaries it reads (server/src/billing/summaries-ahead.ts): for every
 * account without one that holds — all of them after this version is first deployed, or those of a mass correction of
 * closed months — the summary of its lines dated before the month. Run it in the day before the night's close: the
 * close then reads each account's summary and a month of lines instead of its whole ledger. YYYY-MM is the month to
 * close next. Writes no ledger line; running it again writes nothing more. Progress goes to stderr as billing:close's.
 */
import { runTool } from './run';
import { Clock } from '../common/clock';
import { BillingCloseService } from '../billing/billing-close.service';
import { TariffService } from '../billing/tariff.service';
import { ProgressReporter } from '../common/progress';

const period = process.argv.slice(2).find((a) => !a.startsWith('--'));

void runTool(async ({ db }) => {
  if (!period) throw new Error('Usage: npm run billing:summaries -- YYYY-MM (the month to close next)');
  const bar = new ProgressReporter(`Сводки к закрытию ${period}`);
  const service = new BillingCloseService(db, new Clock(), new TariffService(db));
  const result = await service.readySummaries(period, (done, total) => bar.update(done, total));
  bar.finish();
  const lines = [
    `Summaries for the close of ${result.period}:`,
    `  accounts gone through: ${result.accounts}`,
    `  summaries written:     ${result.written} (the others held already)`,
  ];
  if (result.withoutHistory) lines.push(`  of them without a history of volumes: ${result.withoutHistory} (the close reads those histories whole)`);
  lines.push(`  took ${(result.ms / 1000).toFixed(1)} s`, '');
  process.stdout.write(lines.join('\n'));
});
