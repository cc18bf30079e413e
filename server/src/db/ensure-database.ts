import mysql from 'mysql2/promise';

export class DatabaseUnreachableError extends Error {}

/** Splits mysql://user:pass@host:port/db into a server URL and the database name. */
export function splitDatabaseUrl(url: string): { serverUrl: string; database: string } {
  const parsed = new URL(url);
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
  parsed.pathname = '/';
  return { serverUrl: parsed.toString(), database };
}

/** True when a MySQL/MariaDB server answers at the URL's host and port. */
export async function serverAnswers(url: string): Promise<boolean> {
  const { serverUrl } = splitDatabaseUrl(url);
  try {
    const conn = await mysql.createConnection({ uri: serverUrl, connectTimeout: 3000 });
    await conn.end();
    return true;
  } catch {
    return false;
  }
}

/** Creates the database named in the URL if it does not exist (utf8mb4). */
export async function ensureDatabase(url: string): Promise<void> {
  const { serverUrl, database } = splitDatabaseUrl(url);
  if (!/^[A-Za-z0-9_]+$/.test(database)) throw new Error(`unsupported database name "${database}"`);
  let conn: mysql.Connection;
  try {
    conn = await mysql.createConnection({ uri: serverUrl, connectTimeout: 5000 });
  } catch (e: any) {
    throw new DatabaseUnreachableError(describeUnreachable(url, e));
  }
  try {
    await conn.query(`CREATE DATABASE IF NOT EXISTS \`${database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  } finally {
    await conn.end();
  }
}

export async function dropDatabase(url: string): Promise<void> {
  const { serverUrl, database } = splitDatabaseUrl(url);
  const conn = await mysql.createConnection({ uri: serverUrl });
  try {
    await conn.query(`DROP DATABASE IF EXISTS \`${database}\``);
  } finally {
    await conn.end();
  }
}

export function describeUnreachable(url: string, error: { code?: string; message?: string }): string {
  const parsed = new URL(url);
  const socketPath = parsed.searchParams.get('socketPath');
  const where = socketPath ? `its socket ${socketPath}` : `${parsed.hostname}:${parsed.port || 3306}`;
  const reason = error.code === 'ER_ACCESS_DENIED_ERROR' ? 'the server refused the user name or password' : error.code || error.message || 'no answer';
  return [
    `Cannot reach the MySQL/MariaDB server at ${where} (${reason}).`,
    'Start one of these and try again:',
    '  docker compose -f docker/compose.yml up -d db        (MySQL 8.4 in Docker)',
    '  sudo apt-get install mariadb-server && sudo service mariadb start   (Debian/Ubuntu)',
    'or point DATABASE_URL at a running server, e.g. DATABASE_URL=mysql://user:password@host:3306/kabinet',
  ].join('\n');
}
