/** Penalties (ЖК РФ ст.155 ч.14) by hand-computed cases: the 30/31 and 90/91 thresholds, FIFO payments, the rate cap. */
import { dueDateOf, penaltyFor, type PenaltyRates } from '../../src/billing/penalty';
import { addDays, daysBetween } from '../../src/common/calendar';
import { lumpedUpTo } from '../../src/billing/penalty-accrual';
import { formatPercent, penaltyDescription } from '../../src/billing/descriptions';

const CAPPED: PenaltyRates = { keyRatePercent: '16.5', capPercent: '9.5', capUntil: '2027-01-01' };

describe('penaltyFor', () => {
  it('accrues nothing up to the 30th day of delay', () => {
    // Due 15.01: 14.02 is the 30th day.
    const p = penaltyFor([{ amount: '1044.02', dueOn: '2026-01-15' }], [], '2026-01-16', '2026-02-14', CAPPED);
    expect(p).toEqual({ amount: '0.00', days: 0, parts: [] });
  });

  it('from the 31st day: 1/300 of the capped rate a day (30/31 threshold)', () => {
    // February 2026: 01.02 is day 17, 15.02 day 31, 28.02 day 44 → 14 days.
    // 1044.02 × 14 × 9.5 % / 300 = 4.628488… → 4.63
    const p = penaltyFor([{ amount: '1044.02', dueOn: '2026-01-15' }], [], '2026-02-01', '2026-02-28', CAPPED);
    expect(p.amount).toBe('4.63');
    expect(p.days).toBe(14);
    expect(p.parts).toEqual([
      { dueOn: '2026-01-15', debt: '1044.02', from: '2026-02-15', to: '2026-02-28', days: 14, fraction: 300, ratePercent: '9.5', amount: '4.63' },
    ]);
    expect(penaltyDescription(p)).toBe('Пени: 1 044,02 ₽ × 14 дн. × 1/300 × 9,5 %');
  });

  it('from the 91st day: 1/130 (90/91 threshold)', () => {
    // April 2026: 01.04 is day 76, 15.04 day 90, 16.04 day 91.
    // 1044.02 × 15 × 9.5 % / 300 = 4.959095; 1044.02 × 15 × 9.5 % / 130 = 11.444065…; sum 16.403160… → 16.40
    const p = penaltyFor([{ amount: '1044.02', dueOn: '2026-01-15' }], [], '2026-04-01', '2026-04-30', CAPPED);
    expect(p.amount).toBe('16.40');
    expect(p.days).toBe(30);
    expect(p.parts.map((x) => [x.from, x.to, x.days, x.fraction, x.amount])).toEqual([
      ['2026-04-01', '2026-04-15', 15, 300, '4.96'],
      ['2026-04-16', '2026-04-30', 15, 130, '11.44'],
    ]);
    expect(penaltyDescription(p)).toBe('Пени: 1 044,02 ₽ × 15 дн. × 1/300 × 9,5 % + 1 044,02 ₽ × 15 дн. × 1/130 × 9,5 %');
  });

  it('pays off the oldest debt first; the day of payment is still a day of delay', () => {
    // Debts 1000.00 (due 15.01) and 500.00 (due 15.02); 600.00 paid on 10.03 goes to the first.
    // March: debt 1 at days 45–75: 1000 × 10 days (01–10.03) + 400 × 21 days (11–31.03);
    // debt 2 from its 31st day, 18.03: 500 × 14 days. (10000 + 8400 + 7000) × 9.5 % / 300 = 8.0433… → 8.04
    const p = penaltyFor(
      [{ amount: '500.00', dueOn: '2026-02-15' }, { amount: '1000.00', dueOn: '2026-01-15' }],
      [{ amount: '600.00', paidOn: '2026-03-10' }],
      '2026-03-01',
      '2026-03-31',
      CAPPED,
    );
    expect(p.amount).toBe('8.04');
    expect(p.days).toBe(31);
    expect(p.parts.map((x) => [x.dueOn, x.debt, x.from, x.to, x.days])).toEqual([
      ['2026-01-15', '1000.00', '2026-03-01', '2026-03-10', 10],
      ['2026-01-15', '400.00', '2026-03-11', '2026-03-31', 21],
      ['2026-02-15', '500.00', '2026-03-18', '2026-03-31', 14],
    ]);
  });

  it('a payment larger than the oldest debt pays the next one too; an advance pays debts charged later', () => {
    const debts = [{ amount: '1000.00', dueOn: '2026-01-15' }, { amount: '500.00', dueOn: '2026-02-15' }];
    const paidAll = penaltyFor(debts, [{ amount: '1200.00', paidOn: '2026-02-28' }], '2026-03-01', '2026-03-31', CAPPED);
    // Only 300.00 of the second debt is left, from its 31st day (18.03): 300 × 14 × 9.5 % / 300 = 1.33
    expect(paidAll.amount).toBe('1.33');
    expect(paidAll.parts).toEqual([expect.objectContaining({ debt: '300.00', from: '2026-03-18', days: 14 })]);
    const advance = penaltyFor(debts, [{ amount: '2000.00', paidOn: '2025-12-01' }], '2026-03-01', '2026-03-31', CAPPED);
    expect(advance).toEqual({ amount: '0.00', days: 0, parts: [] });
  });

  it('uses the key rate from the day the cap ends, and the key rate when it is the lower', () => {
    // Due 15.10.2026; January 2027 (cap over): 01.01 is day 78, 13.01 day 90, 14.01 day 91.
    // 1000 × 13 × 16.5 % / 300 + 1000 × 18 × 16.5 % / 130 = 7.15 + 22.846153… = 29.996… → 30.00
    const jan = penaltyFor([{ amount: '1000', dueOn: '2026-10-15' }], [], '2027-01-01', '2027-01-31', CAPPED);
    expect(jan.amount).toBe('30.00');
    expect(jan.parts.map((x) => [x.days, x.fraction, x.ratePercent])).toEqual([[13, 300, '16.5'], [18, 130, '16.5']]);
    // The cap ending mid-month: 1000 × 15 × 9.5 % / 300 + 1000 × 16 × 16.5 % / 300 = 4.75 + 8.80
    const dec = penaltyFor([{ amount: '1000', dueOn: '2026-10-15' }], [], '2026-12-01', '2026-12-31', { ...CAPPED, capUntil: '2026-12-16' });
    expect(dec.amount).toBe('13.55');
    expect(dec.parts.map((x) => [x.from, x.to, x.ratePercent])).toEqual([['2026-12-01', '2026-12-15', '9.5'], ['2026-12-16', '2026-12-31', '16.5']]);
    // A key rate below the cap is used as it is: 1000 × 14 × 7.5 % / 300 = 3.50
    const low = penaltyFor([{ amount: '1000', dueOn: '2026-01-15' }], [], '2026-02-01', '2026-02-28', { ...CAPPED, keyRatePercent: '7.5' });
    expect(low.amount).toBe('3.50');
  });

  it('ignores zero and negative amounts', () => {
    expect(penaltyFor([{ amount: '0', dueOn: '2026-01-15' }, { amount: '-5', dueOn: '2026-01-15' }], [], '2026-04-01', '2026-04-30', CAPPED).amount).toBe('0.00');
  });
});

