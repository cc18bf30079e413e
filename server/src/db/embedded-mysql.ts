/**
 * A private MariaDB/MySQL server for development, started from the binaries
 * installed on the machine.
 *
 * `npm start` uses this when DATABASE_URL is left at its default and nothing
 * answers there: the data lives in a directory of its own (initialised on first
 * use), the server listens on 127.0.0.1 only, and root connects without a
 * password. It never touches a system server (it has its own data directory,
 * port, socket and pid file, and is started with --no-defaults so that no
 * my.cnf is read).
 *
 * The server runs in its own process group, so Ctrl+C in a terminal does not
 * hit it directly: the owner calls stop(). If the Node process exits without
 * calling stop(), the server is sent SIGTERM from an 'exit' hook and shuts down
 * cleanly by itself. If the Node process is killed hard, the server keeps
 * running and the next startEmbeddedMysql() on the same data directory reuses
 * it.
 */
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as fsp from 'node:fs/promises';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { createConnection, type Connection, type RowDataPacket } from 'mysql2/promise';

export interface EmbeddedMysql {
  /** mysql://root@127.0.0.1:<port>/<database> */
  url: string;
  port: number;
  socket: string;
  /** Shuts the server down cleanly (SIGTERM, then waits for the process to exit). Safe to call twice. */
  stop(): Promise<void>;
}

export interface StartEmbeddedMysqlOptions {
  /** Directory holding the server's data, socket, pid file and error log. Created if missing. */
  dataDir: string;
  /** TCP port on 127.0.0.1. Default 3307. */
  port?: number;
  /** Database to create (utf8mb4, utf8mb4_unicode_ci) if it does not exist. */
  database: string;
  /** Progress messages for the operator. */
  log?: (line: string) => void;
  /** Server binary to use instead of searching for one (mariadbd or mysqld). */
  binary?: string;
}

const DEFAULT_PORT = 3307;
const SERVER_NAMES = ['mariadbd', 'mysqld'];
const EXTRA_DIRS = ['/usr/sbin', '/usr/local/mysql/bin', '/usr/bin'];
const INSTALL_DB_NAMES = ['mariadb-install-db', 'mysql_install_db'];

const INIT_TIMEOUT_MS = 180_000;
const READY_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 30_000;
const KILL_TIMEOUT_MS = 5_000;
/** sun_path is 108 bytes on Linux (104 on macOS), including the terminating NUL. */
const MAX_SOCKET_PATH = os.platform() === 'linux' ? 107 : 103;

/** Files of ours that may be left in a data directory that was never initialised. */
const OWN_FILES = ['error.log', 'mysqld.pid', 'mysqld.sock', 'mysqld.sock.lock'];

