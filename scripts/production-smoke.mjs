#!/usr/bin/env node
/**
 * Production smoke check (.ci/run runs it after `npm test`): the README's one-command start, with
 * NODE_ENV=production, on a fresh clone of this checkout's commit.
 *
 *   1. clones the checkout (`git clone --no-hardlinks`, the commit of HEAD: what is committed, nothing else)
 *      into a temporary directory — no node_modules, no builds;
 *   2. runs `npm start` there with NODE_ENV=production, a random JWT_SECRET, PAYMENT_GATEWAY=sandbox,
 *      free ports and a database of its own (kabinet_smoke_…), in a process group of its own;
 *   3. waits until the API answers GET /healthz and GET /readyz and the site GET /login, then checks:
 *      the API runs in production (introspection refused), /login is the built site's Russian sign-in
 *      form, a sign-in posted from the site's origin passes SvelteKit's CSRF check and opens the
 *      subscriber's page (so ORIGIN is right and site → API → database works), a post from another
 *      origin is refused;
 *   4. stops the process group (SIGTERM, then SIGKILL: anything still running after SIGTERM is a failure),
 *      checks that the ports are free, drops the database and removes the temporary directory;
 *   5. also checks that package-lock.json of the clone was not rewritten.
 * Exits non-zero with a message and the tail of the start's log on any failure.
 *
 *   node scripts/production-smoke.mjs              # the committed state (what CI tests)
 *   node scripts/production-smoke.mjs --worktree   # plus the uncommitted changes and new files of the checkout
 *   node scripts/production-smoke.mjs --reuse-install
 *       # .ci/run: the clone gets the checkout's installed node_modules as hard links (only when the checkout's
 *       # package-lock.json is the commit's and its `npm ci` is newer than it), so `npm start` skips its install; the
 *       # builds, the migrations, the seed and the start are still the clone's own. The checkout .ci/run tests is a
 *       # fresh clone whose `npm ci --include=dev` of the same lock file has just run: a second one took 75–85 s.
 *
 * Environment: SMOKE_DATABASE_SERVER (default mysql://root@127.0.0.1:3306: the server the smoke database is
 * created on and dropped from), SMOKE_TIMEOUT (seconds to wait for the start, default 900),
 * SMOKE_KEEP=1 (keep the temporary directory and the database, for a look after a failure).
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const began = Date.now();
const elapsed = () => `${((Date.now() - began) / 1000).toFixed(1)} s`;
const say = (m) => process.stdout.write(`[smoke ${((Date.now() - began) / 1000).toFixed(1).padStart(5)} s] ${m}\n`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const worktree = process.argv.includes('--worktree');
const reuseInstall = process.argv.includes('--reuse-install');
const keep = process.env.SMOKE_KEEP === '1';
const timeoutMs = Number(process.env.SMOKE_TIMEOUT || 900) * 1000;
const dbServer = (process.env.SMOKE_DATABASE_SERVER || 'mysql://root@127.0.0.1:3306').replace(/\/+$/, '');

function git(args, options = {}) {
  // safe.directory: CI may run as another user than the checkout's owner.
  const r = spawnSync('git', ['-c', 'safe.directory=*', ...args], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, ...options });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')} failed:\n${r.stderr || r.stdout}`);
  return r.stdout;
}

const repo = git(['rev-parse', '--show-toplevel'], { cwd: path.dirname(fileURLToPath(import.meta.url)) }).trim();
const commit = git(['rev-parse', 'HEAD'], { cwd: repo }).trim();
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kabinet-smoke-'));
const clone = path.join(tmp, 'kabinet');
const logFile = path.join(tmp, 'start.log');
const database = `kabinet_smoke_${Date.now().toString(36)}_${process.pid}`;

let child = null;
let pgid = null;
let ports = null;
let interrupted = null;

class SmokeFailure extends Error {}
const fail = (message) => {
  throw new SmokeFailure(message);
};

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '0.0.0.0', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function portTaken(port) {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    socket.setTimeout(1000);
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('timeout', () => (socket.destroy(), resolve(false)));
    socket.once('error', () => resolve(false));
  });
}

async function http(url, init = {}) {
  const res = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(15_000), ...init });
  return { status: res.status, headers: res.headers, body: await res.text() };
}

const groupAlive = () => {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
};

function groupProcesses() {
  const r = spawnSync('ps', ['-o', 'pid=,args=', '-g', String(pgid)], { encoding: 'utf8' });
  return (r.stdout || '').trim();
}

/** SIGTERM to the whole group (npm, start.mjs, the API, the site, a build or `npm ci` under way), then SIGKILL. */
async function stopGroup() {
  if (!pgid || !groupAlive()) return null;
  say(`stopping the process group ${pgid} (SIGTERM)`);
  process.kill(-pgid, 'SIGTERM');
  for (let i = 0; i < 200 && groupAlive(); i++) await sleep(100);
  if (!groupAlive()) return null;
  const left = groupProcesses();
  process.kill(-pgid, 'SIGKILL');
  for (let i = 0; i < 50 && groupAlive(); i++) await sleep(100);
  return `still running 20 s after SIGTERM (killed):\n${left}`;
}