/** The rule written the slow way, one day at a time, to check the fast one against. */
function naive(debts: { amount: string; dueOn: string }[], payments: { amount: string; paidOn: string }[], from: string, to: string, rates: PenaltyRates): { amount: string; days: number } {
  const kop = (v: string) => BigInt(Math.round(Number(v) * 100));
  const sorted = [...debts].sort((a, b) => a.dueOn.localeCompare(b.dueOn));
  const rate = (day: string) => {
    const key = BigInt(Math.round(Number(rates.keyRatePercent) * 10000));
    const cap = BigInt(Math.round(Number(rates.capPercent) * 10000));
    return rates.capUntil !== null && day >= rates.capUntil ? key : cap < key ? cap : key;
  };
  let total = 0n; // kopecks × 1e-4 % / (100 × 10 000 × 3900)
  let days = 0;
  for (let day = from; day <= to; day = addDays(day, 1)) {
    let paid = payments.filter((p) => p.paidOn < day).reduce((sum, p) => sum + kop(p.amount), 0n);
    let any = false;
    for (const debt of sorted) {
      const left = kop(debt.amount) > paid ? kop(debt.amount) - paid : 0n;
      paid = paid > kop(debt.amount) ? paid - kop(debt.amount) : 0n;
      const n = daysBetween(debt.dueOn, day);
      if (left === 0n || n <= 30) continue;
      any = true;
      total += left * rate(day) * (n <= 90 ? 13n : 30n);
    }
    if (any) days++;
  }
  const d = 100n * 10_000n * 3900n;
  const rounded = (total * 2n + d) / (2n * d);
  return { amount: `${rounded / 100n}.${String(rounded % 100n).padStart(2, '0')}`, days };
}

