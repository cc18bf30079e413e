#!/usr/bin/env node
/**
 * npm run cluster — several API instances and the site behind HAProxy, on this machine (issue #16):
 *
 *   client ──► HAProxy :PORT (4000)      ──roundrobin──► api1, api2, api3 (127.0.0.1, free ports)
 *          ──► HAProxy :WEB_PORT (3000)  ─────────────► the site (127.0.0.1, a free port) ──► HAProxy :PORT
 *
 *   1. checks what it needs: the `haproxy` binary (Debian: apt-get install haproxy), Redis (REDIS_URL, default
 *      redis://127.0.0.1:6379: the instances share live replies and the rate and sign-in attempt limits through
 *      it) and MySQL/MariaDB (DATABASE_URL, default mysql://root@127.0.0.1:3306/kabinet);
 *   2. builds like `npm start` when stale (the site; the API too with NODE_ENV=production); the dependencies
 *      must be installed (`npm ci --include=dev` or `npm start` once);
 *   3. starts the first instance (it creates the database, migrates, seeds the demo data when empty), then
 *      the others, each with INSTANCE_NAME=apiN (every answer carries X-Kabinet-Instance: apiN);
 *   4. writes haproxy.cfg into a temporary directory (health checks on /readyz, X-Forwarded-For, WebSocket
 *      upgrades with `timeout tunnel`, roundrobin, a stats page on 127.0.0.1) and runs HAProxy in the foreground;
 *   5. starts the site, its server calling the API through the balancer;
 *   6. supervises: an API instance that dies is started again after CLUSTER_RESTART_DELAY_MS (like a
 *      container's restart policy) and HAProxy takes it back once /readyz answers; HAProxy or the site
 *      dying stops everything;
 *   7. Ctrl+C (SIGINT to the process group), SIGTERM or SIGHUP stops every process (SIGTERM, SIGKILL after
 *      15 s) and removes the temporary directory.
 *
 * Environment (besides everything the API reads, passed to every instance — see the README's Configuration):
 *   PORT / WEB_PORT            the balancer's ports for the API and the site (4000 / 3000; 0: any free port)
 *   CLUSTER_INSTANCES          API instances (3)
 *   CLUSTER_RESTART_DELAY_MS   wait before restarting an instance that died (1000; -1: never restart)
 *   CLUSTER_STATE_FILE         also write the state (ports, pids, URLs) as JSON there, kept up to date
 *   CLUSTER_LOG                `prefixed` (default: children's output on stdout, each line prefixed by its
 *                              name) or `files` (only into <temporary directory>/<name>.log)
 *   HAPROXY                    the haproxy binary (default: `haproxy` on PATH, /usr/sbin/haproxy)
 *   TRUST_PROXY                the API's trusted proxies (default loopback: HAProxy and the site's server)
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { API_SOURCES, WEB_SOURCES, mtime, newestUnder } from './lib/freshness.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const began = Date.now();
const say = (m) => process.stdout.write(`[cluster ${((Date.now() - began) / 1000).toFixed(1).padStart(5)} s] ${m}\n`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const nodeEnv = process.env.NODE_ENV || 'development';
const production = !['development', 'test'].includes(nodeEnv);

function die(message) {
  process.stderr.write(`\n[cluster] ${message}\n\n`);
  process.exit(1);
}

function intEnv(name, fallback, min, max) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) die(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
  return n;
}

const instanceCount = intEnv('CLUSTER_INSTANCES', 3, 1, 16);
const restartDelayMs = intEnv('CLUSTER_RESTART_DELAY_MS', 1000, -1, 3_600_000);
const logMode = process.env.CLUSTER_LOG || 'prefixed';
if (!['prefixed', 'files'].includes(logMode)) die(`CLUSTER_LOG must be "prefixed" or "files", got "${logMode}"`);

// ---------------------------------------------------------------- what it needs

function findHaproxy() {
  const candidates = process.env.HAPROXY ? [process.env.HAPROXY] : ['haproxy', '/usr/sbin/haproxy', '/usr/local/sbin/haproxy'];
  for (const c of candidates) {
    const r = spawnSync(c, ['-v'], { encoding: 'utf8' });
    if (r.status === 0) return { bin: c, version: (r.stdout.split('\n')[0] || '').trim() };
  }
  die('HAProxy is not installed. Debian/Ubuntu: `sudo apt-get install haproxy` (or set HAPROXY to the binary).');
}

/** Can a TCP connection be made (and, for Redis, does it answer PING)? */
function probe(host, port, send = null, expect = null) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port: Number(port) });
    let data = '';
    const done = (ok) => (socket.destroy(), resolve(ok));
    socket.setTimeout(2000, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => {
      if (!send) return done(true);
      socket.write(send);
    });
    socket.on('data', (chunk) => {
      data += chunk;
      if (expect && data.includes(expect)) done(true);
      else if (data.includes('\r\n')) done(false);
    });
  });
}

