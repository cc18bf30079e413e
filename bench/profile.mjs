#!/usr/bin/env node
/**
 * npm run bench:profile — where the API's CPU goes under the dashboard load.
 *
 * Needs kabinet_bench from an earlier `npm run bench` (this month's). Builds the server, starts it
 * with `node --cpu-prof` in production mode, sends the bench's dashboard query for random accounts
 * (16 in flight) for BENCH_SECONDS (default 10), stops it and prints the profile's self time by
 * package and by function. The .cpuprofile is kept in bench/results/profile/ (open it in Chrome
 * DevTools › Performance, or https://www.speedscope.app).
 *
 * BENCH_PROFILER=perf: an on-CPU profile instead (Linux `perf record -e cpu-clock -g` of the API's process, started
 * with --perf-basic-prof so that JavaScript frames have names): V8's own profiler also counts the time a thread
 * waits to be scheduled, which on a busy machine makes `writeBuffer` look like a quarter of the CPU. Prints the
 * self and inclusive share by package; the perf.data is kept in bench/results/profile/.
 * Read the shares as approximate: --perf-basic-prof's map only grows, so code that V8 moved or dropped can lend its
 * name to what now sits at the same address (a dashboard load once showed 4 % in server/src/billing this way).
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import jwt from 'jsonwebtoken';
import { closedLoop } from './load.mjs';
import { API_DATABASE_URL, DB_NAME, rootConnection } from './setup-db.mjs';
import { ACCOUNTS } from './datagen.mjs';
import { DASHBOARD } from './dashboard-query.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SECONDS = Number(process.env.BENCH_SECONDS || 10);
const PORT = Number(process.env.BENCH_API_PORT || 4198);
const outDir = path.join(root, 'bench/results/profile');
const log = (s) => process.stdout.write(`${s}\n`);

/** Self time of a V8 CPU profile, by package (node_modules/…, node core, the server's feature folders) and by function. */
export function summarize(profile, top = 25) {
  const self = new Map();
  for (let i = 0; i < profile.samples.length; i++) self.set(profile.samples[i], (self.get(profile.samples[i]) ?? 0) + (profile.timeDeltas[i] ?? 0));
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const byPackage = new Map();
  const byFunction = new Map();
  const packageOf = ({ url, functionName }) => {
    if (!url) return `(${functionName || 'vm'})`;
    const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
    if (m) return m[1];
    if (url.startsWith('node:')) return 'node core';
    const s = /\/server\/(?:dist\/server\/)?src\/([^/]+)/.exec(url);
    return s ? `server/src/${s[1].replace(/\.js$/, '')}` : url;
  };
  for (const node of profile.nodes) {
    const t = self.get(node.id) ?? 0;
    if (!t) continue;
    const cf = node.callFrame;
    const pkg = packageOf(cf);
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + t);
    const where = cf.url.includes('node_modules/') ? cf.url.replace(/.*node_modules\//, '') : cf.url.replace(/.*\/server\/(dist\/server\/)?/, 'server/');
    const fn = `${cf.functionName || '(anonymous)'} ${where}:${cf.lineNumber + 1}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + t);
  }
  const list = (m) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([k, v]) => `${((100 * v) / total).toFixed(1).padStart(5)} %  ${k}`)
      .join('\n');
  return `${(total / 1e6).toFixed(1)} s of samples\n\nby package:\n${list(byPackage)}\n\nby function:\n${list(byFunction)}`;
}

/**
 * Self and inclusive shares of an on-CPU perf profile, by package: a sample counts once for each package on its
 * stack (inclusive) and for the package of its top frame (self). JavaScript frames are named by --perf-basic-prof
 * ("JS:*executeField /…/node_modules/graphql/execution/execute.js:702"); native frames by their library.
 */
export function summarizePerf(perfData) {
  const out = spawnSync('perf', ['script', '-i', perfData, '-F', 'ip,sym,dso'], { encoding: 'utf8', maxBuffer: 1 << 30 });
  if (out.status !== 0) throw new Error(`perf script failed: ${out.stderr}`);
  const packageOf = (line) => {
    const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(line);
    if (m) return m[1];
    const s = /\/server\/(?:dist\/server\/)?src\/([^/ :]+)/.exec(line);
    if (s) return `server/src/${s[1].replace(/\.js$/, '')}`;
    if (/ node:|\(node:/.test(line) || /JS:.* node:/.test(line)) return 'node core (JS)';
    if (/\[kernel|vmlinux/.test(line)) return '(kernel)';
    if (/JS:|LazyCompile|Function:|Builtin:|BytecodeHandler/.test(line)) return /Builtin:|BytecodeHandler/.test(line) ? '(V8 builtins)' : '(other JS)';
    const dso = /\(([^)]+)\)\s*$/.exec(line);
    return dso ? `(${path.basename(dso[1])})` : '(unknown)';
  };
  const self = new Map();
  const inclusive = new Map();
  let samples = 0;
  for (const block of out.stdout.split(/\n\s*\n/)) {
    const frames = block.split('\n').filter((l) => /^\s+[0-9a-f]+\s/.test(l));
    if (!frames.length) continue;
    samples++;
    const packages = frames.map(packageOf);
    self.set(packages[0], (self.get(packages[0]) ?? 0) + 1);
    for (const p of new Set(packages)) inclusive.set(p, (inclusive.get(p) ?? 0) + 1);
  }
  const rows = [...inclusive.keys()].sort((a, b) => inclusive.get(b) - inclusive.get(a)).slice(0, 30);
  const pct = (n) => `${((100 * (n ?? 0)) / samples).toFixed(1).padStart(5)} %`;
  return `${samples} samples (on CPU)\n\n  self    inclusive  package\n${rows.map((p) => `${pct(self.get(p))}  ${pct(inclusive.get(p))}    ${p}`).join('\n')}`;
}

async function main() {
  const db = await rootConnection(DB_NAME).catch(() => null);
  if (!db) throw new Error(`${DB_NAME} is not there: run \`npm run bench\` first`);
  // As the bench does: the data set in the buffer pool (restored at the end).
  const [[{ bp }]] = await db.query('SELECT @@GLOBAL.innodb_buffer_pool_size AS bp');
  if (Number(bp) < 2 ** 31) await db.query('SET GLOBAL innodb_buffer_pool_size = 2147483648');
  await db.query('SELECT COUNT(*), SUM(amount) FROM ledger_entries FORCE INDEX (ix_ledger_account_cover)');
  await db.query('SELECT COUNT(*), SUM(value) FROM readings FORCE INDEX (ix_readings_meter_period)');
  try {
    await profile();
  } finally {
    if (Number(bp) < 2 ** 31) await db.query(`SET GLOBAL innodb_buffer_pool_size = ${Number(bp)}`).catch(() => undefined);
    await db.end();
  }
}