/** With mysql2 from the clone or the checkout, else the mariadb/mysql client. */
async function dropDatabase() {
  const sql = `DROP DATABASE IF EXISTS \`${database}\``;
  for (const base of [clone, repo]) {
    let mysql;
    try {
      mysql = createRequire(path.join(base, 'package.json'))('mysql2/promise');
    } catch {
      continue;
    }
    const connection = await mysql.createConnection({ uri: dbServer });
    try {
      await connection.query(sql);
    } finally {
      await connection.end();
    }
    return;
  }
  const u = new URL(dbServer);
  const args = ['-h', u.hostname, '-P', u.port || '3306', '-u', decodeURIComponent(u.username || 'root'), '-e', sql];
  const env = { ...process.env, MYSQL_PWD: decodeURIComponent(u.password) };
  for (const client of ['mariadb', 'mysql']) {
    const r = spawnSync(client, args, { env, encoding: 'utf8' });
    if (r.error?.code === 'ENOENT') continue;
    if (r.status !== 0) throw new Error(`${client}: ${r.stderr.trim()}`);
    return;
  }
  throw new Error('neither mysql2 (in the clone or the checkout) nor a mariadb/mysql client is installed');
}

function logTail(lines = 80) {
  try {
    return fs.readFileSync(logFile, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/**
 * --reuse-install: the checkout's node_modules (the root's and the workspaces') as hard links in the clone, when the
 * checkout installed the same package-lock.json; npm's record of the install is copied, not linked, so that it is
 * newer than the clone's lock file and `npm start` sees an install that is up to date. Otherwise nothing is linked
 * and `npm start` installs, as without the flag.
 */
function linkInstall(lock) {
  const record = path.join(repo, 'node_modules', '.package-lock.json');
  const lockFile = path.join(repo, 'package-lock.json');
  if (!fs.existsSync(record) || !fs.readFileSync(lockFile).equals(lock) || fs.statSync(record).mtimeMs < fs.statSync(lockFile).mtimeMs) {
    say('--reuse-install: the checkout has no install of this package-lock.json; npm start installs');
    return;
  }
  for (const dir of ['node_modules', 'server/node_modules', 'web/node_modules']) {
    if (!fs.existsSync(path.join(repo, dir))) continue;
    const r = spawnSync('cp', ['-al', path.join(repo, dir), path.join(clone, dir)], { encoding: 'utf8' });
    if (r.status !== 0) {
      // Hard links cannot cross file systems (a temporary directory on tmpfs, say): then `npm start` installs.
      for (const linked of ['node_modules', 'server/node_modules', 'web/node_modules']) fs.rmSync(path.join(clone, linked), { recursive: true, force: true });
      say(`--reuse-install: cp -al ${dir} failed (${r.stderr.trim().split('\n')[0]}); npm start installs`);
      return;
    }
  }
  const copy = path.join(clone, 'node_modules', '.package-lock.json');
  fs.rmSync(copy);
  fs.copyFileSync(record, copy);
  say('--reuse-install: the checkout\'s node_modules linked into the clone (the same package-lock.json, installed)');
}

async function smoke() {
  say(`cloning ${repo} at ${commit.slice(0, 12)}${worktree ? ' with the uncommitted changes' : ''} into ${clone}`);
  git(['clone', '-q', '--no-hardlinks', repo, clone]);
  git(['-c', 'advice.detachedHead=false', 'checkout', '-q', '--detach', commit], { cwd: clone });
  if (worktree) {
    const diff = git(['diff', '--binary', 'HEAD'], { cwd: repo });
    if (diff) git(['apply', '--whitespace=nowarn'], { cwd: clone, input: diff });
    for (const file of git(['ls-files', '--others', '--exclude-standard', '-z'], { cwd: repo }).split('\0').filter(Boolean)) {
      fs.mkdirSync(path.dirname(path.join(clone, file)), { recursive: true });
      fs.copyFileSync(path.join(repo, file), path.join(clone, file));
    }
  }
  const lockBefore = fs.readFileSync(path.join(clone, 'package-lock.json'));
  if (reuseInstall) linkInstall(lockBefore);

  ports = { api: await freePort(), web: await freePort() };
  while (ports.web === ports.api) ports.web = await freePort();
  const apiUrl = `http://127.0.0.1:${ports.api}`;
  const webUrl = `http://localhost:${ports.web}`;
  const env = Object.fromEntries(
    Object.entries(process.env).filter(
      ([k]) => !/^npm_/i.test(k) && !['INIT_CWD', 'PUBLIC_URL', 'WEB_URL', 'API_URL', 'PUBLIC_API_WS_URL', 'ORIGIN', 'HOST', 'REDIS_URL', 'DATABASE_URL', 'SMTP_URL'].includes(k),
    ),
  );
  Object.assign(env, {
    NODE_ENV: 'production',
    JWT_SECRET: randomBytes(32).toString('hex'),
    PAYMENT_GATEWAY: 'sandbox',
    DATABASE_URL: `${dbServer}/${database}`,
    PORT: String(ports.api),
    WEB_PORT: String(ports.web),
  });

  if (interrupted) fail('interrupted');
  say(`NODE_ENV=production npm start (API :${ports.api}, site :${ports.web}, database ${database}); log: ${logFile}`);
  const log = fs.openSync(logFile, 'a');
  child = spawn(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['start'], { cwd: clone, env, detached: true, stdio: ['ignore', log, log] });
  fs.closeSync(log);
  pgid = child.pid;
  let exited = null;
  child.on('exit', (code, signal) => (exited = signal ?? code));

  const startedAt = Date.now();
  const answers = async (url) => {
    try {
      return (await http(url)).status === 200;
    } catch {
      return false;
    }
  };
  for (;;) {
    if (interrupted) fail('interrupted');
    if (exited !== null) fail(`npm start exited (${exited}) before the API and the site answered`);
    if (Date.now() - startedAt > timeoutMs) fail(`the API and the site did not answer within ${timeoutMs / 1000} s`);
    if ((await answers(`${apiUrl}/healthz`)) && (await answers(`${apiUrl}/readyz`)) && (await answers(`${webUrl}/login`))) break;
    await sleep(1000);
  }
  say(`the API and the site answer, ${((Date.now() - startedAt) / 1000).toFixed(1)} s after npm start`);

  const health = await http(`${apiUrl}/healthz`);
  if (JSON.parse(health.body).status !== 'ok') fail(`GET /healthz: ${health.body}`);
  const ready = await http(`${apiUrl}/readyz`);
  if (ready.status !== 200 || JSON.parse(ready.body).database !== 'ok') fail(`GET /readyz: ${ready.status} ${ready.body}`);
  say(`API: /healthz ${health.body}, /readyz ${ready.body}`);

  const introspection = await http(`${apiUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ __schema { queryType { name } } }' }),
  });
  let answer = null;
  try {
    answer = JSON.parse(introspection.body);
  } catch {}
  if (!answer?.errors?.length || answer?.data?.__schema) fail(`the API answered introspection, so it does not run with NODE_ENV=production: ${introspection.status} ${introspection.body.slice(0, 300)}`);
  say('API: introspection refused (production)');

  const login = await http(`${webUrl}/login`, { headers: { accept: 'text/html' } });
  const type = login.headers.get('content-type') || '';
  for (const [what, ok] of [
    ['status 200', login.status === 200],
    ['an HTML page', type.startsWith('text/html')],
    ['«Вход в личный кабинет»', login.body.includes('Вход в личный кабинет')],
    ['the account number field', login.body.includes('name="accountNumber"')],
    ['the password field', login.body.includes('name="password"')],
    ['the built site (/_app/immutable/)', login.body.includes('/_app/immutable/')],
  ]) {
    if (!ok) fail(`GET /login of the site: expected ${what}; got ${login.status} ${type}:\n${login.body.slice(0, 500)}`);
  }
  say('site: GET /login is the sign-in form «Вход в личный кабинет»');

  const form = new URLSearchParams({ accountNumber: '100000000002', password: 'Demo-Kabinet-2026', next: '/' });
  const post = (origin) =>
    http(`${webUrl}/login`, { method: 'POST', headers: { origin, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' }, body: form.toString() });
  const signIn = await post(webUrl);
  if (signIn.status === 403) fail(`POST /login from ${webUrl} was refused (403): the site's ORIGIN does not match WEB_URL:\n${signIn.body.slice(0, 300)}`);
  const cookies = signIn.headers.getSetCookie().map((c) => c.split(';')[0]);
  if (signIn.status !== 303 || signIn.headers.get('location') !== '/' || cookies.length === 0) {
    fail(`POST /login with the demo subscriber (100000000002, the README's «Demo logins»): expected 303 to / with the session cookies; got ${signIn.status} location=${signIn.headers.get('location')} cookies=${cookies.length}:\n${signIn.body.slice(0, 500)}`);
  }
  const home = await http(`${webUrl}/`, { headers: { accept: 'text/html', cookie: cookies.join('; ') } });
  if (home.status !== 200 || !home.body.includes('100000000002')) fail(`GET / signed in: expected 200 with the account 100000000002; got ${home.status}:\n${home.body.slice(0, 500)}`);
  say('site: a sign-in posted from WEB_URL passes the CSRF check and opens the account page');

  const foreign = await post('http://evil.example');
  if (foreign.status !== 403) fail(`POST /login from another origin: expected 403 (SvelteKit's CSRF check), got ${foreign.status}`);
  say('site: a post from another origin is refused (403)');

  const left = await stopGroup();
  if (left) fail(`processes left behind: ${left}`);
  for (const port of [ports.api, ports.web]) if (await portTaken(port)) fail(`port ${port} still answers after the stop`);
  say('stopped: no process of the start is left, the ports are free');

  if (!fs.readFileSync(path.join(clone, 'package-lock.json')).equals(lockBefore)) fail('npm start rewrote package-lock.json');
  const status = git(['status', '--porcelain'], { cwd: clone }).trim();
  if (status && !worktree) fail(`npm start changed tracked files of the clone:\n${status}`);
  say('package-lock.json is unchanged');
}

let failure = null;
async function cleanUp() {
  const left = await stopGroup().catch((e) => String(e));
  if (left && !failure && !interrupted) failure = `processes left behind: ${left}`;
  if (keep) {
    say(`kept ${tmp} and the database ${database} (SMOKE_KEEP=1)`);
    return;
  }
  await dropDatabase().catch((e) => say(`could not drop the database ${database}: ${e.message}`));
  // rm -rf is several times faster than fs.rmSync on node_modules; fs.rmSync where there is none.
  if (process.platform === 'win32' || spawnSync('rm', ['-rf', tmp]).status !== 0) fs.rmSync(tmp, { recursive: true, force: true, maxRetries: 3 });
  say(`cleaned up: the database ${database} dropped, ${tmp} removed`);
}

// Ctrl+C / SIGTERM: stop the start's process group; the check then fails and cleans up as usual. A second one exits at once.
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    if (interrupted) process.exit(130);
    interrupted = signal;
    say(`${signal}: stopping and cleaning up`);
    if (pgid) {
      try {
        process.kill(-pgid, 'SIGTERM');
      } catch {}
    }
  });
}

try {
  await smoke();
} catch (e) {
  failure = e instanceof SmokeFailure ? e.message : e.stack || String(e);
}
if (interrupted) failure = `interrupted (${interrupted})`;
const tail = failure ? logTail() : '';
await cleanUp();
if (failure) {
  process.stderr.write(`\n[smoke] the last lines of NODE_ENV=production npm start:\n${tail}\n\n[smoke] FAILED after ${elapsed()}: ${failure}\n`);
  process.exit(1);
}
say(`passed in ${elapsed()}: NODE_ENV=production npm start on a fresh clone serves the API and the site`);
