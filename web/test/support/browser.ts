/**
 * Browser-test harness: Debian's Chromium driven by playwright-core, one screenshot per visited
 * page under artifacts/screenshots/<test>/<n>-<page>.png, and an axe-core check.
 *
 * The site under test is not built or started here: tests get its address from WEB_URL.
 */
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page, type Route } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** The repository's root (web/test/support → ../../..). */
const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
export const ARTIFACTS_DIR = process.env.ARTIFACTS_DIR || path.join(REPO_ROOT, 'artifacts');

/** The running site, without a trailing slash; null when WEB_URL is not set. */
export function webUrl(): string | null {
  const url = process.env.WEB_URL;
  return url ? url.replace(/\/+$/, '') : null;
}

export interface LaunchedBrowser {
  browser: Browser;
  close(): Promise<void>;
}

/**
 * Starts Chromium with a fresh profile: playwright's launch() gives every browser a new, empty
 * user-data dir of its own (deleted on close), and every context is a clean incognito-like profile.
 * Fails with a clear message when Chromium is not installed (`apt-get update && apt-get install -y chromium`).
 */
export async function launchBrowser(): Promise<LaunchedBrowser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium is not installed at ${CHROMIUM_PATH}: run \`apt-get update && apt-get install -y chromium\``);
  }
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
  });
  return {
    browser,
    async close() {
      await browser.close().catch(() => undefined);
    },
  };
}

export const VIEWPORTS = {
  phone: { width: 360, height: 740 },
  desktop: { width: 1280, height: 900 },
} as const;

export async function newContext(browser: Browser, viewport: { width: number; height: number }): Promise<BrowserContext> {
  return browser.newContext({
    viewport,
    locale: 'ru-RU',
    timezoneId: 'Europe/Moscow',
    deviceScaleFactor: 1,
  });
}

function slug(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/^https?:\/\/[^/]+/, '')
      .replace(/[^a-z0-9а-яё]+/gi, '-')
      .replace(/^-+|-+$/g, '') || 'root'
  );
}

/**
 * Saves full-page screenshots for one test, numbered in the order taken:
 * artifacts/screenshots/<test>/<n>-<page>.png.
 */
export class Screenshots {
  private n = 0;
  readonly dir: string;

  constructor(testName: string) {
    this.dir = path.join(ARTIFACTS_DIR, 'screenshots', slug(testName));
    rmSync(this.dir, { recursive: true, force: true });
    mkdirSync(this.dir, { recursive: true });
  }

  /** Takes a screenshot of the page; `name` defaults to the page's path. Returns the file's path. */
  async take(page: Page, name?: string): Promise<string> {
    this.n += 1;
    const file = path.join(this.dir, `${this.n}-${slug(name ?? new URL(page.url()).pathname)}.png`);
    await page.screenshot({ path: file, fullPage: true });
    return file;
  }
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[]; html: string }[];
}

/** Runs axe-core in the page; returns every violation. */
export async function runAxe(page: Page): Promise<AxeViolation[]> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const axe: { source: string } = require('axe-core');
  const loaded = await page.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe !== 'undefined');
  if (!loaded) {
    // The site's Content-Security-Policy refuses inline scripts: axe comes as a script of the site's own
    // origin, answered by the test (the page stays under its real policy). Unrouted at once: while a
    // route is on, every request of the page is intercepted, which slows the page's later loads.
    const url = `${new URL(page.url()).origin}/__test-axe-core.js`;
    const answer = (route: Route) => route.fulfill({ contentType: 'text/javascript; charset=utf-8', body: axe.source });
    await page.route(url, answer);
    try {
      await page.addScriptTag({ url });
    } finally {
      await page.unroute(url, answer);
    }
  }
  return page.evaluate(async () => {
    const w = window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: AxeViolation[] }> } };
    const result = await w.axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target, html: n.html })),
    }));
  });
}

/** Fails (throws) when axe finds serious or critical violations; returns the minor ones. */
export async function expectNoSeriousA11yViolations(page: Page): Promise<AxeViolation[]> {
  // The page as a person sees it once it settles: a button fading from its disabled grey to its colour
  // (a 0.15 s transition) has, half-way, a contrast that is neither state's. (A spinner never settles: it
  // runs forever by design and is not waited for.)
  await page.waitForFunction(
    () => document.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getComputedTiming().iterations === Infinity),
    null,
    { timeout: 5_000 },
  );
  const violations = await runAxe(page);
  const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  if (serious.length) {
    const report = serious
      .map((v) => `- [${v.impact}] ${v.id}: ${v.help}\n${v.nodes.map((n) => `    ${JSON.stringify(n.target)} ${n.html}`).join('\n')}`)
      .join('\n');
    throw new Error(`axe found ${serious.length} serious/critical violation(s) on ${page.url()}:\n${report}`);
  }
  return violations.filter((v) => !serious.includes(v));
}
