import 'reflect-metadata';
import { DataSource, type Logger } from 'typeorm';
import { entities } from './entities';
import { migrations } from '../migrations';

export interface DataSourceOptions {
  url: string;
  /** Receives every SQL statement (used by tests that count queries). */
  onQuery?: (sql: string) => void;
  poolSize?: number;
}

class QueryCounter implements Logger {
  constructor(private readonly onQuery: (sql: string) => void) {}
  logQuery(query: string) {
    this.onQuery(query);
  }
  logQueryError() {}
  logQuerySlow() {}
  logSchemaBuild() {}
  logMigration() {}
  log() {}
}

/** The one DataSource definition used by the app, the migration CLI (ormconfig.ts) and the tests. */
export function createDataSource(options: DataSourceOptions): DataSource {
  return new DataSource({
    type: 'mysql',
    url: options.url,
    charset: 'utf8mb4_unicode_ci',
    timezone: 'Z',
    supportBigNumbers: true,
    bigNumberStrings: true,
    entities,
    migrations,
    migrationsTableName: 'schema_migrations',
    synchronize: false,
    logging: options.onQuery ? ['query'] : false,
    logger: options.onQuery ? new QueryCounter(options.onQuery) : undefined,
    poolSize: options.poolSize ?? 10,
    extra: { connectTimeout: 5000, enableKeepAlive: true },
  });
}
