/**
 * The selected account in the address (#15, src/lib/account.ts): `?account=` read as 12 digits, kept first in
 * every link and form action of a page (a named action stays one for SvelteKit), and the header switcher's
 * target for another account.
 */
import { loadSiteModule } from './support/site-module';

const { accountParam, selectedAccount, withAccount, switchAccountHref } = loadSiteModule<typeof import('../src/lib/account')>('src/lib/account.ts');

const url = (path: string) => new URL(path, 'https://lk.example.ru');

describe('?account= (#15)', () => {
  test('read as 12 digits: absent, a number, or invalid', () => {
    expect(accountParam(url('/ledger'))).toBeNull();
    expect(accountParam(url('/ledger?account='))).toBeNull();
    expect(accountParam(url('/ledger?account=123456789101'))).toBe('123456789101');
    for (const bad of ['12345', '1234567891011', '12345678910a', '%20123456789101', '123-456-789-101']) {
      expect([bad, accountParam(url(`/ledger?account=${bad}`))]).toEqual([bad, 'invalid']);
    }
    expect(selectedAccount(url('/ledger?account=12345'))).toBeNull();
  });

  test('kept in links and form actions, first; replaced, or dropped for the signed-in account', () => {
    const n = '123456789101';
    expect(withAccount('/pay', n)).toBe(`/pay?account=${n}`);
    expect(withAccount('/pay', null)).toBe('/pay');
    expect(withAccount('?/send', n)).toBe(`?account=${n}&/send`);
    expect(withAccount('?/send', null)).toBe('?/send');
    expect(withAccount('?', n)).toBe(`?account=${n}`);
    expect(withAccount('?', null)).toBe('?');
    expect(withAccount('/ledger?from=2026-01-01&to=2026-02-01', n)).toBe(`/ledger?account=${n}&from=2026-01-01&to=2026-02-01`);
    expect(withAccount(`/ledger?account=100000000002&sort=asc`, n)).toBe(`/ledger?account=${n}&sort=asc`);
    expect(withAccount(`/ledger?account=100000000002&sort=asc`, null)).toBe('/ledger?sort=asc');
    expect(withAccount('/settings#link-account', n)).toBe(`/settings?account=${n}#link-account`);
    expect(withAccount('/pay', 'not-a-number')).toBe('/pay');
    // A named action is still found by SvelteKit (the first parameter whose name starts with "/").
    const action = new URL(withAccount('?/read', n), 'https://lk.example.ru/appeals');
    expect([...action.searchParams.keys()]).toEqual(['account', '/read']);
  });

  test('the switcher: the same page for the other account, without what belonged to the one shown', () => {
    const n = '123456789101';
    expect(switchAccountHref(url('/ledger?account=100000000002&from=2026-01-01&after=abc&sort=asc'), n)).toBe(`/ledger?account=${n}&from=2026-01-01&sort=asc`);
    expect(switchAccountHref(url('/meters/17?account=100000000002&after=x'), n)).toBe(`/meters?account=${n}`);
    expect(switchAccountHref(url('/pay/result?payment=abc'), n)).toBe(`/pay?account=${n}`);
    expect(switchAccountHref(url('/appeals?account=123456789101&after=x'), null)).toBe('/appeals');
    expect(switchAccountHref(url('/?account=123456789101'), null)).toBe('/');
  });
});
