import {
  type BankDetails, bankDetailsProblems, correspondentAccountProblem, innProblem, settlementAccountProblem,
} from '../../src/common/bank-details';

/** The demo payee of config.ts and the fixtures: fictitious, but with valid check digits and keys. */
const demo: BankDetails = { inn: '5118000004', personalAcc: '40702810700000000123', bic: '044799865', correspAcc: '30101810900000000865' };

/** Every string that differs from `s` in exactly one digit. */
function oneDigitOff(s: string): Array<[number, string]> {
  const out: Array<[number, string]> = [];
  for (let i = 0; i < s.length; i++) {
    for (let d = 0; d <= 9; d++) if (String(d) !== s[i]) out.push([i, s.slice(0, i) + d + s.slice(i + 1)]);
  }
  return out;
}

describe('bank details checked as banks check them', () => {
  test('the demo payee passes', () => {
    expect(bankDetailsProblems(demo)).toEqual([]);
  });

  test.each([
    // Public details of real banks: БИК and correspondent account.
    ['ПАО Сбербанк', '044525225', '30101810400000000225'],
    ['АО «Альфа-Банк»', '044525593', '30101810200000000593'],
    ['АО «Т-Банк»', '044525974', '30101810145250000974'],
  ])('a real correspondent account passes: %s', (_bank, bic, corr) => {
    expect(correspondentAccountProblem(corr, bic)).toBeNull();
  });

  test.each([
    ['ПАО Сбербанк', '7707083893'],
    ['10 digits, demo', '5118000004'],
    ['12 digits (a person)', '500100732259'],
  ])('a valid ИНН passes: %s', (_what, inn) => {
    expect(innProblem(inn)).toBeNull();
  });

  test('every one-digit change of the ИНН is caught', () => {
    for (const inn of ['5118000004', '500100732259']) {
      for (const [, bad] of oneDigitOff(inn)) {
        expect(bankDetailsProblems({ ...demo, inn: bad })).toEqual(['PAYEE_INN: контрольная цифра ИНН не сходится']);
      }
    }
  });

  test('every one-digit change of the settlement account is caught', () => {
    for (const [, bad] of oneDigitOff(demo.personalAcc)) {
      expect(bankDetailsProblems({ ...demo, personalAcc: bad }))
        .toEqual(['PAYEE_ACCOUNT: контрольный ключ расчётного счёта не сходится с БИК 044799865']);
    }
  });

  test('every one-digit change of the correspondent account is caught', () => {
    for (const [i, bad] of oneDigitOff(demo.correspAcc)) {
      const expected = i < 5 ? 'корреспондентский счёт банка должен начинаться с 30101'
        : i >= 17 ? 'корреспондентский счёт должен оканчиваться на последние три цифры БИК (865)'
          : 'контрольный ключ корреспондентского счёта не сходится с БИК 044799865';
      expect(bankDetailsProblems({ ...demo, correspAcc: bad })).toEqual([`PAYEE_CORR_ACCOUNT: ${expected}`]);
    }
  });

  test('a one-digit change of the БИК in the digits the keys cover (5th to 9th) is caught', () => {
    for (const [i, bad] of oneDigitOff(demo.bic)) {
      if (i < 4) continue; // the region code is in no key
      expect(bankDetailsProblems({ ...demo, bic: bad }).length).toBeGreaterThan(0);
    }
  });

  test('the account of one bank does not pass with another bank\'s БИК', () => {
    expect(settlementAccountProblem(demo.personalAcc, '044525225')).toBe('контрольный ключ расчётного счёта не сходится с БИК 044525225');
  });

  test('wrong lengths and letters are reported, naming the variable', () => {
    expect(bankDetailsProblems({ inn: '51180000', personalAcc: '4070281070000000012', bic: '04479986X', correspAcc: '3010181090000000086' })).toEqual([
      'PAYEE_INN: ИНН должен состоять из 10 или 12 цифр: «51180000»',
      'PAYEE_ACCOUNT: расчётный счёт должен состоять из 20 цифр: «4070281070000000012»',
      'PAYEE_BIC: БИК должен состоять из 9 цифр: «04479986X»',
      'PAYEE_CORR_ACCOUNT: корреспондентский счёт должен состоять из 20 цифр: «3010181090000000086»',
    ]);
  });

  test('the caller names the fields its own way; an empty ИНН is left to it', () => {
    const names = { inn: 'PayeeINN', personalAcc: 'PersonalAcc', bic: 'BIC', correspAcc: 'CorrespAcc' };
    expect(bankDetailsProblems({ ...demo, inn: '' }, names)).toEqual([]);
    expect(bankDetailsProblems({ ...demo, inn: '5118000005' }, names)).toEqual(['PayeeINN: контрольная цифра ИНН не сходится']);
  });
});
