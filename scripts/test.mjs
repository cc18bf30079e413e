#!/usr/bin/env node
/**
 * npm test — every test: the API's (real MySQL, real SMTP, real Redis when up) and
 * the site's browser tests (real Chromium). Builds the site first when it is stale.
 * Extra arguments go to jest, e.g. `npm test -- server/test/auth`.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { mtime, newestIn } from './lib/freshness.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
if (fs.existsSync(path.join(root, 'web', 'src')) && mtime(path.join(root, 'web', 'build', 'index.js')) < newestIn(path.join(root, 'web', 'src'))) {
  process.stdout.write('[kabinet] building the site for the browser tests…\n');
  const b = spawnSync(npm, ['run', 'build', '-w', 'web'], { cwd: root, stdio: 'inherit' });
  if (b.status !== 0) process.exit(b.status ?? 1);
}

const jest = path.join(root, 'node_modules', 'jest', 'bin', 'jest.js');
const r = spawnSync(process.execPath, [jest, '--maxWorkers=2', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'test' } });
process.exit(r.status ?? 1);
