/**
 * DATABASE_URL's `?socketPath=…`: the database on this machine through its Unix socket, for the API's pool
 * (data-source.ts), for creating the database (db/ensure-database.ts) and in the message when it cannot be reached.
 * The URL's host is deliberately one that does not exist: a connection is made only through the socket.
 */
import fs from 'node:fs';
import { createDataSource } from '../../src/data-source';
import { describeUnreachable, dropDatabase, ensureDatabase } from '../../src/db/ensure-database';
import { createTestDatabase, type TestDatabase } from '../support/test-db';

let database: TestDatabase;
let socketPath: string;
beforeAll(async () => {
  database = await createTestDatabase();
  const [{ socket }] = await database.db.query('SELECT @@socket AS socket');
  socketPath = socket;
});
afterAll(async () => {
  await database?.drop();
});

function throughSocket(name: string): string {
  const url = new URL(database.url);
  url.hostname = 'no-such-host.invalid';
  url.port = '1';
  url.pathname = `/${name}`;
  url.searchParams.set('socketPath', socketPath);
  return url.toString();
}

it('the pool and the database creation connect through the socket (the host is never tried)', async () => {
  // The test server is this machine's (.ci/run starts MariaDB here); a server elsewhere has no socket to find.
  expect(fs.existsSync(socketPath)).toBe(true);
  const name = `${database.url.split('/').pop()}_sock`;
  const url = throughSocket(name);
  await ensureDatabase(url);
  const db = createDataSource({ url, poolSize: 2 });
  try {
    await db.initialize();
    const [{ here }] = await db.query('SELECT DATABASE() AS here');
    expect(here).toBe(name);
  } finally {
    if (db.isInitialized) await db.destroy();
    await dropDatabase(url);
  }
});

it('without the parameter the host is what is tried (and the message names it)', async () => {
  const url = new URL(throughSocket('x'));
  url.searchParams.delete('socketPath');
  const db = createDataSource({ url: url.toString(), poolSize: 1 });
  await expect(db.initialize()).rejects.toThrow();
  expect(describeUnreachable(url.toString(), { code: 'ENOTFOUND' })).toContain('no-such-host.invalid:1');
  expect(describeUnreachable(throughSocket('x'), { code: 'ENOENT' })).toContain(`its socket ${socketPath}`);
});
