#!/usr/bin/env node
/**
 * npm start — the one command of the quick start, in development and with NODE_ENV=production alike:
 *   1. installs dependencies with `npm ci --include=dev` when node_modules is missing, older than
 *      package-lock.json or lacks a package the lock file lists: the build tools (vite, svelte-kit, tsc)
 *      are devDependencies, so they are installed whatever NODE_ENV or npm's `omit` say, and
 *      package-lock.json is never rewritten (out of step with package.json, `npm ci` stops and says so);
 *   2. builds the site when web/build is missing or older than its sources; with NODE_ENV=production
 *      (or anything but development/test, as the API's config reads it) also compiles the API (tsc,
 *      as the Docker image does) when server/dist is older than its sources;
 *   3. starts the API (it creates the database, migrates, and seeds the demo data when empty;
 *      with DATABASE_URL left at its default and no server there, it starts a private MariaDB):
 *      its compiled form in production, through ts-node otherwise;
 *   4. starts the site (adapter-node, ORIGIN = the origin of WEB_URL), and stops both together.
 * Honours PORT, WEB_PORT, PUBLIC_URL, WEB_URL and every variable the README lists.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { API_SOURCES, WEB_SOURCES, mtime, newestUnder } from './lib/freshness.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const say = (m) => process.stdout.write(`[kabinet] ${m}\n`);
// As server/src/config.ts: only an unset NODE_ENV, `development` or `test` is a developer's machine.
const nodeEnv = process.env.NODE_ENV || 'development';
const production = !['development', 'test'].includes(nodeEnv);

const newest = (...paths) => newestUnder(root, ...paths);

function run(args, what, hint) {
  say(what);
  const r = spawnSync(npm, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    process.stderr.write(`[kabinet] failed: npm ${args.join(' ')}\n`);
    if (hint) process.stderr.write(`[kabinet] ${hint}\n`);
    process.exit(r.status ?? 1);
  }
}

/**
 * The first package package-lock.json lists for the root or a workspace (dependencies and devDependencies)
 * that is not in node_modules — e.g. the devDependencies an install under NODE_ENV=production left out.
 */
function missingPackage() {
  let lock;
  try {
    lock = JSON.parse(fs.readFileSync(path.join(root, 'package-lock.json'), 'utf8'));
  } catch {
    return null;
  }
  const packages = lock.packages ?? {};
  for (const ws of ['', ...(packages['']?.workspaces ?? [])]) {
    const meta = packages[ws] ?? {};
    for (const name of Object.keys({ ...meta.dependencies, ...meta.devDependencies })) {
      const nested = ws ? `${ws}/node_modules/${name}` : null;
      const where = nested && packages[nested] ? nested : `node_modules/${name}`;
      if (!fs.existsSync(path.join(root, where, 'package.json'))) return name;
    }
  }
  return null;
}

const installedAt = mtime(path.join(root, 'node_modules', '.package-lock.json'));
const missing = installedAt ? missingPackage() : null;
if (installedAt < mtime(path.join(root, 'package-lock.json')) || missing) {
  run(
    ['ci', '--include=dev', '--no-audit', '--no-fund'],
    `installing dependencies (npm ci --include=dev)${missing ? `: ${missing} is missing` : ''}…`,
    'npm ci installs exactly package-lock.json and never rewrites it; if it says package.json and the lock file are out of step, run `npm install` yourself and commit package-lock.json.',
  );
}

const webBuilt = mtime(path.join(root, 'web', 'build', 'index.js'));
if (webBuilt < newest(...WEB_SOURCES)) {
  run(['run', 'build', '-w', 'web'], 'building the site…');
}

const apiMain = path.join(root, 'server', 'dist', 'server', 'src', 'main.js');
if (production && mtime(apiMain) < newest(...API_SOURCES)) {
  run(['run', 'build', '-w', 'server'], `compiling the API (NODE_ENV=${nodeEnv})…`);
}

const port = process.env.PORT || '4000';
const webPort = process.env.WEB_PORT || '3000';
const trim = (u) => u.replace(/\/+$/, '');
const publicUrl = trim(process.env.PUBLIC_URL || `http://localhost:${port}`);
const webUrl = trim(process.env.WEB_URL || `http://localhost:${webPort}`);
let webOrigin;
try {
  webOrigin = new URL(webUrl).origin;
} catch {
  process.stderr.write(`[kabinet] WEB_URL must be a URL, got "${webUrl}"\n`);
  process.exit(1);
}

const children = [];
function start(name, command, args, env) {
  const child = spawn(command, args, { cwd: root, env: { ...process.env, ...env }, stdio: 'inherit' });
  child.on('exit', (code, signal) => {
    say(`${name} stopped (${signal ?? code})`);
    stopAll(code ?? 1);
  });
  children.push(child);
  return child;
}

let stopping = false;
function stopAll(code = 0) {
  if (stopping) return;
  stopping = true;
  for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
  setTimeout(() => process.exit(code), 8000).unref();
  Promise.all(children.map((c) => (c.exitCode !== null ? null : new Promise((r) => c.on('exit', r))))).then(() => process.exit(code));
}
process.on('SIGINT', () => stopAll(0));
process.on('SIGTERM', () => stopAll(0));

say(`starting the API on ${publicUrl}/graphql and the site on ${webUrl}${production ? ` (NODE_ENV=${nodeEnv})` : ''}`);
const api = production
  ? [apiMain, '--seed-if-empty']
  : [path.join(root, 'node_modules', 'ts-node', 'dist', 'bin.js'), '--transpile-only', '--project', 'server/tsconfig.json', 'server/src/main.ts', '--seed-if-empty'];
start('API', process.execPath, api, {
  PORT: port,
  WEB_PORT: webPort,
  PUBLIC_URL: publicUrl,
  WEB_URL: webUrl,
});
start('site', process.execPath, [path.join(root, 'web', 'build', 'index.js')], {
  PORT: webPort,
  // adapter-node builds each request's URL from ORIGIN: SvelteKit's CSRF check compares a form post's
  // Origin header with it, and the session cookies are Secure when it is https.
  ORIGIN: webOrigin,
  // Operators upload bank registries of up to 5 MB through the site.
  BODY_SIZE_LIMIT: process.env.BODY_SIZE_LIMIT || '12M',
  API_URL: process.env.API_URL || `http://127.0.0.1:${port}/graphql`,
  PUBLIC_API_WS_URL: process.env.PUBLIC_API_WS_URL || `${publicUrl.replace(/^http/, 'ws')}/graphql`,
});
