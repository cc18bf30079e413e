/**
 * The site's part of security issue #12, against the REAL API (in-process, fresh MySQL database,
 * demo data) and the built site:
 *   1. the sign-in never sends the browser to another site, whatever `next` says, and never answers 500;
 *   2. every page has the security headers and a Content-Security-Policy without 'unsafe-inline'
 *      scripts, pages with personal data are not stored, and the pages still work under the policy;
 *   3. page JavaScript never gets the access token: the live replies connect with one-time tickets;
 *   4. opening /appeals (GET) does not mark replies read; the page's POST does — and a live reply stays.
 *
 * Needs the built site (`npm run build -w web`): skipped otherwise.
 */
import { spawn } from 'node:child_process';
import type { BrowserContext, Page } from 'playwright-core';
import { launchBrowser, type LaunchedBrowser } from './support/browser';
import { freePort, siteIsBuilt, SITE_BUILD, startRealStack, waitForHttp, type RealStack } from './support/real-stack';
import { DEMO } from '../../server/src/seed/demo-data';

const built = siteIsBuilt();
if (!built) console.warn('web/build is missing (npm run build -w web): the security tests are skipped.');
const describeIfBuilt = built ? describe : describe.skip;

/** `next` values known to open redirects (or to break a Location header). */
const PAYLOADS = [
  '//evil.example',
  '///evil.example',
  '////evil',
  '/\\evil.example',
  '\\/evil.example',
  '\\\\evil.example',
  'https://evil.example',
  'http:evil.example',
  'https:/evil.example',
  'HTTPS://evil.example',
  '/%09/evil.example',
  '/\t/evil.example',
  '\t//evil.example',
  '/%2F%2Fevil.example',
  '%2F%2Fevil.example',
  '/%252F%252Fevil.example',
  '/%5Cevil',
  '/%5C%5Cevil.example',
  '/.//evil.example',
  '/%2e//evil.example',
  '/x/..//evil.example',
  'javascript:alert(1)',
  'java\tscript:alert(1)',
  'data:text/html,<script>alert(1)</script>',
  '\r\n',
  '/\r\nLocation: https://evil',
  '/%0d%0aLocation:%20https://evil',
  '/x%0D%0ASet-Cookie:%20a=b',
  '%00',
  '/%00/evil.example',
  '／／evil.example',
  '//evil.example@127.0.0.1',
  '/login?next=//evil.example',
  '/.evil.example',
  '/@evil.example',
];

const STRICT_HEADERS: Record<string, RegExp> = {
  'x-content-type-options': /^nosniff$/,
  'referrer-policy': /^(strict-origin-when-cross-origin|no-referrer)$/,
  'permissions-policy': /camera=\(\).*microphone=\(\).*geolocation=\(\)/,
  'x-frame-options': /^DENY$/,
};

/** The directives of a Content-Security-Policy header. */
function csp(header: string | null | undefined): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const part of (header ?? '').split(';')) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) out[name] = values;
  }
  return out;
}

interface Session {
  cookie: string;
  accessToken: string;
}