function isExecutableFile(file: string): boolean {
  try {
    if (!fs.statSync(file).isFile()) return false;
    fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function searchDirs(): string[] {
  const fromPath = (process.env.PATH ?? '').split(path.delimiter).filter(Boolean);
  return [...new Set([...fromPath, ...EXTRA_DIRS])];
}

/** mariadbd or mysqld on PATH, /usr/sbin, /usr/local/mysql/bin or /usr/bin; null if there is none. */
export function findMysqlServerBinary(): string | null {
  const dirs = searchDirs();
  // Prefer mariadbd: on MariaDB installations mysqld is just a link to it.
  for (const name of SERVER_NAMES) {
    for (const dir of dirs) {
      const candidate = path.join(dir, name);
      if (isExecutableFile(candidate)) return candidate;
    }
  }
  return null;
}

interface Flavor {
  mariadb: boolean;
  version: string;
  major: number;
  minor: number;
  patch: number;
}

function run(
  file: string,
  args: string[],
  timeoutMs: number,
): Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string; error?: Error }> {
  return new Promise((resolve) => {
    execFile(file, args, { timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024, killSignal: 'SIGKILL' }, (err, stdout, stderr) => {
      const output = `${stdout ?? ''}${stderr ?? ''}`;
      if (!err) return resolve({ code: 0, signal: null, output });
      const e = err as NodeJS.ErrnoException & { code?: unknown; signal?: NodeJS.Signals | null };
      resolve({
        code: typeof e.code === 'number' ? e.code : null,
        signal: e.signal ?? null,
        output,
        error: typeof e.code === 'string' ? err : undefined,
      });
    });
  });
}

async function detectFlavor(binary: string): Promise<Flavor> {
  const res = await run(binary, ['--version'], 15_000);
  if (res.code !== 0) {
    throw new Error(
      `Could not run "${binary} --version" (${res.error?.message ?? `exit code ${res.code ?? res.signal}`}). ` +
        `Is the MySQL/MariaDB server installed correctly?\n${tail(res.output, 10)}`,
    );
  }
  const m = /Ver\s+(\d+)\.(\d+)\.(\d+)(\S*)/.exec(res.output);
  const mariadb = /mariadb/i.test(res.output) || path.basename(binary) === 'mariadbd';
  return {
    mariadb,
    version: m ? `${m[1]}.${m[2]}.${m[3]}` : '(unknown version)',
    major: m ? Number(m[1]) : 0,
    minor: m ? Number(m[2]) : 0,
    patch: m ? Number(m[3]) : 0,
  };
}

function flavorName(f: Flavor): string {
  return `${f.mariadb ? 'MariaDB' : 'MySQL'} ${f.version}`;
}

/** Installation prefix of a binary not installed under /usr (e.g. /usr/local/mysql), to pass as --basedir. */
function basedirFor(binary: string): string | null {
  const prefix = path.dirname(path.dirname(fs.realpathSync(binary)));
  return prefix === '/usr' || prefix === '/' ? null : prefix;
}

function findInstallDb(binary: string): string | null {
  const realDir = path.dirname(fs.realpathSync(binary));
  const prefix = path.dirname(realDir);
  const dirs = [
    path.dirname(binary),
    realDir,
    path.join(prefix, 'bin'),
    path.join(prefix, 'scripts'),
    ...searchDirs(),
  ];
  for (const name of INSTALL_DB_NAMES) {
    for (const dir of [...new Set(dirs)]) {
      const candidate = path.join(dir, name);
      if (isExecutableFile(candidate)) return candidate;
    }
  }
  return null;
}

function runningAsRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

function userArgs(): string[] {
  return runningAsRoot() ? [`--user=${os.userInfo().username}`] : [];
}

function tail(text: string, lines: number): string {
  const all = text.replace(/\s+$/, '').split('\n');
  return all.slice(-lines).join('\n');
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((l) => `    ${l}`)
    .join('\n');
}

async function readFrom(file: string, offset: number): Promise<string> {
  try {
    const fh = await fsp.open(file, 'r');
    try {
      const { size } = await fh.stat();
      const start = Math.max(offset <= size ? offset : 0, size - 64 * 1024);
      const buf = Buffer.alloc(size - start);
      await fh.read(buf, 0, buf.length, start);
      return buf.toString('utf8');
    } finally {
      await fh.close();
    }
  } catch {
    return '';
  }
}

async function fileSize(file: string): Promise<number> {
  try {
    return (await fsp.stat(file)).size;
  } catch {
    return 0;
  }
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * On Linux, whether the process is a MySQL/MariaDB server started on this data directory (a pid file can outlive
 * its server, and the pid be reused by an unrelated process); true where /proc is not available.
 */
function looksLikeOurServer(pid: number, dataDir: string): boolean {
  try {
    const argv = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    return /mysqld|mariadbd/.test(argv[0] ?? '') && argv.includes(`--datadir=${dataDir}`);
  } catch {
    return !fs.existsSync('/proc/self');
  }
}

async function readPid(pidFile: string): Promise<number | null> {
  try {
    const pid = Number.parseInt((await fsp.readFile(pidFile, 'utf8')).trim(), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Whether 127.0.0.1:port can be listened on right now. */
function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.once('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EADDRINUSE' || e.code === 'EACCES') resolve(false);
      else reject(e);
    });
    srv.listen({ port, host: '127.0.0.1', exclusive: true }, () => srv.close(() => resolve(true)));
  });
}

function sameDir(a: string, b: string): boolean {
  const norm = (p: string) => {
    try {
      return fs.realpathSync(p);
    } catch {
      return path.resolve(p);
    }
  };
  return norm(a) === norm(b);
}

async function query<T extends RowDataPacket>(conn: Connection, sql: string): Promise<T[]> {
  const [rows] = await conn.query<T[]>(sql);
  return rows;
}

function quoteIdent(name: string): string {
  return `\`${name.replace(/`/g, '``')}\``;
}

async function createDatabase(conn: Connection, database: string): Promise<void> {
  await conn.query(
    `CREATE DATABASE IF NOT EXISTS ${quoteIdent(database)} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`,
  );
}

