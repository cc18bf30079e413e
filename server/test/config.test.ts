import { ConfigError, loadConfig } from '../src/config';

describe('configuration', () => {
  it('has working defaults in development, with warnings for what is missing', () => {
    const { config, warnings } = loadConfig({});
    expect(config.databaseUrl).toBe('mysql://root@127.0.0.1:3306/kabinet');
    expect(config.databaseUrlIsDefault).toBe(true);
    expect(config.port).toBe(4000);
    expect(config.webPort).toBe(3000);
    expect(config.timeZone).toBe('Europe/Moscow');
    expect(config.readingsWindow).toEqual({ from: 15, to: 25 });
    expect(warnings.join('\n')).toMatch(/JWT_SECRET/);
    expect(warnings.join('\n')).toMatch(/SMTP_URL/);
  });

  it('refuses to start in production without a real JWT_SECRET', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(ConfigError);
    expect(() => loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'kabinet-development-secret-do-not-use-in-production' })).toThrow(/JWT_SECRET/);
    expect(() => loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'short' })).toThrow(/32/);
    expect(loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40), PAYMENT_GATEWAY: 'sandbox' }).config.introspection).toBe(false);
  });

  it('hashes passwords lightly only for tests (PASSWORD_HASH_LIGHT with NODE_ENV=test), never elsewhere', () => {
    expect(loadConfig({}).config.passwordHashLight).toBe(false);
    expect(loadConfig({ NODE_ENV: 'test', PASSWORD_HASH_LIGHT: 'true' }).config.passwordHashLight).toBe(true);
    expect(() => loadConfig({ PASSWORD_HASH_LIGHT: 'true' })).toThrow(/PASSWORD_HASH_LIGHT is for the tests only/);
    expect(() => loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40), PAYMENT_GATEWAY: 'sandbox', PASSWORD_HASH_LIGHT: 'true' })).toThrow(ConfigError);
    expect(() => loadConfig({ NODE_ENV: 'test', PASSWORD_HASH_LIGHT: 'yes' })).toThrow(/true or false/);
  });

  it('takes a switch only as true or false: a typo stops the start instead of turning a protection off or on', () => {
    // Before, anything but "true" meant false: HSTS=yes sent no HSTS, GRAPHQL_INTROSPECTION=1 turned introspection off.
    for (const name of ['HSTS', 'GRAPHQL_INTROSPECTION', 'WEBHOOK_ALLOW_PRIVATE']) {
      expect(() => loadConfig({ [name]: 'yes' })).toThrow(new RegExp(`${name} must be true or false, got "yes"`));
      expect(() => loadConfig({ [name]: 'TRUE' })).toThrow(ConfigError);
    }
    expect(loadConfig({ HSTS: 'true' }).config.hsts).toBe(true);
    expect(loadConfig({ HSTS: 'false', PUBLIC_URL: 'https://lk.example.ru' }).config.hsts).toBe(false);
    expect(loadConfig({ PUBLIC_URL: 'https://lk.example.ru' }).config.hsts).toBe(true);
    expect(loadConfig({ HSTS: '' }).config.hsts).toBe(false);
    expect(loadConfig({ GRAPHQL_INTROSPECTION: 'false' }).config.introspection).toBe(false);
    expect(loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40), PAYMENT_GATEWAY: 'sandbox', GRAPHQL_INTROSPECTION: 'true' }).config.introspection).toBe(true);
    expect(loadConfig({ WEBHOOK_ALLOW_PRIVATE: 'true' }).config.webhooks.allowPrivate).toBe(true);
    expect(loadConfig({}).config.webhooks.allowPrivate).toBe(false);
  });

  it('uses the sandbox card gateway in production only when chosen on purpose', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40) })).toThrow(/PAYMENT_GATEWAY/);
    expect(() => loadConfig({ PAYMENT_GATEWAY: 'paypal' })).toThrow(/PAYMENT_GATEWAY/);
    expect(loadConfig({}).config.paymentGateway).toBe('sandbox');
  });

  it('checks the payee\'s bank details as a bank would: valid demo defaults, a wrong account key stops the start', () => {
    expect(loadConfig({}).config.payee).toMatchObject({
      inn: '5118000004', kpp: '511801001', personalAcc: '40702810700000000123', bic: '044799865', correspAcc: '30101810900000000865',
    });
    expect(() => loadConfig({ PAYEE_ACCOUNT: '40702810700000000124' })).toThrow(ConfigError);
    expect(() => loadConfig({ PAYEE_ACCOUNT: '40702810700000000124' })).toThrow(/^PAYEE_ACCOUNT: /);
    // Another bank's details, all three changed together, pass.
    const sber = { PAYEE_BIC: '044525225', PAYEE_CORR_ACCOUNT: '30101810400000000225', PAYEE_ACCOUNT: '40702810200000000001' };
    expect(loadConfig(sber).config.payee.bic).toBe('044525225');
    expect(() => loadConfig({ ...sber, PAYEE_ACCOUNT: '40702810700000000123' })).toThrow(/PAYEE_ACCOUNT.*044525225/);
  });

  it.each([
    ['PORT', 'abc', /PORT/],
    ['DATABASE_URL', 'postgres://x/y', /DATABASE_URL/],
    ['READINGS_WINDOW', '25-15', /READINGS_WINDOW/],
    ['TZ_UTILITY', 'Mars/Olympus', /TZ_UTILITY/],
    ['PAYEE_BIC', '12', /PAYEE_BIC/],
    ['PAYEE_ACCOUNT', '40702810800000000123', /PAYEE_ACCOUNT: контрольный ключ расчётного счёта не сходится с БИК 044799865/],
    ['PAYEE_INN', '5118000005', /PAYEE_INN: контрольная цифра ИНН не сходится/],
    ['PAYEE_CORR_ACCOUNT', '30101810800000000865', /PAYEE_CORR_ACCOUNT: контрольный ключ корреспондентского счёта/],
    ['PUBLIC_URL', 'not a url', /PUBLIC_URL/],
  ])('says clearly what is wrong with %s=%s', (name, value, message) => {
    expect(() => loadConfig({ [name]: value })).toThrow(message);
  });
});
