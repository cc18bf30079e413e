/**
 * Does a page fit the screen? Shared by screens.test.ts (every page) and accounts.test.ts (#15's pages).
 */
import type { Page } from 'playwright-core';

/**
 * What does not fit the screen on the page as it is now: the page's own sideways scroll, elements past the
 * screen's edges, boxes that scroll sideways, and a chart's drawing outside its box. Empty when it fits.
 */
export async function layoutProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const width = window.innerWidth;
    const name = (el: Element): string => {
      const id = el.id ? `#${el.id}` : '';
      const cls = typeof el.className === 'string' && el.className.trim() ? `.${el.className.trim().split(/\s+/).filter((c) => !c.startsWith('svelte-')).join('.')}` : '';
      const text = (el.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 40);
      return `<${el.tagName.toLowerCase()}${id}${cls}>${text ? ` «${text}»` : ''}`;
    };
    const scrollWidth = document.scrollingElement!.scrollWidth;
    if (scrollWidth > width) problems.push(`the page scrolls sideways: ${scrollWidth}px wide on a ${width}px screen`);

    // Out of sight on purpose: clipped to nothing (visually hidden, like a stacked table's column headings), or in a closed <details>.
    const clippedAway = new Map<Element, boolean>();
    const clipped = (el: Element | null): boolean => {
      if (!el || el === document.body) return false;
      const known = clippedAway.get(el);
      if (known !== undefined) return known;
      const style = getComputedStyle(el);
      const result = (style.clip !== 'auto' && style.clip !== '') || (style.clipPath !== 'none' && style.clipPath !== '') || clipped(el.parentElement);
      clippedAway.set(el, result);
      return result;
    };
    const hidden = (el: Element) => el.closest('.skip-link, details:not([open]) > :not(summary)') !== null || clipped(el);
    let reported = 0;
    for (const el of Array.from(document.body.querySelectorAll('*'))) {
      if (hidden(el) || el.closest('svg') && el.tagName.toLowerCase() !== 'svg') continue;
      const style = getComputedStyle(el);
      if (style.display === 'none' || style.visibility === 'hidden') continue;
      if ((style.overflowX === 'auto' || style.overflowX === 'scroll') && el.scrollWidth > el.clientWidth + 1) {
        problems.push(`${name(el)} scrolls sideways: ${el.scrollWidth}px of content in ${el.clientWidth}px`);
      }
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) continue;
      if ((r.left < -1 || r.right > width + 1) && reported < 15) {
        // Only the outermost of a nest of elements that all stick out.
        const parent = el.parentElement?.getBoundingClientRect();
        if (parent && (parent.left < -1 || parent.right > width + 1) && parent.width > 0) continue;
        reported += 1;
        problems.push(`${name(el)} reaches ${Math.round(r.left)}..${Math.round(r.right)}px on a ${width}px screen`);
      }
    }

    for (const svg of Array.from(document.querySelectorAll('svg'))) {
      const box = svg.getBoundingClientRect();
      if (box.width === 0 || hidden(svg)) continue;
      for (const part of Array.from(svg.querySelectorAll('text, rect, line'))) {
        const r = part.getBoundingClientRect();
        if (r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - 1 || r.bottom > box.bottom + 1) {
          problems.push(`${name(svg)}: ${name(part)} is drawn outside the chart (clipped)`);
        }
      }
    }
    return problems;
  });
}
