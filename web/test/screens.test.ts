/**
 * Every page of the site fits the screen (issue #14, finding 4), against the REAL API with the demo data:
 * each page a subscriber, an operator or a visitor can open — in its usual states: a form being filled,
 * an upload's report, a flagged reading's confirmation — at 360×740 (a small phone) and at 1280×900.
 *
 * On each: the page does not scroll sideways (document.scrollingElement.scrollWidth ≤ the viewport), no
 * element of it reaches past either edge of the screen (so nothing hides in a box that scrolls sideways,
 * like a table's «Статус» or the queue's «Принять»), no box scrolls sideways, and nothing a chart draws
 * falls outside it (its axis labels). Every problem of every page is listed at once. Plus a screenshot
 * of each page (artifacts/screenshots/screens-<width>/) and, at 360 px, axe.
 *
 * Needs the built site (`npm run build -w web`): skipped otherwise.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expectNoSeriousA11yViolations, launchBrowser, Screenshots, VIEWPORTS, type LaunchedBrowser } from './support/browser';
import { describePage } from './support/steps';
import { siteIsBuilt, startRealStack, type RealStack } from './support/real-stack';
import { DEMO } from '../../server/src/seed/demo-data';
import { layoutProblems } from './support/layout';

const built = siteIsBuilt();
if (!built) console.warn('web/build is missing (npm run build -w web): the screen-size browser tests are skipped.');
const describeIfBuilt = built ? describe : describe.skip;

const OPTIONS = { locale: 'ru-RU', timezoneId: 'Europe/Moscow' };

describeIfBuilt('every page fits the screen (real API)', () => {
  let stack: RealStack;
  let launched: LaunchedBrowser;
  let browser: Browser;
  let base: string;
  let paymentId = '';
  let meterId = '';
  const contexts: BrowserContext[] = [];

  const sql = <T = any>(query: string, params: unknown[] = []): Promise<T[]> => stack.t.database.db.query(query, params);

  beforeAll(async () => {
    stack = await startRealStack();
    base = stack.base;
    launched = await launchBrowser();
    browser = launched.browser;

    // Data for every state a page shows: readings in the queue (one flagged), an appeal with a reply, a card payment.
    const login = await stack.t.gql(`mutation($n: String!, $p: String!) { login(accountNumber: $n, password: $p) { accessToken } }`, {
      n: DEMO.registered.number,
      p: DEMO.registered.password,
    });
    const token: string = login.data.login.accessToken;
    const me = await stack.t.gql(`{ me { meters { id title previousReading { value } } } }`, {}, token);
    const meters: { id: string; previousReading: { value: string } }[] = me.data.me.meters;
    meterId = meters[0].id;
    const plus = (m: (typeof meters)[number], n: number) => String(Math.floor(Number(m.previousReading.value)) + n);
    const sent = await stack.t.gql(
      `mutation($r: [ReadingInput!]!) { submitReadings(readings: $r, confirmUnusual: true) { id } }`,
      { r: [{ meterId: meters[0].id, value: plus(meters[0], 6) }, { meterId: meters[1].id, value: plus(meters[1], 45) }] },
      token,
    );
    expect(sent.errors).toBeUndefined();
    const appeal = await stack.t.gql(
      `mutation($t: String!) { createAppeal(input: { text: $t }) { id } }`,
      { t: 'Прошу проверить начисление за водоотведение: в прошлом месяце сумма выросла вдвое, хотя расход не менялся.' },
      token,
    );
    expect(appeal.errors).toBeUndefined();
    const staff = await stack.t.gql(`mutation($u: String!, $p: String!) { staffLogin(username: $u, password: $p) { accessToken } }`, {
      u: DEMO.operator.username,
      p: DEMO.operator.password,
    });
    const reply = await stack.t.gql(
      `mutation($id: ID!, $t: String!) { replyToAppeal(appealId: $id, text: $t) { id } }`,
      { id: appeal.data.createAppeal.id, t: 'Начисление проверено: в прошлом месяце закрыт месяц по нормативу, перерасчёт будет в следующей квитанции.' },
      staff.data.staffLogin.accessToken,
    );
    expect(reply.errors).toBeUndefined();
    const second = await stack.t.gql(`mutation($t: String!) { createAppeal(input: { text: $t }) { id } }`, { t: 'Когда будет поверка счётчика холодной воды?' }, token);
    expect(second.errors).toBeUndefined();
    const payment = await stack.t.gql(`mutation { startCardPayment(amount: "500.00") { id } }`, {}, token);
    expect(payment.errors).toBeUndefined();
    paymentId = payment.data.startCardPayment.id;
  }, 120_000);

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await launched?.close();
    await stack?.stop();
  }, 30_000);

  async function newPage(viewport: { width: number; height: number }): Promise<Page> {
    const context = await browser.newContext({ ...OPTIONS, viewport });
    context.setDefaultTimeout(15_000);
    contexts.push(context);
    return context.newPage();
  }

  for (const viewport of [VIEWPORTS.phone, VIEWPORTS.desktop]) {
    test(`at ${viewport.width}×${viewport.height}: the subscriber’s, the operator’s and the public pages`, async () => {
      const shots = new Screenshots(`screens-${viewport.width}`);
      const problems: string[] = [];
      const errors: string[] = [];
      let page: Page | null = null;

      /** Checks the page as it is now; `label` names it in the report. */
      async function check(label: string): Promise<void> {
        await page!.waitForLoadState('load');
        await page!.evaluate(() => document.fonts.ready.then(() => undefined));
        const found = await layoutProblems(page!);
        problems.push(...found.map((p) => `${label}: ${p}`));
        await shots.take(page!, label);
        // axe at the phone's width, where the pages are rearranged most; at 1280 px signed-in.test runs it on the
        // subscriber's pages and staff.test on the operator's.
        if (viewport === VIEWPORTS.phone) {
          try {
            await expectNoSeriousA11yViolations(page!);
          } catch (error) {
            errors.push(`${label}: ${(error as Error).message}`);
          }
        }
      }

      async function visit(path: string, label = path): Promise<void> {
        const response = await page!.goto(`${base}${path}`);
        if (response?.status() !== 200) errors.push(`${label}: HTTP ${response?.status()}`);
        await check(label);
      }

      try {
        // Signed out.
        page = await newPage(viewport);
        for (const path of ['/login', '/registration', '/forgot', '/reset?token=garbage', '/contacts', '/agreement', '/staff/login']) await visit(path);
        await page.goto(`${base}/registration`);
        await page.getByRole('button', { name: 'ЗАРЕГИСТРИРОВАТЬ' }).click();
        await page.getByRole('alert').first().waitFor();
        await check('/registration (refused)');

        // The subscriber.
        await page.goto(`${base}/login`);
        await page.getByLabel('Лицевой счет').fill(DEMO.registered.number);
        await page.getByLabel('Пароль').fill(DEMO.registered.password);
        await Promise.all([page.waitForURL((url) => url.pathname !== '/login'), page.getByRole('button', { name: 'ВОЙТИ' }).click()]);
        for (const path of ['/', '/meters', `/meters/${meterId}`, '/pay', `/pay/result?payment=${paymentId}`, '/ledger', '/appeals', '/settings', '/contacts', '/agreement', '/logout']) {
          await visit(path);
        }
        await page.goto(`${base}/meters`);
        await page.getByRole('button', { name: 'ВВЕСТИ' }).click();
        await page.locator('input.reading-input').first().fill('1');
        await page.getByRole('button', { name: 'РАССЧИТАТЬ РАСХОД' }).click();
        await check('/meters (entering)');
        await page.goto(`${base}/ledger?from=2020-01-01&to=2030-12-31&sort=asc`);
        await check('/ledger (oldest first)');

        // The operator.
        page = await newPage(viewport);
        await page.goto(`${base}/staff/login`);
        await page.getByLabel('Имя пользователя').fill(DEMO.operator.username);
        await page.getByLabel('Пароль').fill(DEMO.operator.password);
        await Promise.all([page.waitForURL((url) => url.pathname === '/staff'), page.getByRole('button', { name: 'Войти' }).click()]);
        const [flagged] = await sql<{ id: number }>("SELECT id FROM readings WHERE status = 'PENDING' AND flagged = 1 ORDER BY id LIMIT 1");
        for (const path of [
          '/staff',
          '/staff/appeals',
          '/staff/appeals?status=ALL',
          '/staff/accounts',
          '/staff/accounts?q=%D0%9F%D0%B5%D1%82%D1%80%D0%BE%D0%B2%D0%B0',
          `/staff/accounts/${DEMO.registered.number}`,
          '/staff/payments',
          '/staff/charges',
          '/staff/tariffs',
          '/staff/billing',
          '/staff/audit',
        ]) {
          await visit(path);
        }
        // A flagged reading's «Принять» asks to confirm first, in its row.
        await page.goto(`${base}/staff`);
        await page.locator(`tr[data-reading-id="${flagged.id}"]`).getByRole('button', { name: 'Принять' }).click();
        await page.getByRole('button', { name: 'Да, принять' }).waitFor();
        await check('/staff (confirm a flagged reading)');
        // An upload's report, line by line.
        await page.goto(`${base}/staff/payments`);
        const csv = [
          'external_id;account_number;amount;paid_on;payer',
          `SB-SCREEN-${viewport.width}-1;${DEMO.registered.number};100,00;2026-01-10;Петрова А.С.`,
          `SB-SCREEN-${viewport.width}-2;999999999999;500.00;2026-01-10;`,
          `SB-SCREEN-${viewport.width}-3;${DEMO.registered.number};abc;2026-01-10;`,
        ].join('\n');
        await page.setInputFiles('#csv-file', { name: 'registry.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
        await page.getByRole('button', { name: 'Загрузить реестр' }).click();
        await page.locator('section.report').waitFor();
        await check('/staff/payments (report)');
        // The account's forms opened.
        await page.goto(`${base}/staff/accounts/${DEMO.registered.number}`);
        for (const summary of await page.locator('summary').all()) await summary.click();
        await check('/staff/accounts/… (forms open)');
        await visit('/staff/audit', '/staff/audit (after the upload)');
      } catch (error) {
        if (page && error instanceof Error) error.message = `${error.message}\n\n${await describePage(page)}`;
        throw error;
      }
      expect(problems).toEqual([]);
      expect(errors).toEqual([]);
    }, 240_000);
  }
});
