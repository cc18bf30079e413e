/**
 * The signed-in site in a real browser, against the stand-in API of support/mock-api.ts: sign-in,
 * meters («ВВЕСТИ» → «РАССЧИТАТЬ РАСХОД» → «ПЕРЕДАТЬ ПОКАЗАНИЯ»), a live operator reply over
 * graphql-ws, the ledger and its reports, card payment, settings errors, sign-out — with and
 * without JavaScript, screenshots under artifacts/screenshots/signed-in-*, and axe on every page.
 *
 * It starts the mock API and the already built site (web/build: `npm run build -w web`) itself,
 * on free ports; it is skipped when the site is not built.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { expectNoSeriousA11yViolations, launchBrowser, newContext, Screenshots, VIEWPORTS, type LaunchedBrowser } from './support/browser';
import { startMockApi, type MockApi } from './support/mock-api';

const BUILD = path.resolve(__dirname, '..', 'build', 'index.js');
const built = existsSync(BUILD);
if (!built) console.warn('web/build is missing (npm run build -w web): the signed-in browser tests are skipped.');
const describeIfBuilt = built ? describe : describe.skip;

const ACCOUNT = '123456789101';
const PASSWORD = 'Demo-password-1';

function freePort(): Promise<number> {
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

async function waitForHttp(url: string, timeoutMs = 20_000): Promise<void> {
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

describeIfBuilt('signed-in site (mock API)', () => {
  let api: MockApi;
  let site: ChildProcess;
  let base: string;
  let launched: LaunchedBrowser;
  let siteLog = '';

  beforeAll(async () => {
    api = await startMockApi(0);
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    site = spawn(process.execPath, [BUILD], {
      env: {
        ...process.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        ORIGIN: base,
        API_URL: api.url,
        PUBLIC_API_WS_URL: api.url.replace(/^http/, 'ws'),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    site.stdout?.on('data', (d) => (siteLog += d));
    site.stderr?.on('data', (d) => (siteLog += d));
    await waitForHttp(`${base}/login`);
    launched = await launchBrowser();
  }, 60_000);

  afterAll(async () => {
    await launched?.close();
    site?.kill('SIGTERM');
    await api?.close();
  });

  afterEach(() => {
    if (siteLog.includes('Error')) console.log(`site log:\n${siteLog}`);
    siteLog = '';
  });

  async function signIn(context: BrowserContext, remember: boolean): Promise<Page> {
    const page = await context.newPage();
    await page.goto(`${base}/meters`);
    expect(new URL(page.url()).pathname).toBe('/login');
    await page.getByLabel('Лицевой счет').fill(ACCOUNT);
    await page.getByLabel('Пароль').fill('wrong-password');
    await page.getByRole('button', { name: 'ВОЙТИ' }).click();
    await page.getByText('Неверный лицевой счет или пароль').waitFor();
    await page.getByLabel('Пароль').fill(PASSWORD);
    if (remember) await page.getByLabel('Сохранить логин').check();
    await Promise.all([page.waitForURL(`${base}/meters`), page.getByRole('button', { name: 'ВОЙТИ' }).click()]);
    return page;
  }

  for (const javaScriptEnabled of [true, false]) {
    const mode = javaScriptEnabled ? 'js' : 'no-js';

    test(`the subscriber's pages work ${javaScriptEnabled ? 'with' : 'without'} JavaScript`, async () => {
      const shots = new Screenshots(`signed-in-${mode}`);
      const context = await launched.browser.newContext({ viewport: { width: 1280, height: 900 }, javaScriptEnabled, locale: 'ru-RU' });
      const errors: string[] = [];
      // axe runs in the page: only possible with JavaScript on (the markup is the same without it).
      const checkA11y = (page: Page) => (javaScriptEnabled ? expectNoSeriousA11yViolations(page) : Promise.resolve([]));
      try {
        const page = await signIn(context, javaScriptEnabled);
        page.on('pageerror', (e) => errors.push(e.message));

        // Session cookies: httpOnly; the refresh token kept 30 days only with «Сохранить логин».
        const cookies = Object.fromEntries((await context.cookies()).map((c) => [c.name, c]));
        expect(cookies.kabinet_access.httpOnly).toBe(true);
        expect(cookies.kabinet_refresh.httpOnly).toBe(true);
        if (javaScriptEnabled) {
          expect(cookies.kabinet_refresh.expires - Date.now() / 1000).toBeGreaterThan(29 * 24 * 3600);
          expect(cookies.kabinet_remember.value).toBe('1');
        } else {
          expect(cookies.kabinet_refresh.expires).toBe(-1);
          expect(cookies.kabinet_remember).toBeUndefined();
        }

        // Meters: the seed's table and flow.
        await page.getByText('Внесён аванс на сумму: 2 890,64 руб.').waitFor();
        await page.getByText(/Показания на .* \(предыдущие\)/).waitFor();
        await page.getByRole('button', { name: 'ВВЕСТИ' }).click();
        await page.getByLabel('Текущие показания: Холодная вода', { exact: false }).fill('39');
        await page.getByRole('button', { name: 'РАССЧИТАТЬ РАСХОД' }).click();
        await page.getByText('Показание меньше предыдущего').waitFor();
        await page.getByLabel('Текущие показания: Сток гор.воды', { exact: false }).fill('241');
        await page.getByLabel('Текущие показания: Холодная вода', { exact: false }).fill('406');
        await page.getByRole('button', { name: 'РАССЧИТАТЬ РАСХОД' }).click();
        await page.getByRole('button', { name: 'ВВЕСТИ' }).waitFor();
        const row = page.getByRole('row', { name: /Сток гор\.воды/ });
        expect(await row.innerText()).toContain('000000241');
        await shots.take(page, 'meters-calculated');
        await page.getByRole('button', { name: 'ПЕРЕДАТЬ ПОКАЗАНИЯ' }).click();
        await page.getByText('Спасибо, данные приняты.').waitFor();
        await page.getByText('Данные появятся на сайте после проверки оператором.').waitFor();
        await page.getByText('На проверке').first().waitFor();
        await shots.take(page, 'meters-sent');
        await checkA11y(page);

        // History with its chart.
        await page.getByRole('link', { name: 'История передачи показаний' }).first().click();
        await page.getByRole('heading', { name: 'История передачи показаний' }).waitFor();
        expect(await page.locator('svg rect.bar').count()).toBeGreaterThan(0);
        await shots.take(page, 'meter-history');
        await checkA11y(page);

        // Appeals: the counter, sending, and (with JavaScript) an operator's reply arriving live.
        await page.goto(`${base}/appeals`);
        await page.getByText('Уважаемый абонент!').waitFor();
        await page.getByLabel('Текст обращения').fill('Прошу проверить начисление за октябрь.');
        if (javaScriptEnabled) expect(await page.locator('#appeal-counter').innerText()).toContain('38/500');
        await page.getByRole('button', { name: 'ОТПРАВИТЬ' }).click();
        await page.getByText('Обращение отправлено').waitFor();
        if (javaScriptEnabled) {
          await page.getByText('ответы приходят сразу').waitFor();
          api.reply('Начисление проверили: всё верно.');
          await page.getByText('Получен ответ на обращение').waitFor();
          await page.getByText('Начисление проверили: всё верно.').first().waitFor();
          await shots.take(page, 'appeals-live-reply');
        }
        await checkA11y(page);

        // Ledger: range, order, totals, reports through the site.
        await page.goto(`${base}/ledger?from=2020-01-01&to=2020-03-31`);
        await page.getByText('Итоговая сумма аванса:').waitFor();
        await page.getByRole('link', { name: /Дата ▼/ }).click();
        await page.waitForURL(/sort=asc/);
        const firstDate = await page.locator('table.ledger tbody tr td').first().innerText();
        expect(firstDate).toBe('31.01.2020');
        await shots.take(page, 'ledger');
        await checkA11y(page);
        const pdf = await page.request.get(`${base}/ledger/report.pdf?from=2020-01-01&to=2020-03-31`);
        expect(pdf.status()).toBe(200);
        expect(pdf.headers()['content-type']).toBe('application/pdf');
        const csv = await page.request.get(`${base}/ledger/report.csv`);
        expect(csv.headers()['content-type']).toContain('text/csv');
        const bill = await page.request.get(`${base}/pay/document`);
        expect(bill.headers()['content-type']).toBe('application/pdf');

        // Card payment: to the gateway, then the result page.
        await page.goto(`${base}/pay`);
        await page.getByLabel('Оплатить:').fill('1 044,02');
        await Promise.all([page.waitForURL(/\/mock\/gateway/), page.getByRole('button', { name: 'Оплата услуг с помощью банковской карты' }).click()]);
        const paymentId = new URL(page.url()).searchParams.get('payment');
        await page.goto(`${base}/pay/result?payment=${paymentId}`);
        await page.getByText(/Платёж обрабатывается|Оплата прошла успешно/).waitFor();
        if (javaScriptEnabled) await page.getByText('Оплата прошла успешно').waitFor({ timeout: 15_000 });
        await shots.take(page, 'pay-result');

        // Settings: errors next to their fields.
        await page.goto(`${base}/settings`);
        await page.getByLabel('Новый пароль', { exact: true }).fill('Abcdefgh1');
        await page.getByLabel('Повтор нового пароля').fill('Abcdefgh2');
        await page.getByRole('button', { name: 'ИЗМЕНИТЬ ИНФОРМАЦИЮ' }).click();
        await page.locator('#field-newPasswordRepeat-error').waitFor();
        await page.locator('#field-currentPassword-error').waitFor();
        await shots.take(page, 'settings-errors');
        await checkA11y(page);

        // Sign-out clears the cookies.
        await page.goto(`${base}/logout`);
        await Promise.all([page.waitForURL(`${base}/login`), page.getByRole('main').getByRole('button', { name: 'ВЫХОД' }).click()]);
        expect((await context.cookies()).filter((c) => c.name.startsWith('kabinet_'))).toEqual([]);
        expect(errors).toEqual([]);
      } finally {
        await context.close();
      }
    }, 120_000);
  }

  for (const [device, viewport] of Object.entries(VIEWPORTS)) {
    test(`every page on ${device} (${viewport.width}px): screenshots and axe`, async () => {
      const shots = new Screenshots(`signed-in-tour-${viewport.width}`);
      const context = await newContext(launched.browser, viewport);
      try {
        const page = await signIn(context, false);
        for (const route of ['/', '/meters', '/meters/m1', '/pay', '/ledger', '/appeals', '/settings', '/contacts', '/agreement']) {
          const response = await page.goto(`${base}${route}`, { waitUntil: 'networkidle' });
          expect(response?.status()).toBe(200);
          const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
          expect(overflow).toBeLessThanOrEqual(0);
          await shots.take(page, route === '/' ? 'home' : route);
          await expectNoSeriousA11yViolations(page);
        }
      } finally {
        await context.close();
      }
    }, 120_000);
  }

  test('an expired access token is refreshed with the refresh token', async () => {
    const context = await launched.browser.newContext({ viewport: { width: 360, height: 740 } });
    try {
      const page = await signIn(context, true);
      // Throw away the access token: the next request must get a new one silently.
      await context.clearCookies({ name: 'kabinet_access' });
      await page.goto(`${base}/`);
      expect(new URL(page.url()).pathname).toBe('/');
      await page.getByRole('heading', { name: 'Главная' }).waitFor();
      const names = (await context.cookies()).map((c) => c.name);
      expect(names).toEqual(expect.arrayContaining(['kabinet_access', 'kabinet_refresh', 'kabinet_remember']));
    } finally {
      await context.close();
    }
  }, 60_000);

  test('registration: the activation code is checked, then success is shown', async () => {
    const shots = new Screenshots('signed-in-registration');
    const context = await launched.browser.newContext({ viewport: { width: 360, height: 740 } });
    try {
      const page = await context.newPage();
      await page.goto(`${base}/registration`);
      await page.getByLabel('Лицевой счет').fill('123456789102');
      await page.getByLabel('Фамилия').fill('Петров');
      await page.locator('#field-firstName').fill('Пётр');
      await page.getByLabel('Отчество').fill('Петрович');
      await page.getByLabel('e-mail').fill('petr@poshta.ru');
      await page.getByLabel('Сотовый телефон').fill('+7(911)123-4568');
      await page.getByLabel('Код активации').fill('1234-5678-9100');
      await page.getByLabel('Согласен с условиями').check();
      await page.getByRole('button', { name: 'ЗАРЕГИСТРИРОВАТЬ' }).click();
      await page.locator('#field-activationCode-error').waitFor();
      await shots.take(page, 'activation-failed');
      await page.getByLabel('Код активации').fill('1234-5678-9102');
      await page.getByRole('button', { name: 'ЗАРЕГИСТРИРОВАТЬ' }).click();
      await page.getByText('Регистрация прошла успешно. Пароль будет выслан на почту').waitFor();
      await page.getByText('p***@poshta.ru').waitFor();
      await shots.take(page, 'success');
      await expectNoSeriousA11yViolations(page);
    } finally {
      await context.close();
    }
  }, 60_000);
});
