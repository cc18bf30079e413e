/**
 * npm run billing:close -- YYYY-MM
 * Closes a billing month: charges every account by readings, average or norm, and accrues
 * penalties for its days. Running it again for a closed month changes nothing; for a month whose close was
 * interrupted (the process killed), it resumes after the last committed batch. Progress goes to stderr: a bar on
 * a terminal, a plain line every 10 % (or 30 s) in a log.
 */
import { runTool } from './run';
import { Clock } from '../common/clock';
import { BillingCloseService } from '../billing/billing-close.service';
import { TariffService } from '../billing/tariff.service';
import { normalizeMoney } from '../money';
import { ProgressReporter } from '../common/progress';

const period = process.argv.slice(2).find((a) => !a.startsWith('--'));

void runTool(async ({ db }) => {
  if (!period) throw new Error('Usage: npm run billing:close -- YYYY-MM');
  const started = Date.now();
  const bar = new ProgressReporter(`Закрытие ${period}`);
  const service = new BillingCloseService(db, new Clock(), new TariffService(db), undefined, {
    onProgress: (row) => bar.update(row.accountsDone, row.accountsTotal, row.doneAtRunStart),
  });
  const closed = await service.close(period, null);
  bar.finish();
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  process.stdout.write(
    [
      `Period ${closed.period}: ${closed.status} (closed at ${closed.closedAt?.toISOString() ?? '—'}).`,
      `  accounts charged: ${closed.accountsCharged}`,
      `  total charged:    ${normalizeMoney(closed.totalCharged)} ₽ (charges and penalties)`,
      closed.skippedServices.length ? `  skipped, no tariff: ${closed.skippedServices.join(', ')}` : '  skipped services: none',
      `  took ${seconds} s`,
      '',
    ].join('\n'),
  );
});
