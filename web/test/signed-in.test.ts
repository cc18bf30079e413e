/**
 * The signed-in site in a real browser against the REAL API (in-process, fresh MySQL database, real SMTP,
 * the demo data; support/real-stack.ts): registration (a wrong activation code refused, then success),
 * sign-in, meters («ВВЕСТИ» → «РАССЧИТАТЬ РАСХОД» → «ПЕРЕДАТЬ ПОКАЗАНИЯ»), the history chart, a live
 * operator reply over graphql-ws, the ledger and its reports, card payment through the sandbox gateway,
 * settings errors at their fields, a silent refresh of the access token, sign-out — with and without
 * JavaScript, screenshots under artifacts/screenshots/signed-in-*, and axe on the pages. (Every page at
 * 360 and 1280 px: screens.test.ts.)
 *
 * The subscriber is the seed's bill, Иванов (123456789101), registered by the first test.
 * Needs the built site (`npm run build -w web`): skipped otherwise.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { expectNoSeriousA11yViolations, launchBrowser, Screenshots, type LaunchedBrowser } from './support/browser';
import { describePage } from './support/steps';
import { siteIsBuilt, startRealStack, type RealStack } from './support/real-stack';
import { DEMO } from '../../server/src/seed/demo-data';

const built = siteIsBuilt();
if (!built) console.warn('web/build is missing (npm run build -w web): the signed-in browser tests are skipped.');
const describeIfBuilt = built ? describe : describe.skip;

const ACCOUNT = DEMO.unregistered.number;
const EMAIL = 'ivan@poshta.ru';
const OPTIONS = { locale: 'ru-RU', timezoneId: 'Europe/Moscow' };

describeIfBuilt('signed-in site (real API)', () => {
  let stack: RealStack;
  let base: string;
  let launched: LaunchedBrowser;
  /** Иванов's password, from the registration e-mail (the first test). */
  let password = '';

  const sql = <T = any>(query: string, params: unknown[] = []): Promise<T[]> => stack.t.database.db.query(query, params);

  beforeAll(async () => {
    stack = await startRealStack();
    base = stack.base;
    launched = await launchBrowser();
  }, 120_000);

  afterAll(async () => {
    await launched?.close();
    await stack?.stop();
  }, 30_000);

  /** Runs a test's body in its context; on failure, says where the page was and what it showed, and the site's log. */
  async function inContext(context: BrowserContext, work: (page: Page) => Promise<void>): Promise<void> {
    context.setDefaultTimeout(15_000);
    const page = await context.newPage();
    try {
      await work(page);
    } catch (error) {
      if (error instanceof Error) error.message = `${error.message}\n\n${await describePage(page)}\n\nsite log:\n${stack.siteLog()}`;
      throw error;
    } finally {
      await context.close();
    }
  }

  async function signIn(page: Page, remember: boolean): Promise<void> {
    expect(password).not.toBe('');
    await page.goto(`${base}/meters`);
    expect(new URL(page.url()).pathname).toBe('/login');
    await page.getByLabel('Лицевой счет').fill(ACCOUNT);
    await page.getByLabel('Пароль').fill('wrong-password');
    await page.getByRole('button', { name: 'ВОЙТИ' }).click();
    await page.getByText(/Неверный номер лицевого сч[её]та или пароль/).waitFor();
    await page.getByLabel('Пароль').fill(password);
    if (remember) await page.getByLabel('Сохранить логин').check();
    await Promise.all([page.waitForURL(`${base}/meters`), page.getByRole('button', { name: 'ВОЙТИ' }).click()]);
  }

  test('registration: a wrong activation code is refused, then success is shown', async () => {
    const shots = new Screenshots('signed-in-registration');
    await inContext(await launched.browser.newContext({ ...OPTIONS, viewport: { width: 360, height: 740 } }), async (page) => {
      await page.goto(`${base}/registration`);
      await page.getByLabel('Лицевой счет').fill(ACCOUNT);
      await page.getByLabel('Фамилия').fill('Иванов');
      await page.locator('#field-firstName').fill('Иван');
      await page.getByLabel('Отчество').fill('Иванович');
      await page.getByLabel('e-mail').fill(EMAIL);
      await page.getByLabel('Сотовый телефон').fill('+7(911)123-4567');
      await page.getByLabel('Код активации').fill('1234-5678-9100');
      await page.getByLabel('Согласен с условиями').check();
      await page.getByRole('button', { name: 'ЗАРЕГИСТРИРОВАТЬ' }).click();
      // The API says the same for a wrong number or a wrong code (nobody can probe which accounts exist).
      await page.getByRole('alert').filter({ hasText: /код активации указаны неверно/ }).waitFor({ timeout: 45_000 });
      await shots.take(page, 'activation-failed');
      await page.getByLabel('Код активации').fill(DEMO.unregistered.activationCode);
      await page.getByRole('button', { name: 'ЗАРЕГИСТРИРОВАТЬ' }).click();
      await page.getByText('Регистрация прошла успешно. Пароль будет выслан на почту').waitFor({ timeout: 45_000 });
      await page.getByText('i**n@poshta.ru').waitFor();
      await shots.take(page, 'success');
      await expectNoSeriousA11yViolations(page);
    });
    const mail = await stack.t.smtp.waitFor(EMAIL, (m) => /Пароль:/.test(m.text));
    password = /Пароль:\s*(\S+)/.exec(mail.text)![1];
  }, 120_000);

  for (const javaScriptEnabled of [true, false]) {
    const mode = javaScriptEnabled ? 'js' : 'no-js';

    test(`the subscriber's pages work ${javaScriptEnabled ? 'with' : 'without'} JavaScript`, async () => {
      const shots = new Screenshots(`signed-in-${mode}`);
      const context = await launched.browser.newContext({ ...OPTIONS, viewport: { width: 1280, height: 900 }, javaScriptEnabled, acceptDownloads: true });
      const errors: string[] = [];
      // axe runs in the page: only possible with JavaScript on (the markup is the same without it).
      const checkA11y = (page: Page) => (javaScriptEnabled ? expectNoSeriousA11yViolations(page) : Promise.resolve([]));
      await inContext(context, async (page) => {
        await signIn(page, javaScriptEnabled);
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

        // Meters: the seed's table and flow, under the account's advance (the seed's 2 890,64 before any payment here).
        const [{ balance }] = await sql<{ balance: string }>('SELECT SUM(l.amount) AS balance FROM ledger_entries l JOIN accounts a ON a.id = l.account_id WHERE a.number = ?', [ACCOUNT]);
        const advance = (-Number(balance)).toFixed(2).replace('.', ',').replace(/\B(?=(\d{3})+(?!\d))/g, '\\s?');
        if (javaScriptEnabled) expect(advance).toBe('2\\s?890,64');
        await page.getByText(new RegExp(`Внесён аванс на сумму:\\s*${advance}\\s*руб\\.`)).first().waitFor();
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
        const question = `Прошу проверить начисление за октябрь (${mode}).`;
        await page.goto(`${base}/appeals`);
        await page.getByText('Уважаемый абонент!').waitFor();
        await page.getByLabel('Текст обращения').fill(question);
        if (javaScriptEnabled) expect(await page.locator('#appeal-counter').innerText()).toContain(`${[...question].length}/500`);
        await page.getByRole('button', { name: 'ОТПРАВИТЬ' }).click();
        await page.getByText('Обращение отправлено').waitFor();
        if (javaScriptEnabled) {
          await page.getByText('ответы приходят сразу').waitFor();
          const staff = await stack.t.gql(`mutation($u: String!, $p: String!) { staffLogin(username: $u, password: $p) { accessToken } }`, {
            u: DEMO.operator.username,
            p: DEMO.operator.password,
          });
          const token: string = staff.data.staffLogin.accessToken;
          const [appeal] = await sql<{ id: number }>('SELECT id FROM appeals WHERE text = ?', [question]);
          const reply = await stack.t.gql(`mutation($id: ID!, $t: String!) { replyToAppeal(appealId: $id, text: $t) { id } }`, { id: String(appeal.id), t: 'Начисление проверили: всё верно.' }, token);
          expect(reply.errors).toBeUndefined();
          await page.getByText('Получен ответ на обращение').waitFor();
          await page.getByText('Начисление проверили: всё верно.').first().waitFor();
          await shots.take(page, 'appeals-live-reply');
        }
        await checkA11y(page);

        // Ledger: range, order, totals, reports through the site.
        const today = new Date(stack.now.getTime() + 3 * 3600_000).toISOString().slice(0, 10);
        const from = `${Number(today.slice(0, 4)) - 1}-01-01`;
        await page.goto(`${base}/ledger?from=${from}&to=${today}`);
        await page.getByText('Итоговая сумма аванса:').waitFor();
        await Promise.all([page.waitForURL(/sort=asc/), page.getByRole('link', { name: /Дата ▼/ }).click()]);
        const [{ first }] = await sql<{ first: string }>(
          "SELECT DATE_FORMAT(MIN(l.date), '%d.%m.%Y') AS first FROM ledger_entries l JOIN accounts a ON a.id = l.account_id WHERE a.number = ? AND l.date BETWEEN ? AND ?",
          [ACCOUNT, from, today],
        );
        expect(await page.locator('table.ledger tbody tr td').first().innerText()).toBe(first);
        await shots.take(page, 'ledger');
        await checkA11y(page);
        const pdf = await page.request.get(`${base}/ledger/report.pdf?from=${from}&to=${today}`);
        expect(pdf.status()).toBe(200);
        expect(pdf.headers()['content-type']).toBe('application/pdf');
        const csv = await page.request.get(`${base}/ledger/report.csv`);
        expect(csv.headers()['content-type']).toContain('text/csv');
        const bill = await page.request.get(`${base}/pay/document`);
        expect(bill.headers()['content-type']).toBe('application/pdf');

        // Card payment: to the sandbox gateway, «Оплатить», then the result page.
        await page.goto(`${base}/pay`);
        await page.getByLabel('Оплатить:').fill('1 044,02');
        await Promise.all([
          page.waitForURL((url) => url.href.startsWith(`${stack.t.url}/sandbox-gateway/pay/`)),
          page.getByRole('button', { name: 'Оплата услуг с помощью банковской карты' }).click(),
        ]);
        await Promise.all([page.waitForURL((url) => url.href.startsWith(`${base}/pay/result`)), page.getByRole('button', { name: 'Оплатить' }).click()]);
        await page.getByText(/Платёж обрабатывается|Оплата прошла успешно/).first().waitFor();
        if (javaScriptEnabled) await page.getByText('Оплата прошла успешно').first().waitFor({ timeout: 15_000 });
        await shots.take(page, 'pay-result');

        // Settings: the API's refusals next to their fields, one after the other.
        await page.goto(`${base}/settings`);
        await page.getByLabel('Новый пароль', { exact: true }).fill('Abcdefgh1');
        await page.getByLabel('Повтор нового пароля').fill('Abcdefgh2');
        await page.getByRole('button', { name: 'ИЗМЕНИТЬ ИНФОРМАЦИЮ' }).click();
        await page.locator('#field-currentPassword-error').waitFor();
        await page.getByLabel('Новый пароль', { exact: true }).fill('Abcdefgh1');
        await page.getByLabel('Повтор нового пароля').fill('Abcdefgh2');
        await page.getByLabel('Для сохранения изменений введите текущий пароль').fill(password);
        await page.getByRole('button', { name: 'ИЗМЕНИТЬ ИНФОРМАЦИЮ' }).click();
        await page.locator('#field-newPasswordRepeat-error').waitFor();
        await shots.take(page, 'settings-errors');
        await checkA11y(page);

        // Sign-out ends the session; only the remembered login («Сохранить логин») stays on the browser.
        await page.goto(`${base}/logout`);
        await Promise.all([page.waitForURL(`${base}/login`), page.getByRole('main').getByRole('button', { name: 'ВЫХОД' }).click()]);
        const left = (await context.cookies()).filter((c) => c.name.startsWith('kabinet_')).map((c) => c.name);
        expect(left).toEqual(javaScriptEnabled ? ['kabinet_login'] : []);
        expect(errors).toEqual([]);
      });
    }, 180_000);
  }

  test('an expired access token is refreshed with the refresh token', async () => {
    await inContext(await launched.browser.newContext({ ...OPTIONS, viewport: { width: 360, height: 740 } }), async (page) => {
      await signIn(page, true);
      // Throw away the access token: the next request must get a new one silently.
      await page.context().clearCookies({ name: 'kabinet_access' });
      await page.goto(`${base}/`);
      expect(new URL(page.url()).pathname).toBe('/');
      await page.getByRole('heading', { name: 'Главная' }).waitFor();
      const names = (await page.context().cookies()).map((c) => c.name);
      expect(names).toEqual(expect.arrayContaining(['kabinet_access', 'kabinet_refresh', 'kabinet_remember']));
    });
  }, 60_000);
});