function urlFor(port: number, database: string): string {
  return `mysql://root@127.0.0.1:${port}/${encodeURIComponent(database)}`;
}

const DATADIR_LOCKED =
  /Unable to lock .*ibdata1|another (mysqld|mariadbd) process using the same InnoDB data|Can't lock aria control file/i;

/** Explains the usual failures found in the error log. */
function diagnose(logText: string, port: number, dataDir: string): string | null {
  if (/Address already in use|Bind on TCP\/IP port|Do you already have another (mysqld|mariadbd) server running on port/i.test(logText)) {
    return `port ${port} on 127.0.0.1 is already in use by another program`;
  }
  if (DATADIR_LOCKED.test(logText)) {
    return `another MySQL/MariaDB server is already using the data directory ${dataDir}; stop it first`;
  }
  if (/Table 'mysql\.\w+' doesn't exist|Can't open the mysql\.plugin table|Incorrect definition of table mysql\./i.test(logText)) {
    return (
      `the data directory ${dataDir} looks incomplete or damaged (system tables missing); ` +
      'if it holds nothing you need, delete it and it will be initialised again'
    );
  }
  if (/Please consult the Knowledge Base to find out how to run mysqld as root|to run (mysqld|mariadbd) as root/i.test(logText)) {
    return 'the server refused to run as root';
  }
  if (/Permission denied|Can't create\/write to file|Errcode: 13/i.test(logText)) {
    return `the server could not write to ${dataDir} (permission denied)`;
  }
  if (/socket file path is too long/i.test(logText)) {
    return 'the socket path is too long';
  }
  if (/unknown (variable|option)/i.test(logText)) {
    return 'the server did not accept one of its command-line options (unsupported server version?)';
  }
  return null;
}

/** Whether the data directory holds an initialised server (system schema present). */
function isInitialised(dataDir: string): boolean {
  return fs.existsSync(path.join(dataDir, 'mysql'));
}

async function initialise(
  binary: string,
  flavor: Flavor,
  dataDir: string,
  log: (line: string) => void,
): Promise<void> {
  await fsp.mkdir(dataDir, { recursive: true });
  // Leftovers of a run that never got as far as initialising the directory.
  for (const f of OWN_FILES) await fsp.rm(path.join(dataDir, f), { force: true });
  const wasEmpty = (await fsp.readdir(dataDir)).length === 0;

  const basedir = basedirFor(binary);
  let file: string;
  let args: string[];
  if (flavor.mariadb || flavor.major < 5 || (flavor.major === 5 && flavor.minor < 7)) {
    const installDb = findInstallDb(binary);
    if (!installDb) {
      throw new Error(
        `Found the ${flavorName(flavor)} server (${binary}) but not its mariadb-install-db/mysql_install_db ` +
          `script, which is needed to initialise the data directory ${dataDir}. ` +
          `Install the complete server package (e.g. "apt-get install mariadb-server").`,
      );
    }
    const help = (await run(installDb, ['--help'], 15_000)).output;
    file = installDb;
    args = ['--no-defaults', `--datadir=${dataDir}`];
    if (basedir) args.push(`--basedir=${basedir}`);
    if (help.includes('--auth-root-authentication-method')) args.push('--auth-root-authentication-method=normal');
    if (help.includes('--skip-test-db')) args.push('--skip-test-db');
    args.push(...userArgs());
  } else {
    // MySQL 5.7+/8: --initialize-insecure wants an empty (or missing) data directory.
    if (!wasEmpty) {
      throw new Error(
        `The data directory ${dataDir} is not empty but holds no initialised MySQL data; ` +
          `MySQL can only initialise an empty directory. Empty or remove it, or choose another directory.`,
      );
    }
    file = binary;
    args = ['--no-defaults', '--initialize-insecure', `--datadir=${dataDir}`];
    if (basedir) args.push(`--basedir=${basedir}`);
    args.push(...userArgs());
  }

  log(`Initialising a new ${flavorName(flavor)} data directory in ${dataDir} (first start, this takes a few seconds)`);
  const res = await run(file, args, INIT_TIMEOUT_MS);
  if (res.code !== 0 || !isInitialised(dataDir)) {
    if (wasEmpty) {
      // Do not leave a half-initialised directory behind: the next start would take it for a good one.
      for (const entry of await fsp.readdir(dataDir).catch(() => [] as string[])) {
        await fsp.rm(path.join(dataDir, entry), { recursive: true, force: true }).catch(() => undefined);
      }
    }
    const why = res.error
      ? res.error.message
      : res.signal
        ? `killed by ${res.signal}${res.signal === 'SIGKILL' ? ` (timed out after ${INIT_TIMEOUT_MS / 1000} s)` : ''}`
        : `exit code ${res.code}`;
    throw new Error(
      `Could not initialise the ${flavorName(flavor)} data directory ${dataDir}: ` +
        `"${path.basename(file)} ${args.join(' ')}" failed (${why}).\n` +
        `Last lines of its output:\n${indent(tail(res.output, 25) || '(no output)')}`,
    );
  }
}

