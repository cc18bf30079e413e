/**
 * A fresh MySQL database per test file, with the schema of the committed migrations,
 * dropped afterwards. Never the demo database. The server comes from
 * TEST_DATABASE_URL (default mysql://root@127.0.0.1:3306/).
 *
 * The migrations run once per version of them, into a template database (kabinet_test_tpl_<hash of the migration
 * files>, built under a named lock, so that parallel test files build it once); each test file's database is a copy
 * of it: its tables as SHOW CREATE TABLE gives them (foreign keys included), their rows (schema_migrations) and its
 * triggers. Copying took 0.12 s where migrating took 0.5–1.6 s, for each of the 60 files that start a database.
 * The copy is then migrated as before, which finds every migration applied: a copy that missed one would run it.
 */
import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import mysql from 'mysql2/promise';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../../src/data-source';
import { dropDatabase, ensureDatabase } from '../../src/db/ensure-database';

export interface TestDatabase {
  db: DataSource;
  url: string;
  drop(): Promise<void>;
}

function serverUrl(): URL {
  return new URL(process.env.TEST_DATABASE_URL || 'mysql://root@127.0.0.1:3306/');
}

export function testDatabaseUrl(): string {
  const base = serverUrl();
  base.pathname = `/kabinet_test_${process.env.JEST_WORKER_ID ?? '0'}_${randomBytes(4).toString('hex')}`;
  return base.toString();
}

export const TEMPLATE_PREFIX = 'kabinet_test_tpl_';
/** The table whose presence says the template is complete (created after its last migration). */
export const READY_TABLE = 'zz_template_ready';

/** The template's name: it changes with any migration file, so a changed migration gets a template of its own. */
function templateName(): string {
  const dir = path.resolve(__dirname, '..', '..', 'src', 'migrations');
  const hash = createHash('sha1');
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts')).sort()) hash.update(file).update(readFileSync(path.join(dir, file)));
  return `${TEMPLATE_PREFIX}${hash.digest('hex').slice(0, 12)}`;
}

const quote = (name: string) => `\`${name.replace(/`/g, '``')}\``;

/** How long another version's finished template is kept: a test run of other migrations may be using it meanwhile. */
const OTHER_TEMPLATE_KEPT_HOURS = 24;

/**
 * Other versions' templates no test run can be using: finished more than a day ago, or left unfinished (their build's
 * lock is free, so the run that started it is gone). A template a concurrent run of other migrations builds or copies
 * is kept (before, every other template was dropped, that run's included).
 */
export async function staleTemplates(conn: mysql.Connection, keep: string, keptHours = OTHER_TEMPLATE_KEPT_HOURS): Promise<string[]> {
  const [rows] = (await conn.query(
    `SELECT s.schema_name AS name, t.create_time AS finished,
       t.create_time IS NOT NULL AND t.create_time < NOW() - INTERVAL ? HOUR AS old
     FROM information_schema.schemata s
     LEFT JOIN information_schema.tables t ON t.table_schema = s.schema_name AND t.table_name = ?
     WHERE s.schema_name LIKE ? AND s.schema_name <> ?`,
    [keptHours, READY_TABLE, `${TEMPLATE_PREFIX.replace(/_/g, '\\_')}%`, keep],
  )) as any;
  const stale: string[] = [];
  for (const { name, finished, old } of rows as { name: string; finished: Date | null; old: number | string }[]) {
    if (finished !== null) {
      if (Number(old) === 1) stale.push(name);
      continue;
    }
    const [[{ free }]] = (await conn.query('SELECT IS_FREE_LOCK(?) AS free', [name])) as any;
    if (Number(free) === 1) stale.push(name);
  }
  return stale;
}

/** Builds the template once (the first test file to get the lock does; the others find it ready), dropping stale ones. */
async function ensureTemplate(conn: mysql.Connection, template: string): Promise<void> {
  const [[{ got }]] = (await conn.query('SELECT GET_LOCK(?, 300) AS got', [template])) as any;
  if (Number(got) !== 1) throw new Error(`could not get the lock to build the test database template ${template}`);
  try {
    const [ready] = (await conn.query('SELECT 1 FROM information_schema.tables WHERE table_schema = ? AND table_name = ?', [template, READY_TABLE])) as any;
    if (ready.length) return;
    // This version's own template left unfinished by a run that stopped: built again from nothing.
    await conn.query(`DROP DATABASE IF EXISTS ${quote(template)}`);
    for (const name of await staleTemplates(conn, template)) await conn.query(`DROP DATABASE IF EXISTS ${quote(name)}`);
    const url = serverUrl();
    url.pathname = `/${template}`;
    await ensureDatabase(url.toString());
    const db = createDataSource({ url: url.toString(), poolSize: 2 });
    await db.initialize();
    try {
      await db.runMigrations({ transaction: 'each' });
    } finally {
      await db.destroy();
    }
    await conn.query(`CREATE TABLE ${quote(template)}.${quote(READY_TABLE)} (id INT PRIMARY KEY)`);
  } finally {
    await conn.query('SELECT RELEASE_LOCK(?)', [template]);
  }
}

/** The template's tables (foreign keys included), rows and triggers, into the new database `name`. */
async function copyTemplate(conn: mysql.Connection, template: string, name: string): Promise<void> {
  const [tables] = (await conn.query(
    "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = ? AND table_type = 'BASE TABLE' AND table_name <> ?",
    [template, READY_TABLE],
  )) as any;
  await conn.query(`CREATE DATABASE ${quote(name)} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await conn.query(`USE ${quote(name)}`);
  await conn.query('SET FOREIGN_KEY_CHECKS = 0');
  try {
    for (const { name: table } of tables as { name: string }[]) {
      const [[create]] = (await conn.query(`SHOW CREATE TABLE ${quote(template)}.${quote(table)}`)) as any;
      await conn.query(create['Create Table']);
      // Every table's rows: the migrations' own (schema_migrations, and whatever a migration seeds).
      await conn.query(`INSERT INTO ${quote(table)} SELECT * FROM ${quote(template)}.${quote(table)}`);
    }
  } finally {
    await conn.query('SET FOREIGN_KEY_CHECKS = 1');
  }
  const [triggers] = (await conn.query('SELECT trigger_name AS name FROM information_schema.triggers WHERE trigger_schema = ? ORDER BY action_order', [template])) as any;
  for (const { name: trigger } of triggers as { name: string }[]) {
    const [[shown]] = (await conn.query(`SHOW CREATE TRIGGER ${quote(template)}.${quote(trigger)}`)) as any;
    await conn.query('SET SESSION sql_mode = ?', [shown.sql_mode]);
    await conn.query(shown['SQL Original Statement']);
  }
}

export async function createTestDatabase(options: { onQuery?: (sql: string) => void } = {}): Promise<TestDatabase> {
  const url = testDatabaseUrl();
  const name = new URL(url).pathname.slice(1);
  const template = templateName();
  const conn = await mysql.createConnection({ uri: serverUrl().toString() });
  try {
    await ensureTemplate(conn, template);
    await copyTemplate(conn, template, name);
  } finally {
    await conn.end();
  }
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
