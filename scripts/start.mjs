#!/usr/bin/env node
/**
 * npm start — the one command of the quick start:
 *   1. installs dependencies when node_modules is missing or older than package-lock.json;
 *   2. builds the site when web/build is missing or older than its sources;
 *   3. starts the API (it creates the database, migrates, and seeds the demo data when empty;
 *      with DATABASE_URL left at its default and no server there, it starts a private MariaDB);
 *   4. starts the site, and stops both together.
 * Honours PORT, WEB_PORT, PUBLIC_URL, WEB_URL and every variable the README lists.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const say = (m) => process.stdout.write(`[kabinet] ${m}\n`);

function mtime(p) {
  try {
    return fs.statSync(p).mtimeMs;
  } catch {
    return 0;
  }
}

function newestIn(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestIn(p) : mtime(p));
  }
  return newest;
}

function run(args, what) {
  say(what);
  const r = spawnSync(npm, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    process.stderr.write(`[kabinet] failed: npm ${args.join(' ')}\n`);
    process.exit(r.status ?? 1);
  }
}

if (mtime(path.join(root, 'node_modules', '.package-lock.json')) < mtime(path.join(root, 'package-lock.json'))) {
  run(['install', '--no-audit', '--no-fund'], 'installing dependencies (npm install)…');
}
const webBuilt = mtime(path.join(root, 'web', 'build', 'index.js'));
if (webBuilt < newestIn(path.join(root, 'web', 'src')) || webBuilt < mtime(path.join(root, 'web', 'package.json'))) {
  run(['run', 'build', '-w', 'web'], 'building the site…');
}

const port = process.env.PORT || '4000';
const webPort = process.env.WEB_PORT || '3000';
const publicUrl = process.env.PUBLIC_URL || `http://localhost:${port}`;
const webUrl = process.env.WEB_URL || `http://localhost:${webPort}`;

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

say(`starting the API on ${publicUrl}/graphql and the site on ${webUrl}`);
start('API', process.execPath, [path.join(root, 'node_modules', 'ts-node', 'dist', 'bin.js'), '--transpile-only', '--project', 'server/tsconfig.json', 'server/src/main.ts', '--seed-if-empty'], {
  PORT: port,
  WEB_PORT: webPort,
  PUBLIC_URL: publicUrl,
  WEB_URL: webUrl,
});
start('site', process.execPath, [path.join(root, 'web', 'build', 'index.js')], {
  PORT: webPort,
  ORIGIN: webUrl,
  // Operators upload bank registries of up to 5 MB through the site.
  BODY_SIZE_LIMIT: process.env.BODY_SIZE_LIMIT || '12M',
  API_URL: process.env.API_URL || `http://127.0.0.1:${port}/graphql`,
  PUBLIC_API_WS_URL: process.env.PUBLIC_API_WS_URL || `${publicUrl.replace(/^http/, 'ws')}/graphql`,
});