function portFree(port) {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '0.0.0.0', () => server.close(() => resolve(true)));
  });
}

const taken = new Set();
async function freePort() {
  for (;;) {
    const port = await new Promise((resolve, reject) => {
      const server = net.createServer();
      server.once('error', reject);
      server.listen(0, '0.0.0.0', () => {
        const { port: p } = server.address();
        server.close(() => resolve(p));
      });
    });
    if (!taken.has(port)) {
      taken.add(port);
      return port;
    }
  }
}

async function publicPort(name, fallback) {
  const wanted = intEnv(name, fallback, 0, 65535);
  if (wanted === 0) return freePort();
  if (!(await portFree(wanted))) die(`port ${wanted} (${name}) is in use — is \`npm start\` or another cluster running? Stop it, or set ${name} (0: any free port).`);
  taken.add(wanted);
  return wanted;
}

// ---------------------------------------------------------------- install and build, as npm start does

const newest = (...paths) => newestUnder(root, ...paths);
function runNpm(args, what) {
  say(what);
  const r = spawnSync(npm, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) die(`failed: npm ${args.join(' ')}`);
}

function prepareBuilds() {
  // Installing is `npm start`'s job (npm ci replaces node_modules, which would pull it from under a running `npm start`).
  if (!fs.existsSync(path.join(root, 'node_modules', 'ts-node', 'package.json'))) {
    die('the dependencies are not installed: run `npm ci --include=dev` (or `npm start` once) first.');
  }
  if (mtime(path.join(root, 'web', 'build', 'index.js')) < newest(...WEB_SOURCES)) {
    runNpm(['run', 'build', '-w', 'web'], 'building the site…');
  }
  const apiMain = path.join(root, 'server', 'dist', 'server', 'src', 'main.js');
  if (production && mtime(apiMain) < newest(...API_SOURCES)) {
    runNpm(['run', 'build', '-w', 'server'], `compiling the API (NODE_ENV=${nodeEnv})…`);
  }
  return production
    ? [apiMain]
    : [path.join(root, 'node_modules', 'ts-node', 'dist', 'bin.js'), '--transpile-only', '--project', 'server/tsconfig.json', 'server/src/main.ts'];
}

// ---------------------------------------------------------------- HAProxy's configuration

/**
 * The balancer. Health checks ask GET /readyz every second (a dead instance is out after 2 failed checks,
 * at once on a refused connection: observe layer4; back after 2 good ones). A request whose connection
 * could not be made is retried on another instance (retries + redispatch) — never one that may have reached
 * an instance (retry-on conn-failure only): a write is not sent twice by the balancer. WebSocket upgrades
 * are plain HTTP/1.1 in HAProxy's http mode; once upgraded, `timeout tunnel` governs the connection.
 */
