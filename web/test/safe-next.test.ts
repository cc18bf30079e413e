/**
 * safeNext (src/lib/server/forms.ts), the address the sign-in goes to afterwards, against known
 * open-redirect payloads (security issue #12): whatever `next` says, the answer is a path of the
 * site itself — resolved as a browser resolves a Location header, it never leaves the origin — and
 * it never throws (a CR/LF in a Location header answered 500).
 */
import { loadSiteModule } from './support/site-module';

const { safeNext } = loadSiteModule<typeof import('../src/lib/server/forms')>('src/lib/server/forms.ts');

const ORIGIN = 'https://lk.example.ru';

/** Payloads that must give the area's home page. */
const HOSTILE: unknown[] = [
  '//evil.example',
  '///evil.example',
  '////evil',
  '//evil.example/%2F..',
  '//evil.example@lk.example.ru',
  '/\\evil.example',
  '\\/evil.example',
  '\\\\evil.example',
  '/\\/evil.example',
  'https://evil.example',
  'http://evil.example',
  'HTTPS://evil.example',
  'http:evil.example',
  'https:/evil.example',
  'https:\\\\evil.example',
  '/%09/evil.example',
  '/\t/evil.example',
  '\t//evil.example',
  ' //evil.example',
  '/%2F%2Fevil.example',
  '%2F%2Fevil.example',
  '/%252F%252Fevil.example',
  '/%5Cevil',
  '/%5C%5Cevil.example',
  '/.//evil.example',
  '/%2e//evil.example',
  '/..//evil.example',
  '/x/..//evil.example',
  'javascript:alert(1)',
  'JaVaScRiPt:alert(1)',
  'java\tscript:alert(1)',
  'data:text/html,<script>alert(1)</script>',
  'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
  'vbscript:msgbox(1)',
  '\r\n',
  '/\r\nLocation: https://evil',
  '/%0d%0aLocation:%20https://evil',
  '/x%0D%0ASet-Cookie:%20a=b',
  '/%0aevil',
  '%00',
  '/%00/evil.example',
  '/\u0000/evil',
  '/\u0085evil',
  '／／evil.example',
  '\uff0f\uff0fevil.example',
  '%2F%09%2F127.0.0.1:4400%2Fhealthz',
  '/\t/127.0.0.1:4400/healthz',
  '//127.0.0.1:4400/healthz',
  '/login',
  '/login?next=//evil.example',
  '/logout',
  '?next=//evil.example',
  '#//evil.example',
  'evil.example',
  '',
  '   ',
  `/${'a'.repeat(5000)}`,
  undefined,
  null,
  42,
  ['/meters'],
  { toString: () => '//evil.example' },
];

/** Paths of the site: kept as they are. */
const SAME_ORIGIN: [string, string][] = [
  ['/meters', '/meters'],
  ['/ledger?from=2024-01-01&to=2024-02-01', '/ledger?from=2024-01-01&to=2024-02-01'],
  ['/appeals#appeal-7', '/appeals#appeal-7'],
  ['/.evil.example', '/.evil.example'],
  ['/@evil.example', '/@evil.example'],
  ['/evil.example', '/evil.example'],
  ['/meters/m1', '/meters/m1'],
];

/** A short printable name for a payload. */
function name(payload: unknown): string {
  const text = JSON.stringify(payload) ?? String(payload);
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

/** What a browser makes of a Location header (the URL parser drops tabs and newlines, reads \ as /). */
function landsOn(location: string): URL {
  return new URL(location, `${ORIGIN}/login`);
}

function expectInsideTheSite(result: string) {
  expect(typeof result).toBe('string');
  expect(result.startsWith('/')).toBe(true);
  expect(result.startsWith('//')).toBe(false);
  expect(result).not.toMatch(/[\u0000-\u001f\u007f-\u009f\\]/);
  expect(landsOn(result).origin).toBe(ORIGIN);
  // Decoded once more (as a proxy or a later redirect might), still a path of the site.
  expect(decodeURIComponent(result).startsWith('//')).toBe(false);
  expect(decodeURIComponent(result)).not.toMatch(/[\u0000-\u001f\u007f-\u009f\\]/);
}

describe('safeNext: the sign-in goes only to the site’s own pages', () => {
  test(`there are at least 30 payloads (${HOSTILE.length})`, () => {
    expect(HOSTILE.length).toBeGreaterThanOrEqual(30);
  });

  test.each(HOSTILE.map((p) => [name(p), p]))('%s → /', (_name, payload) => {
    let result = '';
    expect(() => (result = safeNext(payload, '/', ORIGIN))).not.toThrow();
    expect(result).toBe('/');
    expectInsideTheSite(result);
  });

  test.each(SAME_ORIGIN)('%s stays %s', (payload, expected) => {
    const result = safeNext(payload, '/', ORIGIN);
    expect(result).toBe(expected);
    expectInsideTheSite(result);
  });

  test('the site’s own absolute address is not needed: only paths are taken', () => {
    expect(safeNext(`${ORIGIN}/meters`, '/', ORIGIN)).toBe('/');
  });

  test('without the origin given it still never leaves the site', () => {
    for (const payload of HOSTILE) expect(safeNext(payload)).toBe('/');
    expect(safeNext('/meters')).toBe('/meters');
  });
});

describe('safeNext for the operators’ area (/staff)', () => {
  test.each(HOSTILE.map((p) => [name(p), p]))('%s → /staff', (_name, payload) => {
    expect(safeNext(payload, '/staff', ORIGIN)).toBe('/staff');
  });

  test.each([
    ['/staff/appeals', '/staff/appeals'],
    ['/staff/accounts/100000000002?tab=meters', '/staff/accounts/100000000002?tab=meters'],
    ['/staff', '/staff'],
    ['/meters', '/staff'],
    ['/staffevil', '/staff'],
    ['/staff/../meters', '/staff'],
    ['/staff/login', '/staff'],
    ['/staff/logout', '/staff'],
    ['/staff/%2F%2Fevil.example', '/staff/%2F%2Fevil.example'],
    ['/staff/\t/evil.example', '/staff'],
  ])('%s → %s', (payload, expected) => {
    const result = safeNext(payload, '/staff', ORIGIN);
    expect(result).toBe(expected);
    expectInsideTheSite(result);
  });
});