async function profile() {
  const secret = randomBytes(32).toString('hex');
  const token = (id) => jwt.sign({ typ: 'SUBSCRIBER', sid: `profile-${id}` }, secret, { algorithm: 'HS256', subject: String(id), issuer: 'kabinet', audience: 'kabinet-api', expiresIn: 3600 });
  const tokens = Array.from({ length: 3000 }, () => token(2 + Math.floor(Math.random() * (ACCOUNTS - 1))));

  log('building the API (npm run build -w server)…');
  const build = spawnSync('npm', ['run', 'build', '-w', 'server'], { cwd: root, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`build failed:\n${build.stdout}${build.stderr}`);
  fs.rmSync(outDir, { recursive: true, force: true });
  const usePerf = process.env.BENCH_PROFILER === 'perf';
  if (usePerf && spawnSync('perf', ['--version']).status !== 0) throw new Error('BENCH_PROFILER=perf needs Linux perf (Debian: apt-get install linux-perf)');
  fs.mkdirSync(outDir, { recursive: true });
  const api = spawn(process.execPath, [...(usePerf ? ['--perf-basic-prof'] : ['--cpu-prof', `--cpu-prof-dir=${outDir}`]), 'dist/server/src/main.js'], {
    cwd: path.join(root, 'server'),
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, NODE_ENV: 'production', JWT_SECRET: secret, ACCESS_TOKEN_TTL: '7200', PAYMENT_GATEWAY: 'sandbox', LOG_LEVEL: 'error', READINGS_WINDOW: '1-31', DATABASE_URL: API_DATABASE_URL, PORT: String(PORT), RATE_LIMIT_PER_SECOND: '0', REDIS_URL: '' },
  });
  const base = `http://127.0.0.1:${PORT}`;
  for (let i = 0; ; i++) {
    if (api.exitCode !== null) throw new Error(`the API exited (${api.exitCode})`);
    if (i > 600) throw new Error('the API did not start in 2 minutes');
    if (await fetch(`${base}/readyz`).then((r) => r.ok, () => false)) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  const body = JSON.stringify({ query: DASHBOARD });
  const makeRequest = (i) => ({ url: `${base}/graphql`, body, headers: { authorization: `Bearer ${tokens[i % tokens.length]}` } });
  await closedLoop({ concurrency: 16, seconds: 3, makeRequest });
  const perfData = path.join(outDir, 'perf.data');
  const perf = usePerf ? spawn('perf', ['record', '-e', 'cpu-clock', '-F', '999', '-g', '-p', String(api.pid), '-o', perfData, '--', 'sleep', String(SECONDS)], { stdio: 'ignore' }) : null;
  const r = await closedLoop({ concurrency: 16, seconds: SECONDS, makeRequest });
  if (perf) await new Promise((resolve) => (perf.exitCode !== null ? resolve() : (perf.once('exit', resolve), perf.once('error', resolve))));
  log(`dashboard under the profiler: ${r.rps.toFixed(0)} req/s, p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms, ${r.errors} errors (the profiler itself costs some)`);
  if (usePerf) {
    log(`\n${path.relative(root, perfData)} (perf report -i … to browse)\n`);
    log(summarizePerf(perfData));
  }
  api.kill('SIGTERM');
  await new Promise((resolve) => api.once('exit', resolve));
  if (usePerf) return;
  const file = fs.readdirSync(outDir).find((f) => f.endsWith('.cpuprofile'));
  if (!file) throw new Error('no profile was written');
  log(`\n${path.join('bench/results/profile', file)} (includes the API's start-up)\n`);
  log(summarize(JSON.parse(fs.readFileSync(path.join(outDir, file), 'utf8'))));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((e) => {
    process.stderr.write(`\nprofile failed: ${e?.stack ?? e}\n`);
    process.exit(1);
  });
}
