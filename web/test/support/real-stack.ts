/**
 * The real stack for browser tests: the real API in-process (its own fresh MySQL database, a real
 * SMTP server, the demo data seeded, a fixed clock inside the readings window) and the built site
 * (web/build) as a child process pointed at it, both on free ports.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { startTestApi, type TestApi } from '../../../server/test/support/api';
import { seedDemoData } from '../../../server/src/seed/demo-data';
import { config, setConfig } from '../../../server/src/config';

/** The built site; SITE_BUILD=path/to/build/index.js runs the tests against another build (an older site, say). */
export const SITE_BUILD = process.env.SITE_BUILD ? path.resolve(process.env.SITE_BUILD) : path.resolve(__dirname, '..', '..', 'build', 'index.js');
export const siteIsBuilt = (): boolean => existsSync(SITE_BUILD);

export interface RealStack {
  t: TestApi;
  /** The site's base, without a trailing slash. */
  base: string;
  /** The fixed "now" of the API (inside the readings window of the current month). */
  now: Date;
  /** What the site printed (stdout and stderr). */
  siteLog(): string;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export async function waitForHttp(url: string, timeoutMs = 20_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      await fetch(url, { redirect: 'manual' });
      return;
    } catch {
      if (Date.now() > until) throw new Error(`${url} did not answer in ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

/** The 20th of the current month (Moscow), 09:00 Moscow time: inside the 15th–25th readings window. */
export function readingsWindowDate(today = new Date()): string {
  const moscow = new Date(today.getTime() + 3 * 3600_000);
  const ym = moscow.toISOString().slice(0, 7);
  return `${ym}-20T09:00:00+03:00`;
}

export interface RealStackOptions {
  /** The API's environment on top of the tests' own (e.g. BILLING_CLOSE_BATCH_SIZE: how many accounts a close's batch takes). */
  apiEnv?: Record<string, string>;
}

export async function startRealStack(options: RealStackOptions = {}): Promise<RealStack> {
  // Light password hashes (argon2id, 4 MiB, 1 pass; NODE_ENV=test only): these tests exercise pages, and the full
  // hashes took about 40 % of web/test/security's CPU. The API's own tests (server/test) keep the real parameters.
  const t = await startTestApi({ PASSWORD_HASH_LIGHT: 'true', ...options.apiEnv });
  let site: ChildProcess | undefined;
  let log = '';
  try {
    const at = readingsWindowDate();
    const now = new Date(at);
    t.api.services.clock.set(at);
    await seedDemoData(t.database.db, now);

    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    // The API learns its public address (card gateway, PDF links) and the site's (payment return) only now.
    setConfig({ ...config(), publicUrl: t.url, webUrl: base });

    site = spawn(process.execPath, [SITE_BUILD], {
      env: {
        ...process.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        ORIGIN: base,
        API_URL: `${t.url}/graphql`,
        PUBLIC_API_WS_URL: `${t.url.replace(/^http/, 'ws')}/graphql`,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    site.stdout?.on('data', (d) => (log += d));
    site.stderr?.on('data', (d) => (log += d));
    await waitForHttp(`${base}/login`);
    const child = site;
    return {
      t,
      base,
      now,
      siteLog: () => log,
      async stop() {
        await new Promise<void>((resolve) => {
          if (child.exitCode !== null) return resolve();
          child.once('exit', () => resolve());
          child.kill('SIGTERM');
          setTimeout(() => {
            child.kill('SIGKILL');
            resolve();
          }, 5_000).unref();
        });
        await t.stop();
      },
    };
  } catch (error) {
    site?.kill('SIGKILL');
    await t.stop().catch(() => undefined);
    throw new Error(`${(error as Error).message}${log ? `\nsite log:\n${log}` : ''}`);
  }
}
