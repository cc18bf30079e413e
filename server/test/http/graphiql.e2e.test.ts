/**
 * The IDE without the internet (issue #13): in development GET /graphiql is GraphiQL whose every
 * script and style comes from the API itself (npm packages, no CDN) under a CSP that allows 'self'
 * only, and a browser's GET /graphql is sent there; in production there is no IDE at all. The SDL at
 * /schema.graphql is published in production too.
 */
import { startTestApi, type TestApi } from '../support/api';

const browser = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' };

describe('in development', () => {
  let t: TestApi;
  beforeAll(async () => {
    t = await startTestApi({ REDIS_URL: '', LOG_LEVEL: 'silent' });
  });
  afterAll(() => t?.stop());

  it('GET /graphiql is an HTML page whose assets are all on the API, each answering 200', async () => {
    expect(t.config.isProduction).toBe(false);
    const res = await fetch(`${t.url}/graphiql`, { headers: browser });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await res.text();
    expect(html).toMatch(/<div id="graphiql">/);
    expect(html).not.toMatch(/<script>|<style|style=|https?:\/\//); // nothing inline, nothing from elsewhere
    const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
    expect(assets).toHaveLength(6);
    for (const asset of assets) {
      expect(asset).toMatch(/^\/graphiql\/assets\/[\w.-]+$/);
      const file = await fetch(`${t.url}${asset}`);
      expect(`${asset} ${file.status}`).toBe(`${asset} 200`);
      expect(file.headers.get('content-type')).toMatch(asset.endsWith('.css') ? /^text\/css/ : /^text\/javascript/);
      const body = await file.text();
      expect(body.length).toBeGreaterThan(20);
      expect(body).not.toMatch(/\/\/(unpkg\.com|cdn\.jsdelivr\.net|embeddable-sandbox\.cdn\.apollographql\.com)\//); // no CDN URL in the bundles either
    }
    for (const name of ['package.json', 'constructor', '__proto__', 'toString']) expect((await fetch(`${t.url}/graphiql/assets/${name}`)).status).toBe(404);
    expect((await fetch(`${t.url}/graphiql/assets/..%2F..%2Fpackage.json`)).status).toBe(404);
  });

  it('the page’s CSP allows the API’s own scripts and styles and no other origin', async () => {
    const csp = (await fetch(`${t.url}/graphiql`)).headers.get('content-security-policy')!;
    const directives = Object.fromEntries(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name, values]));
    expect(directives['default-src']).toEqual(["'none'"]);
    expect(directives['script-src']).toEqual(["'self'"]);
    expect(directives['style-src']).toEqual(["'self'"]);
    expect(directives['connect-src']).toEqual(["'self'"]);
    expect(directives['frame-ancestors']).toEqual(["'none'"]);
    expect(csp).not.toMatch(/unsafe|https?:|\*/);
    // Every other answer keeps the strict policy.
    expect((await fetch(`${t.url}/graphiql/assets/start.js`)).headers.get('content-security-policy')).toMatch(/^default-src 'none'; frame-ancestors/);
  });

  it('a browser’s GET /graphql is sent to GraphiQL; an API client’s is not', async () => {
    const page = await fetch(`${t.url}/graphql`, { headers: browser, redirect: 'manual' });
    expect(page.status).toBe(302);
    expect(page.headers.get('location')).toBe('/graphiql');
    const client = await fetch(`${t.url}/graphql?query=%7B__typename%7D`, { headers: { accept: 'application/json', 'apollo-require-preflight': 'true' }, redirect: 'manual' });
    expect(client.status).toBe(200);
  });
});

describe('in production', () => {
  let t: TestApi;
  beforeAll(async () => {
    t = await startTestApi({ NODE_ENV: 'production', JWT_SECRET: 'p'.repeat(48), PAYMENT_GATEWAY: 'sandbox', REDIS_URL: '', LOG_LEVEL: 'silent' });
  });
  afterAll(() => t?.stop());

  it('there is no IDE: /graphiql and its assets are 404, a browser’s GET /graphql is not redirected', async () => {
    expect(t.config.isProduction).toBe(true);
    expect((await fetch(`${t.url}/graphiql`, { headers: browser })).status).toBe(404);
    expect((await fetch(`${t.url}/graphiql/assets/graphiql.js`)).status).toBe(404);
    const page = await fetch(`${t.url}/graphql`, { headers: browser, redirect: 'manual' });
    expect(page.status).toBe(400);
    expect(page.headers.get('content-security-policy')).toMatch(/^default-src 'none'/);
    expect(((await page.json()) as any).errors[0].message).toMatch(/apollo-require-preflight/);
  });

  it('the schema is still published at /schema.graphql', async () => {
    const res = await fetch(`${t.url}/schema.graphql`);
    expect(res.status).toBe(200);
    expect(await res.text()).toMatch(/type Query \{/);
  });
});
