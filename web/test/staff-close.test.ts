/**
 * The month close's progress on the staff close screen (#16 point 4) in a real browser against the REAL API
 * (in-process, fresh MySQL database, demo data and two more accounts), with BILLING_CLOSE_BATCH_SIZE=1: a close goes
 * one account a batch.
 *
 * A close of a handful of accounts is over in a blink, so the test holds it where it wants: a trigger on
 * billing_periods (installed here, in the test's own database) makes the batch that would bring `accounts_done` to k
 * wait for the named lock `<database>.close_pause.k` while the test holds it, or fail when k is listed in
 * test_close_failures — a close interrupted half-way (its batch rolled back, as when the process is killed).
 *
 * - with JavaScript: the operator starts the close from the page; the page shows «Закрытие месяца MM.YYYY: N из M
 *   лицевых счетов, осталось ~…» and a <progress>; a reload mid-close shows it again (from
 *   billingCloseStatus.inProgress); the next batch arrives live over the WebSocket (a one-time ticket from
 *   /staff/ticket), and the result once CLOSED, without a reload; 360 px and axe.
 * - without JavaScript, on a 360-px phone: a close interrupted half-way and quiet for minutes is shown with
 *   «Продолжить закрытие»; continuing it, the page reloads itself (<meta refresh>) while the close advances and shows
 *   the result when it is CLOSED; every account is charged once, none skipped. (The API logs the interruption the test
 *   makes as an error, «billing period close failed; starting it again resumes it»: expected.)
 *
 * Needs the built site (`npm run build -w web`): skipped otherwise. Screenshots under artifacts/screenshots/staff-close-*.
 */
import type { Page } from 'playwright-core';
import type { QueryRunner } from 'typeorm';
import { expectNoSeriousA11yViolations, Screenshots, VIEWPORTS } from './support/browser';
import { layoutProblems } from './support/layout';
import { siteIsBuilt } from './support/real-stack';
import { browserSuite } from './support/suite';
import { DEMO } from '../../server/src/seed/demo-data';

const built = siteIsBuilt();
if (!built) console.warn('web/build is missing (npm run build -w web): the month close browser tests are skipped.');
const describeIfBuilt = built ? describe : describe.skip;

const { desktop: DESKTOP, phone: PHONE } = VIEWPORTS;
const MONTHS = ['Январь', 'Февраль', 'Март', 'Апрель', 'Май', 'Июнь', 'Июль', 'Август', 'Сентябрь', 'Октябрь', 'Ноябрь', 'Декабрь'];
const title = (period: string) => `${MONTHS[Number(period.slice(5, 7)) - 1]} ${period.slice(0, 4)}`;
const numeric = (period: string) => `${period.slice(5, 7)}.${period.slice(0, 4)}`;
const nextPeriodOf = (period: string) => {
  const [y, m] = period.split('-').map(Number);
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
};
const squash = (text: string) => text.replace(/\s+/g, ' ').trim();

