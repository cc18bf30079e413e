/**
 * A fresh MySQL database per test file, migrated with the committed migrations,
 * dropped afterwards. Never the demo database. The server comes from
 * TEST_DATABASE_URL (default mysql://root@127.0.0.1:3306/).
 */
import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../../src/data-source';
import { dropDatabase, ensureDatabase } from '../../src/db/ensure-database';

export interface TestDatabase {
  db: DataSource;
  url: string;
  drop(): Promise<void>;
}

export function testDatabaseUrl(): string {
  const base = new URL(process.env.TEST_DATABASE_URL || 'mysql://root@127.0.0.1:3306/');
  base.pathname = `/kabinet_test_${process.env.JEST_WORKER_ID ?? '0'}_${randomBytes(4).toString('hex')}`;
  return base.toString();
}

export async function createTestDatabase(options: { onQuery?: (sql: string) => void } = {}): Promise<TestDatabase> {
  const url = testDatabaseUrl();
  await ensureDatabase(url);
  const db = createDataSource({ url, onQuery: options.onQuery, poolSize: 20 });
  await db.initialize();
  await db.runMigrations({ transaction: 'each' });
  return {
    db,
    url,
    async drop() {
      await db.destroy().catch(() => undefined);
      await dropDatabase(url);
    },
  };
}
