/**
 * The site in a real browser against the REAL API (in-process, fresh MySQL database, real SMTP,
 * demo data): a new subscriber registers, signs in, sends readings, looks at the ledger and its
 * reports, writes an appeal and gets the operator's reply live, changes the phone, pays by card
 * through the sandbox gateway and signs out. One page, ordered steps.
 *
 * Needs the built site (`npm run build -w web`): skipped otherwise. Screenshots under
 * artifacts/screenshots/real-api-subscriber/.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { expectNoSeriousA11yViolations, launchBrowser, Screenshots, type LaunchedBrowser } from './support/browser';
import { orderedSteps } from './support/steps';
import { siteIsBuilt, startRealStack, type RealStack } from './support/real-stack';
import { DEMO } from '../../server/src/seed/demo-data';

const built = siteIsBuilt();
if (!built) console.warn('web/build is missing (npm run build -w web): the real-API browser tests are skipped.');
const describeIfBuilt = built ? describe : describe.skip;

const EMAIL = 'ivan@poshta.ru';
const STEP_TIMEOUT = 60_000;

describeIfBuilt('a new subscriber on the real API', () => {
  let stack: RealStack;
  let launched: LaunchedBrowser;
  let context: BrowserContext;
  let page: Page;
  let shots: Screenshots;
  let base: string;
  let password = '';
  const pageErrors: string[] = [];

  const sql = <T = any>(query: string, params: unknown[] = []): Promise<T[]> => stack.t.database.db.query(query, params);

  beforeAll(async () => {
    stack = await startRealStack();
    base = stack.base;
    launched = await launchBrowser();
    context = await launched.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'ru-RU', timezoneId: 'Europe/Moscow', acceptDownloads: true });
    context.setDefaultTimeout(15_000);
    page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
    shots = new Screenshots('real-api-subscriber');
  }, 90_000);

  afterAll(async () => {
    if (steps.failed && stack) console.log(`site log:\n${stack.siteLog()}`);
    await context?.close().catch(() => undefined);
    await launched?.close();
    await stack?.stop();
  }, 30_000);

  // Ordered steps: once one fails, the later ones are meaningless.
  const steps = orderedSteps({ page: () => page, shots: () => shots, prefix: 'real-failed', timeout: STEP_TIMEOUT });
  const { step } = steps;

  step('1. registers with the bill values and gets the password by e-mail', async () => {
    await page.goto(`${base}/registration`);
    await page.getByLabel('Лицевой счет', { exact: false }).first().fill(DEMO.unregistered.number);
    await page.getByLabel('Фамилия', { exact: false }).fill('Иванов');
    await page.getByLabel('Имя', { exact: false }).first().fill('Иван');
    await page.getByLabel('Отчество', { exact: false }).fill('Иванович');
    await page.getByLabel('e-mail', { exact: false }).fill(EMAIL);
    await page.getByLabel('Сотовый телефон', { exact: false }).fill('+7(911)123-4567');
    await page.getByLabel('Код активации', { exact: false }).fill(DEMO.unregistered.activationCode);
    await page.getByLabel('Согласен с условиями', { exact: false }).check();
    await shots.take(page, 'real-registration-filled');
    await page.getByRole('button', { name: 'ЗАРЕГИСТРИРОВАТЬ' }).click();
    // The API hashes the new password (argon2id) and hands the letter to SMTP before it answers:
    // on a loaded 2-core CI machine that takes a while. A refusal fails at once, with its message.
    const success = page.getByText('Регистрация прошла успешно');
    await success.or(page.getByRole('alert')).first().waitFor({ timeout: 45_000 });
    if (!(await success.isVisible())) throw new Error(`registration refused: ${await page.getByRole('alert').first().innerText()}`);
    await shots.take(page, 'real-registration-done');
    await expectNoSeriousA11yViolations(page);

    const mail = await stack.t.smtp.waitFor(EMAIL, (m) => /Пароль:/.test(m.text));
    const match = /Пароль:\s*(\S+)/.exec(mail.text);
    expect(match).not.toBeNull();
    password = match![1];
    expect(password.length).toBeGreaterThanOrEqual(8);
    const [account] = await sql<{ registered_at: Date | null }>('SELECT registered_at FROM accounts WHERE number = ?', [DEMO.unregistered.number]);
    expect(account.registered_at).not.toBeNull();
  });

  step('2. signs in with the e-mailed password; the main page shows the advance', async () => {
    await page.goto(`${base}/login`);
    await page.getByLabel('Лицевой счет').fill(DEMO.unregistered.number);
    await page.getByLabel('Пароль').fill(password);
    await Promise.all([page.waitForURL((url) => url.pathname !== '/login'), page.getByRole('button', { name: 'ВОЙТИ' }).click()]);
    if (new URL(page.url()).pathname !== '/') await page.goto(`${base}/`);
    await page.getByText(/Внесён аванс на сумму:?\s*2\s?890,64/).first().waitFor();
    await shots.take(page, 'real-home');
    await expectNoSeriousA11yViolations(page);
  });

  step('3. sends meter readings; they wait for review', async () => {
    await page.goto(`${base}/meters`);
    await page.getByText(/Показания на .* \(предыдущие\)/).first().waitFor();
    const hotRow = page.getByRole('row', { name: /Сток гор\.воды/ });
    const coldRow = page.getByRole('row', { name: /Холодная вода/ });
    expect(await hotRow.innerText()).toContain('240');
    expect(await coldRow.innerText()).toContain('405');
    await page.getByRole('button', { name: 'ВВЕСТИ' }).click();
    await page.getByLabel('Текущие показания: Сток гор.воды', { exact: false }).fill('246');
    await page.getByLabel('Текущие показания: Холодная вода', { exact: false }).fill('413');
    await page.getByRole('button', { name: 'РАССЧИТАТЬ РАСХОД' }).click();
    await page.getByRole('button', { name: 'ВВЕСТИ' }).waitFor();
    expect(await hotRow.innerText()).toContain('246');
    expect(await coldRow.innerText()).toContain('413');
    await shots.take(page, 'real-meters-calculated');
    await page.getByRole('button', { name: 'ПЕРЕДАТЬ ПОКАЗАНИЯ' }).click();
    await page.getByText('Спасибо, данные приняты').waitFor();
    await page.getByText('На проверке').first().waitFor();
    await shots.take(page, 'real-meters-sent');
    await expectNoSeriousA11yViolations(page);

    const pending = await sql<{ value: string; title: string }>(
      `SELECT r.value, m.title FROM readings r JOIN meters m ON m.id = r.meter_id JOIN accounts a ON a.id = m.account_id
        WHERE a.number = ? AND r.status = 'PENDING' ORDER BY m.title`,
      [DEMO.unregistered.number],
    );
    expect(pending.map((r) => [r.title, Number(r.value)])).toEqual([
      ['Сток гор.воды', 246],
      ['Холодная вода', 413],
    ]);
  });

  step('4. shows the ledger for a range and downloads its CSV and PDF', async () => {
    await page.goto(`${base}/ledger`);
    const year = stack.now.getUTCFullYear();
    const to = new Date(stack.now.getTime() + 3 * 3600_000).toISOString().slice(0, 10);
    await page.getByLabel('С', { exact: true }).fill(`${year - 1}-01-01`);
    await page.getByLabel('По', { exact: true }).fill(to);
    await Promise.all([page.waitForURL(/from=/), page.getByRole('button', { name: 'Отобразить' }).click()]);
    expect(new URL(page.url()).searchParams.get('to')).toBe(to);
    const rows = page.locator('table.ledger tbody tr');
    await rows.first().waitFor();
    // The demo ledger comes from the product's own month close: a charge per service and month, the
    // recalculation of the month charged by the norm once readings came back (п.61), and the payments.
    const [{ n }] = await sql<{ n: number }>(
      'SELECT COUNT(*) AS n FROM ledger_entries l JOIN accounts a ON a.id = l.account_id WHERE a.number = ? AND l.date BETWEEN ? AND ?',
      [DEMO.unregistered.number, `${year - 1}-01-01`, to],
    );
    expect(Number(n)).toBeGreaterThan(20);
    expect(await rows.count()).toBe(20);
    await page.getByRole('link', { name: 'Следующая страница →' }).waitFor();
    const ledgerText = await page.locator('table.ledger').innerText();
    expect(ledgerText).toContain('Оплата через банк');
    expect(ledgerText).toMatch(/Перерасчёт за .* \(п\.61 ПП №354\)/);
    expect(ledgerText).toContain('Холодное водоснабжение');
    await shots.take(page, 'real-ledger');
    await expectNoSeriousA11yViolations(page);

    const csvLink = page.getByRole('link', { name: /CSV/i }).first();
    const [download] = await Promise.all([page.waitForEvent('download'), csvLink.click()]);
    const csvPath = await download.path();
    const csv = require('node:fs').readFileSync(csvPath) as Buffer;
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = csv.toString('utf8');
    expect(text).toContain(';');
    expect(text).toContain('Оплата через банк');

    const pdfHref = await page.locator('a[href^="/ledger/report.pdf"]').first().getAttribute('href');
    expect(pdfHref).toContain(`to=${to}`);
    const pdf = await page.request.get(`${base}${pdfHref}`);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toContain('application/pdf');
    expect((await pdf.body()).subarray(0, 4).toString('latin1')).toBe('%PDF');
  });

  step('5. sends an appeal and sees the operator reply arrive live', async () => {
    const question = 'Прошу проверить начисление за прошлый месяц.';
    const answer = 'Начисление проверили: всё верно. Спасибо за обращение!';
    await page.goto(`${base}/appeals`);
    await page.getByLabel('Текст обращения').fill(question);
    await page.getByRole('button', { name: 'ОТПРАВИТЬ' }).click();
    await page.getByText('Обращение отправлено').waitFor();
    await page.getByText(question).first().waitFor();
    // The live channel must be open before the reply is posted.
    await page.getByText('ответы приходят сразу').waitFor();
    const urlBefore = page.url();

    const staff = await stack.t.gql(`mutation($u: String!, $p: String!) { staffLogin(username: $u, password: $p) { accessToken } }`, {
      u: DEMO.operator.username,
      p: DEMO.operator.password,
    });
    const staffToken: string = staff.data?.staffLogin?.accessToken;
    expect(staffToken).toBeTruthy();
    const list = await stack.t.gql(`{ appealsForReview(first: 20) { edges { node { id text } } } }`, {}, staffToken);
    expect(list.errors).toBeUndefined();
    const appeal = list.data.appealsForReview.edges.map((e: { node: { id: string; text: string } }) => e.node).find((a: { text: string }) => a.text === question);
    expect(appeal).toBeDefined();
    const reply = await stack.t.gql(`mutation($id: ID!, $text: String!) { replyToAppeal(appealId: $id, text: $text) { id } }`, { id: appeal.id, text: answer }, staffToken);
    expect(reply.errors).toBeUndefined();

    await page.getByText(answer).first().waitFor({ timeout: 15_000 });
    expect(page.url()).toBe(urlBefore);
    await shots.take(page, 'real-appeals-live-reply');
    await expectNoSeriousA11yViolations(page);
  });

  step('6. changes the phone with the current password; a wrong one is refused next to the field', async () => {
    await page.goto(`${base}/settings`);
    const phone = page.getByLabel('Сотовый телефон', { exact: false });
    const current = page.getByLabel('Для сохранения изменений введите текущий пароль', { exact: false });

    await phone.fill('+7(921)765-4321');
    await current.fill('not-my-password');
    await page.getByRole('button', { name: 'ИЗМЕНИТЬ ИНФОРМАЦИЮ' }).click();
    await page.locator('#field-currentPassword-error').waitFor();
    await shots.take(page, 'real-settings-wrong-password');
    let [row] = await sql<{ phone: string }>('SELECT phone FROM accounts WHERE number = ?', [DEMO.unregistered.number]);
    expect(row.phone).toBe('+79111234567');

    await page.getByLabel('Сотовый телефон', { exact: false }).fill('+7(921)765-4321');
    await page.getByLabel('Для сохранения изменений введите текущий пароль', { exact: false }).fill(password);
    await page.getByRole('button', { name: 'ИЗМЕНИТЬ ИНФОРМАЦИЮ' }).click();
    await page.getByText('Изменения сохранены').waitFor();
    expect(await page.locator('#field-currentPassword-error').count()).toBe(0);
    await shots.take(page, 'real-settings-saved');
    await expectNoSeriousA11yViolations(page);
    [row] = await sql<{ phone: string }>('SELECT phone FROM accounts WHERE number = ?', [DEMO.unregistered.number]);
    expect(row.phone).toBe('+79217654321');
  });

  step('7. downloads the payment document and pays by card through the sandbox gateway', async () => {
    await page.goto(`${base}/pay`);
    await shots.take(page, 'real-pay');
    await expectNoSeriousA11yViolations(page);
    const doc = await page.request.get(`${base}/pay/document`);
    expect(doc.status()).toBe(200);
    expect(doc.headers()['content-type']).toContain('application/pdf');
    expect((await doc.body()).subarray(0, 4).toString('latin1')).toBe('%PDF');

    await page.getByLabel('Оплатить:').fill('500');
    await Promise.all([
      page.waitForURL((url) => url.href.startsWith(`${stack.t.url}/sandbox-gateway/pay/`)),
      page.getByRole('button', { name: 'Оплата услуг с помощью банковской карты' }).click(),
    ]);
    await page.getByText('Лицевой счёт').waitFor();
    expect(await page.locator('body').innerText()).toContain(DEMO.unregistered.number);
    await shots.take(page, 'real-sandbox-gateway');
    await Promise.all([page.waitForURL((url) => url.href.startsWith(`${base}/pay/result`)), page.getByRole('button', { name: 'Оплатить' }).click()]);
    await page.getByText(/Платёж обрабатывается|Оплата прошла успешно/).first().waitFor();
    await shots.take(page, 'real-pay-result');

    // The sandbox's webhook credits the ledger with a card payment.
    const until = Date.now() + 10_000;
    let payments: { amount: string; external_id: string }[] = [];
    while (Date.now() < until) {
      payments = await sql(
        `SELECT l.amount, l.external_id FROM ledger_entries l JOIN accounts a ON a.id = l.account_id
          WHERE a.number = ? AND l.kind = 'PAYMENT' AND l.external_id LIKE 'card:%'`,
        [DEMO.unregistered.number],
      );
      if (payments.length) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(payments).toHaveLength(1);
    expect(Number(payments[0].amount)).toBe(-500);
    await page.goto(`${base}/ledger`);
    await page.locator('table.ledger').waitFor();
    const cardRow = page.locator('table.ledger tbody tr', { hasText: 'Оплата банковской картой' });
    expect(await cardRow.count()).toBe(1);
    expect(await cardRow.innerText()).toContain('500,00');
    await page.getByText(/Внесён аванс на сумму:?\s*3\s?390,64/).first().waitFor();
    await shots.take(page, 'real-ledger-after-payment');
  });

  step('8. signs out; protected pages go back to the sign-in page', async () => {
    await page.goto(`${base}/`);
    await Promise.all([page.waitForURL(`${base}/login`), page.getByRole('button', { name: 'ВЫХОД' }).first().click()]);
    expect((await context.cookies()).filter((c) => c.name.startsWith('kabinet_access') || c.name.startsWith('kabinet_refresh'))).toEqual([]);
    for (const route of ['/', '/meters', '/ledger', '/appeals', '/settings', '/pay']) {
      await page.goto(`${base}${route}`);
      expect(new URL(page.url()).pathname).toBe('/login');
    }
    await shots.take(page, 'real-signed-out');
    expect(pageErrors).toEqual([]);
  });
});