describeIfBuilt('the month close’s progress on the staff close screen (#16)', () => {
  const suite = browserSuite({ apiEnv: { BILLING_CLOSE_BATCH_SIZE: '1' } });
  const { onPage } = suite;

  const sql = <T = any>(query: string, params: unknown[] = []): Promise<T[]> => suite.stack.t.database.db.query(query, params);
  /** The API's month as the demo data left it (the 20th, Moscow): the month after the last one closed. */
  const currentPeriod = () => new Date(suite.stack.now.getTime() + 3 * 3600_000).toISOString().slice(0, 7);
  /** Puts the API's clock on the first day after `period`: the month is over and can be closed. */
  const monthOver = (period: string) => suite.stack.t.api.services.clock.set(`${nextPeriodOf(period)}-01T09:00:00+03:00`);

  let accounts: number;
  let database: string;

  beforeAll(async () => {
    // Two more accounts (without meters: charged by the norm), so that a close has a few batches to watch.
    for (const [number, code] of [['300000000101', '300000000101'], ['300000000102', '300000000102']]) {
      await sql(
        `INSERT INTO accounts (number, last_name, first_name, address, activation_code, residents) VALUES (?, 'Тестова', 'Анна', 'г. Апатиты, ул. Ленина, д. 1', ?, 2)`,
        [number, code],
      );
    }
    [{ n: accounts }] = (await sql<{ n: number }>('SELECT COUNT(*) AS n FROM accounts')).map((r) => ({ n: Number(r.n) }));
    expect(accounts).toBeGreaterThanOrEqual(4);
    [{ name: database }] = await sql<{ name: string }>('SELECT DATABASE() AS name');
    await sql('CREATE TABLE test_close_failures (done INT UNSIGNED PRIMARY KEY)');
    await sql(`
      CREATE TRIGGER test_close_control BEFORE UPDATE ON billing_periods FOR EACH ROW
      BEGIN
        IF NEW.accounts_done > OLD.accounts_done THEN
          IF EXISTS (SELECT 1 FROM test_close_failures WHERE done = NEW.accounts_done) THEN
            SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'test: the close is interrupted here';
          END IF;
          SET @test_close_pause = GET_LOCK(CONCAT(DATABASE(), '.close_pause.', NEW.accounts_done), 120);
          SET @test_close_pause = RELEASE_LOCK(CONCAT(DATABASE(), '.close_pause.', NEW.accounts_done));
        END IF;
      END`);
  }, 30_000);

  /**
   * A connection of the test's own that holds the pause locks: `pauseAt(k)` holds the close before the batch that
   * would bring it to k accounts done, and answers the function that lets it go on; `close()` lets everything go.
   */
  async function lockHolder(): Promise<{ pauseAt(done: number): Promise<() => Promise<void>>; close(): Promise<void> }> {
    const runner: QueryRunner = suite.stack.t.database.db.createQueryRunner();
    await runner.connect();
    return {
      async pauseAt(done) {
        const name = `${database}.close_pause.${done}`;
        const [{ ok }] = await runner.query('SELECT GET_LOCK(?, 5) AS ok', [name]);
        expect(Number(ok)).toBe(1);
        return async () => {
          await runner.query('SELECT RELEASE_LOCK(?)', [name]);
        };
      },
      async close() {
        await runner.query('SELECT RELEASE_ALL_LOCKS()').catch(() => undefined);
        await runner.release();
      },
    };
  }

  async function signInOperator(page: Page): Promise<void> {
    await page.goto(`${suite.base}/staff/login`);
    await page.getByLabel('Имя пользователя').fill(DEMO.operator.username);
    await page.getByLabel('Пароль').fill(DEMO.operator.password);
    await Promise.all([page.waitForURL((url) => url.pathname === '/staff'), page.getByRole('button', { name: 'Войти' }).click()]);
  }

  async function operatorToken(): Promise<string> {
    const res = await suite.stack.t.gql(`mutation($u: String!, $p: String!) { staffLogin(username: $u, password: $p) { accessToken } }`, {
      u: DEMO.operator.username,
      p: DEMO.operator.password,
    });
    expect(res.errors).toBeUndefined();
    return res.data.staffLogin.accessToken;
  }

  const progressText = (page: Page) => page.locator('#close-progress-text');
  /** The <progress> element, found by its accessible name, and its value and maximum. */
  async function progressBar(page: Page): Promise<{ value: number; max: number }> {
    const bar = page.getByRole('progressbar', { name: /^Закрытие месяца/ });
    return bar.evaluate((el) => ({ value: (el as HTMLProgressElement).value, max: (el as HTMLProgressElement).max }));
  }
  /** Waits until the progress line says `done` of every account. */
  const waitForDone = (page: Page, period: string, done: number, timeout = 15_000) =>
    page.locator('#close-progress-text', { hasText: `Закрытие месяца ${numeric(period)}: ${done} из ${accounts} лицевых счетов` }).waitFor({ timeout });

  async function expectFits(page: Page): Promise<void> {
    expect(await layoutProblems(page)).toEqual([]);
  }

  /** Every account charged for `period` once per service, as for `like` (the month before): none skipped, none twice. */
  async function expectChargedLike(period: string, like: string): Promise<void> {
    const charges = (p: string) =>
      sql<{ account_id: number; n: number }>(
        `SELECT account_id, COUNT(*) AS n FROM ledger_entries WHERE external_id LIKE ? AND kind = 'CHARGE' GROUP BY account_id ORDER BY account_id`,
        [`close:${p}:%`],
      ).then((rows) => rows.map((r) => [Number(r.account_id), Number(r.n)]));
    const expected = await charges(like);
    expect(expected.length).toBeGreaterThan(0);
    expect(await charges(period)).toEqual(expected);
  }

  test('with JavaScript: the close started from the page shows its progress, again after a reload, then live to CLOSED', async () => {
    const shots = new Screenshots('staff-close-live');
    const page = await suite.newPage({ viewport: DESKTOP });
    const period = currentPeriod();
    const sent: string[] = [];
    const received: string[] = [];
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('websocket', (ws) => {
      ws.on('framesent', (f) => sent.push(String(f.payload)));
      ws.on('framereceived', (f) => received.push(String(f.payload)));
    });
    const releases: (() => Promise<void>)[] = [];
    const holder = await lockHolder();
    monthOver(period);
    try {
      // The close goes one batch and waits before the second (and every later one) until let go.
      for (let done = 2; done <= accounts; done += 1) releases.push(await holder.pauseAt(done));
      await onPage(page, shots, async () => {
        await signInOperator(page);
        await page.goto(`${suite.base}/staff/billing`);
        await page.getByRole('button', { name: `Закрыть ${title(period).toLowerCase()}` }).click();
        await page.getByRole('heading', { name: `Закрыть ${title(period).toLowerCase()}?` }).waitFor();
        await Promise.all([
          page.waitForURL((url) => url.searchParams.get('close') === period),
          page.getByRole('button', { name: 'Да, закрыть месяц' }).click(),
        ]);
        // The same document from here on: with JavaScript nothing reloads the page (the <meta refresh> is for pages without it).
        const sameDocumentSince = Date.now();
        await page.evaluate(() => ((window as unknown as { sameDocument: boolean }).sameDocument = true));
        const sameDocument = () => page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument === true);
        await waitForDone(page, period, 1);
        await page.getByText('ход закрытия обновляется сразу').waitFor();
        expect(squash(await progressText(page).innerText())).toMatch(
          new RegExp(`^Закрытие месяца ${numeric(period).replace('.', '\\.')}: 1 из ${accounts} лицевых счетов, осталось ~\\d+ (с|мин)`),
        );
        expect(await progressBar(page)).toEqual({ value: 1, max: accounts });
        await page.getByRole('heading', { name: `Идёт закрытие: ${title(period).toLowerCase()}` }).waitFor();
        expect(await page.getByRole('button', { name: 'Продолжить закрытие' }).count()).toBe(0);
        expect(await page.getByRole('link', { name: 'Обновить' }).count()).toBe(1);
        // The live connection came with a one-time ticket from /staff/ticket, never the access token.
        const init = sent.map((s) => JSON.parse(s)).find((m) => m.type === 'connection_init');
        expect(typeof init?.payload?.ticket).toBe('string');
        expect(init?.payload?.Authorization).toBeUndefined();
        await shots.take(page, 'progress');
        await expectNoSeriousA11yViolations(page);
        await page.setViewportSize(PHONE);
        await expectFits(page);
        await shots.take(page, 'progress-360');
        await page.setViewportSize(DESKTOP);

        await page.waitForTimeout(Math.max(0, sameDocumentSince + 6_000 - Date.now()));
        expect(await sameDocument()).toBe(true);

        // A reload mid-close: the progress again, as the API has it.
        await page.reload();
        await waitForDone(page, period, 1);
        expect(await progressBar(page)).toEqual({ value: 1, max: accounts });
        await page.getByText('ход закрытия обновляется сразу').waitFor();

        // The next batch moves the page by itself (the subscription's event; the same document, no reload).
        await page.evaluate(() => ((window as unknown as { sameDocument: boolean }).sameDocument = true));
        await releases.shift()!();
        await waitForDone(page, period, 2);
        expect(await progressBar(page)).toEqual({ value: 2, max: accounts });
        expect(received.some((f) => f.includes('"billingCloseProgress"') && f.includes('"accountsDone":2'))).toBe(true);

        // Let it finish: the result, live.
        while (releases.length) await releases.shift()!();
        const result = page.locator('section.result');
        await result.waitFor({ timeout: 30_000 });
        const [row] = await sql<{ status: string; accounts_done: number; accounts_total: number; accounts_charged: number }>(
          'SELECT status, accounts_done, accounts_total, accounts_charged FROM billing_periods WHERE period = ?',
          [period],
        );
        expect([row.status, Number(row.accounts_done), Number(row.accounts_total)]).toEqual(['CLOSED', accounts, accounts]);
        const text = squash(await result.innerText());
        expect(text).toContain(`${title(period)}: месяц закрыт`);
        expect(text).toMatch(new RegExp(`Начислено абонентам ${Number(row.accounts_charged)}`));
        expect(text).toMatch(/Сумма начислений и пени [\d\s]+,\d{2} руб\./);
        expect(received.some((f) => f.includes('"billingCloseProgress"') && f.includes('"CLOSED"'))).toBe(true);
        expect(await sameDocument()).toBe(true);
        expect(await page.locator('#close-progress').count()).toBe(0);
        const state = squash(await page.locator('section[aria-labelledby="state-title"]').innerText());
        expect(state).toContain(`Последний закрытый месяц ${title(period)}`);
        expect(state).toContain(`Следующий к закрытию ${title(nextPeriodOf(period))}`);
        await shots.take(page, 'closed');
        await expectNoSeriousA11yViolations(page);
        expect(pageErrors).toEqual([]);
      });
    } finally {
      await holder.close();
    }
  }, 120_000);

  test('without JavaScript on a phone: an interrupted close offers «Продолжить закрытие»; continued, the page follows it to CLOSED', async () => {
    const shots = new Screenshots('staff-close-interrupted');
    const previous = currentPeriod();
    const period = nextPeriodOf(previous);
    // The month before closed (by the first test, or here).
    const token = await operatorToken();
    if (!(await sql(`SELECT 1 FROM billing_periods WHERE period = ? AND status = 'CLOSED'`, [previous])).length) {
      monthOver(previous);
      const closed = await suite.stack.t.gql(`mutation($p: Period!) { closeBillingPeriod(period: $p) { status } }`, { p: previous }, token);
      expect(closed.errors).toBeUndefined();
    }

    // A close interrupted half-way: the second batch fails (rolled back), the first is committed; minutes ago.
    monthOver(period);
    await sql('INSERT INTO test_close_failures (done) VALUES (2)');
    const started = await suite.stack.t.gql(`mutation($p: Period!) { startBillingClose(period: $p) { status } }`, { p: period }, token);
    expect(started.errors).toBeUndefined();
    await suite.stack.t.api.services.billingClose.settled();
    await sql('DELETE FROM test_close_failures');
    const [interrupted] = await sql<{ status: string; accounts_done: number }>('SELECT status, accounts_done FROM billing_periods WHERE period = ?', [period]);
    expect([interrupted.status, Number(interrupted.accounts_done)]).toEqual(['CLOSING', 1]);
    const longAgo = new Date(Date.now() - 10 * 60_000);
    await sql('UPDATE billing_periods SET progress_at = ? WHERE period = ?', [longAgo, period]);

    // With JavaScript, on the phone: the interrupted close as shown (axe needs the page's scripts).
    const withJs = await suite.newPage({ viewport: PHONE });
    await onPage(withJs, shots, async () => {
      await signInOperator(withJs);
      await withJs.goto(`${suite.base}/staff/billing`);
      await withJs.locator('#close-stalled').waitFor();
      await withJs.getByRole('button', { name: 'Продолжить закрытие' }).waitFor();
      await expectFits(withJs);
      await expectNoSeriousA11yViolations(withJs);
    });

    const page = await suite.newPage({ javaScriptEnabled: false, viewport: PHONE });
    const holder = await lockHolder();
    try {
      await onPage(page, shots, async () => {
        await signInOperator(page);
        await page.goto(`${suite.base}/staff/billing`);
        await waitForDone(page, period, 1);
        // Not advancing: no time left is promised, the page does not reload itself, and it offers to go on.
        expect(squash(await progressText(page).innerText())).toBe(`Закрытие месяца ${numeric(period)}: 1 из ${accounts} лицевых счетов`);
        expect(await progressBar(page)).toEqual({ value: 1, max: accounts });
        await page.getByRole('heading', { name: `Закрытие месяца прервано: ${title(period).toLowerCase()}` }).waitFor();
        expect(squash(await page.locator('#close-stalled').innerText())).toContain('закрытие прервано');
        expect(await page.locator('meta[http-equiv="refresh"]').count()).toBe(0);
        await expectFits(page);
        await shots.take(page, 'interrupted');

        // «Продолжить закрытие»: it resumes after the committed batch (held before its next one for a look).
        const release = await holder.pauseAt(2);
        await Promise.all([
          page.waitForURL((url) => url.searchParams.get('close') === period),
          page.getByRole('button', { name: 'Продолжить закрытие' }).click(),
        ]);
        await waitForDone(page, period, 1);
        await page.getByRole('heading', { name: `Идёт закрытие: ${title(period).toLowerCase()}` }).waitFor();
        expect(await page.getByRole('button', { name: 'Продолжить закрытие' }).count()).toBe(0);
        expect(await page.getByText('страница обновляется каждые 5 секунд').count()).toBe(1);
        expect(await page.locator('meta[http-equiv="refresh"]').getAttribute('content')).toBe('5');
        await page.getByRole('link', { name: 'Обновить' }).waitFor();
        await expectFits(page);
        await shots.take(page, 'resumed');

        // A reload mid-close (no JavaScript): the progress again.
        await page.reload();
        await waitForDone(page, period, 1);

        // Let it go: the page reloads itself until the month is CLOSED, and then shows the result.
        await release();
        const result = page.locator('section.result');
        await result.waitFor({ timeout: 30_000 });
        expect(squash(await result.innerText())).toContain(`${title(period)}: месяц закрыт`);
        expect(await page.locator('meta[http-equiv="refresh"]').count()).toBe(0);
        await expectFits(page);
        await shots.take(page, 'closed');
      });
    } finally {
      await holder.close();
    }

    const [row] = await sql<{ status: string; accounts_done: number; accounts_total: number }>(
      'SELECT status, accounts_done, accounts_total FROM billing_periods WHERE period = ?',
      [period],
    );
    expect([row.status, Number(row.accounts_done), Number(row.accounts_total)]).toEqual(['CLOSED', accounts, accounts]);
    await expectChargedLike(period, previous);
  }, 120_000);
});
