import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { createConnection, type RowDataPacket } from 'mysql2/promise';
import { findMysqlServerBinary, startEmbeddedMysql, type EmbeddedMysql } from '../../src/db/embedded-mysql';

/** A port nobody listens on right now. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** Whether something accepts TCP connections on 127.0.0.1:port. */
function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = net.connect({ host: '127.0.0.1', port });
    sock.setTimeout(2_000);
    sock.once('connect', () => {
      sock.destroy();
      resolve(true);
    });
    sock.once('timeout', () => {
      sock.destroy();
      resolve(false);
    });
    sock.once('error', () => resolve(false));
  });
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const binary = findMysqlServerBinary();
const describeIfServer = binary ? describe : describe.skip;
if (!binary) console.warn('embedded-mysql tests skipped: no mariadbd/mysqld on this machine');

describeIfServer('embedded MySQL/MariaDB server', () => {
  let tmp: string;
  let db: EmbeddedMysql | null = null;
  const lines: string[] = [];

  beforeAll(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kabinet-mysql-'));
  });

  afterAll(async () => {
    await db?.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('finds a server binary', () => {
    expect(binary).toMatch(/(mariadbd|mysqld)$/);
    expect(fs.existsSync(binary!)).toBe(true);
  });

  it('starts in a fresh data directory, serves a database, reuses a running server and stops cleanly', async () => {
    const port = await freePort();
    const dataDir = path.join(tmp, 'data');
    db = await startEmbeddedMysql({ dataDir, port, database: 'kabinet_embedded', log: (l) => lines.push(l) });

    expect(db.port).toBe(port);
    expect(db.url).toBe(`mysql://root@127.0.0.1:${port}/kabinet_embedded`);
    expect(db.socket).toBe(path.join(dataDir, 'mysqld.sock'));
    expect(fs.existsSync(path.join(dataDir, 'mysql'))).toBe(true);
    const pid = Number(fs.readFileSync(path.join(dataDir, 'mysqld.pid'), 'utf8').trim());
    expect(pidAlive(pid)).toBe(true);

    // Root over TCP without a password, through the URL we were given.
    const conn = await createConnection(db.url);
    try {
      const [dbRows] = await conn.query<RowDataPacket[]>(
        `SELECT DEFAULT_CHARACTER_SET_NAME AS cs, DEFAULT_COLLATION_NAME AS co
           FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = 'kabinet_embedded'`,
      );
      expect(dbRows[0]).toEqual({ cs: 'utf8mb4', co: 'utf8mb4_unicode_ci' });

      await conn.query('CREATE TABLE meter (id INT AUTO_INCREMENT PRIMARY KEY, serial VARCHAR(32) NOT NULL, reading DECIMAL(10,3))');
      await conn.query('INSERT INTO meter (serial, reading) VALUES (?, ?), (?, ?)', ['СВ-15 001', '12.5', 'СВ-15 002', '7.25']);
      const [rows] = await conn.query<RowDataPacket[]>('SELECT serial, reading FROM meter ORDER BY id');
      expect(rows.map((r) => [r.serial, r.reading])).toEqual([
        ['СВ-15 001', '12.500'],
        ['СВ-15 002', '7.250'],
      ]);
    } finally {
      await conn.end();
    }

    // A second start on the same data directory reuses the running server (same process, data kept).
    const again = await startEmbeddedMysql({ dataDir, port, database: 'kabinet_other' });
    expect(again.port).toBe(port);
    expect(Number(fs.readFileSync(path.join(dataDir, 'mysqld.pid'), 'utf8').trim())).toBe(pid);
    const conn2 = await createConnection(again.url);
    try {
      const [rows] = await conn2.query<RowDataPacket[]>('SELECT COUNT(*) AS n FROM kabinet_embedded.meter');
      expect(Number(rows[0].n)).toBe(2);
    } finally {
      await conn2.end();
    }

    // Stopping shuts the server down: the process is gone and the port is closed.
    await db.stop();
    await again.stop(); // already stopped: resolves without error
    db = null;
    expect(pidAlive(pid)).toBe(false);
    expect(await portOpen(port)).toBe(false);
    expect(fs.existsSync(path.join(dataDir, 'mysqld.pid'))).toBe(false);
    expect(lines.some((l) => /ready/i.test(l))).toBe(true);
  });

  it('says clearly when the port is taken by another program', async () => {
    const blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
    const { port } = blocker.address() as net.AddressInfo;
    try {
      await expect(
        startEmbeddedMysql({ dataDir: path.join(tmp, 'busy'), port, database: 'kabinet' }),
      ).rejects.toThrow(new RegExp(`port ${port} on 127\\.0\\.0\\.1 is already in use`));
    } finally {
      await new Promise<void>((r) => blocker.close(() => r()));
    }
  });

  it('says clearly when the server binary does not exist', async () => {
    await expect(
      startEmbeddedMysql({ dataDir: path.join(tmp, 'nobin'), database: 'kabinet', binary: path.join(tmp, 'no-such-mysqld') }),
    ).rejects.toThrow(/does not exist or is not executable/);
  });
});
