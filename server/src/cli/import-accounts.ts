/** npm run import:accounts -- FILE.csv — loads or updates accounts, meters and activation codes. */
import fs from 'node:fs';
import { runTool } from './run';
import { importAccounts } from '../imports/account-import';
import { ProgressReporter } from '../common/progress';

const file = process.argv[2];

void runTool(async ({ db }) => {
  if (!file) throw new Error('Usage: npm run import:accounts -- FILE.csv   (columns: see README, «Importing accounts»)');
  if (!fs.existsSync(file)) throw new Error(`No such file: ${file}`);
  // The bytes: a billing export in Windows-1251 is read as such (common/csv.ts, decodeCsv).
  // Progress on stderr: a bar on a terminal, a line every 10 % in a log.
  const bar = new ProgressReporter('Загрузка лицевых счетов');
  const report = await importAccounts(db, fs.readFileSync(file), (done, total) => bar.update(done, total));
  bar.finish();
  const out = process.stdout;
  out.write(`accounts created: ${report.accountsCreated}, updated: ${report.accountsUpdated}\n`);
  out.write(`meters created: ${report.metersCreated}, updated: ${report.metersUpdated}\n`);
  out.write(`rows unchanged: ${report.unchanged}, refused: ${report.refused.length}\n`);
  for (const r of report.refused) out.write(`  line ${r.line}: ${r.reason}\n`);
  return report.refused.length ? 2 : 0;
});
