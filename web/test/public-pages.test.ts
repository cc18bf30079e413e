/**
 * The public pages in a real browser: /login and /registration show the seed's labels, look right
 * on a 360-px phone and a 1280-px desktop (screenshots in artifacts/screenshots/public-pages/), and
 * axe-core finds no serious or critical accessibility violation.
 *
 * Against WEB_URL when it is set (a site already running, e.g. `npm start`'s), else against the built
 * site (web/build) started on the real API, as the other browser tests do.
 */
import type { Page } from 'playwright-core';
import {
  expectNoSeriousA11yViolations,
  launchBrowser,
  newContext,
  Screenshots,
  VIEWPORTS,
  webUrl,
  type LaunchedBrowser,
} from './support/browser';
import { siteIsBuilt, startRealStack, type RealStack } from './support/real-stack';

const external = webUrl();
const describeWithSite = external || siteIsBuilt() ? describe : describe.skip;
if (!external && !siteIsBuilt()) console.warn('Neither WEB_URL nor web/build (npm run build -w web): the public pages tests are skipped.');
let base = external ?? '';

async function expectLabelled(page: Page, label: string) {
  const field = page.getByLabel(label, { exact: false }).first();
  expect(await field.count()).toBe(1);
  expect(await field.isVisible()).toBe(true);
}

async function expectText(page: Page, text: string) {
  const found = page.getByText(text, { exact: false }).filter({ visible: true }).first();
  expect(await found.count()).toBe(1);
}

async function expectHeading(page: Page, name: string) {
  expect(await page.getByRole('heading', { name, exact: true }).isVisible()).toBe(true);
}

describeWithSite('public pages', () => {
  let launched: LaunchedBrowser;
  let shots: Screenshots;
  let stack: RealStack | undefined;

  beforeAll(async () => {
    if (!external) {
      stack = await startRealStack();
      base = stack.base;
    }
    shots = new Screenshots('public-pages');
    launched = await launchBrowser();
  }, 90_000);

  afterAll(async () => {
    await launched?.close();
    await stack?.stop();
  });

  // A slow connection: the page is drawn, its script is still on the way, and the person types. When the
  // script starts, Svelte sets each field to the value the server drew it with (empty), and what was typed
  // was gone — the staff search in CI lost its query so (static/keep-typed.js puts it back; it failed before).
  test('what is typed before the page’s script has started is kept when it starts', async () => {
    const context = await newContext(launched.browser, VIEWPORTS.desktop);
    const page = await context.newPage();
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let heldScripts = 0;
    await page.route(/\/_app\/immutable\/.*\.js$/, async (route) => {
      heldScripts++;
      await held;
      await route.continue();
    });
    try {
      await page.goto(`${base}/login`, { waitUntil: 'domcontentloaded' });
      await page.locator('input[name="accountNumber"]').pressSequentially('123456789101');
      await page.locator('input[name="password"]').pressSequentially('typed-early');
      await page.locator('input[name="remember"]').check();
      expect(heldScripts).toBeGreaterThan(0);
      expect(await page.evaluate(() => document.documentElement.hasAttribute('data-started'))).toBe(false);
      release();
      await page.waitForSelector('html[data-started]');
      expect(await page.locator('input[name="accountNumber"]').inputValue()).toBe('123456789101');
      expect(await page.locator('input[name="password"]').inputValue()).toBe('typed-early');
      expect(await page.locator('input[name="remember"]').isChecked()).toBe(true);
    } finally {
      release();
      await context.close();
    }
  });

  for (const [device, viewport] of Object.entries(VIEWPORTS)) {
    test(`/login on ${device} (${viewport.width}px)`, async () => {
      const context = await newContext(launched.browser, viewport);
      const page = await context.newPage();
      try {
        const response = await page.goto(`${base}/login`, { waitUntil: 'networkidle' });
        expect(response?.status()).toBe(200);
        await expectText(page, 'Личный кабинет абонента');
        await expectText(page, 'ЛИЧНЫЙ КАБИНЕТ ПОТРЕБИТЕЛЯ КОММУНАЛЬНЫХ УСЛУГ');
        await expectHeading(page, 'Добро пожаловать');
        await expectLabelled(page, 'Лицевой счет');
        await expectLabelled(page, 'Пароль');
        await expectLabelled(page, 'Сохранить логин');
        expect(await page.getByRole('link', { name: 'Забыли пароль', exact: true }).getAttribute('href')).toBe('/forgot');
        expect(await page.getByRole('link', { name: 'регистрация', exact: true }).getAttribute('href')).toBe('/registration');
        // No horizontal scrolling on a phone.
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        expect(overflow).toBeLessThanOrEqual(0);
        await shots.take(page, `login-${viewport.width}`);
        await expectNoSeriousA11yViolations(page);
      } finally {
        await context.close();
      }
    });

    test(`/registration on ${device} (${viewport.width}px)`, async () => {
      const context = await newContext(launched.browser, viewport);
      const page = await context.newPage();
      try {
        const response = await page.goto(`${base}/registration`, { waitUntil: 'networkidle' });
        expect(response?.status()).toBe(200);
        await expectHeading(page, 'Регистрация');
        for (const label of ['Лицевой счет', 'Фамилия', 'Имя', 'Отчество', 'e-mail', 'Сотовый телефон', 'Код активации', 'Согласен с условиями']) {
          await expectLabelled(page, label);
        }
        await expectText(page, '* - поля обязательные для заполнения');
        expect(await page.getByRole('link', { name: 'Соглашение об использовании личного кабинета абонента' }).getAttribute('href')).toBe(
          '/agreement',
        );
        await page.getByText('Помощь', { exact: true }).click();
        await expectText(page, 'Лицевой счет из квитанции');
        await expectText(page, 'Код активации из квитанции');
        expect(await page.getByRole('button', { name: 'ЗАРЕГИСТРИРОВАТЬ' }).isVisible()).toBe(true);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        expect(overflow).toBeLessThanOrEqual(0);
        await shots.take(page, `registration-${viewport.width}`);
        await expectNoSeriousA11yViolations(page);

        // Sent empty, the API's refusal is shown next to its field: first the terms, then the account number.
        await page.getByRole('button', { name: 'ЗАРЕГИСТРИРОВАТЬ' }).click();
        await page.waitForSelector('#acceptTerms-error');
        await expectText(page, 'примите условия соглашения');
        await page.getByLabel('Согласен с условиями').check();
        await page.getByRole('button', { name: 'ЗАРЕГИСТРИРОВАТЬ' }).click();
        await page.waitForSelector('#field-accountNumber-error');
        await expectText(page, 'от 8 до 20 цифр');
        expect(await page.locator('#field-accountNumber').getAttribute('aria-invalid')).toBe('true');
        await shots.take(page, `registration-errors-${viewport.width}`);
        await expectNoSeriousA11yViolations(page);
      } finally {
        await context.close();
      }
    });
  }
});
