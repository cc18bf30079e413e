/**
 * The history's arithmetic in whole litres (close-history.ts): volumes read from the driver's DECIMAL text exactly,
 * and the average of the months by readings rounded as SQL's ROUND(x, 3) does (half away from zero), with no binary
 * fraction on the way. history-summaries.e2e compares the whole history with the SQL on random ledgers.
 */
import { emptyHistory, historyRows, litresOf, type AccountHistory, type Method } from '../../src/billing/close-history';
import { BillingService } from '../../src/common/enums';

describe('litresOf', () => {
  it.each([
    ['0.000', 0],
    ['12.345', 12345],
    ['-0.500', -500],
    ['12', 12000],
    ['12.5', 12500],
    ['.5', 500],
    ['1234.5678', 1234567],
    ['99999999.999', 99999999999],
    ['-7654321.001', -7654321001],
  ])('%s m³ is %d litres', (text, litres) => {
    expect(litresOf(text)).toBe(litres);
  });

  it.each(['', '-', 'abc', '1.2.3', '1e3', '12.x', ' 12.000', '+1.000', '9999999999999.000'])('refuses %j', (text) => {
    expect(() => litresOf(text)).toThrow(RangeError);
  });
});

describe('historyRows', () => {
  const history = (months: [string, Method, number, number?][]): AccountHistory => {
    const h = emptyHistory();
    for (const [period, method, litres, recalcs = 0] of months) h.get(BillingService.COLD_WATER)!.set(period, { method, litres, recalcs });
    return h;
  };

  it('averages the last six months by readings, rounding the litre half away from zero', () => {
    // 1 + 2 + … + 6 litres over 6 months: 3.5 litres → 0.004 m³; the same negative → -0.004.
    const months: [string, Method, number][] = [1, 2, 3, 4, 5, 6].map((l) => [`2026-0${l}`, 'ACTUAL', l]);
    expect(historyRows(history(months), '2026-07')).toEqual([{ service: BillingService.COLD_WATER, lastActual: '2026-06', months: 6, average: '0.004', averaged: 0 }]);
    const negative = months.map(([p, m, l]) => [p, m, -l] as [string, Method, number]);
    expect(historyRows(history(negative), '2026-07')[0].average).toBe('-0.004');
  });

  it('counts a month that recalculated n months before it as n + 1, and the months by average since the last by readings', () => {
    const rows = historyRows(history([['2026-03', 'ACTUAL', 9_000_001], ['2026-04', 'AVERAGE', 1], ['2026-05', 'ACTUAL', 6_000_000, 2], ['2026-06', 'AVERAGE', 7]]), '2026-07');
    // (9,000,001 + 6,000,000) litres over 1 + 3 months: 3,750,000.25 → 3750.000 m³.
    expect(rows).toEqual([{ service: BillingService.COLD_WATER, lastActual: '2026-05', months: 2, average: '3750.000', averaged: 1 }]);
  });

  it('stays exact for volumes far beyond a household’s (a city block on one meter for years)', () => {
    const months: [string, Method, number][] = [1, 2, 3, 4, 5, 6].map((m) => [`2026-0${m}`, 'ACTUAL', 99_999_999_999]);
    expect(historyRows(history(months), '2026-07')[0].average).toBe('99999999.999');
  });
});
