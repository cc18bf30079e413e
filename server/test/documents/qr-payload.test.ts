import { buildQrPayload, type PayeeDetails } from '../../src/documents/qr-payload';
import { payee, payer } from './fixtures';

const build = (over: { payee?: Partial<PayeeDetails>; amount?: string; period?: string; purpose?: string; payer?: Partial<typeof payer> } = {}): string =>
  buildQrPayload({
    payee: { ...payee, ...over.payee },
    payer: { ...payer, ...over.payer },
    amount: over.amount ?? '1044.02',
    period: over.period ?? '2020-01',
    purpose: over.purpose,
  });

const field = (payload: string, key: string): string | undefined =>
  payload.split('|').find((p) => p.startsWith(`${key}=`))?.slice(key.length + 1);

describe('buildQrPayload (ГОСТ Р 56042-2014)', () => {
  test('exact payload for the demo account', () => {
    expect(build()).toBe(
      'ST00012'
      + '|Name=АО «Апатитыводоканал»'
      + '|PersonalAcc=40702810700000000123'
      + '|BankName=КОЛЬСКОЕ ОТДЕЛЕНИЕ N8627 ПАО СБЕРБАНК'
      + '|BIC=044799865'
      + '|CorrespAcc=30101810900000000865'
      + '|PayeeINN=5118000004'
      + '|KPP=510101001'
      + '|Sum=104402'
      + '|Purpose=Оплата за водоснабжение и водоотведение, л/с 123456789101, за 01.2020'
      + '|PersAcc=123456789101'
      + '|PaymPeriod=012020'
      + '|LastName=Иванов'
      + '|FirstName=Иван'
      + '|MiddleName=Иванович'
      + '|PayerAddress=г. Апатиты, ул. Ленина, д. 1, кв. 1'
      + '|TechCode=02',
    );
  });

  test.each([
    ['1044.02', '104402'],
    ['0.1', '10'],
    ['3132.06', '313206'],
    ['0.01', '1'],
    ['100', '10000'],
    ['90071992547409.93', '9007199254740993'],
  ])('Sum in kopecks: %s → %s', (amount, sum) => {
    expect(field(build({ amount }), 'Sum')).toBe(sum);
  });

  test('no Sum when nothing is due (zero or an advance): the payer types the amount', () => {
    expect(build({ amount: '0.00' })).not.toContain('Sum=');
    expect(build({ amount: '-2890.64' })).not.toContain('Sum=');
  });

  test('rejects amounts that are not exact decimal strings', () => {
    expect(() => build({ amount: '1044,02' })).toThrow();
    expect(() => build({ amount: '10.005' })).toThrow();
    expect(() => build({ amount: '1e3' })).toThrow();
  });

  test('a value never contains the separator; empty optional keys are left out', () => {
    const p = build({
      payer: { address: 'г. Апатиты | ул. Ленина\nд. 1', middleName: null },
      purpose: 'Оплата|воды',
    });
    expect(field(p, 'PayerAddress')).toBe('г. Апатиты ул. Ленина д. 1');
    expect(field(p, 'Purpose')).toBe('Оплата воды');
    expect(p).not.toContain('MiddleName');
    expect(p.split('|')).toHaveLength(16);
    expect(build({ payee: { kpp: '' } })).not.toContain('KPP=');
    expect(build({ payer: { middleName: '  ' } })).not.toContain('MiddleName=');
  });

  test('payee name with a pipe is cleaned, not rejected', () => {
    expect(field(build({ payee: { name: 'АО «Водоканал» | филиал' } }), 'Name')).toBe('АО «Водоканал» филиал');
  });

  test('mandatory keys come first, in the order of the standard, and TechCode=02 last', () => {
    const keys = build().split('|').slice(1).map((p) => p.split('=')[0]);
    expect(keys.slice(0, 5)).toEqual(['Name', 'PersonalAcc', 'BankName', 'BIC', 'CorrespAcc']);
    expect(keys[keys.length - 1]).toBe('TechCode');
  });

  test('limits are inclusive: Name of 160 and BankName of 45 characters pass', () => {
    expect(field(build({ payee: { name: 'Я'.repeat(160), bankName: 'Б'.repeat(45) } }), 'Name')).toHaveLength(160);
  });

  test.each<[string, Partial<PayeeDetails>, RegExp]>([
    ['empty Name', { name: '  ' }, /Name/],
    ['Name over 160', { name: 'Я'.repeat(161) }, /Name/],
    ['empty BankName', { bankName: '' }, /BankName/],
    ['BankName over 45', { bankName: 'Б'.repeat(46) }, /BankName/],
    ['PersonalAcc of 19 digits', { personalAcc: '4070281070000000012' }, /PersonalAcc/],
    ['PersonalAcc with a letter', { personalAcc: '4070281070000000012O' }, /PersonalAcc/],
    ['CorrespAcc of 21 digits', { correspAcc: '301018109000000008650' }, /CorrespAcc/],
    ['CorrespAcc with spaces', { correspAcc: '30101 810900000000865' }, /CorrespAcc/],
    ['BIC of 8 digits', { bic: '04479986' }, /BIC/],
    ['BIC with a letter', { bic: '04479986X' }, /BIC/],
    ['INN of 9 digits', { inn: '511800000' }, /INN/],
    ['KPP of 8 characters', { kpp: '51010100' }, /KPP/],
    ['INN with a wrong check digit', { inn: '5118000005' }, /PayeeINN: контрольная цифра ИНН не сходится/],
    ['PersonalAcc whose key does not match the BIC', { personalAcc: '40702810800000000123' }, /PersonalAcc: контрольный ключ расчётного счёта не сходится с БИК 044799865/],
    ['PersonalAcc of another bank', { bic: '044525225', correspAcc: '30101810400000000225' }, /PersonalAcc: контрольный ключ/],
    ['CorrespAcc whose key does not match the BIC', { correspAcc: '30101810800000000865' }, /CorrespAcc: контрольный ключ корреспондентского счёта/],
  ])('rejects %s', (_what, bad, message) => {
    expect(() => build({ payee: bad })).toThrow(message);
  });

  test('rejects a bad period and an over-long purpose', () => {
    expect(() => build({ period: '2020-13' })).toThrow();
    expect(() => build({ period: '01.2020' })).toThrow();
    expect(() => build({ purpose: 'x'.repeat(211) })).toThrow(/Purpose/);
  });
});
