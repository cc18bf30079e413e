/**
 * Billing issue #11 in a real browser against the REAL API (in-process, fresh MySQL database, demo data
 * produced by the product's own month close, the API's clock on the 20th of the month):
 *
 * - a subscriber typing 99 999 for a meter gets a confirmation step, corrects, confirms, and the reading
 *   is stored flagged; without JavaScript a counter roll-over goes through the same step;
 * - the operator accepting a flagged reading is asked to confirm first (the key «a» twice);
 * - a meter replacement recorded from the staff account view shows the new meter (a final reading below
 *   the last accepted one is refused at its field first); owners are set next to residents;
 * - «Оплатить» for the account in advance shows «К оплате: 0,00» and the advance; an amount the API does
 *   not take is refused at the field; printing with 1 500 typed gives a document (and QR) for 1 500,00;
 * - the close screen offers only the next month, cannot close the current one, shows a refusal of a sent
 *   close at the field, and, once the month is over, closes it after the confirmation step (last: it
 *   closes the month the other tests write into).
 *
 * Tests are independent of one another (each has its own browser context and its own data), one stack.
 * Needs the built site (`npm run build -w web`): skipped otherwise. Screenshots under
 * artifacts/screenshots/billing-*.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import jsQR from 'jsqr';
import { expectNoSeriousA11yViolations, Screenshots, VIEWPORTS } from './support/browser';
import { siteIsBuilt, type RealStack } from './support/real-stack';
import { browserSuite } from './support/suite';
import { DEMO } from '../../server/src/seed/demo-data';
import { pdfText, squash } from '../../server/test/documents/pdf-text';
import { extractImages } from '../../server/test/documents/pdf-images';

const built = siteIsBuilt();
if (!built) console.warn('web/build is missing (npm run build -w web): the billing browser tests are skipped.');
const describeIfBuilt = built ? describe : describe.skip;

const TEST_TIMEOUT = 90_000;
const { desktop: DESKTOP, phone: PHONE } = VIEWPORTS;

describeIfBuilt('billing (#11) on the real API', () => {
  const suite = browserSuite();
  const { onPage } = suite;
  const newPage = (javaScriptEnabled = true, viewport: { width: number; height: number } = DESKTOP) => suite.newPage({ javaScriptEnabled, viewport });
  let stack: RealStack;
  let base: string;

  beforeAll(() => {
    ({ stack, base } = suite);
  });

  const sql = <T = any>(query: string, params: unknown[] = []): Promise<T[]> => stack.t.database.db.query(query, params);

  /** The API's clock as the demo data left it: the 20th of the month (Moscow), inside the readings window. */
  const moscowDay = (at: Date) => new Date(at.getTime() + 3 * 3600_000).toISOString().slice(0, 10);
  const currentPeriod = () => moscowDay(stack.now).slice(0, 7);
  const previousPeriodOf = (period: string) => {
    const [y, m] = period.split('-').map(Number);
    return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
  };
  const nextPeriodOf = (period: string) => {
    const [y, m] = period.split('-').map(Number);
    return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
  };
  const MONTHS = ['Январь', 'Февраль', 'Март', 'Апрель', 'Май', 'Июнь', 'Июль', 'Август', 'Сентябрь', 'Октябрь', 'Ноябрь', 'Декабрь'];
  const title = (period: string) => `${MONTHS[Number(period.slice(5, 7)) - 1]} ${period.slice(0, 4)}`;

  /** Nothing wider than the screen (360 px phones). */
  async function expectNoOverflow(page: Page): Promise<void> {
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  }

  async function signInSubscriber(page: Page, number: string, password: string): Promise<void> {
    await page.goto(`${base}/login`);
    await page.getByLabel('Лицевой счет').fill(number);
    await page.getByLabel('Пароль').fill(password);
    await Promise.all([page.waitForURL((url) => url.pathname !== '/login'), page.getByRole('button', { name: 'ВОЙТИ' }).click()]);
  }

  async function signInOperator(page: Page): Promise<void> {
    await page.goto(`${base}/staff/login`);
    await page.getByLabel('Имя пользователя').fill(DEMO.operator.username);
    await page.getByLabel('Пароль').fill(DEMO.operator.password);
    await Promise.all([page.waitForURL((url) => url.pathname === '/staff'), page.getByRole('button', { name: 'Войти' }).click()]);
  }

  async function operatorToken(): Promise<string> {
    const res = await stack.t.gql(`mutation($u: String!, $p: String!) { staffLogin(username: $u, password: $p) { accessToken } }`, {
      u: DEMO.operator.username,
      p: DEMO.operator.password,
    });
    expect(res.errors).toBeUndefined();
    return res.data.staffLogin.accessToken;
  }

  async function meterOf(accountNumber: string, meterTitle: string): Promise<{ id: string; serial: string }> {
    const [row] = await sql<{ id: number; serial_number: string }>(
      `SELECT m.id, m.serial_number FROM meters m JOIN accounts a ON a.id = m.account_id
        WHERE a.number = ? AND m.title = ? AND m.removed_on IS NULL`,
      [accountNumber, meterTitle],
    );
    expect(row).toBeDefined();
    return { id: String(row.id), serial: row.serial_number };
  }

  test('a subscriber typing 99 999 is asked to confirm; «Исправить» keeps the value; confirmed, it is stored flagged', async () => {
    const shots = new Screenshots('billing-readings-confirm');
    const page = await newPage();
    const cold = await meterOf(DEMO.registered.number, 'Холодная вода');
    const stored = () => sql<{ value: string; status: string; flagged: number }>('SELECT value, status, flagged FROM readings WHERE meter_id = ? AND period = ?', [cold.id, currentPeriod()]);
    await onPage(page, shots, async () => {
      await signInSubscriber(page, DEMO.registered.number, DEMO.registered.password);
      await page.goto(`${base}/meters`);
      await page.getByRole('button', { name: 'ВВЕСТИ' }).click();
      const input = page.getByLabel('Текущие показания: Холодная вода', { exact: false });
      await input.fill('99999');
      await page.getByRole('button', { name: 'ПЕРЕДАТЬ ПОКАЗАНИЯ' }).click();

      const step = page.getByRole('alertdialog', { name: 'Проверьте показания перед передачей' });
      await step.waitFor();
      const text = squash(await step.innerText());
      expect(text).toContain('Холодная вода');
      expect(text).toContain('000099999');
      expect(text).toContain('99875,1 м³');
      expect(text).toContain('намного больше обычного');
      await shots.take(page, 'confirmation');
      await expectNoSeriousA11yViolations(page);
      // Nothing is stored before the subscriber confirms.
      expect(await stored()).toEqual([]);

      // «Исправить»: back to the inputs, with the value as typed.
      await page.getByRole('button', { name: 'Исправить' }).click();
      await expect(input.inputValue()).resolves.toBe('99999');
      expect(await step.count()).toBe(0);

      await page.getByRole('button', { name: 'ПЕРЕДАТЬ ПОКАЗАНИЯ' }).click();
      await step.waitFor();
      await page.getByRole('button', { name: 'Да, всё верно — передать' }).click();
      await page.getByText('Спасибо, данные приняты').waitFor();
      await shots.take(page, 'sent');
      const rows = await stored();
      expect(rows.map((r) => [Number(r.value), r.status, Number(r.flagged)])).toEqual([[99999, 'PENDING', 1]]);
    });
  }, TEST_TIMEOUT);

  test('without JavaScript, a counter roll-over (99 999,999 → 0) goes through the confirmation step too', async () => {
    const shots = new Screenshots('billing-readings-rollover-no-js');
    const page = await newPage(false, PHONE);
    const hot = await meterOf(DEMO.registered.number, 'Горячая вода');
    // The last accepted reading close to the end of the counter: 99 995,5.
    await sql(`UPDATE readings SET value = 99995.5 WHERE meter_id = ? AND period = ? AND status = 'ACCEPTED'`, [hot.id, previousPeriodOf(currentPeriod())]);
    await onPage(page, shots, async () => {
      await signInSubscriber(page, DEMO.registered.number, DEMO.registered.password);
      await page.goto(`${base}/meters`);
      await page.getByRole('button', { name: 'ВВЕСТИ' }).click();
      const input = page.getByLabel('Текущие показания: Горячая вода', { exact: false });
      await input.fill('3');
      await page.getByRole('button', { name: 'ПЕРЕДАТЬ ПОКАЗАНИЯ' }).click();

      const step = page.getByRole('alertdialog', { name: 'Проверьте показания перед передачей' });
      await step.waitFor();
      const text = squash(await step.innerText());
      expect(text).toContain('Горячая вода');
      expect(text).toContain('счётчик прошёл 99 999,999 и начал с нуля');
      expect(text).toContain('7,5 м³');
      await shots.take(page, 'confirmation');
      await expectNoOverflow(page);

      await page.getByRole('button', { name: 'Исправить' }).click();
      await expect(input.inputValue()).resolves.toBe('3');
      await page.getByRole('button', { name: 'ПЕРЕДАТЬ ПОКАЗАНИЯ' }).click();
      await step.waitFor();
      await page.getByRole('button', { name: 'Да, всё верно — передать' }).click();
      await page.getByText('Спасибо, данные приняты').waitFor();
      const rows = await sql<{ value: string; consumption: string; flagged: number; rollover: number }>(
        `SELECT value, consumption, flagged, rollover FROM readings WHERE meter_id = ? AND period = ? AND status = 'PENDING'`,
        [hot.id, currentPeriod()],
      );
      expect(rows.map((r) => [Number(r.value), Number(r.consumption), Number(r.flagged), Number(r.rollover)])).toEqual([[3, 7.5, 1, 1]]);
    });
  }, TEST_TIMEOUT);

  test('the operator accepting a flagged reading is asked to confirm first («a», then «a» again)', async () => {
    const shots = new Screenshots('billing-flagged-review');
    const page = await newPage();
    const cold = await meterOf(DEMO.unregistered.number, 'Холодная вода');
    const token = await operatorToken();
    // 405 → 460: 55 m³ in a month, far above the usual 30.
    const sent = await stack.t.gql(`mutation($r: [ReadingInput!]!) { submitReadings(readings: $r) { id flagged } }`, { r: [{ meterId: cold.id, value: '460' }] }, token);
    expect(sent.errors).toBeUndefined();
    const { id, flagged } = sent.data.submitReadings[0];
    expect(flagged).toBe(true);
    const status = async () => (await sql<{ status: string }>('SELECT status FROM readings WHERE id = ?', [id]))[0].status;

    await onPage(page, shots, async () => {
      await signInOperator(page);
      const row = page.locator(`tr[data-reading-id="${id}"]`);
      await row.waitFor();
      expect(await row.innerText()).toContain('Большой расход');
      await row.focus();
      await page.keyboard.press('a');

      const question = row.getByText(/Расход 55 м³ намного больше обычного\. Принятое показание станет базой .* Принять\?/);
      await question.waitFor();
      await row.getByRole('button', { name: 'Да, принять' }).waitFor();
      // Asked, not accepted: the row keeps the focus, for «a» again.
      expect(await status()).toBe('PENDING');
      await page.waitForFunction((readingId) => document.activeElement?.getAttribute('data-reading-id') === readingId, id);
      await shots.take(page, 'question');
      await expectNoSeriousA11yViolations(page);

      await page.keyboard.press('a');
      await row.waitFor({ state: 'detached' });
      await page.getByText('Показание принято.').first().waitFor();
      expect(await status()).toBe('ACCEPTED');
    });

    // Without JavaScript: «Принять» brings the same question back with the page, «Да, принять» accepts.
    const other = await meterOf(DEMO.registered.number, 'Холодная вода');
    const second = await stack.t.gql(`mutation($r: [ReadingInput!]!) { submitReadings(readings: $r) { id flagged } }`, { r: [{ meterId: other.id, value: '170' }] }, token);
    expect(second.errors).toBeUndefined();
    const secondId: string = second.data.submitReadings[0].id;
    const noJs = await newPage(false);
    await onPage(noJs, shots, async () => {
      await signInOperator(noJs);
      const row = noJs.locator(`tr[data-reading-id="${secondId}"]`);
      await row.getByRole('button', { name: 'Принять', exact: true }).click();
      await row.getByText(/Расход 46,1 м³ намного больше обычного\. .* Принять\?/).waitFor();
      expect((await sql<{ status: string }>('SELECT status FROM readings WHERE id = ?', [secondId]))[0].status).toBe('PENDING');
      await noJs.locator(`tr[data-reading-id="${secondId}"]`).getByRole('button', { name: 'Да, принять' }).click();
      await noJs.getByText('Показание принято.').first().waitFor();
      expect(await noJs.locator(`tr[data-reading-id="${secondId}"]`).count()).toBe(0);
      expect((await sql<{ status: string }>('SELECT status FROM readings WHERE id = ?', [secondId]))[0].status).toBe('ACCEPTED');
    });
  }, TEST_TIMEOUT);

  test('a meter replacement recorded from the staff account view shows the new meter; owners are set next to residents', async () => {
    const shots = new Screenshots('billing-meter-replacement');
    const page = await newPage(true, PHONE);
    const old = await meterOf(DEMO.unregistered.number, 'Сток гор.воды');
    await onPage(page, shots, async () => {
      await signInOperator(page);
      await page.goto(`${base}/staff/accounts/${DEMO.unregistered.number}`);
      const ops = page.getByRole('group', { name: `Сток гор.воды, № ${old.serial}` });
      await ops.locator('summary', { hasText: 'Заменить прибор' }).click();
      await ops.getByLabel('Дата замены').fill(moscowDay(stack.now));
      // Below the last accepted reading (240): refused at its field.
      await ops.getByLabel('Конечное показание старого прибора').fill('200');
      await ops.getByLabel('Заводской номер нового прибора').fill('26-0000777');
      await ops.getByLabel('Начальное показание нового прибора').fill('0,5');
      // No verification date: the API's words at that field.
      await ops.getByRole('button', { name: 'Заменить прибор' }).click();
      const dueError = page.locator(`#replace-${old.id}-verificationDueOn-error`);
      await dueError.waitFor();
      expect(await dueError.innerText()).toContain('ГГГГ-ММ-ДД');
      await ops.getByLabel('Дата окончания поверки нового прибора').fill(`${Number(moscowDay(stack.now).slice(0, 4)) + 6}-12-01`);
      await ops.getByRole('button', { name: 'Заменить прибор' }).click();
      const finalError = page.locator(`#replace-${old.id}-finalReading-error`);
      await finalError.waitFor();
      expect(await finalError.innerText()).toContain('меньше последнего принятого');
      await expect(ops.getByLabel('Заводской номер нового прибора').inputValue()).resolves.toBe('26-0000777');
      await shots.take(page, 'refused');
      await expectNoOverflow(page);
      await expectNoSeriousA11yViolations(page);

      await ops.getByLabel('Конечное показание старого прибора').fill('241,5');
      await ops.getByRole('button', { name: 'Заменить прибор' }).click();
      await page.getByText('Прибор заменён').waitFor();
      const meters = page.locator('section[aria-labelledby="meters-title"] table');
      await meters.getByText('№ 26-0000777', { exact: false }).waitFor();
      expect(await meters.innerText()).not.toContain(old.serial);
      await shots.take(page, 'replaced');
      await expectNoSeriousA11yViolations(page);

      const [removed] = await sql<{ removed_on: string | null }>("SELECT DATE_FORMAT(removed_on, '%Y-%m-%d') AS removed_on FROM meters WHERE id = ?", [old.id]);
      expect(removed.removed_on).toBe(moscowDay(stack.now));
      const [installed] = await sql<{ initial_value: string }>('SELECT initial_value FROM meters WHERE serial_number = ?', ['26-0000777']);
      expect(Number(installed.initial_value)).toBe(0.5);

      // Residents and owners (the norm counts owners when nobody is registered).
      await page.getByLabel('Собственников').fill('2');
      await page.getByRole('button', { name: 'Сохранить' }).click();
      await page.getByText('Число проживающих и собственников сохранено.').waitFor();
      await page.getByText('Собственников: 2').waitFor();
      const [account] = await sql<{ owners: number }>('SELECT owners FROM accounts WHERE number = ?', [DEMO.unregistered.number]);
      expect(Number(account.owners)).toBe(2);
    });
  }, TEST_TIMEOUT);

  test('«Оплатить» for the account in advance: К оплате 0,00 and the advance; printing 1 500 gives a document for 1 500,00', async () => {
    const shots = new Screenshots('billing-pay-document');
    const email = 'ivan@poshta.ru';
    const registered = await stack.t.gql(`mutation($input: RegisterInput!) { register(input: $input) { accountNumber } }`, {
      input: {
        accountNumber: DEMO.unregistered.number,
        activationCode: DEMO.unregistered.activationCode,
        lastName: 'Иванов',
        firstName: 'Иван',
        middleName: 'Иванович',
        email,
        phone: '+7(911)123-4567',
        acceptTerms: true,
      },
    });
    expect(registered.errors).toBeUndefined();
    const mail = await stack.t.smtp.waitFor(email, (m) => /Пароль:/.test(m.text));
    const password = /Пароль:\s*(\S+)/.exec(mail.text)![1];

    const page = await newPage(true, PHONE);
    await onPage(page, shots, async () => {
      await signInSubscriber(page, DEMO.unregistered.number, password);
      await page.goto(`${base}/pay`);
      const total = page.locator('section.total');
      await total.waitFor();
      const text = squash(await total.innerText());
      expect(text).toContain('К оплате: 0,00 руб.');
      expect(text).toContain('Внесён аванс на сумму: 2 890,64 руб.');
      const amount = page.getByLabel('Оплатить:');
      await expect(amount.inputValue()).resolves.toBe('');
      await shots.take(page, 'pay');
      await expectNoOverflow(page);
      await expectNoSeriousA11yViolations(page);

      // An amount the API does not take: its message at the field, no document.
      await amount.fill('600 000');
      await page.getByRole('button', { name: 'Распечатать платежный документ для последующей оплаты' }).click();
      await page.locator('#amount-error').waitFor();
      expect(await page.locator('#amount-error').innerText()).toContain('500 000');
      await expect(amount.getAttribute('aria-invalid')).resolves.toBe('true');
      await shots.take(page, 'amount-refused');

      await amount.fill('1500');
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: 'Распечатать платежный документ для последующей оплаты' }).click(),
      ]);
      const pdf = readFileSync((await download.path())!);
      expect(pdf.subarray(0, 4).toString('latin1')).toBe('%PDF');
      const printed = squash((await pdfText(pdf)).text);
      expect(printed).toContain('1 500,00');
      const payloads = extractImages(pdf)
        .map((image) => jsQR(image.data, image.width, image.height)?.data)
        .filter((data): data is string => Boolean(data));
      expect(payloads.some((p) => p.startsWith('ST00012|') && p.includes('|Sum=150000|'))).toBe(true);
      // The page stays, usable.
      expect(new URL(page.url()).pathname).toBe('/pay');
      await page.getByRole('button', { name: 'Оплата услуг с помощью банковской карты' }).waitFor();
      expect(await page.getByRole('button', { name: 'Оплата услуг с помощью банковской карты' }).isEnabled()).toBe(true);

      // Without a typed amount the document asks what is owed: nothing (no Sum in the QR).
      const plain = await page.request.get(`${base}/pay/document`);
      expect(plain.status()).toBe(200);
      const plainPdf = await plain.body();
      const plainQr = extractImages(plainPdf)
        .map((image) => jsQR(image.data, image.width, image.height)?.data)
        .filter((data): data is string => Boolean(data));
      expect(plainQr.length).toBeGreaterThan(0);
      expect(plainQr.some((p) => p.includes('|Sum='))).toBe(false);

      // A link with an amount the API does not take leads back to «Оплатить», its message at the field.
      await page.goto(`${base}/pay/document?amount=0`);
      expect(new URL(page.url()).pathname).toBe('/pay');
      await page.locator('#amount-error').waitFor();
      expect(await page.locator('#amount-error').innerText()).toContain('500 000');
      await expect(page.getByLabel('Оплатить:').inputValue()).resolves.toBe('0');
    });

    // Without JavaScript: the same button, a form post answered with the file.
    const noJs = await newPage(false, PHONE);
    await onPage(noJs, shots, async () => {
      await signInSubscriber(noJs, DEMO.unregistered.number, password);
      await noJs.goto(`${base}/pay`);
      await noJs.getByLabel('Оплатить:').fill('1 500,00');
      const [download] = await Promise.all([
        noJs.waitForEvent('download'),
        noJs.getByRole('button', { name: 'Распечатать платежный документ для последующей оплаты' }).click(),
      ]);
      const printed = squash((await pdfText(readFileSync((await download.path())!))).text);
      expect(printed).toContain('1 500,00');
    });
  }, TEST_TIMEOUT);

  // Last: it closes the month the other tests write into.
  test('the close screen offers only the next month, cannot close the current one, refuses nothing silently, and closes a finished month after confirming', async () => {
    const shots = new Screenshots('billing-close');
    const page = await newPage();
    const current = currentPeriod();
    const last = previousPeriodOf(current);
    const closableFrom = `01.${nextPeriodOf(current).slice(5, 7)}.${nextPeriodOf(current).slice(0, 4)}`;
    await onPage(page, shots, async () => {
      await signInOperator(page);
      await page.goto(`${base}/staff/billing`);
      const state = page.locator('section[aria-labelledby="state-title"]');
      await state.waitFor();
      expect(squash(await state.innerText())).toMatch(new RegExp(`Последний закрытый месяц\\s*${title(last)}`));
      expect(squash(await state.innerText())).toMatch(new RegExp(`Следующий к закрытию\\s*${title(current)}`));
      // No free month picker; the current month cannot be closed, and the page says why and from when.
      expect(await page.locator('input[type="month"], input[name="period"]:not([type="hidden"])').count()).toBe(0);
      const reason = page.locator('#close-reason');
      await reason.waitFor();
      expect(squash(await reason.innerText())).toContain(`${title(current)} ещё не закончился: закрыть его можно с ${closableFrom}`);
      expect(await page.getByRole('button', { name: /^Закрыть/ }).count()).toBe(0);
      await shots.take(page, 'cannot-close');
      await expectNoSeriousA11yViolations(page);

      // A close of the current month sent anyway (a plain form post, as without JavaScript): the API's refusal at the field.
      await page.evaluate((period) => {
        const form = document.createElement('form');
        form.method = 'POST';
        form.action = '/staff/billing?/close';
        const input = document.createElement('input');
        input.type = 'hidden';
        input.name = 'period';
        input.value = period;
        form.append(input);
        document.body.append(form);
        form.submit();
      }, current);
      const refusal = page.locator('#period-error');
      await refusal.waitFor();
      expect(squash(await refusal.innerText())).toContain(`${title(current)} ещё не закончился`);
      expect(await sql('SELECT period FROM billing_periods WHERE period = ?', [current])).toEqual([]);
      await shots.take(page, 'refused');

      // The month is over: it can be closed now, after the confirmation step.
      stack.t.api.services.clock.set(`${nextPeriodOf(current)}-01T09:00:00+03:00`);
      try {
        await page.goto(`${base}/staff/billing`);
        const close = page.getByRole('button', { name: `Закрыть ${title(current).toLowerCase()}` });
        await close.click();
        await page.getByRole('heading', { name: `Закрыть ${title(current).toLowerCase()}?` }).waitFor();
        await shots.take(page, 'confirm');
        await page.getByRole('button', { name: 'Да, закрыть месяц' }).click();
        const result = page.locator('section.result');
        await result.waitFor({ timeout: 60_000 });
        const text = squash(await result.innerText());
        expect(text).toContain(`${title(current)}: месяц закрыт`);
        expect(text).toMatch(/Начислено абонентам\s*2/);
        expect(text).toContain('Оставлено импорту начислений (уже начислены загрузкой из биллинга) 0');
        expect(text).toMatch(/Сумма начислений и пени\s*[\d\s]+,\d{2}\s*руб\./);
        await shots.take(page, 'closed');
        await expectNoSeriousA11yViolations(page);
        const [closed] = await sql<{ status: string }>('SELECT status FROM billing_periods WHERE period = ?', [current]);
        expect(closed.status).toBe('CLOSED');
        // Next in line: the new current month, which is not over.
        expect(squash(await state.innerText())).toMatch(new RegExp(`Следующий к закрытию\\s*${title(nextPeriodOf(current))}`));
        expect(squash(await page.locator('#close-reason').innerText())).toContain(`${title(nextPeriodOf(current))} ещё не закончился`);
      } finally {
        stack.t.api.services.clock.set(stack.now.toISOString());
      }
    });
  }, 120_000);
});
