/**
 * The history's arithmetic in whole litres (close-history.ts): volumes read from the driver's DECIMAL text exactly,
 * and the average of the months by readings rounded as SQL's ROUND(x, 3) does (half away from zero), with no binary
 * fraction on the way. history-summaries.e2e compares the whole history with the SQL on random ledgers.
 */
import { decodeSupplyHistory, emptyHistory, encodeSupplyHistory, historyRows, litresOf, type AccountHistory, type Method } from '../../src/billing/close-history';
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

describe('a supply’s history as the summary keeps it', () => {
  const methods: (Method | null)[] = ['ACTUAL', 'AVERAGE', 'NORM', null];

  it('reads back every group it wrote, on random histories', () => {
    let seed = 7;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    for (let round = 0; round < 500; round++) {
      const months = new Map<string, { method: Method | null; litres: number; recalcs: number }>();
      for (let g = random(14); g > 0; g--) {
        const period = `${2020 + random(10)}-${String(1 + random(12)).padStart(2, '0')}`;
        const size = [0, 1, 999, 52_000, 99_999_999_999, Number.MAX_SAFE_INTEGER][random(6)];
        const litres = size !== 0 && random(4) === 0 ? -size : size;
        months.set(period, { method: methods[random(4)], litres, recalcs: random(3) === 0 ? 1 + random(12) : 0 });
      }
      expect(decodeSupplyHistory(encodeSupplyHistory(months))).toEqual(months);
    }
  });

  it.each([
    '2026-10', '2026-10A', '2026-10X52', '2026-1A52', '2026-10A52,', ',2026-10A52', '2026-10A52r', '2026-10A52r2x',
    '2026-10A52;2026-09A1', '2026-10A--52', '2026-10A9007199254740993', '202610A52', ' 2026-10A52',
  ])('refuses %j', (text) => {
    expect(() => decodeSupplyHistory(text)).toThrow(/not a supply's history/);
  });

  it('reads the months it has seen before as the same text, and each group apart', () => {
    const a = decodeSupplyHistory('2026-10A52000,2026-09V48000r2,2026-08-0');
    expect([...a]).toEqual([
      ['2026-10', { method: 'ACTUAL', litres: 52000, recalcs: 0 }],
      ['2026-09', { method: 'AVERAGE', litres: 48000, recalcs: 2 }],
      ['2026-08', { method: null, litres: 0, recalcs: 0 }],
    ]);
    const b = decodeSupplyHistory('2026-10A1');
    b.get('2026-10')!.litres += 5;
    expect(a.get('2026-10')!.litres).toBe(52000);
  });
});
