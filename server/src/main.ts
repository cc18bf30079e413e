/**
 * The API's entry point: `npm start` runs it (with --seed-if-empty), Docker runs its compiled form.
 */
import { openRuntime } from './cli/run';
import { startApi } from './app';
import { log } from './common/logger';
import { seedDemoData, databaseIsEmpty } from './seed/demo-data';
import { scheduleVerificationWarnings } from './readings/verification-warnings';

async function main() {
  const rt = await openRuntime();
  if (process.argv.includes('--seed-if-empty') && (await databaseIsEmpty(rt.db))) {
    await seedDemoData(rt.db);
    log.info('demo data loaded (the database was empty)');
  }
  const api = await startApi(rt.db);
  api.services.mailer.startRetrying();
  // Signed webhooks: delivers the outbox every 2 s, retries with backoff (webhooks/webhook.service.ts).
  api.services.webhooks.startDispatching();
  const stopWarnings = scheduleVerificationWarnings(rt.db, api.services.mailer, () => api.services.readings.today());
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info('stopping', { signal });
    stopWarnings();
    await api.services.webhooks.stop().catch(() => undefined);
    await api.stop().catch(() => undefined);
    await rt.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

void main();
