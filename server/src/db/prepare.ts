/**
 * Gets a database to run on: the configured server (creating the database if
 * missing), or — when DATABASE_URL is left at its default and nothing answers
 * there — a private MariaDB/MySQL server started from the machine's binaries,
 * with its data in .data/mysql of the project.
 */
import path from 'node:path';
import { config, DEFAULT_DATABASE_URL } from '../config';
import { log } from '../common/logger';
import { DatabaseUnreachableError, describeUnreachable, ensureDatabase, serverAnswers, splitDatabaseUrl } from './ensure-database';
import { findMysqlServerBinary, startEmbeddedMysql, type EmbeddedMysql } from './embedded-mysql';

export const PROJECT_ROOT = path.resolve(__dirname, '..', '..', '..', ...(__dirname.includes(`${path.sep}dist${path.sep}`) ? ['..', '..'] : []));

export interface PreparedDatabase {
  url: string;
  embedded: EmbeddedMysql | null;
}

export async function prepareDatabase(): Promise<PreparedDatabase> {
  const cfg = config();
  if (await serverAnswers(cfg.databaseUrl)) {
    await ensureDatabase(cfg.databaseUrl);
    return { url: cfg.databaseUrl, embedded: null };
  }
  if (!cfg.databaseUrlIsDefault) {
    throw new DatabaseUnreachableError(describeUnreachable(cfg.databaseUrl, { code: 'no answer' }));
  }
  const binary = findMysqlServerBinary();
  if (!binary) {
    throw new DatabaseUnreachableError(
      [
        `No MySQL/MariaDB server answers at ${new URL(DEFAULT_DATABASE_URL).host}, and no mariadbd/mysqld is installed to start a private one.`,
        describeUnreachable(cfg.databaseUrl, { code: 'no answer' }).split('\n').slice(1).join('\n'),
      ].join('\n'),
    );
  }
  const dataDir = path.join(PROJECT_ROOT, '.data', 'mysql');
  log.info('no database server at the default address: starting a private one', { binary, dataDir });
  const embedded = await startEmbeddedMysql({ dataDir, database: splitDatabaseUrl(cfg.databaseUrl).database, log: (line) => log.info(line) });
  log.info('private database server started (stopped when the API stops)', { url: embedded.url });
  return { url: embedded.url, embedded };
}
