/**
 * The committed migrations build the schema the entities describe: every entity's table, column
 * (with its nullability) and named index exists, and the database has no column an entity does not
 * know. A column added to an entity without a migration fails here, not in production.
 * (TypeORM's own schema diff is not used: on MariaDB it reports dozens of false differences —
 * NULL defaults, JSON as LONGTEXT, CURRENT_TIMESTAMP precision.)
 */
import { createTestDatabase, type TestDatabase } from '../support/test-db';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.drop();
});

async function databaseColumns(): Promise<string[]> {
  const rows: { t: string; c: string; n: string }[] = await database.db.query(
    `SELECT TABLE_NAME AS t, COLUMN_NAME AS c, IS_NULLABLE AS n FROM information_schema.COLUMNS
      WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME <> 'schema_migrations'`,
  );
  return rows.map((r) => `${r.t}.${r.c}${r.n === 'YES' ? ' NULL' : ''}`).sort();
}

function entityColumns(): string[] {
  return database.db.entityMetadatas
    .flatMap((e) => e.columns.map((c) => `${e.tableName}.${c.databaseName}${c.isNullable ? ' NULL' : ''}`))
    .sort();
}

it('every entity column is a database column with the same nullability, and no more', async () => {
  expect(await databaseColumns()).toEqual(entityColumns());
});

it('every index an entity names exists on its table', async () => {
  const rows: { t: string; i: string }[] = await database.db.query(
    'SELECT DISTINCT TABLE_NAME AS t, INDEX_NAME AS i FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE()',
  );
  const present = new Set(rows.map((r) => `${r.t}.${r.i}`));
  const named = database.db.entityMetadatas.flatMap((e) => e.indices.filter((i) => i.givenName).map((i) => `${e.tableName}.${i.givenName}`));
  expect(named.length).toBeGreaterThan(5);
  expect(named.filter((n) => !present.has(n))).toEqual([]);
});

it('every migration can be undone and done again', async () => {
  const before = await databaseColumns();
  const applied = async () => Number((await database.db.query('SELECT COUNT(*) AS n FROM schema_migrations'))[0].n);
  const count = await applied();
  expect(count).toBe(database.db.migrations.length);
  for (let i = 0; i < count; i++) await database.db.undoLastMigration({ transaction: 'each' });
  expect(await applied()).toBe(0);
  await database.db.runMigrations({ transaction: 'each' });
  expect(await databaseColumns()).toEqual(before);
});