/** One connection attempt; rejects with the driver's error. */
function connectTcp(port: number, timeoutMs = 2_000): Promise<Connection> {
  return createConnection({ host: '127.0.0.1', port, user: 'root', connectTimeout: timeoutMs });
}

function connectSocket(socketPath: string, timeoutMs = 2_000): Promise<Connection> {
  return createConnection({ socketPath, user: 'root', connectTimeout: timeoutMs });
}

function isAuthError(e: unknown): boolean {
  const code = (e as { code?: string }).code;
  return code === 'ER_ACCESS_DENIED_ERROR' || code === 'ER_HOST_NOT_PRIVILEGED' || code === 'ER_NOT_SUPPORTED_AUTH_MODE';
}

async function closeQuietly(conn: Connection | null): Promise<void> {
  if (!conn) return;
  try {
    await conn.end();
  } catch {
    conn.destroy();
  }
}

/** Sends SIGTERM and waits for the process to be gone; SIGKILL as a last resort. */
async function terminate(
  pid: number,
  child: ChildProcess | null,
  log: (line: string) => void,
  graceMs = STOP_TIMEOUT_MS,
): Promise<void> {
  const exited = () => (child ? child.exitCode !== null || child.signalCode !== null : !pidAlive(pid));
  if (exited()) return;

  const waitExit = (ms: number): Promise<boolean> =>
    new Promise((resolve) => {
      if (exited()) return resolve(true);
      let done = false;
      const finish = (v: boolean) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        clearInterval(poll);
        child?.removeListener('exit', onExit);
        resolve(v);
      };
      const onExit = () => finish(true);
      const timer = setTimeout(() => finish(exited()), ms);
      const poll = setInterval(() => exited() && finish(true), 100);
      child?.once('exit', onExit);
    });

  try {
    process.kill(pid, 'SIGTERM');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ESRCH') return;
    throw e;
  }
  if (await waitExit(graceMs)) return;

  log(`The embedded database server (pid ${pid}) did not stop within ${graceMs / 1000} s; killing it`);
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    return;
  }
  if (!(await waitExit(KILL_TIMEOUT_MS))) {
    throw new Error(`The embedded database server (pid ${pid}) could not be stopped.`);
  }
}

function makeHandle(
  pid: number,
  child: ChildProcess | null,
  port: number,
  socket: string,
  database: string,
  log: (line: string) => void,
): EmbeddedMysql {
  // If the Node process goes away without stop(), let the server shut itself down cleanly.
  const onExit = () => {
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      /* already gone */
    }
  };
  process.on('exit', onExit);
  let stopping: Promise<void> | null = null;
  return {
    url: urlFor(port, database),
    port,
    socket,
    stop() {
      if (!stopping) {
        stopping = (async () => {
          log(`Stopping the embedded database server (pid ${pid})`);
          try {
            await terminate(pid, child, log);
          } finally {
            process.removeListener('exit', onExit);
          }
          log('Embedded database server stopped');
        })();
      }
      return stopping;
    },
  };
}

/**
 * A server already running on this data directory (left by an earlier run): its pid, TCP port and an open
 * connection, or null if there is none.
 */
