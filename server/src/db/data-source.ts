import 'reflect-metadata';
import mysql2 from 'mysql2';
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

/**
 * mysql2 with every pooled connection set to UTC, so that the database's own
 * CURRENT_TIMESTAMP defaults and the app's dates (written as UTC) agree whatever
 * the server's time zone.
 */
const utcMysql2 = Object.assign(Object.create(mysql2), {
  createPool(options: mysql2.PoolOptions) {
    const pool = mysql2.createPool(options);
    pool.on('connection', (connection) => {
      connection.query("SET time_zone = '+00:00'");
    });
    return pool;
  },
});

/** The one DataSource definition used by the app, the migration CLI (ormconfig.ts) and the tests. */
export function createDataSource(options: DataSourceOptions): DataSource {
  return new DataSource({
    type: 'mysql',
    url: options.url,
    connectorPackage: 'mysql2',
    driver: utcMysql2,
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
