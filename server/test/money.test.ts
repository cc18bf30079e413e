import { addMoney, fromKopecks, fromLitres, normalizeMoney, normalizeVolume, toKopecks, toLitres } from '../src/money';
import { splitBalance } from '../src/accounts/account.service';

describe('money', () => {
  it('converts exactly between decimal strings and kopecks', () => {
    expect(toKopecks('1044.02')).toBe(104402n);
    expect(toKopecks('-2890.64')).toBe(-289064n);
    expect(toKopecks('0.1')).toBe(10n);
    expect(fromKopecks(-5n)).toBe('-0.05');
    expect(addMoney('1044.02', '1044.02', '-3132.06', '-1846.62')).toBe('-2890.64');
    // 0.1 + 0.2 is exact here, unlike with floats.
    expect(addMoney('0.1', '0.2')).toBe('0.30');
    expect(() => toKopecks('1e3')).toThrow(RangeError);
    expect(() => toKopecks('1,5')).toThrow(RangeError);
    expect(() => toKopecks('1.005')).toThrow(RangeError);
  });

  it('normalises database decimals', () => {
    expect(normalizeMoney('1044.0200')).toBe('1044.02');
    expect(normalizeMoney('-0.005')).toBe('-0.01');
    expect(normalizeMoney('0')).toBe('0.00');
  });

  it('splits a balance into amount due and advance', () => {
    expect(splitBalance('-2890.64')).toEqual({ balance: '-2890.64', amountDue: '0.00', advance: '2890.64' });
    expect(splitBalance('1425.17')).toEqual({ balance: '1425.17', amountDue: '1425.17', advance: '0.00' });
  });
});

describe('volumes', () => {
  it('keeps up to 5 integer and 3 fraction digits, exactly', () => {
    expect(toLitres('241.375')).toBe(241375n);
    expect(fromLitres(241000n)).toBe('241');
    expect(normalizeVolume('240.500')).toBe('240.5');
    expect(() => toLitres('123456')).toThrow(RangeError);
    expect(() => toLitres('1.2345')).toThrow(RangeError);
    expect(() => toLitres('-1')).toThrow(RangeError);
  });
});