async function findRunningServer(
  dataDir: string,
  pidFile: string,
  socket: string,
  log: (line: string) => void,
): Promise<{ pid: number; port: number; conn: Connection } | null> {
  const pid = await readPid(pidFile);
  if (pid === null || !pidAlive(pid) || !looksLikeOurServer(pid, dataDir)) {
    // Stale files from a server that is gone.
    await fsp.rm(pidFile, { force: true });
    return null;
  }
  log(`A database server (pid ${pid}) is already running on ${dataDir}; trying to reuse it`);
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let lastError: unknown = null;
  while (Date.now() < deadline) {
    if (!pidAlive(pid)) return null; // It was shutting down; start a new one.
    let conn: Connection | null = null;
    try {
      conn = await connectSocket(socket);
      const [row] = await query<RowDataPacket>(conn, 'SELECT @@port AS port, @@datadir AS datadir');
      if (!sameDir(String(row.datadir), dataDir)) {
        throw new Error(`the server on ${socket} uses the data directory ${row.datadir}, not ${dataDir}`);
      }
      return { pid, port: Number(row.port), conn };
    } catch (e) {
      await closeQuietly(conn);
      if (isAuthError(e)) {
        throw new Error(
          `A database server (pid ${pid}) is running on ${dataDir} but refuses root without a password ` +
            `(${(e as Error).message}). Stop it (kill ${pid}) or use another data directory.`,
        );
      }
      if (/uses the data directory/.test((e as Error).message)) throw e;
      lastError = e;
    }
    await sleep(250);
  }
  throw new Error(
    `A database server process (pid ${pid}) holds the data directory ${dataDir} but does not answer on ` +
      `${socket} (${(lastError as Error | null)?.message ?? 'no answer'}). Stop it (kill ${pid}) and try again.`,
  );
}

/**
 * Starts (or reuses) a private MariaDB/MySQL server on 127.0.0.1:<port> with its data in opts.dataDir, and
 * creates opts.database in it. Root connects over TCP without a password.
 */
