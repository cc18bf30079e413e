/**
 * The walk's findings of issue #14, each as a subscriber meets it, in a real browser against the REAL API
 * (in-process, fresh MySQL database, demo data, the API's clock on the 20th of the month):
 *
 * 1. «Сохранить логин» remembers the account number on that browser (after ВЫХОД the field comes filled in)
 *    and keeps the session 30 days; without it, nothing is remembered and the session ends with the browser;
 * 2. a used or made-up reset link is checked when the page opens: a clear message and a way to ask for a
 *    new link instead of the password form (a good link still shows the form);
 * 3. outside the readings window the meters page says when it opens, once, calmly, and offers nothing to
 *    type (no ВВЕСТИ / РАССЧИТАТЬ РАСХОД / ПЕРЕДАТЬ); a submit sent anyway gets no red copy of it;
 * 5. a reversed ledger range («С 20.11 По 01.10») says what is wrong, at the field;
 * 6. texts: the phone shown as its hint writes it (+7(921)555-0102), «Изменения сохранены. Пароль изменён»
 *    with its space.
 * (Finding 4, every page at 360 px, is screens.test.ts.)
 *
 * Tests are independent of one another (each has its own browser context), one stack. Needs the built site
 * (`npm run build -w web`): skipped otherwise. Screenshots under artifacts/screenshots/walk-*.
 */
import type { Page } from 'playwright-core';
import { expectNoSeriousA11yViolations, Screenshots, VIEWPORTS } from './support/browser';
import { readingsWindowDate, siteIsBuilt, type RealStack } from './support/real-stack';
import { browserSuite } from './support/suite';
import { DEMO } from '../../server/src/seed/demo-data';

const built = siteIsBuilt();
if (!built) console.warn('web/build is missing (npm run build -w web): the walk browser tests are skipped.');
const describeIfBuilt = built ? describe : describe.skip;

const TEST_TIMEOUT = 90_000;
const { phone: PHONE } = VIEWPORTS;

