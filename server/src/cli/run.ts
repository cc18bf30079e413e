/**
 * Shared start-up for the API and the command-line tools: load and check the
 * configuration, find the database, run the migrations. Failures print a clear
 * message and exit, never a stack trace.
 */
import 'reflect-metadata';
import type { DataSource } from 'typeorm';
import { ConfigError, loadConfig, setConfig, config } from '../config';
import { createDataSource } from '../data-source';
import { DatabaseUnreachableError } from '../db/ensure-database';
import { prepareDatabase, type PreparedDatabase } from '../db/prepare';
import { log } from '../common/logger';

export interface Runtime {
  db: DataSource;
  prepared: PreparedDatabase;
  close(): Promise<void>;
}

export function loadConfigOrExit(): void {
  try {
    const { config: cfg, warnings } = loadConfig();
    setConfig(cfg);
    for (const w of warnings) log.warn(w);
  } catch (e) {
    if (e instanceof ConfigError) fail(`Configuration error: ${e.message}`);
    throw e;
  }
}

/** Config, database (embedded if needed), migrations. */
export async function openRuntime(options: { migrate?: boolean } = {}): Promise<Runtime> {
  loadConfigOrExit();
  let prepared: PreparedDatabase;
  try {
    prepared = await prepareDatabase();
  } catch (e) {
    if (e instanceof DatabaseUnreachableError) fail(e.message);
    fail(`Could not start the database: ${(e as Error).message}`);
  }
  setConfig({ ...config(), databaseUrl: prepared.url });
  const db = createDataSource({ url: prepared.url });
  await db.initialize();
  if (options.migrate !== false) {
    const done = await db.runMigrations({ transaction: 'each' });
    for (const m of done) log.info('migration applied', { name: m.name });
  }
  return {
    db,
    prepared,
    async close() {
      await db.destroy().catch(() => undefined);
      await prepared.embedded?.stop();
    },
  };
}

export function fail(message: string): never {
  process.stderr.write(`\n${message}\n\n`);
  process.exit(1);
}

/** Runs a command-line tool's body with a runtime, closing it afterwards. */
export async function runTool(body: (rt: Runtime) => Promise<number | void>): Promise<void> {
  const rt = await openRuntime();
  let code = 0;
  try {
    code = (await body(rt)) ?? 0;
  } catch (e: any) {
    process.stderr.write(`\n${e?.message ?? e}\n\n`);
    code = 1;
  } finally {
    await rt.close();
  }
  process.exit(code);
}
