import { AppError } from '../src/errors';
import {
  addMoney, decimalParts, fromKopecks, fromLitres, fromUnits, normalizeMoney, normalizeVolume, parseDecimal, readDecimal, toKopecks, toLitres,
} from '../src/money';
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

  it('reads the canonical form («-1044.02») as the general reader does, and nothing more', () => {
    const general = (v: string) => readDecimal(v, { scale: 2, signed: true, plain: true });
    const samples = ['0.00', '-0.00', '0.05', '-0.05', '1044.02', '-2890.64', '999999999999999.99', '-999999999999999.99'];
    for (let i = 0; i < 2000; i++) {
      const int = String(Math.floor(Math.random() * 10 ** Math.floor(Math.random() * 16)));
      samples.push(`${Math.random() < 0.5 ? '-' : ''}${int}.${String(Math.floor(Math.random() * 100)).padStart(2, '0')}`);
    }
    for (const v of samples) expect([v, toKopecks(v)]).toEqual([v, general(v).units]);
    // Not canonical: the general reader decides (leading zeros, one fraction digit, 16 digits, spaces).
    expect(toKopecks('007.50')).toBe(750n);
    expect(toKopecks(' 1.5 ')).toBe(150n);
    expect(() => toKopecks('1000000000000000.00')).toThrow(RangeError);
    expect(() => toKopecks('1.')).toThrow(RangeError);
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

describe('parseDecimal: the one decimal parser', () => {
  const money = { scale: 2 } as const;
  const units = (raw: unknown, limits: Parameters<typeof readDecimal>[1] = money) => readDecimal(raw, limits).units;
  const problem = (raw: unknown, limits: Parameters<typeof readDecimal>[1] = money) => readDecimal(raw, limits).problem;

  it('reads what a Russian user types: a decimal comma, thousands grouped by spaces of any kind', () => {
    expect(units('1044.02')).toBe(104402n);
    expect(units('1044,02')).toBe(104402n);
    expect(units('1 044,02')).toBe(104402n);
    expect(units('1\u00A0044,02')).toBe(104402n); // no-break space, as copied from a formatted page
    expect(units('1\u202F044,02')).toBe(104402n); // narrow no-break space (Intl's ru-RU grouping)
    expect(units('1\u2009044,02')).toBe(104402n); // thin space
    expect(units('12 345 678,9')).toBe(1234567890n);
    expect(units('  7,5 ')).toBe(750n);
    expect(units('00241,375', { scale: 3 })).toBe(241375n);
  });

  it('takes a separator with digits on one side only, and a leading +', () => {
    expect(units('1044.')).toBe(104400n);
    expect(units('1044,')).toBe(104400n);
    expect(units('.5')).toBe(50n);
    expect(units(',05')).toBe(5n);
    expect(units('+5')).toBe(500n);
    expect(problem('.')).toBe('format');
    expect(problem(',')).toBe('format');
    expect(problem('+')).toBe('format');
  });

  it('refuses what is not one decimal number', () => {
    for (const raw of ['', ' ', 'abc', '1e3', '1E3', '0x10', '1,044.02', '1.044,02', '12 34', '1  044', '1 0440', '1 044 ,02', '--5', '5-', '1.2.3', 'NaN', 'Infinity', null, undefined, {}, true]) {
      expect([raw, problem(raw)]).toEqual([raw, 'format']);
    }
  });

  it('signs: a minus only where the caller allows one; "-0" is zero there and a sign problem elsewhere', () => {
    expect(problem('-5')).toBe('sign');
    expect(problem('-0')).toBe('sign');
    expect(units('-0', { scale: 2, signed: true })).toBe(0n);
    expect(units('-120,50', { scale: 2, signed: true })).toBe(-12050n);
    expect(units('\u22121 044,02', { scale: 2, signed: true })).toBe(-104402n); // U+2212, the typographic minus
  });

  it('scale: more fraction digits than allowed is a problem unless they are zeros (the value stays exact)', () => {
    expect(problem('1044.021')).toBe('scale');
    expect(problem('0,001')).toBe('scale');
    expect(units('1044.020')).toBe(104402n);
    expect(units('241,3750', { scale: 3 })).toBe(241375n);
    expect(problem('241,3751', { scale: 3 })).toBe('scale');
  });

  it('range: integer digits (leading zeros not counted) and the bounds, in units', () => {
    expect(problem('123456', { scale: 3, integerDigits: 5 })).toBe('range');
    expect(units('0099999,999', { scale: 3, integerDigits: 5 })).toBe(99999999n);
    expect(problem('0', { scale: 2, min: 1n })).toBe('range');
    expect(problem('500 000,01', { scale: 2, min: 1n, max: 50_000_000n })).toBe('range');
    expect(units('500 000,00', { scale: 2, min: 1n, max: 50_000_000n })).toBe(50_000_000n);
    expect(problem('-10 000 000,01', { scale: 2, signed: true, min: -1_000_000_000n, max: 1_000_000_000n })).toBe('range');
    // Past Number's 2^53: exact all the same.
    expect(units('123456789012345,67')).toBe(12345678901234567n);
  });

  it('the machine form (plain) takes only "-1044.02"', () => {
    const plain = { scale: 2, signed: true, plain: true } as const;
    expect(units('-1044.02', plain)).toBe(-104402n);
    for (const raw of ['1044,02', '1 044.02', '+5', '.5', '5.']) expect(problem(raw, plain)).toBe('format');
  });

  it('throws BAD_USER_INPUT on the caller\'s field with the caller\'s message for each problem', () => {
    const input = { scale: 2, min: 1n, field: 'amount', message: { format: 'число', sign: 'положительная', scale: 'копейки', range: 'диапазон' } };
    const failure = (raw: string) => {
      try {
        parseDecimal(raw, input);
      } catch (e) {
        expect(e).toBeInstanceOf(AppError);
        return [(e as AppError).extensions.code, (e as AppError).extensions.field, (e as AppError).message];
      }
      return null;
    };
    expect(failure('1 044,02')).toBeNull();
    expect(failure('abc')).toEqual(['BAD_USER_INPUT', 'amount', 'число']);
    expect(failure('-1')).toEqual(['BAD_USER_INPUT', 'amount', 'положительная']);
    expect(failure('1,001')).toEqual(['BAD_USER_INPUT', 'amount', 'копейки']);
    expect(failure('0')).toEqual(['BAD_USER_INPUT', 'amount', 'диапазон']);
    // One message for every problem, and a caller's own failure (a CSV import refuses the line).
    expect(() => parseDecimal('x', { scale: 3, field: 'volume', message: 'объём' }, (field, message) => new RangeError(`${field}: ${message}`))).toThrow('volume: объём');
  });

  it('keeps the digits as written for formatting, and prints units back exactly', () => {
    expect(decimalParts('-0012,50')).toEqual({ negative: true, int: '0012', frac: '50' });
    expect(decimalParts('1e3')).toBeNull();
    expect(fromUnits(490n, 3)).toBe('0.490');
    expect(fromUnits(-5n, 2)).toBe('-0.05');
    expect(fromUnits(7n, 0)).toBe('7');
  });
});
