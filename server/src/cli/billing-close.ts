/**
 * npm run billing:close -- YYYY-MM
 * Closes a billing month: charges every account by readings, average or norm, and accrues
 * penalties for its days. Running it again for a closed month changes nothing.
 */
import { runTool } from './run';
import { Clock } from '../common/clock';
import { BillingCloseService } from '../billing/billing-close.service';
import { TariffService } from '../billing/tariff.service';
import { normalizeMoney } from '../money';

const period = process.argv.slice(2).find((a) => !a.startsWith('--'));

void runTool(async ({ db }) => {
  if (!period) throw new Error('Usage: npm run billing:close -- YYYY-MM');
  const started = Date.now();
  const closed = await new BillingCloseService(db, new Clock(), new TariffService(db)).close(period, null);
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