export async function startEmbeddedMysql(opts: StartEmbeddedMysqlOptions): Promise<EmbeddedMysql> {
  const log = opts.log ?? (() => undefined);
  const port = opts.port ?? DEFAULT_PORT;
  const database = opts.database;
  if (!Number.isInteger(port) || port <= 0 || port > 65535) throw new Error(`Invalid port for the embedded database server: ${port}`);
  if (!database) throw new Error('startEmbeddedMysql: a database name is required');

  const dataDir = path.resolve(opts.dataDir);
  const socket = path.join(dataDir, 'mysqld.sock');
  const pidFile = path.join(dataDir, 'mysqld.pid');
  const errorLog = path.join(dataDir, 'error.log');

  const binary = opts.binary ?? findMysqlServerBinary();
  if (!binary) {
    throw new Error(
      'No MySQL or MariaDB server was found on this machine (looked for mariadbd and mysqld on PATH and in ' +
        `${EXTRA_DIRS.join(', ')}), so no local database can be started. ` +
        'Install one (e.g. "apt-get install mariadb-server" on Debian/Ubuntu, "brew install mariadb" on macOS), ' +
        'or set DATABASE_URL to a MySQL server that is running.',
    );
  }
  if (!isExecutableFile(binary)) throw new Error(`The database server binary ${binary} does not exist or is not executable.`);
  if (Buffer.byteLength(socket) > MAX_SOCKET_PATH) {
    throw new Error(
      `The data directory path ${dataDir} is too long: the server's socket ${socket} would exceed the ` +
        `${MAX_SOCKET_PATH}-byte limit of Unix socket paths. Use a shorter data directory path.`,
    );
  }
  await fsp.mkdir(dataDir, { recursive: true });

  // 1. A server left running on this data directory by an earlier run: reuse it.
  const running = await findRunningServer(dataDir, pidFile, socket, log);
  if (running) {
    try {
      await createDatabase(running.conn, database);
    } finally {
      await closeQuietly(running.conn);
    }
    if (running.port !== port) {
      log(`Note: the running server listens on port ${running.port}, not ${port}; using port ${running.port}`);
    }
    log(`Reusing the database server already running on 127.0.0.1:${running.port} (pid ${running.pid})`);
    return makeHandle(running.pid, null, running.port, socket, database, log);
  }

  // 2. The port must be free (checked before a possibly slow initialisation).
  if (!(await portIsFree(port))) {
    throw new Error(
      `Cannot start the embedded database server: port ${port} on 127.0.0.1 is already in use by another ` +
        `program (which is not a server using ${dataDir}). Stop that program or choose another port.`,
    );
  }

  const flavor = await detectFlavor(binary);

  // 3. First use: create the system schema.
  if (!isInitialised(dataDir)) await initialise(binary, flavor, dataDir, log);

  // 4. Start the server.
  await fsp.rm(socket, { force: true });
  const args = [
    '--no-defaults',
    `--datadir=${dataDir}`,
    `--port=${port}`,
    `--socket=${socket}`,
    '--bind-address=127.0.0.1',
    '--skip-networking=0',
    `--pid-file=${pidFile}`,
    `--log-error=${errorLog}`,
    // The month close's workers write the ledger by INSERT … SELECT at once: not behind one table-level AUTO-INC lock
    // (MySQL 8's default; MariaDB's is 1). docs/SCALING.md «AUTO-INC lock».
    '--innodb-autoinc-lock-mode=2',
  ];
  const basedir = basedirFor(binary);
  if (basedir) args.push(`--basedir=${basedir}`);
  // MySQL 8 also opens the X protocol on port 33060 (and /tmp/mysqlx.sock), which would clash with a system server.
  if (!flavor.mariadb && flavor.major >= 8) args.push('--mysqlx=OFF');
  args.push(...userArgs());

  const logOffset = await fileSize(errorLog);
  const logTail = async () => tail(await readFrom(errorLog, logOffset), 30) || '(the error log is empty)';
  const failure = async (reason: string): Promise<Error> => {
    const text = await readFrom(errorLog, logOffset);
    const known = diagnose(text, port, dataDir);
    return new Error(
      `Could not start the embedded ${flavorName(flavor)} server (${binary}) on 127.0.0.1:${port} ` +
        `with data directory ${dataDir}: ${known ? `${known} (${reason})` : reason}.\n` +
        `Last lines of ${errorLog}:\n${indent(await logTail())}`,
    );
  };

  log(`Starting ${flavorName(flavor)} (${binary}) on 127.0.0.1:${port}, data in ${dataDir}`);
  // Early messages (before the server switches to --log-error) go to the same file.
  const out = fs.openSync(errorLog, 'a');
  let child: ChildProcess;
  try {
    child = spawn(binary, args, { stdio: ['ignore', out, out], detached: true });
  } finally {
    fs.closeSync(out);
  }
  let spawnError: Error | null = null;
  child.once('error', (e) => (spawnError = e));
  // The server must not keep Node alive on its own; the 'exit' hook of the handle stops it.
  child.unref();

  const pid = child.pid;
  const exited = () => child.exitCode !== null || child.signalCode !== null;
  const abort = async (reason: string): Promise<never> => {
    const err = await failure(reason);
    // A server that failed to start serves nobody: short grace period (it ignores SIGTERM while waiting for locks).
    if (pid !== undefined && !exited()) await terminate(pid, child, log, KILL_TIMEOUT_MS).catch(() => undefined);
    throw err;
  };

  // 5. Wait until it accepts connections over TCP.
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let lastError: unknown = null;
  let conn: Connection | null = null;
  for (;;) {
    await sleep(200);
    if (spawnError || pid === undefined) return abort(`could not run it: ${(spawnError as Error | null)?.message ?? 'no pid'}`);
    if (exited()) {
      return abort(`it exited during startup (${child.signalCode ? `signal ${child.signalCode}` : `exit code ${child.exitCode}`})`);
    }
    // Do not sit through the server's own lock retries (30 s or more) when another server holds the files.
    if (DATADIR_LOCKED.test(await readFrom(errorLog, logOffset))) return abort('the data files are locked');
    try {
      conn = await connectTcp(port);
      await conn.query('SELECT 1');
      const [row] = await query<RowDataPacket>(conn, 'SELECT @@datadir AS datadir');
      if (!sameDir(String(row.datadir), dataDir)) {
        await closeQuietly(conn);
        conn = null;
        return abort(`another server (data directory ${row.datadir}) answers on port ${port}`);
      }
      break;
    } catch (e) {
      await closeQuietly(conn);
      conn = null;
      if (isAuthError(e)) {
        return abort(
          `root cannot log in without a password (${(e as Error).message}); the data directory was set up ` +
            'with a root password. Use a fresh data directory',
        );
      }
      lastError = e;
    }
    if (Date.now() > deadline) {
      return abort(
        `it did not accept connections within ${READY_TIMEOUT_MS / 1000} s (last error: ${(lastError as Error | null)?.message ?? 'none'})`,
      );
    }
  }

  try {
    await createDatabase(conn, database);
  } catch (e) {
    await closeQuietly(conn);
    return abort(`could not create the database ${database}: ${(e as Error).message}`);
  }
  await closeQuietly(conn);
  log(`Embedded database server ready: ${urlFor(port, database)} (pid ${pid})`);
  return makeHandle(pid, child, port, socket, database, log);
}