function haproxyConfig({ dir, apiBind, webBind, statsBind, instances, site }) {
  return `# Generated by scripts/cluster.mjs (issue #16); docker/haproxy.cfg is the same for docker compose.
global
    # Each connection takes two descriptors (client and server side): 4,000 stays under a 10,000-descriptor limit.
    maxconn 4000
    stats socket ${dir}/haproxy.sock mode 600 level admin
    # In the foreground (-db), warnings and server state changes go to stderr.

defaults
    mode http
    option dontlognull
    timeout connect 2s
    timeout client 60s
    timeout server 60s
    timeout http-request 10s
    timeout http-keep-alive 10s
    timeout queue 10s
    # A WebSocket, once upgraded: idle up to an hour (graphql-ws pings keep live ones busy).
    timeout tunnel 1h
    timeout client-fin 5s
    # X-Forwarded-For: the client's address (the API trusts the balancer's: TRUST_PROXY).
    option forwardfor
    # A connection that could not be made is retried on another instance; a request that may have
    # reached an instance is never sent again by the balancer (clients retry writes with their externalId).
    retries 2
    retry-on conn-failure
    option redispatch 1

frontend api
    bind ${apiBind}
    default_backend api

backend api
    balance roundrobin
    option httpchk
    http-check send meth GET uri /readyz
    http-check expect status 200
    default-server check inter 1s fastinter 500ms downinter 1s fall 2 rise 2 observe layer4 error-limit 1 on-error mark-down
${instances.map((i) => `    server ${i.name} 127.0.0.1:${i.port}`).join('\n')}

frontend web
    bind ${webBind}
    default_backend web

backend web
    option httpchk
    http-check send meth GET uri /login
    http-check expect status 200
    server web1 127.0.0.1:${site.port} check inter 2s fall 2 rise 1

listen stats
    bind ${statsBind}
    stats enable
    stats uri /
    stats refresh 5s
    stats show-legends
`;
}

// ---------------------------------------------------------------- processes

const children = new Set();
let stopping = false;
let tmp = null;
let state = null;

function writeState() {
  if (!state) return;
  // The child process handles stay out.
  const json = JSON.stringify(state, (key, value) => (key === 'child' ? undefined : value), 2);
  fs.writeFileSync(path.join(tmp, 'state.json'), json);
  if (process.env.CLUSTER_STATE_FILE) {
    const file = path.resolve(process.env.CLUSTER_STATE_FILE);
    fs.writeFileSync(`${file}.tmp`, json);
    fs.renameSync(`${file}.tmp`, file);
  }
}

/** Spawns a child in this process group (Ctrl+C reaches it too), its output prefixed or in its log file. */
function launch(name, command, args, env) {
  const logFile = fs.openSync(path.join(tmp, `${name}.log`), 'a');
  const child = spawn(command, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const pipe = (stream, out) => {
    let rest = '';
    stream.on('data', (chunk) => {
      fs.writeSync(logFile, chunk);
      if (logMode !== 'prefixed') return;
      const lines = (rest + chunk).split('\n');
      rest = lines.pop();
      for (const line of lines) out.write(`[${name}] ${line}\n`);
    });
    stream.on('end', () => rest && logMode === 'prefixed' && out.write(`[${name}] ${rest}\n`));
  };
  pipe(child.stdout, process.stdout);
  pipe(child.stderr, process.stderr);
  children.add(child);
  child.once('exit', () => {
    children.delete(child);
    setTimeout(() => fs.closeSync(logFile), 100);
  });
  return child;
}

async function waitFor(what, check, timeoutMs, alive = () => true) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (stopping) throw new Error('stopping');
    if (await check().catch(() => false)) return;
    if (!alive()) die(`${what}: the process exited (its log: ${tmp})`);
    if (Date.now() > until) die(`${what}: no answer within ${timeoutMs / 1000} s (logs in ${tmp})`);
    await sleep(200);
  }
}

const answers = async (url, status = 200) => {
  const res = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(3000) });
  await res.arrayBuffer();
  return res.status === status;
};

async function stopAll(code = 0, why = '') {
  if (stopping) return;
  stopping = true;
  if (why) say(why);
  say(`stopping ${children.size} processes…`);
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGTERM');
  const until = Date.now() + 15_000;
  while (children.size && Date.now() < until) await sleep(100);
  if (children.size) {
    say(`${children.size} still running after 15 s: SIGKILL`);
    for (const c of children) c.kill('SIGKILL');
    while (children.size && Date.now() < until + 5000) await sleep(100);
  }
  if (tmp && process.env.CLUSTER_KEEP !== '1') fs.rmSync(tmp, { recursive: true, force: true });
  say('stopped');
  process.exit(code);
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => void stopAll(0, `${signal}: stopping the cluster`));
// Last resort if this process ends some other way: no child outlives it.
process.on('exit', () => {
  for (const c of children) {
    try {
      c.kill('SIGKILL');
    } catch {}
  }
});