it('agrees with the rule applied day by day on random debts and payments', () => {
  let seed = 42;
  const random = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed % n;
  };
  for (let i = 0; i < 300; i++) {
    const debts = Array.from({ length: 1 + random(4) }, () => ({ amount: `${random(5000)}.${String(random(100)).padStart(2, '0')}`, dueOn: addDays('2026-01-15', random(200)) }));
    const payments = Array.from({ length: random(4) }, () => ({ amount: `${random(3000)}.${String(random(100)).padStart(2, '0')}`, paidOn: addDays('2026-01-01', random(300)) }));
    const from = addDays('2026-03-01', random(250));
    const to = addDays(from, random(40));
    const rates = { keyRatePercent: ['16.5', '7.25', '21'][random(3)], capPercent: '9.5', capUntil: [null, '2026-09-01', '2027-01-01'][random(3)] };
    const fast = penaltyFor(debts, payments, from, to, rates);
    expect({ amount: fast.amount, days: fast.days }).toEqual(naive(debts, payments, from, to, rates));
    expect(fast.parts.reduce((n, p) => n + p.days, 0)).toBeGreaterThanOrEqual(fast.days);
  }
});

describe('wording and dates', () => {
  it('sums debts due 91 days or more before the month into one', () => {
    // 01.04.2026 − 91 days = 31.12.2025: November's bill (due 15.12.2025) is the latest that old.
    expect(lumpedUpTo('2026-04-01', 15)).toBe('2025-11');
    expect(lumpedUpTo('2026-08-01', 15)).toBe('2026-03');
    expect(lumpedUpTo('2026-08-01', 28)).toBe('2026-03');
  });

  it('due dates are the configured day of the following month', () => {
    expect(dueDateOf('2026-01', 15)).toBe('2026-02-15');
    expect(dueDateOf('2026-12', 15)).toBe('2027-01-15');
  });

  it('formats rates with a decimal comma', () => {
    expect(formatPercent('9.5')).toBe('9,5');
    expect(formatPercent('16.50')).toBe('16,5');
    expect(formatPercent('21')).toBe('21');
    expect(formatPercent('7.25')).toBe('7,25');
  });

  it('falls back to a short description when the parts do not fit 255 characters', () => {
    const debts = Array.from({ length: 12 }, (_, i) => ({ amount: `${100 + i}.00`, dueOn: `2025-${String(i + 1).padStart(2, '0')}-15` }));
    const p = penaltyFor(debts, [], '2026-04-01', '2026-04-30', CAPPED);
    const text = penaltyDescription(p);
    expect(text.length).toBeLessThanOrEqual(255);
    expect(text).toBe('Пени: 30 дн. просрочки, 1/130 ставки 9,5 %');
  });
});
