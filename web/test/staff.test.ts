/**
 * The operators' area (/staff) in a real browser against the REAL API (in-process, fresh MySQL
 * database, demo data): the operator signs in; a subscriber's session cannot open /staff; the
 * readings queue is worked through with the keyboard (accept one, reject one with a reason); an
 * appeal is answered while the subscriber's /appeals page is open in another browser and the reply
 * appears there live; a bank registry is uploaded and its report shown (also one in Windows-1251, as banks still
 * send them, and one in UTF-8 with a BOM: the server's fixtures); the month close offers the
 * next month and says why it cannot be closed yet; every other section opens. Screenshots under
 * artifacts/screenshots/staff/, axe on each page.
 *
 * Needs the built site (`npm run build -w web`): skipped otherwise.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { expectNoSeriousA11yViolations, launchBrowser, Screenshots, type LaunchedBrowser } from './support/browser';
import { orderedSteps } from './support/steps';
import { siteIsBuilt, startRealStack, type RealStack } from './support/real-stack';
import { DEMO } from '../../server/src/seed/demo-data';

const built = siteIsBuilt();
if (!built) console.warn('web/build is missing (npm run build -w web): the staff browser tests are skipped.');
const describeIfBuilt = built ? describe : describe.skip;

const STEP_TIMEOUT = 60_000;

describeIfBuilt('the operators’ area on the real API', () => {
  let stack: RealStack;
  let launched: LaunchedBrowser;
  let staffContext: BrowserContext;
  let subscriberContext: BrowserContext;
  let page: Page;
  let subscriberPage: Page;
  let shots: Screenshots;
  let base: string;
  const pageErrors: string[] = [];

  const sql = <T = any>(query: string, params: unknown[] = []): Promise<T[]> => stack.t.database.db.query(query, params);

  /** The demo subscriber's access token, straight from the API. */
  async function subscriberToken(): Promise<string> {
    const res = await stack.t.gql(`mutation($n: String!, $p: String!) { login(accountNumber: $n, password: $p) { accessToken } }`, {
      n: DEMO.registered.number,
      p: DEMO.registered.password,
    });
    expect(res.errors).toBeUndefined();
    return res.data.login.accessToken;
  }

  async function check(name: string): Promise<void> {
    await shots.take(page, name);
    await expectNoSeriousA11yViolations(page);
  }

  beforeAll(async () => {
    stack = await startRealStack();
    base = stack.base;
    launched = await launchBrowser();
    const options = { viewport: { width: 1280, height: 900 }, locale: 'ru-RU', timezoneId: 'Europe/Moscow' };
    staffContext = await launched.browser.newContext(options);
    staffContext.setDefaultTimeout(15_000);
    subscriberContext = await launched.browser.newContext(options);
    subscriberContext.setDefaultTimeout(15_000);
    page = await staffContext.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
    subscriberPage = await subscriberContext.newPage();
    shots = new Screenshots('staff');
  }, 90_000);

  afterAll(async () => {
    if (steps.failed && stack) console.log(`site log:\n${stack.siteLog()}`);
    await staffContext?.close().catch(() => undefined);
    await subscriberContext?.close().catch(() => undefined);
    await launched?.close();
    await stack?.stop();
  }, 30_000);

  const steps = orderedSteps({ page: () => page, shots: () => shots, prefix: 'failed', timeout: STEP_TIMEOUT });
  const { step } = steps;

  step('1. /staff asks an operator to sign in; a wrong password is refused; the operator signs in', async () => {
    await page.goto(`${base}/staff`);
    expect(new URL(page.url()).pathname).toBe('/staff/login');
    await page.getByRole('heading', { name: 'Вход для сотрудников' }).waitFor();
    await check('staff-login');

    await page.getByLabel('Имя пользователя').fill(DEMO.operator.username);
    await page.getByLabel('Пароль').fill('wrong-password-1');
    await page.getByRole('button', { name: 'Войти' }).click();
    await page.getByRole('alert').first().waitFor();
    expect(new URL(page.url()).pathname).toBe('/staff/login');

    await page.getByLabel('Пароль').fill(DEMO.operator.password);
    await Promise.all([page.waitForURL((url) => url.pathname === '/staff'), page.getByRole('button', { name: 'Войти' }).click()]);
    await page.getByText('Кабинет оператора').first().waitFor();
    await page.locator('header').getByText(DEMO.operator.username).waitFor();
    await page.getByRole('button', { name: 'Выход' }).waitFor();
    const menu = page.getByRole('navigation', { name: 'Разделы кабинета оператора' });
    for (const item of ['Показания', 'Обращения', 'Абоненты', 'Платежи', 'Начисления', 'Тарифы', 'Закрытие месяца', 'Журнал']) {
      await menu.getByRole('link', { name: item }).waitFor();
    }

    const cookies = await staffContext.cookies();
    const staffCookies = cookies.filter((c) => c.name.startsWith('kabinet_staff_'));
    expect(staffCookies.map((c) => c.name).sort()).toEqual(['kabinet_staff_access', 'kabinet_staff_name', 'kabinet_staff_refresh']);
    for (const c of staffCookies) {
      expect(c.httpOnly).toBe(true);
      expect(c.path).toBe('/staff');
    }
    // No subscriber session came with it: the subscriber's pages still ask to sign in.
    expect(cookies.some((c) => c.name === 'kabinet_access' || c.name === 'kabinet_refresh')).toBe(false);
    const home = await page.request.get(`${base}/`, { maxRedirects: 0 });
    expect(home.status()).toBe(303);
    expect(home.headers().location).toMatch(/^\/login/);
  });

  step('2. a subscriber’s session does not open /staff', async () => {
    await subscriberPage.goto(`${base}/login`);
    await subscriberPage.getByLabel('Лицевой счет').fill(DEMO.registered.number);
    await subscriberPage.getByLabel('Пароль').fill(DEMO.registered.password);
    await Promise.all([subscriberPage.waitForURL((url) => url.pathname !== '/login'), subscriberPage.getByRole('button', { name: 'ВОЙТИ' }).click()]);
    expect((await subscriberContext.cookies()).some((c) => c.name === 'kabinet_access')).toBe(true);

    for (const path of ['/staff', '/staff/appeals', '/staff/accounts/100000000002']) {
      await subscriberPage.goto(`${base}${path}`);
      expect(new URL(subscriberPage.url()).pathname).toBe('/staff/login');
    }
    // Even with the subscriber's access token copied into the operator's cookie, nothing is shown.
    const access = (await subscriberContext.cookies()).find((c) => c.name === 'kabinet_access')!;
    const forged = await launched.browser.newContext();
    await forged.addCookies([{ name: 'kabinet_staff_access', value: access.value, url: `${base}/staff` }]);
    const forgedPage = await forged.newPage();
    await forgedPage.goto(`${base}/staff`);
    expect(new URL(forgedPage.url()).pathname).toBe('/staff/login');
    await forged.close();
  });

  step('3. readings queue: the first row has the focus; «a» accepts one, «r» + reason + Enter rejects another', async () => {
    const token = await subscriberToken();
    const me = await stack.t.gql(`{ me { meters { id title previousReading { value } } } }`, {}, token);
    expect(me.errors).toBeUndefined();
    const meters: { id: string; title: string; previousReading: { value: string } | null }[] = me.data.me.meters;
    expect(meters.length).toBeGreaterThanOrEqual(2);
    const next = (m: (typeof meters)[number], plus: number) => String(Math.floor(Number(m.previousReading?.value ?? '0')) + plus);
    const sent = await stack.t.gql(
      `mutation($r: [ReadingInput!]!) { submitReadings(readings: $r) { id value meter { id } } }`,
      { r: [{ meterId: meters[0].id, value: next(meters[0], 6) }, { meterId: meters[1].id, value: next(meters[1], 7) }] },
      token,
    );
    expect(sent.errors).toBeUndefined();
    const [toAccept, toReject] = sent.data.submitReadings.map((r: { id: string }) => r.id);

    await page.goto(`${base}/staff`);
    await page.getByRole('heading', { name: 'Показания на проверке' }).waitFor();
    const rowA = page.locator(`tr[data-reading-id="${toAccept}"]`);
    const rowB = page.locator(`tr[data-reading-id="${toReject}"]`);
    await rowA.waitFor();
    await rowB.waitFor();
    // The clerk starts at the top of the queue.
    await page.waitForFunction(() => document.activeElement?.matches('tr[data-row]') ?? false);
    const firstId = await page.evaluate(() => document.activeElement?.getAttribute('data-reading-id'));
    expect(firstId).toBe(await page.locator('tr[data-row]').first().getAttribute('data-reading-id'));
    await check('staff-readings');

    await rowA.focus();
    await page.keyboard.press('a');
    await rowA.waitFor({ state: 'detached' });
    await page.getByText('Показание принято.').first().waitFor();
    // The next row is ready for the keys.
    await page.waitForFunction(() => document.activeElement?.matches('tr[data-row]') ?? false);

    await rowB.focus();
    await page.keyboard.press('r');
    const reason = page.locator(`#reason-${toReject}`);
    await expect(reason.evaluate((el) => el === document.activeElement)).resolves.toBe(true);
    await page.keyboard.type('Показание не совпадает с фотографией счётчика');
    await page.keyboard.press('Enter');
    await rowB.waitFor({ state: 'detached' });
    await page.getByText('Показание отклонено.').first().waitFor();
    await shots.take(page, 'staff-readings-after');

    const rows = await sql<{ id: string; status: string; rejection_reason: string | null }>(
      'SELECT id, status, rejection_reason FROM readings WHERE id IN (?, ?) ORDER BY id',
      [toAccept, toReject],
    );
    const byId = Object.fromEntries(rows.map((r) => [String(r.id), r]));
    expect(byId[toAccept].status).toBe('ACCEPTED');
    expect(byId[toReject].status).toBe('REJECTED');
    expect(byId[toReject].rejection_reason).toBe('Показание не совпадает с фотографией счётчика');
  });

  step('4. answers an appeal; the reply appears live on the subscriber’s open /appeals page', async () => {
    const question = `Прошу проверить начисление за водоотведение (${Date.now()}).`;
    const answer = 'Начисление проверено: всё верно. Спасибо за обращение!';
    const token = await subscriberToken();
    const created = await stack.t.gql(`mutation($t: String!) { createAppeal(input: { text: $t }) { id } }`, { t: question }, token);
    expect(created.errors).toBeUndefined();

    await subscriberPage.goto(`${base}/appeals`);
    await subscriberPage.getByText(question).first().waitFor();
    await subscriberPage.getByText('ответы приходят сразу').waitFor();
    const urlBefore = subscriberPage.url();

    await page.goto(`${base}/staff/appeals`);
    const card = page.locator('li.appeal', { hasText: question });
    await card.waitFor();
    expect(await card.innerText()).toContain(DEMO.registered.number);
    await check('staff-appeals');
    await card.getByLabel('Ответ абоненту').fill(answer);
    await card.getByRole('button', { name: 'Ответить' }).click();
    await page.getByText('Ответ отправлен абоненту.').waitFor();

    await subscriberPage.getByText(answer).first().waitFor({ timeout: 15_000 });
    expect(subscriberPage.url()).toBe(urlBefore);
    await subscriberPage.screenshot({ path: `${shots.dir}/subscriber-live-reply.png`, fullPage: true });

    // Answered appeals are under their own filter, and can be closed.
    await page.getByLabel('Статус').selectOption('ANSWERED');
    await page.waitForURL(/status=ANSWERED/);
    const answered = page.locator('li.appeal', { hasText: question });
    await answered.getByText(answer).waitFor();
    await answered.getByRole('button', { name: 'Закрыть' }).click();
    await page.getByText('Обращение закрыто.').waitFor();
    const [row] = await sql<{ status: string }>('SELECT status FROM appeals WHERE id = ?', [created.data.createAppeal.id]);
    expect(row.status).toBe('CLOSED');
  });

  step('5. uploads a bank registry and sees the report line by line', async () => {
    await page.goto(`${base}/staff/payments`);
    await check('staff-payments');
    const csv = [
      'external_id;account_number;amount;paid_on;payer',
      `SB-TEST-${Date.now()};${DEMO.registered.number};1044,02;${new Date(stack.now.getTime() - 86_400_000).toISOString().slice(0, 10)};Петров П.П.`,
      `SB-TEST-BAD-${Date.now()};999999999999;500.00;2026-01-10;`,
      `SB-TEST-AMT-${Date.now()};${DEMO.registered.number};abc;2026-01-10;`,
    ].join('\n');
    await page.setInputFiles('#csv-file', { name: 'registry.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
    await page.getByRole('button', { name: 'Загрузить реестр' }).click();
    const report = page.locator('section.report');
    await report.waitFor();
    const text = await report.innerText();
    expect(text).toMatch(/Загружено\s*1/);
    expect(text).toMatch(/Отказано\s*2/);
    expect(text).toContain('registry.csv');
    const lines = report.locator('tbody tr');
    expect(await lines.count()).toBe(2);
    expect(await lines.nth(0).innerText()).toMatch(/^3\s/);
    expect(await lines.nth(1).innerText()).toMatch(/^4\s/);
    await check('staff-payments-report');

    const [payment] = await sql<{ n: number }>(
      `SELECT COUNT(*) AS n FROM ledger_entries l JOIN accounts a ON a.id = l.account_id WHERE a.number = ? AND l.kind = 'PAYMENT' AND l.amount = -1044.02`,
      [DEMO.registered.number],
    );
    expect(Number(payment.n)).toBeGreaterThanOrEqual(1);
  });

  step('5b. a registry in Windows-1251 (and one in UTF-8 with a BOM) loads with its Cyrillic intact', async () => {
    const fixture = (name: string) => readFileSync(path.join(__dirname, '..', '..', 'server', 'test', 'imports', 'fixtures', name));
    for (const [name, prefix] of [['registry-cp1251.csv', 'BANK1251'], ['registry-utf8-bom.csv', 'BANKBOM']] as const) {
      await page.goto(`${base}/staff/payments`);
      await page.setInputFiles('#csv-file', { name, mimeType: 'text/csv', buffer: fixture(name) });
      await page.getByRole('button', { name: 'Загрузить реестр' }).click();
      const report = page.locator('section.report');
      await report.waitFor();
      const text = await report.innerText();
      expect([name, text]).toEqual([name, expect.stringMatching(/Загружено\s*3/)]);
      expect(text).toMatch(/Отказано\s*1/);
      expect(text).toContain(name);
      // Line 6 (the payer of line 4 goes on over line 5): no such account.
      const lines = report.locator('tbody tr');
      expect(await lines.count()).toBe(1);
      expect(await lines.nth(0).innerText()).toMatch(/^6\s/);
      if (prefix === 'BANK1251') await check('staff-payments-cp1251');

      const rows = await sql<{ id: number; external_id: string; amount: string }>(
        'SELECT id, external_id, amount FROM ledger_entries WHERE external_id LIKE ? ORDER BY external_id',
        [`${prefix}-%`],
      );
      expect(rows.map((r) => [r.external_id, String(r.amount)])).toEqual([
        [`${prefix}-001`, '-1044.02'],
        [`${prefix}-002`, '-500.50'],
        [`${prefix}-003`, '-250.00'],
      ]);
      // The payers as the bank wrote them, Cyrillic and all (not «\uFFFD»).
      const payers: string[] = [];
      for (const row of rows) {
        const [audit] = await sql<{ after_value: unknown }>(
          `SELECT after_value FROM audit_log WHERE entity_type = 'ledger_entry' AND entity_id = ? ORDER BY id LIMIT 1`,
          [String(row.id)],
        );
        const after = typeof audit.after_value === 'string' ? JSON.parse(audit.after_value) : audit.after_value;
        payers.push((after as { payer: string }).payer);
      }
      expect(payers).toEqual(['Иванов Иван Иванович', 'ООО "Ромашка"; по договору №12', 'Пётр Ёлкин\r\n(по доверенности)']);
    }
  });

  step('6. the month close offers the month after the last one closed, and says why it cannot be closed yet', async () => {
    // The demo data closed every month up to the last one; the current month is not over (billing.test.ts closes one).
    await page.goto(`${base}/staff/billing`);
    const moscow = new Date(stack.now.getTime() + 3 * 3600_000);
    const months = ['Январь', 'Февраль', 'Март', 'Апрель', 'Май', 'Июнь', 'Июль', 'Август', 'Сентябрь', 'Октябрь', 'Ноябрь', 'Декабрь'];
    const y = moscow.getUTCFullYear();
    const m = moscow.getUTCMonth();
    const current = `${months[m]} ${y}`;
    const previous = m === 0 ? `${months[11]} ${y - 1}` : `${months[m - 1]} ${y}`;
    const state = page.locator('section[aria-labelledby="state-title"]');
    await state.waitFor();
    expect(await state.innerText()).toMatch(new RegExp(`Последний закрытый месяц\\s*${previous}`));
    expect(await state.innerText()).toMatch(new RegExp(`Следующий к закрытию\\s*${current}`));
    expect(await page.locator('#close-reason').innerText()).toContain(`${current} ещё не закончился`);
    expect(await page.locator('input[type="month"]').count()).toBe(0);
    expect(await page.getByRole('button', { name: /^Закрыть/ }).count()).toBe(0);
    await check('staff-billing');
    const [row] = await sql<{ n: number }>('SELECT COUNT(*) AS n FROM billing_periods WHERE period >= ?', [moscow.toISOString().slice(0, 7)]);
    expect(Number(row.n)).toBe(0);
  });

  step('7. the other sections open: accounts (search and one account), charges, tariffs, audit log', async () => {
    await page.goto(`${base}/staff/accounts`);
    await page.getByLabel('Лицевой счет, фамилия или адрес').fill(DEMO.registered.number.slice(0, 6));
    await Promise.all([page.waitForURL(/q=/), page.getByRole('button', { name: 'Найти' }).click()]);
    await page.getByRole('link', { name: DEMO.registered.number }).waitFor();
    await check('staff-accounts');

    await Promise.all([page.waitForURL(/\/staff\/accounts\/\d+/), page.getByRole('link', { name: DEMO.registered.number }).click()]);
    await page.getByRole('heading', { name: `Лицевой счет ${DEMO.registered.number}` }).waitFor();
    await page.getByText(/К оплате|Внесён аванс|Задолженности нет/).first().waitFor();
    await page.getByRole('heading', { name: 'Приборы учета' }).waitFor();
    await check('staff-account');

    await page.getByLabel('Сумма, руб.').fill('250,50');
    // The API's clock is fixed inside the readings window: a payment date not after its today.
    await page.getByLabel('Дата платежа').fill(new Date(stack.now.getTime() + 3 * 3600_000).toISOString().slice(0, 10));
    await page.getByRole('button', { name: 'Записать платёж' }).click();
    await page.getByText(/Платёж на\s*250,50\s*руб\. записан/).waitFor();

    const missing = await page.goto(`${base}/staff/accounts/999999999999`);
    expect(missing?.status()).toBe(404);
    await page.getByText('Лицевой счет не найден').waitFor();
    await page.getByRole('navigation', { name: 'Разделы кабинета оператора' }).waitFor();

    await page.goto(`${base}/staff/charges`);
    await page.getByRole('heading', { name: 'Начисления из биллинга' }).waitFor();
    await check('staff-charges');

    await page.goto(`${base}/staff/tariffs`);
    await page.getByRole('heading', { name: 'Тарифы', exact: true }).waitFor();
    await check('staff-tariffs');

    await page.goto(`${base}/staff/audit`);
    await page.getByRole('heading', { name: 'Журнал действий' }).waitFor();
    await check('staff-audit');
  });

  step('8. «Выход» ends the operator’s session', async () => {
    await page.goto(`${base}/staff`);
    await Promise.all([page.waitForURL(/\/staff\/login/), page.getByRole('button', { name: 'Выход' }).click()]);
    expect((await staffContext.cookies()).filter((c) => c.name === 'kabinet_staff_access' || c.name === 'kabinet_staff_refresh')).toEqual([]);
    await page.goto(`${base}/staff/audit`);
    expect(new URL(page.url()).pathname).toBe('/staff/login');
    expect(pageErrors).toEqual([]);
  });
});
