/**
 * The test databases' templates (test/support/test-db.ts): another version's template is dropped only when no test run
 * can be using it — finished more than the kept hours ago, or left unfinished by a run that is gone (its build lock
 * free). One a concurrent run is building (its lock held) or finished lately is kept.
 */
import mysql from 'mysql2/promise';
import { createTestDatabase, READY_TABLE, staleTemplates, TEMPLATE_PREFIX, type TestDatabase } from '../support/test-db';

const serverUrl = process.env.TEST_DATABASE_URL || 'mysql://root@127.0.0.1:3306/';
const suffix = `${process.pid}`;
const names = {
  finished: `${TEMPLATE_PREFIX}zfinished${suffix}`,
  abandoned: `${TEMPLATE_PREFIX}zabandoned${suffix}`,
  building: `${TEMPLATE_PREFIX}zbuilding${suffix}`,
  mine: `${TEMPLATE_PREFIX}zmine${suffix}`,
};

let conn: mysql.Connection;
let builder: mysql.Connection;
let own: TestDatabase;

beforeAll(async () => {
  // This version's template first (built under its lock if this file runs first): no file of this run builds one
  // after it, and so none drops the templates made here while the tests look at them.
  own = await createTestDatabase();
  conn = await mysql.createConnection({ uri: serverUrl });
  builder = await mysql.createConnection({ uri: serverUrl });
  for (const name of Object.values(names)) await conn.query(`CREATE DATABASE \`${name}\``);
  for (const name of [names.finished, names.mine]) await conn.query(`CREATE TABLE \`${name}\`.\`${READY_TABLE}\` (id INT PRIMARY KEY)`);
  await builder.query('SELECT GET_LOCK(?, 0)', [names.building]);
});

afterAll(async () => {
  await own.drop();
  await builder.end();
  for (const name of Object.values(names)) await conn.query(`DROP DATABASE IF EXISTS \`${name}\``);
  await conn.end();
});

const ours = (list: string[]) => list.filter((n) => n.endsWith(suffix)).sort();

test('kept: one finished lately and one being built by another run; dropped: one left unfinished; never the run’s own', async () => {
  expect(ours(await staleTemplates(conn, names.mine))).toEqual([names.abandoned]);
});

test('a finished template is dropped once older than the kept hours', async () => {
  await new Promise((resolve) => setTimeout(resolve, 1100));
  expect(ours(await staleTemplates(conn, names.mine, 0))).toEqual([names.abandoned, names.finished].sort());
});

test('an unfinished one whose build lock is let go is dropped', async () => {
  await builder.query('SELECT RELEASE_LOCK(?)', [names.building]);
  expect(ours(await staleTemplates(conn, names.mine))).toEqual([names.abandoned, names.building].sort());
});
