/**
 * Several accounts under one sign-in (#15), the site's part, in a real browser against the REAL API (in-process,
 * fresh MySQL database, real SMTP, demo data, the API's clock on the 20th of the month):
 *
 * - Петрова (the demo sign-in, 100000000002, in debt) adds Иванов's account (123456789101, in advance, not
 *   registered) in «Настройка кабинета» with the activation code of its bill — a wrong code is refused at the
 *   account number, in the API's words;
 * - the main page lists «Мои лицевые счета» with each balance (debt / advance) and address;
 * - the header's switcher selects the other account: the address carries ?account=, the menu keeps it, the main
 *   page, the ledger (its reports and the payment document too) and the meters show that account and say so;
 *   the back button stays on it; another person's account is a clear 403, a malformed number a 400;
 * - appeals go to the account shown; a live reply to the other account's appeal is announced, not mixed in;
 * - both accounts paid at once (a split card payment) through the sandbox gateway: both balances change;
 * - the operator's account view lists the holder's other accounts; the audit log names the link;
 * - the new and changed pages fit 360 px and are axe-clean;
 * - «Отвязать» with its confirmation; then, without JavaScript, linking, the switcher (links), a ledger range
 *   and a meters form action keep the account, and unlinking; unlinking the account signed in with ends that
 *   sign-in.
 *
 * Needs the built site (`npm run build -w web`): skipped otherwise. Screenshots under artifacts/screenshots/accounts-*.
 */
import type { Page } from 'playwright-core';
import { expectNoSeriousA11yViolations, Screenshots, VIEWPORTS } from './support/browser';
import { layoutProblems } from './support/layout';
import { siteIsBuilt, type RealStack } from './support/real-stack';
import { orderedSteps } from './support/steps';
import { browserSuite } from './support/suite';
import { DEMO } from '../../server/src/seed/demo-data';
import { pdfText } from '../../server/test/documents/pdf-text';

const built = siteIsBuilt();
if (!built) console.warn('web/build is missing (npm run build -w web): the accounts browser tests are skipped.');
const describeIfBuilt = built ? describe : describe.skip;

const STEP_TIMEOUT = 90_000;
const { desktop: DESKTOP, phone: PHONE } = VIEWPORTS;

/** The person: the demo sign-in. */
const PERSON = { number: DEMO.registered.number, password: DEMO.registered.password, email: 'anna.petrova@example.ru', street: 'ул. Зиновьева' };
/** The account added: the seed's bill, not registered. */
const SECOND = { number: DEMO.unregistered.number, code: DEMO.unregistered.activationCode, street: 'ул. Ленина' };

/** "2890.64" → a pattern of "2 890,64" as the site writes money. */
function moneyPattern(value: number): string {
  const [int, frac] = value.toFixed(2).split('.');
  return `${int.replace(/\B(?=(\d{3})+(?!\d))/g, '\\s?')},${frac}`;
}

