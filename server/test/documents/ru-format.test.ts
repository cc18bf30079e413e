import {
  compareMoney, formatActivationCode, formatDate, formatMoney, formatPeriod, formatPeriodShort, formatVolume,
  fromKopecks, negateMoney, periodToMMYYYY, sumMoney, toKopecks,
} from '../../src/documents/ru-format';

describe('ru-format: money from decimal strings', () => {
  test.each([
    ['1044.02', 104402n],
    ['0.1', 10n],
    ['3132.06', 313206n],
    ['-2890.64', -289064n],
    ['5', 500n],
    ['0.10', 10n],
    ['1.230', 123n],
    ['007.5', 750n],
    // beyond the precision of a double: proves no float is involved
    ['90071992547409.93', 9007199254740993n],
  ])('toKopecks(%s) = %s', (amount, kopecks) => {
    expect(toKopecks(amount)).toBe(kopecks);
  });

  test.each(['1044,02', '10.005', '1e3', '', ' ', 'abc', '.5', '5.', 'NaN', '--1'])('toKopecks rejects %j', (bad) => {
    expect(() => toKopecks(bad)).toThrow();
  });

  test('fromKopecks, sumMoney, negateMoney, compareMoney', () => {
    expect(fromKopecks(104402n)).toBe('1044.02');
    expect(fromKopecks(-5n)).toBe('-0.05');
    expect(sumMoney(['0.1', '0.2'])).toBe('0.30');
    expect(sumMoney(['1044.02', '1044.02', '-3132.06'])).toBe('-1044.02');
    expect(sumMoney([])).toBe('0.00');
    expect(negateMoney('-3132.06')).toBe('3132.06');
    expect(negateMoney('0')).toBe('0.00');
    expect(compareMoney('0.10', '0.1')).toBe(0);
    expect(compareMoney('-0.01', '0')).toBe(-1);
  });

  test.each([
    ['1044.02', '1 044,02'],
    ['-2890.64', '-2 890,64'],
    ['1234567.5', '1 234 567,50'],
    ['0', '0,00'],
    ['999.99', '999,99'],
  ])('formatMoney(%s) = %s', (amount, text) => {
    expect(formatMoney(amount)).toBe(text);
  });

  test('formatMoney options', () => {
    expect(formatMoney('1044.02', { currency: 'symbol' })).toBe('1 044,02 ₽');
    expect(formatMoney('1044.02', { currency: 'abbr' })).toBe('1 044,02 руб.');
    expect(formatMoney('-1044.02', { group: '' })).toBe('-1044,02');
  });

  test('formatVolume keeps the given precision', () => {
    expect(formatVolume('4')).toBe('4');
    expect(formatVolume('4.500')).toBe('4,500');
    expect(formatVolume('12345.125')).toBe('12 345,125');
  });
});

describe('ru-format: dates and periods', () => {
  test('formatDate', () => {
    expect(formatDate('2020-01-31')).toBe('31.01.2020');
    expect(() => formatDate('31.01.2020')).toThrow();
    expect(() => formatDate('2020-13-01')).toThrow();
  });

  test('periods', () => {
    expect(formatPeriod('2020-01')).toBe('январь 2020');
    expect(formatPeriod('2020-12')).toBe('декабрь 2020');
    expect(formatPeriodShort('2020-03')).toBe('03.2020');
    expect(periodToMMYYYY('2020-03')).toBe('032020');
    expect(() => periodToMMYYYY('2020-00')).toThrow();
    expect(() => formatPeriod('2020-1')).toThrow();
  });

  test('activation code', () => {
    expect(formatActivationCode('123456789101')).toBe('1234-5678-9101');
    expect(formatActivationCode('1234 5678 9101')).toBe('1234-5678-9101');
    expect(formatActivationCode('1234-5678-9101')).toBe('1234-5678-9101');
  });
});
