/**
 * A suite of independent browser tests on one real stack (support/real-stack.ts) and one Chromium: each test
 * takes a page of its own context (`newPage`) and runs its body with `onPage` (a screenshot and the page's
 * text on failure; the site's log printed after the suite when a test failed). Call at the top of a describe.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { launchBrowser, VIEWPORTS, type LaunchedBrowser, type Screenshots } from './browser';
import { startRealStack, type RealStack, type RealStackOptions } from './real-stack';
import { onPage } from './steps';

export interface BrowserSuite {
  readonly stack: RealStack;
  /** The site's base, without a trailing slash. */
  readonly base: string;
  /** A page in a fresh context (ru-RU, Moscow time, downloads accepted; a 1280-px desktop unless told). */
  newPage(options?: { javaScriptEnabled?: boolean; viewport?: { width: number; height: number } }): Promise<Page>;
  onPage(page: Page, shots: Screenshots, work: () => Promise<void>): Promise<void>;
}

export function browserSuite(options: RealStackOptions = {}): BrowserSuite {
  let stack: RealStack | undefined;
  let launched: LaunchedBrowser | undefined;
  let failed = false;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    stack = await startRealStack(options);
    launched = await launchBrowser();
  }, 120_000);

  afterAll(async () => {
    if (failed && stack) console.log(`site log:\n${stack.siteLog()}`);
    for (const context of contexts) await context.close().catch(() => undefined);
    await launched?.close();
    await stack?.stop();
  }, 30_000);

  return {
    get stack() {
      return stack!;
    },
    get base() {
      return stack!.base;
    },
    async newPage({ javaScriptEnabled = true, viewport = VIEWPORTS.desktop } = {}) {
      const context = await launched!.browser.newContext({ locale: 'ru-RU', timezoneId: 'Europe/Moscow', viewport, javaScriptEnabled, acceptDownloads: true });
      context.setDefaultTimeout(15_000);
      contexts.push(context);
      return context.newPage();
    },
    onPage: (page, shots, work) => onPage(page, shots, work, () => (failed = true)),
  };
}