describeIfBuilt('several accounts under one sign-in (#15) on the real API', () => {
  const suite = browserSuite();
  let stack: RealStack;
  let base: string;

  beforeAll(() => {
    ({ stack, base } = suite);
  });

  const sql = <T = any>(query: string, params: unknown[] = []): Promise<T[]> => stack.t.database.db.query(query, params);

  /** The ledger's balance of an account: positive a debt, negative an advance. */
  async function balanceOf(number: string): Promise<number> {
    const [{ balance }] = await sql<{ balance: string }>('SELECT COALESCE(SUM(l.amount), 0) AS balance FROM ledger_entries l JOIN accounts a ON a.id = l.account_id WHERE a.number = ?', [number]);
    return Number(balance);
  }

  async function holderOf(number: string): Promise<number | null> {
    const [row] = await sql<{ subscriber_id: number | null }>('SELECT subscriber_id FROM accounts WHERE number = ?', [number]);
    return row.subscriber_id === null ? null : Number(row.subscriber_id);
  }

  async function signIn(page: Page, number = PERSON.number): Promise<void> {
    await page.goto(`${base}/login`);
    await page.getByLabel('Лицевой счет').fill(number);
    await page.getByLabel('Пароль').fill(PERSON.password);
    await Promise.all([page.waitForURL((url) => url.pathname !== '/login'), page.getByRole('button', { name: 'ВОЙТИ' }).click()]);
  }

  async function signInOperator(page: Page): Promise<void> {
    await page.goto(`${base}/staff/login`);
    await page.getByLabel('Имя пользователя').fill(DEMO.operator.username);
    await page.getByLabel('Пароль').fill(DEMO.operator.password);
    await Promise.all([page.waitForURL((url) => url.pathname === '/staff'), page.getByRole('button', { name: 'Войти' }).click()]);
  }

  async function token(number: string, password: string): Promise<string> {
    const res = await stack.t.gql(`mutation($n: String!, $p: String!) { login(accountNumber: $n, password: $p) { accessToken } }`, { n: number, p: password });
    expect(res.errors).toBeUndefined();
    return res.data.login.accessToken;
  }

  async function operatorToken(): Promise<string> {
    const res = await stack.t.gql(`mutation($u: String!, $p: String!) { staffLogin(username: $u, password: $p) { accessToken } }`, {
      u: DEMO.operator.username,
      p: DEMO.operator.password,
    });
    expect(res.errors).toBeUndefined();
    return res.data.staffLogin.accessToken;
  }

  /** Nothing wider than the screen, nothing sticking out; axe finds nothing serious. */
  async function expectFitsAndAccessible(page: Page, label: string, problems: string[]): Promise<void> {
    await page.waitForLoadState('load');
    problems.push(...(await layoutProblems(page)).map((p) => `${label}: ${p}`));
    try {
      await expectNoSeriousA11yViolations(page);
    } catch (error) {
      problems.push(`${label}: ${(error as Error).message}`);
    }
  }

  /** «Сменить» in the header, then the account's link. */
  async function switchTo(page: Page, number: string): Promise<void> {
    await page.locator('header details.switcher summary').click();
    const target = page.locator('header .switcher-list a', { hasText: number });
    await target.waitFor();
    await Promise.all([page.waitForURL((url) => url.searchParams.get('account') === number || (number === PERSON.number && !url.searchParams.has('account'))), target.click()]);
  }

  describe('with JavaScript', () => {
    let page: Page;
    let shots: Screenshots;
    let personId = 0;
    const steps = orderedSteps({ page: () => page, shots: () => shots, prefix: 'accounts-failed', timeout: STEP_TIMEOUT });
    const { step } = steps;

    beforeAll(async () => {
      page = await suite.newPage({ viewport: DESKTOP });
      shots = new Screenshots('accounts-js');
      personId = (await holderOf(PERSON.number))!;
    });

    afterAll(() => {
      if (steps.failed) console.log(`site log:\n${stack.siteLog()}`);
    });

    step('1. one account: the main page as before, with a discreet «Добавить лицевой счёт» into settings', async () => {
      await signIn(page);
      await page.goto(`${base}/`);
      await page.getByRole('heading', { name: `Лицевой счет ${PERSON.number}` }).waitFor();
      expect(await page.getByRole('heading', { name: 'Мои лицевые счета' }).count()).toBe(0);
      expect(await page.locator('header details.switcher').count()).toBe(0);
      await Promise.all([page.waitForURL((url) => url.pathname === '/settings'), page.getByRole('link', { name: 'Добавить лицевой счёт' }).click()]);
      await page.getByRole('heading', { name: 'Добавить лицевой счёт' }).waitFor();
    });

    step('2. «Добавить лицевой счёт»: a wrong code is refused at the number in the API’s words; the bill’s code adds it', async () => {
      const form = page.getByRole('region', { name: 'Добавить лицевой счёт' });
      await form.getByLabel('Номер лицевого счёта').fill('1234 5678 9101');
      await form.getByLabel('Код активации из квитанции').fill('0000-0000-0000');
      await form.getByRole('button', { name: 'ДОБАВИТЬ ЛИЦЕВОЙ СЧЁТ' }).click();
      const refused = page.locator('#link-accountNumber-error');
      await refused.waitFor({ timeout: 30_000 });
      expect(await refused.innerText()).toContain('указаны неверно');
      expect(await page.locator('#link-accountNumber').getAttribute('aria-invalid')).toBe('true');
      expect(await holderOf(SECOND.number)).toBeNull();
      await shots.take(page, 'link-refused');
      await expectNoSeriousA11yViolations(page);

      await form.getByLabel('Код активации из квитанции').fill(SECOND.code);
      await form.getByRole('button', { name: 'ДОБАВИТЬ ЛИЦЕВОЙ СЧЁТ' }).click();
      await page.getByRole('status').filter({ hasText: `Лицевой счёт ${SECOND.number} добавлен` }).waitFor({ timeout: 30_000 });
      expect(await holderOf(SECOND.number)).toBe(personId);
      // The list of accounts now has both, each with «Отвязать».
      const list = page.getByRole('region', { name: 'Лицевые счета' });
      await list.getByText(SECOND.street).waitFor();
      expect(await list.getByRole('link', { name: /^Отвязать/ }).count()).toBe(2);
      await stack.t.smtp.waitFor(PERSON.email, (m) => m.text.includes(SECOND.number));
      await shots.take(page, 'linked');
      await expectNoSeriousA11yViolations(page);
    });

    step('3. «Мои лицевые счета» on the main page: both accounts with their balances and addresses', async () => {
      await page.getByRole('link', { name: 'ГЛАВНАЯ' }).click();
      const mine = page.getByRole('region', { name: 'Мои лицевые счета' });
      await mine.waitFor();
      const debt = await balanceOf(PERSON.number);
      const advance = -(await balanceOf(SECOND.number));
      expect(debt).toBeGreaterThan(1);
      expect(advance).toBeCloseTo(2890.64, 2);
      const person = mine.getByRole('link', { name: new RegExp(PERSON.number) });
      const second = mine.getByRole('link', { name: new RegExp(SECOND.number) });
      expect(await person.innerText()).toMatch(new RegExp(`${PERSON.street}[\\s\\S]*Задолженность:\\s*${moneyPattern(debt)}\\s*руб\\.`));
      expect(await second.innerText()).toMatch(new RegExp(`${SECOND.street}[\\s\\S]*Аванс:\\s*${moneyPattern(advance)}\\s*руб\\.`));
      expect(await person.getAttribute('aria-current')).toBe('true');
      await shots.take(page, 'main-accounts');
      // Each is a link that selects it.
      await Promise.all([page.waitForURL((url) => url.searchParams.get('account') === SECOND.number), second.click()]);
      await page.getByRole('heading', { name: `Лицевой счет ${SECOND.number}` }).waitFor();
      await page.goBack();
      await page.getByRole('heading', { name: `Лицевой счет ${PERSON.number}` }).waitFor();
    });

    step('4. the header’s switcher: ?account= in the address, kept by the menu; ledger, documents and meters of that account; back stays on it', async () => {
      await switchTo(page, SECOND.number);
      await page.getByRole('heading', { name: `Лицевой счет ${SECOND.number}` }).waitFor();
      expect(await page.locator('header details.switcher summary').innerText()).toContain(SECOND.number);
      await shots.take(page, 'switched');

      // The menu keeps the account: the ledger of the second one, which says so.
      await Promise.all([page.waitForURL((url) => url.pathname === '/ledger'), page.getByRole('navigation', { name: 'Главное меню' }).getByRole('link', { name: 'ЛИЦЕВОЙ СЧЕТ' }).click()]);
      expect(new URL(page.url()).searchParams.get('account')).toBe(SECOND.number);
      const note = page.locator('main .account-note');
      expect(await note.innerText()).toMatch(new RegExp(`${SECOND.number}[\\s\\S]*${SECOND.street}`));
      // Иванов is in advance, Петрова in debt: the totals are the second account's.
      await page.getByText('Итоговая сумма аванса:').waitFor();
      const [{ entries }] = await sql<{ entries: number }>('SELECT COUNT(*) AS entries FROM ledger_entries l JOIN accounts a ON a.id = l.account_id WHERE a.number = ?', [SECOND.number]);
      expect(await page.locator('table.ledger tbody tr').count()).toBe(Math.min(Number(entries), 20));
      await shots.take(page, 'ledger-second');
      await expectNoSeriousA11yViolations(page);

      // Its reports and its payment document, through the site: the second account's.
      const pdfHref = await page.getByRole('link', { name: 'Скачать PDF' }).getAttribute('href');
      expect(pdfHref).toContain(`account=${SECOND.number}`);
      const csv = await page.request.get(`${base}/ledger/report.csv?account=${SECOND.number}`);
      expect(csv.status()).toBe(200);
      expect(csv.headers()['content-type']).toContain('text/csv');
      const document = await page.request.get(`${base}/pay/document?account=${SECOND.number}`);
      expect(document.headers()['content-type']).toBe('application/pdf');
      const documentText = (await pdfText(Buffer.from(await document.body()))).text.replace(/\s+/g, '');
      expect(documentText).toContain(SECOND.number);
      expect(documentText).not.toContain(PERSON.number);
      const own = (await pdfText(Buffer.from(await (await page.request.get(`${base}/pay/document`)).body()))).text.replace(/\s+/g, '');
      expect(own).toContain(PERSON.number);

      // Meters: the second account's («Сток гор.воды»; Петрова's are «Холодная вода» and «Горячая вода»).
      await Promise.all([page.waitForURL((url) => url.pathname === '/meters'), page.getByRole('navigation', { name: 'Главное меню' }).getByRole('link', { name: 'ПРИБОРЫ УЧЕТА' }).click()]);
      expect(new URL(page.url()).searchParams.get('account')).toBe(SECOND.number);
      await page.getByRole('row', { name: /Сток гор\.воды/ }).waitFor();
      expect(await page.getByRole('row', { name: /Горячая вода/ }).count()).toBe(0);
      expect(await page.locator('main .account-note').innerText()).toContain(SECOND.number);
      await Promise.all([page.waitForURL((url) => /^\/meters\/\d+$/.test(url.pathname)), page.getByRole('link', { name: 'История передачи показаний' }).first().click()]);
      expect(new URL(page.url()).searchParams.get('account')).toBe(SECOND.number);
      await page.getByRole('heading', { name: 'История передачи показаний' }).waitFor();
      await shots.take(page, 'meter-history-second');

      // The back button stays on the account.
      await page.goBack();
      await page.getByRole('row', { name: /Сток гор\.воды/ }).waitFor();
      await page.goBack();
      await page.getByText('Итоговая сумма аванса:').waitFor();
      expect(new URL(page.url()).searchParams.get('account')).toBe(SECOND.number);

      // And back to the account signed in with: no parameter.
      await switchTo(page, PERSON.number);
      expect(new URL(page.url()).pathname).toBe('/ledger');
      await page.getByText('Итоговая сумма задолженности:').waitFor();
    });

    step('5. another person’s account in the address is a clear 403 (the API’s words); a malformed number a 400', async () => {
      const foreign = await page.goto(`${base}/ledger?account=999999999999`);
      expect(foreign?.status()).toBe(403);
      await page.getByRole('heading', { name: 'Нет доступа' }).waitFor();
      await page.getByText('Можно открыть только свои лицевые счета').waitFor();
      await shots.take(page, 'forbidden');
      await expectNoSeriousA11yViolations(page);
      for (const path of ['/', '/meters', '/pay', '/appeals']) {
        const res = await page.request.get(`${base}${path}?account=999999999999`, { maxRedirects: 0 });
        expect([path, res.status()]).toEqual([path, 403]);
      }
      expect((await page.request.get(`${base}/ledger/report.csv?account=999999999999`)).status()).toBe(403);
      const malformed = await page.goto(`${base}/meters?account=12345`);
      expect(malformed?.status()).toBe(400);
      await page.getByRole('heading', { name: 'Неверный адрес страницы' }).waitFor();
      await page.getByText('состоит из 12 цифр').waitFor();
    });

    step('6. appeals go to the account shown; a live reply to the other account’s appeal is announced, not mixed in', async () => {
      await page.goto(`${base}/appeals?account=${SECOND.number}`);
      expect(await page.locator('main .account-note').innerText()).toContain(SECOND.number);
      const question = 'Прошу проверить показания прибора «Сток гор.воды» за прошлый месяц.';
      await page.getByLabel('Текст обращения').fill(question);
      await page.getByRole('button', { name: 'ОТПРАВИТЬ' }).click();
      await page.getByText('Обращение отправлено').waitFor();
      const [sent] = await sql<{ id: number; number: string }>('SELECT ap.id, a.number FROM appeals ap JOIN accounts a ON a.id = ap.account_id WHERE ap.text = ?', [question]);
      expect(sent.number).toBe(SECOND.number);
      await page.getByText('ответы приходят сразу').waitFor();
      await page.locator('ol.appeals').getByText(question).waitFor();

      // An appeal of Петрова's own account, answered while the page shows Иванов's.
      const personToken = await token(PERSON.number, PERSON.password);
      const other = await stack.t.gql(`mutation($t: String!) { createAppeal(input: { text: $t }) { id } }`, { t: 'Когда придёт квитанция за этот месяц?' }, personToken);
      expect(other.errors).toBeUndefined();
      const staff = await operatorToken();
      const reply = (appealId: string, text: string) => stack.t.gql(`mutation($id: ID!, $t: String!) { replyToAppeal(appealId: $id, text: $t) { id } }`, { id: appealId, t: text }, staff);
      expect((await reply(other.data.createAppeal.id, 'Квитанция придёт до 5-го числа.')).errors).toBeUndefined();
      const toast = page.locator('.toast');
      await toast.getByText(`по лицевому счёту ${PERSON.number}`).waitFor();
      expect(await toast.getByRole('link', { name: 'Открыть обращения этого счёта' }).getAttribute('href')).toBe('/appeals');
      expect(await page.locator('ol.appeals').getByText('Квитанция придёт до 5-го числа.').count()).toBe(0);
      await shots.take(page, 'appeals-other-account-reply');
      // Not marked read for Петрова's account: this page shows Иванов's.
      const unread = await stack.t.gql(`{ me { unreadReplyCount } }`, {}, personToken);
      expect(unread.data.me.unreadReplyCount).toBe(1);

      // A reply to this account's appeal comes into the list.
      expect((await reply(String(sent.id), 'Показания проверили: всё верно.')).errors).toBeUndefined();
      await page.locator('ol.appeals').getByText('Показания проверили: всё верно.').waitFor();
      await expectNoSeriousA11yViolations(page);
    });

    step('7. both accounts paid at once: one card payment split over them, both balances change', async () => {
      const debt = await balanceOf(PERSON.number);
      const advance = -(await balanceOf(SECOND.number));
      await page.goto(`${base}/pay?account=${SECOND.number}`);
      expect(await page.locator('main .account-note').innerText()).toContain(SECOND.number);
      const split = page.getByRole('region', { name: 'Оплатить несколько лицевых счетов сразу' });
      const personField = split.getByLabel(`Лицевой счёт ${PERSON.number}`);
      const secondField = split.getByLabel(`Лицевой счёт ${SECOND.number}`);
      // Prefilled with what each owes: Петрова's debt, nothing for the account in advance.
      expect(await personField.inputValue()).toBe(debt.toFixed(2).replace('.', ','));
      expect(await secondField.inputValue()).toBe('');
      await secondField.fill('100');
      await split.getByText(new RegExp(`Итого одним платежом:\\s*${moneyPattern(debt + 100)}\\s*руб\\.`)).waitFor();
      await shots.take(page, 'pay-split');
      await expectNoSeriousA11yViolations(page);

      await Promise.all([
        page.waitForURL((url) => url.href.startsWith(`${stack.t.url}/sandbox-gateway/pay/`)),
        split.getByRole('button', { name: 'Оплатить картой одним платежом' }).click(),
      ]);
      // One gateway payment, for the sum.
      await page.getByText(new RegExp(`${moneyPattern(debt + 100)}\\s*₽`)).first().waitFor();
      await Promise.all([page.waitForURL((url) => url.href.startsWith(`${base}/pay/result`)), page.getByRole('button', { name: 'Оплатить' }).click()]);
      await page.getByText('Оплата прошла успешно').waitFor({ timeout: 30_000 });
      const result = await page.locator('section.result').innerText();
      expect(result).toMatch(new RegExp(`${PERSON.number}:\\s*${moneyPattern(debt)}\\s*руб\\.`));
      expect(result).toMatch(new RegExp(`${SECOND.number}:\\s*100,00\\s*руб\\.`));
      await shots.take(page, 'pay-result');

      // One payment line per account; the main page shows both balances changed.
      expect(await balanceOf(PERSON.number)).toBeCloseTo(0, 2);
      expect(await balanceOf(SECOND.number)).toBeCloseTo(-(advance + 100), 2);
      await page.goto(`${base}/`);
      const mine = page.getByRole('region', { name: 'Мои лицевые счета' });
      expect(await mine.getByRole('link', { name: new RegExp(PERSON.number) }).innerText()).toMatch(/Задолженности нет/);
      expect(await mine.getByRole('link', { name: new RegExp(SECOND.number) }).innerText()).toMatch(new RegExp(`Аванс:\\s*${moneyPattern(advance + 100)}\\s*руб\\.`));
    });

    step('8. the operator’s account view lists the holder’s other accounts; the audit log names the link', async () => {
      const staff = await suite.newPage({ viewport: DESKTOP });
      await signInOperator(staff);
      await staff.goto(`${base}/staff/accounts/${PERSON.number}`);
      const holder = staff.getByRole('region', { name: 'Другие лицевые счета абонента' });
      await holder.getByText(SECOND.street).waitFor();
      await Promise.all([staff.waitForURL(`${base}/staff/accounts/${SECOND.number}`), holder.getByRole('link', { name: new RegExp(SECOND.number) }).click()]);
      await staff.getByRole('heading', { name: `Лицевой счет ${SECOND.number}` }).waitFor();
      await staff.getByRole('region', { name: 'Другие лицевые счета абонента' }).getByRole('link', { name: new RegExp(PERSON.number) }).waitFor();
      await expectNoSeriousA11yViolations(staff);
      await staff.goto(`${base}/staff/audit`);
      await staff.getByText('Лицевой счёт добавлен в кабинет абонента').first().waitFor();
      await staff.context().close();
    });

    step('9. the new and changed pages fit 360 px and are axe-clean', async () => {
      const phone = await suite.newPage({ viewport: PHONE });
      const problems: string[] = [];
      const phoneShots = new Screenshots('accounts-360');
      await signIn(phone);
      const [meter] = await sql<{ id: number }>('SELECT m.id FROM meters m JOIN accounts a ON a.id = m.account_id WHERE a.number = ? ORDER BY m.id LIMIT 1', [SECOND.number]);
      for (const path of [
        '/',
        `/?account=${SECOND.number}`,
        `/meters?account=${SECOND.number}`,
        `/meters/${meter.id}?account=${SECOND.number}`,
        `/ledger?account=${SECOND.number}`,
        `/appeals?account=${SECOND.number}`,
        `/pay?account=${SECOND.number}`,
        '/settings',
        `/settings?unlink=${SECOND.number}`,
        '/ledger?account=999999999999',
      ]) {
        await phone.goto(`${base}${path}`);
        await expectFitsAndAccessible(phone, path, problems);
        await phoneShots.take(phone, path);
      }
      // The switcher open.
      await phone.goto(`${base}/ledger?account=${SECOND.number}`);
      await phone.locator('header details.switcher summary').click();
      await phone.locator('header .switcher-list').waitFor();
      await expectFitsAndAccessible(phone, 'switcher open', problems);
      await phoneShots.take(phone, 'switcher-open');
      // A refused split payment: the API's words next to the account.
      await phone.goto(`${base}/pay`);
      const split = phone.getByRole('region', { name: 'Оплатить несколько лицевых счетов сразу' });
      // (The total must pass first: 5,50; then the share below 1,00 is refused at its account.)
      await split.getByLabel(`Лицевой счёт ${PERSON.number}`).fill('5');
      await split.getByLabel(`Лицевой счёт ${SECOND.number}`).fill('0,5');
      await split.getByRole('button', { name: 'Оплатить картой одним платежом' }).click();
      const refused = phone.locator(`#split-error-${SECOND.number}`);
      await refused.waitFor();
      expect(await refused.innerText()).toMatch(/Сумма должна быть/);
      await expectFitsAndAccessible(phone, '/pay (split refused)', problems);
      await phoneShots.take(phone, 'pay-split-refused');
      // The operator's account view.
      const staff = await suite.newPage({ viewport: PHONE });
      await signInOperator(staff);
      await staff.goto(`${base}/staff/accounts/${PERSON.number}`);
      await expectFitsAndAccessible(staff, '/staff/accounts/…', problems);
      await phoneShots.take(staff, 'staff-account');
      await phone.context().close();
      await staff.context().close();
      expect(problems).toEqual([]);
    });

    step('10. «Отвязать» asks first; confirmed, the account leaves the list and the main page is as for one account', async () => {
      await page.goto(`${base}/settings?account=${SECOND.number}`);
      const list = page.getByRole('region', { name: 'Лицевые счета' });
      await list.getByRole('link', { name: `Отвязать лицевой счёт ${SECOND.number}` }).click();
      const confirm = page.getByRole('alertdialog', { name: `Отвязать лицевой счёт ${SECOND.number}?` });
      await confirm.waitFor();
      // Nothing happens before the confirmation.
      expect(await holderOf(SECOND.number)).toBe(personId);
      await page.waitForFunction(() => document.activeElement?.id === 'unlink-confirm-title');
      await shots.take(page, 'unlink-confirm');
      await expectNoSeriousA11yViolations(page);
      await Promise.all([
        page.waitForURL((url) => url.searchParams.get('unlinked') === SECOND.number),
        confirm.getByRole('button', { name: 'Да, отвязать' }).click(),
      ]);
      // The account shown was the one unlinked: the address no longer names it.
      expect(new URL(page.url()).searchParams.get('account')).toBeNull();
      await page.getByRole('status').filter({ hasText: `Лицевой счёт ${SECOND.number} отвязан` }).waitFor();
      expect(await holderOf(SECOND.number)).toBeNull();
      expect(await list.getByRole('link', { name: /^Отвязать/ }).count()).toBe(0);
      expect(await page.locator('header details.switcher').count()).toBe(0);
      await page.getByRole('link', { name: 'ГЛАВНАЯ' }).click();
      await page.getByRole('heading', { name: `Лицевой счет ${PERSON.number}` }).waitFor();
      expect(await page.getByRole('heading', { name: 'Мои лицевые счета' }).count()).toBe(0);
    });
  });

  test('without JavaScript: linking by code, the switcher’s links, a ledger range and a meters form keep the account, unlinking', async () => {
    const shots = new Screenshots('accounts-no-js');
    const page = await suite.newPage({ javaScriptEnabled: false, viewport: PHONE });
    await suite.onPage(page, shots, async () => {
      await signIn(page);
      await page.goto(`${base}/settings`);
      const form = page.getByRole('region', { name: 'Добавить лицевой счёт' });
      await form.getByLabel('Номер лицевого счёта').fill(SECOND.number);
      await form.getByRole('button', { name: 'ДОБАВИТЬ ЛИЦЕВОЙ СЧЁТ' }).click();
      // Neither a code nor a password: the API's words at the code.
      await page.locator('#link-activationCode-error').waitFor();
      expect(await form.getByLabel('Номер лицевого счёта').inputValue()).toBe(SECOND.number);
      await form.getByLabel('Код активации из квитанции').fill(SECOND.code);
      await form.getByRole('button', { name: 'ДОБАВИТЬ ЛИЦЕВОЙ СЧЁТ' }).click();
      await page.getByRole('status').filter({ hasText: `Лицевой счёт ${SECOND.number} добавлен` }).waitFor();
      await shots.take(page, 'linked');

      // The switcher: a disclosure of links, no script needed.
      await page.goto(`${base}/`);
      await page.locator('header details.switcher summary').click();
      await Promise.all([page.waitForURL((url) => url.searchParams.get('account') === SECOND.number), page.locator('header .switcher-list a', { hasText: SECOND.number }).click()]);
      await page.getByRole('heading', { name: `Лицевой счет ${SECOND.number}` }).waitFor();
      await shots.take(page, 'switched');

      // A ledger range (a GET form) keeps the account.
      await page.goto(`${base}/ledger?account=${SECOND.number}`);
      const today = new Date(stack.now.getTime() + 3 * 3600_000).toISOString().slice(0, 10);
      await page.getByLabel('С', { exact: true }).fill(`${Number(today.slice(0, 4)) - 1}-01-01`);
      await page.getByLabel('По', { exact: true }).fill(today);
      await page.getByRole('button', { name: 'Отобразить' }).click();
      await page.waitForURL((url) => url.searchParams.has('from'));
      expect(new URL(page.url()).searchParams.get('account')).toBe(SECOND.number);
      await page.getByText('Итоговая сумма аванса:').waitFor();

      // A meters form action keeps it too («ВВЕСТИ» is a round trip without JavaScript).
      await page.getByRole('navigation', { name: 'Главное меню' }).getByRole('link', { name: 'ПРИБОРЫ УЧЕТА' }).click();
      await page.getByRole('button', { name: 'ВВЕСТИ' }).click();
      await page.getByLabel('Текущие показания: Сток гор.воды', { exact: false }).waitFor();
      expect(new URL(page.url()).searchParams.get('account')).toBe(SECOND.number);
      await shots.take(page, 'meters-entering');

      // «Отвязать», confirmed.
      await page.goto(`${base}/settings?account=${SECOND.number}`);
      await page.getByRole('link', { name: `Отвязать лицевой счёт ${SECOND.number}` }).click();
      await page.getByRole('alertdialog').getByRole('button', { name: 'Да, отвязать' }).click();
      await page.getByRole('status').filter({ hasText: `Лицевой счёт ${SECOND.number} отвязан` }).waitFor();
      expect(await holderOf(SECOND.number)).toBeNull();
      expect(await page.locator('header details.switcher').count()).toBe(0);
    });
  }, 120_000);

  test('unlinking the account signed in with ends that sign-in: back to the sign-in page, which says why', async () => {
    const shots = new Screenshots('accounts-unlink-signed-in');
    // Linked again (through the API), then signed in with its number and the person's password.
    const personToken = await token(PERSON.number, PERSON.password);
    const linked = await stack.t.gql(
      `mutation($i: LinkAccountInput!) { linkAccount(input: $i) { number } }`,
      { i: { accountNumber: SECOND.number, activationCode: SECOND.code } },
      personToken,
    );
    expect(linked.errors).toBeUndefined();
    const page = await suite.newPage({ viewport: DESKTOP });
    await suite.onPage(page, shots, async () => {
      await signIn(page, SECOND.number);
      await page.getByRole('heading', { name: `Лицевой счет ${SECOND.number}` }).waitFor();
      await page.goto(`${base}/settings?unlink=${SECOND.number}`);
      const confirm = page.getByRole('alertdialog');
      await confirm.getByText('Вы вошли по номеру этого счёта').waitFor();
      await Promise.all([page.waitForURL((url) => url.pathname === '/login'), confirm.getByRole('button', { name: 'Да, отвязать' }).click()]);
      await page.getByText(`Лицевой счёт ${SECOND.number} отвязан, и вход по его номеру завершён`).waitFor();
      const names = (await page.context().cookies()).map((c) => c.name);
      expect(names).not.toContain('kabinet_access');
      expect(names).not.toContain('kabinet_refresh');
      expect(await holderOf(SECOND.number)).toBeNull();
      await shots.take(page, 'login');
      await expectNoSeriousA11yViolations(page);
      // The person signs in with the other number.
      await signIn(page);
      await page.getByRole('heading', { name: `Лицевой счет ${PERSON.number}` }).waitFor();
    });
  }, 90_000);
});