describeIfBuilt('the walk’s findings (#14) on the real API', () => {
  const suite = browserSuite();
  const { newPage, onPage } = suite;
  let stack: RealStack;
  let base: string;

  beforeAll(() => {
    ({ stack, base } = suite);
  });

  async function signIn(page: Page, remember: boolean, password = DEMO.registered.password): Promise<void> {
    await page.goto(`${base}/login`);
    await page.getByLabel('Лицевой счет').fill(DEMO.registered.number);
    await page.getByLabel('Пароль').fill(password);
    const box = page.getByLabel('Сохранить логин');
    if (remember) await box.check();
    else await box.uncheck();
    await Promise.all([page.waitForURL((url) => url.pathname !== '/login'), page.getByRole('button', { name: 'ВОЙТИ' }).click()]);
  }

  async function signOut(page: Page): Promise<void> {
    await page.goto(`${base}/logout`);
    await Promise.all([page.waitForURL(`${base}/login`), page.getByRole('main').getByRole('button', { name: 'ВЫХОД' }).click()]);
  }

  describe('1. «Сохранить логин»', () => {
    for (const javaScriptEnabled of [true, false]) {
      test(`ticked: after ВЫХОД the account number comes filled in; the session is kept 30 days (${javaScriptEnabled ? 'with' : 'without'} JavaScript)`, async () => {
        const shots = new Screenshots(`walk-remember-login-${javaScriptEnabled ? 'js' : 'no-js'}`);
        const page = await newPage({ javaScriptEnabled, viewport: PHONE });
        await onPage(page, shots, async () => {
          await signIn(page, true);
          const cookies = Object.fromEntries((await page.context().cookies()).map((c) => [c.name, c]));
          expect(cookies.kabinet_refresh.httpOnly).toBe(true);
          expect(cookies.kabinet_refresh.expires - Date.now() / 1000).toBeGreaterThan(29 * 24 * 3600);

          await signOut(page);
          const number = page.getByLabel('Лицевой счет');
          expect(await number.inputValue()).toBe(DEMO.registered.number);
          expect(await page.getByLabel('Сохранить логин').isChecked()).toBe(true);
          // The session itself is over: only the login is remembered.
          const names = (await page.context().cookies()).map((c) => c.name);
          expect(names).not.toContain('kabinet_access');
          expect(names).not.toContain('kabinet_refresh');
          await shots.take(page, 'login-remembered');
          if (javaScriptEnabled) await expectNoSeriousA11yViolations(page);

          // Signing in again with the box unticked forgets the login on this browser.
          await signIn(page, false);
          const session = Object.fromEntries((await page.context().cookies()).map((c) => [c.name, c]));
          expect(session.kabinet_refresh.expires).toBe(-1);
          await signOut(page);
          expect(await page.getByLabel('Лицевой счет').inputValue()).toBe('');
          expect(await page.getByLabel('Сохранить логин').isChecked()).toBe(false);
        });
      }, TEST_TIMEOUT);
    }
  });

  describe('2. a reset link is checked when the page opens', () => {
    test('a made-up or used link: a clear message and a way to a new link, no password form', async () => {
      const shots = new Screenshots('walk-reset-link');
      const page = await newPage({ viewport: PHONE });
      await onPage(page, shots, async () => {
        // A good link first: the form.
        const asked = await stack.t.gql(`mutation($n: String!) { requestPasswordReset(accountNumber: $n) }`, { n: DEMO.registered.number });
        expect(asked.errors).toBeUndefined();
        const mail = await stack.t.smtp.waitFor('anna.petrova@example.ru', (m) => /\/reset\?token=/.test(m.text));
        const link = /(\S*\/reset\?token=\S+)/.exec(mail.text)![1];
        const token = new URL(link).searchParams.get('token')!;
        await page.goto(`${base}/reset?token=${encodeURIComponent(token)}`);
        await page.getByLabel(/^Новый пароль/).waitFor();
        await shots.take(page, 'reset-good-link');

        // The link used: it is told when the page opens.
        const used = await stack.t.gql(`mutation($t: String!, $p: String!) { resetPassword(token: $t, newPassword: $p) }`, { t: token, p: DEMO.registered.password });
        expect(used.errors).toBeUndefined();
        for (const wrong of [token, 'garbage', 'x'.repeat(40)]) {
          await page.goto(`${base}/reset?token=${encodeURIComponent(wrong)}`);
          await page.getByText(/Ссылка .*недействительна/).first().waitFor();
          expect(await page.getByLabel(/^Новый пароль/).count()).toBe(0);
          expect(await page.getByRole('button', { name: 'СОХРАНИТЬ ПАРОЛЬ' }).count()).toBe(0);
        }
        await shots.take(page, 'reset-made-up-link');
        await expectNoSeriousA11yViolations(page);
        // The way to a new link: the request form for it.
        await page.getByRole('link', { name: /Запросить новую ссылку/ }).click();
        await page.waitForURL(`${base}/forgot`);
        await page.getByRole('button', { name: 'ОТПРАВИТЬ ССЫЛКУ' }).waitFor();
      });
    }, TEST_TIMEOUT);
  });

  describe('3. outside the readings window', () => {
    afterEach(() => {
      stack.t.api.services.clock.set(readingsWindowDate());
    });

    for (const javaScriptEnabled of [true, false]) {
      test(`the meters page says when the window opens and offers nothing to type (${javaScriptEnabled ? 'with' : 'without'} JavaScript)`, async () => {
        const shots = new Screenshots(`walk-window-closed-${javaScriptEnabled ? 'js' : 'no-js'}`);
        // The 5th of the month, 09:00 in Moscow: the 15th–25th window opens on the 15th.
        const ym = readingsWindowDate().slice(0, 7);
        stack.t.api.services.clock.set(`${ym}-05T09:00:00+03:00`);
        const opens = `15.${ym.slice(5, 7)}.${ym.slice(0, 4)}`;
        const page = await newPage({ javaScriptEnabled, viewport: PHONE });
        await onPage(page, shots, async () => {
          await signIn(page, false);
          await page.goto(`${base}/meters`);
          const notice = page.getByText(`Следующий приём откроется ${opens}`);
          await notice.waitFor();
          expect(await notice.count()).toBe(1);
          for (const name of ['ВВЕСТИ', 'РАССЧИТАТЬ РАСХОД', 'ПЕРЕДАТЬ ПОКАЗАНИЯ']) {
            expect([name, await page.getByRole('button', { name, disabled: false }).count()]).toEqual([name, 0]);
          }
          expect(await page.locator('input.reading-input').count()).toBe(0);
          expect(await page.getByRole('alert').count()).toBe(0);
          await shots.take(page, 'meters-window-closed');
          if (javaScriptEnabled) await expectNoSeriousA11yViolations(page);

          // A submit sent anyway (a page opened before the window closed): the same calm notice, no red copy.
          const meters = await stack.t.database.db.query(
            'SELECT m.id FROM meters m JOIN accounts a ON a.id = m.account_id WHERE a.number = ? ORDER BY m.id',
            [DEMO.registered.number],
          );
          const form: Record<string, string> = {};
          for (const m of meters as { id: number }[]) form[`value:${m.id}`] = '200';
          const answer = await page.request.post(`${base}/meters?/submit`, { form, headers: { origin: base, accept: 'text/html' } });
          const html = await answer.text();
          expect(html).toContain(`Следующий приём откроется ${opens}`);
          expect(html.split(`откроется ${opens}`).length - 1).toBe(1);
          expect(html).not.toContain('role="alert"');
        });
      }, TEST_TIMEOUT);
    }
  });

  describe('5. a reversed ledger range', () => {
    for (const javaScriptEnabled of [true, false]) {
      test(`«С 20.11 По 01.10» says what is wrong at the field (${javaScriptEnabled ? 'with' : 'without'} JavaScript)`, async () => {
        const shots = new Screenshots(`walk-ledger-reversed-${javaScriptEnabled ? 'js' : 'no-js'}`);
        const page = await newPage({ javaScriptEnabled, viewport: PHONE });
        await onPage(page, shots, async () => {
          await signIn(page, false);
          const year = stack.now.getUTCFullYear() - 1;
          await page.goto(`${base}/ledger`);
          await page.getByLabel('С', { exact: true }).fill(`${year}-11-20`);
          await page.getByLabel('По', { exact: true }).fill(`${year}-10-01`);
          await Promise.all([page.waitForURL(/from=/), page.getByRole('button', { name: 'Отобразить' }).click()]);
          const to = page.getByLabel('По', { exact: true });
          expect(await to.getAttribute('aria-invalid')).toBe('true');
          const described = (await to.getAttribute('aria-describedby')) ?? '';
          expect(described).not.toBe('');
          const message = await page.locator(`#${described.split(' ')[0]}`).innerText();
          expect(message).toMatch(/По.*не раньше.*С/);
          // What was typed stays, to correct it.
          expect(await page.getByLabel('С', { exact: true }).inputValue()).toBe(`${year}-11-20`);
          expect(await to.inputValue()).toBe(`${year}-10-01`);
          await shots.take(page, 'ledger-reversed');
          if (javaScriptEnabled) await expectNoSeriousA11yViolations(page);
        });
      }, TEST_TIMEOUT);
    }
  });

  describe('6. texts', () => {
    test('the phone is shown as its hint writes it; «Изменения сохранены. Пароль изменён…» has its space', async () => {
      const shots = new Screenshots('walk-settings-texts');
      const page = await newPage({ viewport: PHONE });
      await onPage(page, shots, async () => {
        await signIn(page, false);
        await page.goto(`${base}/settings`);
        const shown = await page.getByLabel('Сотовый телефон').inputValue();
        await page.getByText('Например, +7(911)123-4567').waitFor();

        // Saved as shown: the number does not change.
        const newPassword = 'Nord-Apatity-2027';
        await page.getByLabel('Новый пароль', { exact: true }).fill(newPassword);
        await page.getByLabel('Повтор нового пароля').fill(newPassword);
        await page.getByLabel('Для сохранения изменений введите текущий пароль').fill(DEMO.registered.password);
        await page.getByRole('button', { name: 'ИЗМЕНИТЬ ИНФОРМАЦИЮ' }).click();
        const saved = page.getByRole('status').filter({ hasText: 'Изменения сохранены' });
        await saved.waitFor({ timeout: 30_000 });
        const [row] = await stack.t.database.db.query('SELECT phone FROM accounts WHERE number = ?', [DEMO.registered.number]);
        // Both texts at once: the phone as shown before and after saving, and the message.
        expect({ shown, afterSaving: await page.getByLabel('Сотовый телефон').inputValue(), stored: row.phone, message: await saved.innerText() }).toEqual({
          shown: '+7(921)555-0102',
          afterSaving: '+7(921)555-0102',
          stored: '+79215550102',
          message: expect.stringContaining('Изменения сохранены. Пароль изменён'),
        });
        await shots.take(page, 'settings-saved');

        // Back to the demo password, so that the stack stays as the README says.
        const back = await stack.t.gql(`mutation($n: String!, $p: String!) { login(accountNumber: $n, password: $p) { accessToken } }`, {
          n: DEMO.registered.number,
          p: newPassword,
        });
        const token = back.data.login.accessToken;
        const reset = await stack.t.gql(
          `mutation($i: SettingsInput!) { updateSettings(input: $i) { id } }`,
          { i: { currentPassword: newPassword, newPassword: DEMO.registered.password, newPasswordRepeat: DEMO.registered.password } },
          token,
        );
        expect(reset.errors).toBeUndefined();
      });
    }, TEST_TIMEOUT);
  });
});