describeIfBuilt('security (#12): the site', () => {
  let stack: RealStack;
  let launched: LaunchedBrowser;
  let base: string;
  let apiWsOrigin: string;

  beforeAll(async () => {
    stack = await startRealStack();
    base = stack.base;
    apiWsOrigin = new URL(stack.t.url.replace(/^http/, 'ws')).origin;
    launched = await launchBrowser();
  }, 90_000);

  afterAll(async () => {
    await launched?.close();
    await stack?.stop();
  }, 30_000);

  /** Signs in through the site's form (no browser): the answer, and the session's cookies. */
  async function postLogin(next: string, path = '/login', fields = { accountNumber: DEMO.registered.number, password: DEMO.registered.password }) {
    const res = await fetch(`${base}${path}`, {
      method: 'POST',
      // As a browser posts the form without JavaScript (SvelteKit answers */* with its JSON result).
      headers: { origin: base, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ ...fields, next }),
      redirect: 'manual',
    });
    const cookies = res.headers.getSetCookie().map((c) => c.split(';')[0]);
    return { res, cookies };
  }

  async function siteSession(): Promise<Session> {
    const { res, cookies } = await postLogin('/');
    expect(res.status).toBe(303);
    const access = cookies.find((c) => c.startsWith('kabinet_access='));
    expect(access).toBeDefined();
    return { cookie: cookies.filter((c) => !c.endsWith('=')).join('; '), accessToken: access!.slice('kabinet_access='.length) };
  }

  async function operatorSession(): Promise<string> {
    const { res, cookies } = await postLogin('/staff', '/staff/login', { username: DEMO.operator.username, password: DEMO.operator.password } as never);
    expect(res.status).toBe(303);
    return cookies.filter((c) => !c.endsWith('=')).join('; ');
  }

  async function signIn(context: BrowserContext, next = ''): Promise<Page> {
    const page = await context.newPage();
    await page.goto(`${base}/login${next ? `?next=${encodeURIComponent(next)}` : ''}`);
    await page.getByLabel('Лицевой счет').fill(DEMO.registered.number);
    await page.getByLabel('Пароль').fill(DEMO.registered.password);
    await Promise.all([page.waitForURL((url) => url.pathname !== '/login'), page.getByRole('button', { name: 'ВОЙТИ' }).click()]);
    return page;
  }

  async function apiToken(): Promise<string> {
    const res = await stack.t.gql(`mutation($n: String!, $p: String!) { login(accountNumber: $n, password: $p) { accessToken } }`, {
      n: DEMO.registered.number,
      p: DEMO.registered.password,
    });
    expect(res.errors).toBeUndefined();
    return res.data.login.accessToken;
  }

  async function unreadCount(token: string): Promise<number> {
    const res = await stack.t.gql(`{ me { unreadReplyCount } }`, {}, token);
    expect(res.errors).toBeUndefined();
    return res.data.me.unreadReplyCount;
  }

  /** A new appeal of the demo subscriber, answered by the operator through the API. */
  async function answeredAppeal(token: string, answer: string): Promise<string> {
    const question = `Вопрос ${Date.now()}-${Math.random().toString(36).slice(2, 6)}`;
    const created = await stack.t.gql(`mutation($t: String!) { createAppeal(input: { text: $t }) { id } }`, { t: question }, token);
    expect(created.errors).toBeUndefined();
    await reply(created.data.createAppeal.id, answer);
    return question;
  }

  async function reply(appealId: string, text: string): Promise<void> {
    const staff = await stack.t.gql(`mutation($u: String!, $p: String!) { staffLogin(username: $u, password: $p) { accessToken } }`, {
      u: DEMO.operator.username,
      p: DEMO.operator.password,
    });
    expect(staff.errors).toBeUndefined();
    const res = await stack.t.gql(`mutation($id: ID!, $text: String!) { replyToAppeal(appealId: $id, text: $text) { id } }`, { id: appealId, text }, staff.data.staffLogin.accessToken);
    expect(res.errors).toBeUndefined();
  }

  async function appealId(token: string, question: string): Promise<string> {
    const res = await stack.t.gql(`{ me { appeals(first: 50) { nodes { id text } } } }`, {}, token);
    expect(res.errors).toBeUndefined();
    return res.data.me.appeals.nodes.find((a: { text: string }) => a.text === question).id;
  }

  // ---- 1. Open redirect -------------------------------------------------------------------------

  describe('1. the sign-in stays on the site', () => {
    test(`GET /login?next=… offers only a path of the site (${PAYLOADS.length} payloads)`, async () => {
      for (const payload of PAYLOADS) {
        const res = await fetch(`${base}/login?next=${encodeURIComponent(payload)}`, { redirect: 'manual' });
        expect([payload, res.status]).toEqual([payload, 200]);
        const html = await res.text();
        const m = /<input[^>]*name="next"[^>]*value="([^"]*)"/.exec(html);
        const value = (m?.[1] ?? '').replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&amp;/g, '&');
        expect([payload, value.startsWith('/') && !value.startsWith('//')]).toEqual([payload, true]);
        expect([payload, /[\u0000-\u001f\\]/.test(value)]).toEqual([payload, false]);
        expect([payload, new URL(value, `${base}/login`).origin]).toEqual([payload, base]);
      }
    }, 60_000);

    test('signing in with a hostile next goes to a page of the site, never answers 500', async () => {
      for (const payload of PAYLOADS) {
        const { res } = await postLogin(payload);
        expect([payload, res.status]).toEqual([payload, 303]);
        const location = res.headers.get('location') ?? '';
        // As a browser reads a Location header (tabs and newlines dropped, \ read as /).
        expect([payload, new URL(location, `${base}/login`).origin]).toEqual([payload, base]);
        expect([payload, location.startsWith('/') && !location.startsWith('//')]).toEqual([payload, true]);
      }
    }, 180_000);

    test('the operators’ sign-in too: /staff/login?next=//evil.example goes to /staff', async () => {
      for (const payload of ['//evil.example', '/%09/evil.example', '/staff/\t/evil.example', '/\r\n']) {
        const { res } = await postLogin(payload, '/staff/login', { username: DEMO.operator.username, password: DEMO.operator.password } as never);
        expect([payload, res.status]).toEqual([payload, 303]);
        expect([payload, res.headers.get('location')]).toEqual([payload, '/staff']);
      }
    }, 60_000);

    test('in the browser: /login?next=%2F%09%2F<API>%2Fhealthz lands on the site (with and without JavaScript)', async () => {
      const apiHost = new URL(stack.t.url).host;
      for (const [javaScriptEnabled, payload] of [
        [true, `/\t/${apiHost}/healthz`],
        [false, `/\t/${apiHost}/healthz`],
        [true, '/\r\n'],
        [false, '/%0d%0aLocation:%20https://evil'],
      ] as const) {
        const context = await launched.browser.newContext({ javaScriptEnabled });
        try {
          const page = await signIn(context, payload);
          await page.waitForLoadState();
          expect([javaScriptEnabled, payload, new URL(page.url()).origin]).toEqual([javaScriptEnabled, payload, base]);
          expect(await page.getByRole('button', { name: 'ВЫХОД' }).first().isVisible()).toBe(true);
        } finally {
          await context.close();
        }
      }
    }, 90_000);
  });

  // ---- 2. Headers -------------------------------------------------------------------------------

  describe('2. headers', () => {
    function expectStrictHeaders(path: string, headers: Headers) {
      for (const [name, value] of Object.entries(STRICT_HEADERS)) {
        expect([path, name, headers.get(name)]).toEqual([path, name, expect.stringMatching(value)]);
      }
    }

    function expectPolicy(path: string, headers: Headers) {
      const header = headers.get('content-security-policy');
      expect([path, header]).toEqual([path, expect.any(String)]);
      const d = csp(header);
      expect(d['default-src']).toEqual(["'self'"]);
      expect(d['script-src']).toContain("'self'");
      expect(d['script-src'].some((v) => /^'(nonce|sha256)-/.test(v))).toBe(true);
      expect(d['script-src']).not.toContain("'unsafe-inline'");
      expect(d['script-src']).not.toContain("'unsafe-eval'");
      expect(d['style-src']).toContain("'self'");
      expect(d['style-src']).not.toContain("'unsafe-inline'");
      expect(d['style-src-attr'] ?? []).not.toContain("'unsafe-inline'");
      expect(d['img-src']).toEqual(expect.arrayContaining(["'self'", 'data:']));
      expect(d['connect-src']).toEqual(expect.arrayContaining(["'self'", apiWsOrigin]));
      expect(d['form-action']).toContain("'self'");
      expect(d['frame-ancestors']).toEqual(["'none'"]);
      expect(d['base-uri']).toEqual(["'self'"]);
      expect(d['object-src']).toEqual(["'none'"]);
    }

    test('public pages: security headers and the policy; no HSTS over plain http', async () => {
      for (const path of ['/login', '/registration', '/contacts', '/staff/login', '/no-such-page']) {
        const res = await fetch(`${base}${path}`, { redirect: 'manual' });
        expect([path, res.status]).toEqual([path, path === '/no-such-page' ? 404 : 200]);
        expectStrictHeaders(path, res.headers);
        expectPolicy(path, res.headers);
        expect(res.headers.get('strict-transport-security')).toBeNull();
      }
    });

    test('signed-in pages, their data and the downloads: not stored anywhere', async () => {
      const { cookie } = await siteSession();
      for (const path of ['/', '/meters', '/pay', '/ledger', '/appeals', '/settings', '/contacts', '/__data.json', '/appeals/__data.json', '/ledger/report.csv', '/ledger/report.pdf', '/pay/document']) {
        const res = await fetch(`${base}${path}`, { headers: { cookie }, redirect: 'manual' });
        expect([path, res.status]).toEqual([path, 200]);
        expectStrictHeaders(path, res.headers);
        expect([path, res.headers.get('cache-control')]).toEqual([path, expect.stringContaining('no-store')]);
        if ((res.headers.get('content-type') ?? '').startsWith('text/html')) expectPolicy(path, res.headers);
        await res.arrayBuffer();
      }
    }, 60_000);

    test('the operators’ area: not stored anywhere', async () => {
      const cookie = await operatorSession();
      for (const path of ['/staff', '/staff/appeals', '/staff/accounts', '/staff/payments']) {
        const res = await fetch(`${base}${path}`, { headers: { cookie }, redirect: 'manual' });
        expect([path, res.status]).toEqual([path, 200]);
        expectStrictHeaders(path, res.headers);
        expectPolicy(path, res.headers);
        expect([path, res.headers.get('cache-control')]).toEqual([path, expect.stringContaining('no-store')]);
        await res.arrayBuffer();
      }
    }, 60_000);

    test('HSTS when the site is served over https (ORIGIN https://…) or HSTS=true', async () => {
      for (const env of [{ ORIGIN: 'https://lk.example.ru' }, { HSTS: 'true' }]) {
        const port = await freePort();
        const site = spawn(process.execPath, [SITE_BUILD], {
          env: { ...process.env, ORIGIN: `http://127.0.0.1:${port}`, ...env, PORT: String(port), HOST: '127.0.0.1', API_URL: `${stack.t.url}/graphql` },
          stdio: 'ignore',
        });
        try {
          await waitForHttp(`http://127.0.0.1:${port}/login`);
          const res = await fetch(`http://127.0.0.1:${port}/login`, { redirect: 'manual' });
          expect([env, res.headers.get('strict-transport-security')]).toEqual([env, expect.stringMatching(/^max-age=\d{7,}/)]);
        } finally {
          site.kill('SIGTERM');
        }
      }
    }, 60_000);

    test('HSTS other than true or false: the site does not start, and says which setting', async () => {
      for (const value of ['yes', '1', 'ture']) {
        const port = await freePort();
        const site = spawn(process.execPath, [SITE_BUILD], {
          env: { ...process.env, ORIGIN: `http://127.0.0.1:${port}`, HSTS: value, PORT: String(port), HOST: '127.0.0.1', API_URL: `${stack.t.url}/graphql` },
          stdio: ['ignore', 'ignore', 'pipe'],
        });
        let stderr = '';
        site.stderr!.on('data', (chunk) => (stderr += chunk));
        const code = await new Promise<number | null>((resolve) => {
          const timer = setTimeout(() => {
            site.kill('SIGTERM');
            resolve(null);
          }, 15_000);
          site.on('exit', (exitCode) => {
            clearTimeout(timer);
            resolve(exitCode);
          });
        });
        expect([value, code === 0 || code === null]).toEqual([value, false]);
        expect([value, stderr]).toEqual([value, expect.stringContaining(`HSTS must be true or false, got "${value}"`)]);
      }
    }, 60_000);

    test('under the policy the pages work and nothing is refused: sign-in, every section, live replies, card payment without JavaScript', async () => {
      const violations: string[] = [];
      const watch = (context: BrowserContext) =>
        context.addInitScript(() => {
          document.addEventListener('securitypolicyviolation', (e) => {
            console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
          });
        });
      const listen = (page: Page) => {
        page.on('console', (m) => {
          if (/Content Security Policy|CSP violation/i.test(m.text())) violations.push(`${page.url()}: ${m.text()}`);
        });
        page.on('pageerror', (e) => violations.push(`${page.url()}: ${e.message}`));
      };

      const context = await launched.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'ru-RU' });
      await watch(context);
      context.on('page', listen);
      try {
        const page = await signIn(context);
        for (const path of ['/', '/meters', '/pay', '/ledger', '/settings', '/contacts', '/agreement']) {
          const res = await page.goto(`${base}${path}`, { waitUntil: 'networkidle' });
          expect([path, res?.status()]).toEqual([path, 200]);
          expect([path, csp(await res?.headerValue('content-security-policy'))['script-src']]).toEqual([path, expect.arrayContaining(["'self'"])]);
        }
        // Client-side navigation through the menu, then the appeals page with a live reply.
        await page.goto(`${base}/`);
        await page.getByRole('link', { name: 'ЛИЦЕВОЙ СЧЕТ' }).first().click();
        await page.waitForURL(`${base}/ledger`);
        await page.getByRole('link', { name: 'ВИРТУАЛЬНАЯ ПРИЕМНАЯ' }).first().click();
        await page.waitForURL(`${base}/appeals`);
        const token = await apiToken();
        const question = `Проверка политики ${Date.now()}`;
        await page.getByLabel('Текст обращения').fill(question);
        await page.getByRole('button', { name: 'ОТПРАВИТЬ' }).click();
        await page.getByText('Обращение отправлено').waitFor();
        await page.getByText('ответы приходят сразу').waitFor();
        await reply(await appealId(token, question), 'Ответ под политикой безопасности.');
        await page.getByText('Ответ под политикой безопасности.').first().waitFor({ timeout: 15_000 });

        // The operators' area.
        const staff = await context.newPage();
        await staff.goto(`${base}/staff/login`);
        await staff.getByLabel('Имя пользователя').fill(DEMO.operator.username);
        await staff.getByLabel('Пароль').fill(DEMO.operator.password);
        await Promise.all([staff.waitForURL(`${base}/staff`), staff.getByRole('button', { name: 'Войти' }).click()]);
        for (const path of ['/staff', '/staff/appeals', '/staff/accounts', '/staff/payments', '/staff/charges', '/staff/tariffs', '/staff/billing', '/staff/audit']) {
          const res = await staff.goto(`${base}${path}`, { waitUntil: 'networkidle' });
          expect([path, res?.status()]).toEqual([path, 200]);
        }
      } finally {
        await context.close();
      }

      // Without JavaScript the pay form posts to the site, which sends the browser on to the card gateway.
      const noJs = await launched.browser.newContext({ javaScriptEnabled: false, locale: 'ru-RU' });
      noJs.on('page', listen);
      try {
        const page = await signIn(noJs);
        await page.goto(`${base}/pay`);
        await page.getByLabel('Оплатить:').fill('10');
        await Promise.all([
          page.waitForURL((url) => url.href.startsWith(`${stack.t.url}/sandbox-gateway/pay/`)),
          page.getByRole('button', { name: 'Оплата услуг с помощью банковской карты' }).click(),
        ]);
      } finally {
        await noJs.close();
      }
      expect(violations).toEqual([]);
    }, 180_000);
  });

  // ---- 3. Tickets instead of the access token ---------------------------------------------------

  describe('3. the live replies never hand the access token to the page', () => {
    test('/appeals/token is gone; page HTML and data have no access token', async () => {
      const { cookie, accessToken } = await siteSession();
      const gone = await fetch(`${base}/appeals/token`, { headers: { cookie }, redirect: 'manual' });
      expect(gone.status).toBe(404);
      for (const path of ['/appeals', '/appeals/__data.json', '/', '/__data.json']) {
        const res = await fetch(`${base}${path}`, { headers: { cookie }, redirect: 'manual' });
        expect([path, res.status]).toEqual([path, 200]);
        const body = await res.text();
        expect([path, body.includes(accessToken)]).toEqual([path, false]);
        expect([path, /accessToken/i.test(body)]).toEqual([path, false]);
      }
    });

    test('a ticket is given only to a POST from the site itself', async () => {
      const { cookie } = await siteSession();
      const get = await fetch(`${base}/appeals/ticket`, { headers: { cookie }, redirect: 'manual' });
      expect(get.status).toBe(405);
      const foreign = await fetch(`${base}/appeals/ticket`, { method: 'POST', headers: { cookie, origin: 'https://evil.example' }, redirect: 'manual' });
      expect(foreign.status).toBe(403);
      const signedOut = await fetch(`${base}/appeals/ticket`, { method: 'POST', headers: { origin: base }, redirect: 'manual' });
      // Signed out: no ticket (the hook sends such requests to the sign-in, as it does for the downloads).
      expect([401, 303]).toContain(signedOut.status);
      if (signedOut.status === 303) expect(signedOut.headers.get('location')).toMatch(/^\/login/);
      const own = await fetch(`${base}/appeals/ticket`, { method: 'POST', headers: { cookie, origin: base }, redirect: 'manual' });
      expect(own.status).toBe(200);
      expect(own.headers.get('cache-control')).toContain('no-store');
      const body = await own.json();
      expect(typeof body.ticket).toBe('string');
      expect(body.accessToken).toBeUndefined();
    });

    test('the operators’ pages have their own: /staff/ticket, for an operator’s session only, from the site itself', async () => {
      const staff = await operatorSession();
      const get = await fetch(`${base}/staff/ticket`, { headers: { cookie: staff }, redirect: 'manual' });
      expect(get.status).toBe(405);
      const foreign = await fetch(`${base}/staff/ticket`, { method: 'POST', headers: { cookie: staff, origin: 'https://evil.example' }, redirect: 'manual' });
      expect(foreign.status).toBe(403);
      // A subscriber's session is no operator's: to the operators' sign-in, no ticket.
      const { cookie } = await siteSession();
      for (const headers of [{ origin: base }, { cookie, origin: base }]) {
        const refused = await fetch(`${base}/staff/ticket`, { method: 'POST', headers, redirect: 'manual' });
        expect([401, 303]).toContain(refused.status);
        if (refused.status === 303) expect(refused.headers.get('location')).toMatch(/^\/staff\/login/);
      }
      const own = await fetch(`${base}/staff/ticket`, { method: 'POST', headers: { cookie: staff, origin: base }, redirect: 'manual' });
      expect(own.status).toBe(200);
      expect(own.headers.get('cache-control')).toContain('no-store');
      const body = await own.json();
      expect(typeof body.ticket).toBe('string');
      expect(body.accessToken).toBeUndefined();
    });

    test('the page connects with a ticket, and a live reply arrives without a reload and stays', async () => {
      const context = await launched.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'ru-RU' });
      try {
        const page = await signIn(context);
        const access = (await context.cookies()).find((c) => c.name === 'kabinet_access')!.value;
        const sent: string[] = [];
        const received: string[] = [];
        page.on('websocket', (ws) => {
          ws.on('framesent', (f) => sent.push(String(f.payload)));
          ws.on('framereceived', (f) => received.push(String(f.payload)));
        });
        const token = await apiToken();
        const question = await answeredAppeal(token, 'Первый ответ.');

        const res = await page.goto(`${base}/appeals`);
        expect((await res!.text()).includes(access)).toBe(false);
        await page.getByText(question).first().waitFor();
        await page.getByText('ответы приходят сразу').waitFor();
        // connection_init carries a one-time ticket, never the access token.
        const init = sent.map((s) => JSON.parse(s)).find((m) => m.type === 'connection_init');
        expect(typeof init?.payload?.ticket).toBe('string');
        expect(init?.payload?.Authorization).toBeUndefined();
        expect(sent.some((s) => s.includes(access))).toBe(false);
        expect(await page.evaluate((a) => document.documentElement.outerHTML.includes(a), access)).toBe(false);
        // The page marks the first reply read on its own (and reloads the header): let it finish.
        await page.getByRole('navigation', { name: 'Главное меню' }).locator('.count').waitFor({ state: 'detached' });
        await page.waitForTimeout(500);

        // The operator answers again: the reply appears live, and is not thrown away and fetched again.
        const refetched: string[] = [];
        page.on('request', (r) => {
          const url = new URL(r.url());
          // A reload of the page's own data (x-sveltekit-invalidated: one flag per node, the page's last).
          if (url.pathname === '/appeals/__data.json' && (url.searchParams.get('x-sveltekit-invalidated') ?? '').endsWith('1')) refetched.push(r.url());
        });
        const answer = `Второй ответ, живой (${Date.now()}).`;
        await reply(await appealId(token, question), answer);
        const shown = page.getByText(answer).first();
        await shown.waitFor({ timeout: 15_000 });
        await shown.evaluate((el) => el.setAttribute('data-seen', '1'));
        await page.getByText('Получен ответ на обращение').waitFor();
        // The page marks it read (a POST); give a reload, were there one, the time to happen.
        await page.waitForTimeout(1500);
        expect(refetched).toEqual([]);
        expect(await page.locator('[data-seen="1"]', { hasText: answer }).count()).toBe(1);
        // Once in the list (the toast repeats it).
        expect(await page.locator('ol.appeals').getByText(answer).count()).toBe(1);
        expect(received.some((s) => s.includes(answer))).toBe(true);
        // Seen as it arrived: the page has marked it read.
        expect(await unreadCount(token)).toBe(0);
      } finally {
        await context.close();
      }
    }, 90_000);

    test('every (re)connection asks for a fresh ticket', async () => {
      const context = await launched.browser.newContext({ locale: 'ru-RU' });
      try {
        const page = await signIn(context);
        const tickets: string[] = [];
        page.on('websocket', (ws) =>
          ws.on('framesent', (f) => {
            const m = JSON.parse(String(f.payload));
            if (m.type === 'connection_init') tickets.push(m.payload?.ticket);
          }),
        );
        for (let i = 0; i < 2; i++) {
          await page.goto(`${base}/appeals`);
          await page.getByText('ответы приходят сразу').waitFor();
        }
        expect(tickets).toHaveLength(2);
        expect(new Set(tickets).size).toBe(2);
      } finally {
        await context.close();
      }
    }, 60_000);
  });

  // ---- 4. Reading is a POST ---------------------------------------------------------------------

  describe('4. replies are marked read by a POST, not by opening the page', () => {
    test('GET /appeals leaves replies unread; the form’s POST marks them read', async () => {
      const token = await apiToken();
      const answer = `Ответ для проверки прочтения ${Date.now()}.`;
      await answeredAppeal(token, answer);
      expect(await unreadCount(token)).toBeGreaterThan(0);
      const before = await unreadCount(token);

      const { cookie } = await siteSession();
      const bodies: string[] = [];
      for (const path of ['/appeals', '/appeals/__data.json']) {
        const res = await fetch(`${base}${path}`, { headers: { cookie }, redirect: 'manual' });
        expect([path, res.status]).toEqual([path, 200]);
        bodies.push(await res.text());
      }
      expect(await unreadCount(token)).toBe(before);
      expect(bodies[0]).toContain(answer);
      expect(bodies[0]).toContain('Отметить прочитанным');

      // A post from another site is refused by SvelteKit's origin check.
      const foreign = await fetch(`${base}/appeals?/read`, {
        method: 'POST',
        headers: { cookie, origin: 'https://evil.example', accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
        body: '',
        redirect: 'manual',
      });
      expect(foreign.status).toBe(403);
      expect(await unreadCount(token)).toBe(before);

      const read = await fetch(`${base}/appeals?/read`, {
        method: 'POST',
        headers: { cookie, origin: base, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
        body: '',
        redirect: 'manual',
      });
      expect(read.status).toBeLessThan(400);
      expect(await unreadCount(token)).toBe(0);
    }, 60_000);

    test('without JavaScript: the button «Отметить прочитанным» marks them read and the header count goes', async () => {
      const token = await apiToken();
      await answeredAppeal(token, 'Ответ без JavaScript.');
      const context = await launched.browser.newContext({ javaScriptEnabled: false, locale: 'ru-RU' });
      try {
        const page = await signIn(context);
        await page.goto(`${base}/appeals`);
        const count = page.getByRole('navigation', { name: 'Главное меню' }).locator('.count');
        expect(await count.count()).toBe(1);
        expect(await unreadCount(token)).toBeGreaterThan(0);
        await page.getByRole('button', { name: 'Отметить прочитанным' }).click();
        await page.waitForLoadState();
        expect(await unreadCount(token)).toBe(0);
        expect(await count.count()).toBe(0);
        expect(await page.getByRole('button', { name: 'Отметить прочитанным' }).count()).toBe(0);
      } finally {
        await context.close();
      }
    }, 60_000);

    test('with JavaScript the page posts it itself once shown; the header count goes', async () => {
      const token = await apiToken();
      await answeredAppeal(token, 'Ответ с JavaScript.');
      const context = await launched.browser.newContext({ locale: 'ru-RU' });
      try {
        const page = await signIn(context);
        const posts: string[] = [];
        page.on('request', (r) => {
          if (r.method() === 'POST') posts.push(new URL(r.url()).pathname + new URL(r.url()).search);
        });
        expect(await unreadCount(token)).toBeGreaterThan(0);
        await page.goto(`${base}/appeals`);
        const count = page.getByRole('navigation', { name: 'Главное меню' }).locator('.count');
        await count.waitFor({ state: 'detached', timeout: 10_000 });
        expect(posts).toContain('/appeals?/read');
        expect(await unreadCount(token)).toBe(0);
      } finally {
        await context.close();
      }
    }, 60_000);
  });
});
