/**
 * Ordered browser steps (one page walked through a story): once a step fails, the later ones are
 * skipped, and the failure says where the page was and what it showed — a CI log has no screenshot.
 */
import type { Page } from 'playwright-core';
import type { Screenshots } from './browser';

export interface OrderedSteps {
  /** Declares one step (a jest test) that runs only if every earlier one passed. */
  step(name: string, fn: () => Promise<void>, timeout?: number): void;
  /** Whether a step has failed (e.g. to print the site's log after all). */
  readonly failed: boolean;
}

/** The page's address and the text a person would see on it, shortened for a log. */
export async function describePage(page: Page, maxChars = 1500): Promise<string> {
  const text = await page
    .locator('body')
    .innerText({ timeout: 2_000 })
    .then((t) => t.replace(/\n{2,}/g, '\n').trim())
    .catch((e: Error) => `(could not read the page: ${e.message.split('\n')[0]})`);
  return `page ${page.url()} showed:\n${text.length > maxChars ? `${text.slice(0, maxChars)}…` : text}`;
}

export function orderedSteps(options: { page: () => Page; shots: () => Screenshots; prefix: string; timeout: number }): OrderedSteps {
  let failed = false;
  return {
    get failed() {
      return failed;
    },
    step(name, fn, timeout = options.timeout) {
      test(name, async () => {
        if (failed) throw new Error('skipped: an earlier step failed');
        try {
          await fn();
        } catch (error) {
          failed = true;
          const page = options.page();
          await options.shots().take(page, `${options.prefix}-${name.slice(0, 40)}`).catch(() => undefined);
          const where = await describePage(page);
          if (error instanceof Error) error.message = `${error.message}\n\n${where}`;
          throw error;
        }
      }, timeout);
    },
  };
}

/**
 * Runs one test's body on a page: on failure, a screenshot (`failed`) and where the page was and what it
 * showed go with the error, and `onFailure` runs (to print the site's log after all, say); the page's
 * browser context is closed after, whatever happened.
 */
export async function onPage(page: Page, shots: Screenshots, work: () => Promise<void>, onFailure?: () => void): Promise<void> {
  try {
    await work();
  } catch (error) {
    onFailure?.();
    await shots.take(page, 'failed').catch(() => undefined);
    if (error instanceof Error) error.message = `${error.message}\n\n${await describePage(page)}`;
    throw error;
  } finally {
    await page.context().close().catch(() => undefined);
  }
}