// ---------------------------------------------------------------- main

async function main() {
  const haproxy = findHaproxy();
  const redisUrl = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
  const databaseUrl = process.env.DATABASE_URL || 'mysql://root@127.0.0.1:3306/kabinet';
  const redis = new URL(redisUrl);
  if (!(await probe(redis.hostname || '127.0.0.1', redis.port || 6379, 'PING\r\n', 'PONG'))) {
    die(`Redis does not answer at ${redisUrl}: several instances share live replies and limits through it. Start one: \`sudo apt-get install redis-server\`, or \`docker compose -f docker/compose.yml up -d redis\` (or set REDIS_URL).`);
  }
  const db = new URL(databaseUrl);
  if (!(await probe(db.hostname || '127.0.0.1', db.port || 3306))) {
    die(`MySQL/MariaDB does not answer at ${db.hostname}:${db.port || 3306} (DATABASE_URL): \`docker compose -f docker/compose.yml up -d db\` or \`sudo apt-get install mariadb-server && sudo service mariadb start\`. (The private server \`npm start\` can start is for one API process only.)`);
  }
  const apiCommand = prepareBuilds();

  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kabinet-cluster-'));
  const apiPort = await publicPort('PORT', 4000);
  const webPort = await publicPort('WEB_PORT', 3000);
  const statsPort = await freePort();
  const sitePort = await freePort();
  const instances = [];
  for (let i = 1; i <= instanceCount; i++) instances.push({ name: `api${i}`, port: await freePort(), pid: null, starts: 0, startedAt: null });
  const trim = (u) => u.replace(/\/+$/, '');
  const publicUrl = trim(process.env.PUBLIC_URL || `http://localhost:${apiPort}`);
  const webUrl = trim(process.env.WEB_URL || `http://localhost:${webPort}`);
  const balancer = `http://127.0.0.1:${apiPort}`;

  state = {
    pid: process.pid,
    dir: tmp,
    nodeEnv,
    api: balancer,
    web: `http://127.0.0.1:${webPort}`,
    publicUrl,
    webUrl,
    stats: `http://127.0.0.1:${statsPort}/`,
    ports: { api: apiPort, web: webPort, stats: statsPort, site: sitePort, instances: instances.map((i) => i.port) },
    haproxy: { pid: null, version: haproxy.version, config: path.join(tmp, 'haproxy.cfg') },
    site: { pid: null, port: sitePort },
    instances,
    ready: false,
  };
  writeState();
  say(`${instanceCount} API instances behind ${haproxy.version.replace(/ - .*/, '')}; Redis ${redisUrl}; database ${db.pathname.slice(1)} on ${db.host}; logs and haproxy.cfg in ${tmp}`);

  const apiEnv = {
    NODE_ENV: nodeEnv,
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl,
    PUBLIC_URL: publicUrl,
    WEB_URL: webUrl,
    WEB_PORT: String(webPort),
    // HAProxy and the site's server connect from loopback: their X-Forwarded-For is believed.
    TRUST_PROXY: process.env.TRUST_PROXY || 'loopback',
  };

  const startInstance = (instance, seed) => {
    instance.starts += 1;
    instance.startedAt = Date.now();
    const child = launch(instance.name, process.execPath, [...apiCommand, ...(seed ? ['--seed-if-empty'] : [])], {
      ...apiEnv,
      PORT: String(instance.port),
      INSTANCE_NAME: instance.name,
    });
    instance.pid = child.pid;
    instance.child = child;
    writeState();
    child.once('exit', (code, signal) => {
      if (instance.child === child) instance.pid = null;
      writeState();
      if (stopping) return;
      if (!state.ready) return void stopAll(1, `${instance.name} exited (${signal ?? code}) while the cluster was starting; its log: ${path.join(tmp, `${instance.name}.log`)}`);
      if (restartDelayMs < 0) return void say(`${instance.name} exited (${signal ?? code}); not restarted (CLUSTER_RESTART_DELAY_MS=-1)`);
      say(`${instance.name} exited (${signal ?? code}); starting it again in ${restartDelayMs} ms — HAProxy takes it back once /readyz answers`);
      setTimeout(() => {
        if (stopping) return;
        startInstance(instance, false);
        void waitFor(`${instance.name} (restarted)`, () => answers(`http://127.0.0.1:${instance.port}/readyz`), 120_000, () => instance.child.exitCode === null)
          .then(() => say(`${instance.name} is ready again (pid ${instance.pid})`))
          .catch(() => undefined);
      }, restartDelayMs);
    });
    return child;
  };
  const ready = (instance) => waitFor(instance.name, () => answers(`http://127.0.0.1:${instance.port}/readyz`), 180_000, () => instance.child.exitCode === null && instance.child.signalCode === null);

  // The first instance creates the database, migrates and seeds alone; then the others start together.
  startInstance(instances[0], true);
  await ready(instances[0]);
  say(`${instances[0].name} is ready (database migrated, demo data loaded if it was empty)`);
  for (const instance of instances.slice(1)) startInstance(instance, false);
  await Promise.all(instances.slice(1).map(ready));
  say(`${instances.map((i) => `${i.name} :${i.port}`).join(', ')} are ready`);

  const config = haproxyConfig({ dir: tmp, apiBind: `:${apiPort}`, webBind: `:${webPort}`, statsBind: `127.0.0.1:${statsPort}`, instances, site: { port: sitePort } });
  fs.writeFileSync(state.haproxy.config, config);
  const check = spawnSync(haproxy.bin, ['-c', '-q', '-f', state.haproxy.config], { encoding: 'utf8' });
  if (check.status !== 0) die(`haproxy -c refused the generated configuration:\n${check.stdout}${check.stderr}`);
  const lb = launch('haproxy', haproxy.bin, ['-db', '-f', state.haproxy.config], {});
  state.haproxy.pid = lb.pid;
  lb.once('exit', (code, signal) => void stopAll(1, `HAProxy exited (${signal ?? code}); its log: ${path.join(tmp, 'haproxy.log')}`));
  await waitFor('HAProxy', () => answers(`${balancer}/readyz`), 30_000, () => lb.exitCode === null);

  const site = launch('site', process.execPath, [path.join(root, 'web', 'build', 'index.js')], {
    NODE_ENV: production ? nodeEnv : 'production',
    HOST: '127.0.0.1',
    PORT: String(sitePort),
    ORIGIN: new URL(webUrl).origin,
    // The visitor's address, as HAProxy appends it to X-Forwarded-For (one proxy: the balancer).
    ADDRESS_HEADER: 'X-Forwarded-For',
    XFF_DEPTH: '1',
    BODY_SIZE_LIMIT: process.env.BODY_SIZE_LIMIT || '12M',
    // The site's server calls the API through the balancer, as browsers do.
    API_URL: process.env.API_URL || `${balancer}/graphql`,
    PUBLIC_API_WS_URL: process.env.PUBLIC_API_WS_URL || `${publicUrl.replace(/^http/, 'ws')}/graphql`,
  });
  state.site.pid = site.pid;
  site.once('exit', (code, signal) => void stopAll(1, `the site exited (${signal ?? code}); its log: ${path.join(tmp, 'site.log')}`));
  await waitFor('the site through HAProxy', () => answers(`http://127.0.0.1:${webPort}/login`), 60_000, () => site.exitCode === null);

  state.ready = true;
  writeState();
  say(`ready: the site on ${webUrl}, the API on ${publicUrl}/graphql (${instanceCount} instances, roundrobin), HAProxy's stats on ${state.stats} — Ctrl+C stops everything`);
  process.stdout.write(`[cluster] state ${JSON.stringify(state, (key, value) => (key === 'child' ? undefined : value))}\n`);
}

main().catch((e) => {
  if (!stopping) void stopAll(1, `failed: ${e?.stack || e}`);
});
