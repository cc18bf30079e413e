/**
 * SSRF rules of webhook addresses, the connection pinned to the checked address, the sealed secret, the retry
 * schedule and the defaults — without a database.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadConfig, ConfigError } from '../../src/config';
import { testConfig } from '../support/api';
import { AddressRefused, checkWebhookUrlForm, forbiddenAddressReason, resolveVetted } from '../../src/webhooks/address-guard';
import { newWebhookSecret, openSecret, sealSecret, webhookSignature } from '../../src/webhooks/secret-box';
import { postWebhook } from '../../src/webhooks/webhook-sender';
import { retryDelayMs } from '../../src/webhooks/webhook.service';
import { verifyKabinetWebhook } from './helpers';

beforeAll(() => {
  testConfig();
});

describe('forbiddenAddressReason', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['10.0.0.1', 'private'],
    ['172.16.5.4', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.169.254', 'link-local'],
    ['100.64.0.1', 'CGNAT'],
    ['100.127.255.255', 'CGNAT'],
    ['0.0.0.0', 'unspecified'],
    ['224.0.0.251', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['198.18.0.1', 'benchmarking'],
    ['::', 'unspecified'],
    ['::1', 'loopback'],
    ['0:0:0:0:0:0:0:1', 'loopback'],
    ['::ffff:10.0.0.1', 'IPv4-mapped private'],
    ['::ffff:127.0.0.1', 'IPv4-mapped loopback'],
    ['::ffff:a9fe:a9fe', 'IPv4-mapped link-local'],
    ['64:ff9b::a00:1', 'NAT64 private'],
    ['2002:c0a8:0101::1', '6to4 private'],
    ['fc00::1', 'unique-local'],
    ['fd12:3456::1', 'unique-local'],
    ['fe80::1%eth0', 'link-local'],
    ['ff02::1', 'multicast'],
    ['2001:db8::1', 'documentation'],
    ['not-an-ip', 'not an IP address'],
  ])('refuses %s (%s)', (ip, reason) => {
    expect(forbiddenAddressReason(ip)).toContain(reason.split(' ').pop()!);
  });

  it.each(['8.8.8.8', '1.1.1.1', '93.184.216.34', '172.32.0.1', '100.128.0.1', '2a00:1450:4010:c0e::71', '::ffff:8.8.8.8', '2606:4700:4700::1111'])(
    'allows the public address %s',
    (ip) => {
      expect(forbiddenAddressReason(ip)).toBeNull();
    },
  );
});

describe('checkWebhookUrlForm', () => {
  it.each([
    ['plain http', 'http://example.ru/hook', /https:\/\//],
    ['ftp', 'ftp://example.ru/hook', /https:\/\//],
    ['credentials', 'https://user:secret@example.ru/hook', /пароль/],
    ['a relative address', 'example.ru/hook', /URL/],
    ['longer than 2048', `https://example.ru/${'a'.repeat(2048)}`, /2048/],
    ['empty', '', /Укажите адрес/],
  ])('refuses %s', (_label, url, message) => {
    expect(() => checkWebhookUrlForm(url, false)).toThrow(AddressRefused);
    expect(() => checkWebhookUrlForm(url, false)).toThrow(message);
  });

  it('accepts https://, and http:// only where private addresses are allowed', () => {
    expect(checkWebhookUrlForm('https://example.ru/kabinet?x=1', false).host).toBe('example.ru');
    expect(checkWebhookUrlForm('https://[::1]:8443/', false).host).toBe('::1');
    expect(checkWebhookUrlForm('http://127.0.0.1:9/hook', true).host).toBe('127.0.0.1');
  });
});

describe('resolveVetted', () => {
  it('refuses a name that resolves to a loopback address, and an address literal that is one', async () => {
    await expect(resolveVetted('localhost', false)).rejects.toThrow(/внутренний или служебный/);
    await expect(resolveVetted('::ffff:10.0.0.1', false)).rejects.toThrow(/IPv4-mapped/);
    await expect(resolveVetted('169.254.169.254', false)).rejects.toThrow(/link-local/);
  });

  it('allows them with WEBHOOK_ALLOW_PRIVATE, and answers the address to connect to', async () => {
    expect(await resolveVetted('127.0.0.1', true)).toEqual({ address: '127.0.0.1', family: 4 });
    expect((await resolveVetted('localhost', true)).address).toMatch(/^(127\.0\.0\.1|::1)$/);
  });

  it('refuses a name that does not resolve', async () => {
    await expect(resolveVetted('no-such-host.invalid', true)).rejects.toThrow(/не найдено в DNS|не удалось найти/);
  });
});

describe('the connection is pinned to the checked address', () => {
  it('goes to the vetted address whatever the host name says (DNS rebinding cannot move it)', async () => {
    const seen: string[] = [];
    const server = http.createServer((req, res) => {
      seen.push(String(req.headers.host));
      res.writeHead(204).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    try {
      // The name does not resolve in DNS at all: only the pinned lookup can have connected it.
      const result = await postWebhook(new URL(`http://rebound.invalid:${port}/hook`), { address: '127.0.0.1', family: 4 }, '{}', {}, 2000);
      expect(result).toEqual({ status: 204, error: null });
      expect(seen).toEqual([`rebound.invalid:${port}`]);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

describe('the signing secret', () => {
  it('is whsec_ and 32 random bytes, stored encrypted and opened with the same key only', () => {
    const secret = newWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(newWebhookSecret()).not.toBe(secret);
    const sealed = sealSecret(secret);
    expect(sealed).not.toContain(secret.slice(6));
    expect(openSecret(sealed)).toBe(secret);
    const tampered = sealed.slice(0, -2) + (sealed.endsWith('A') ? 'BB' : 'AA');
    expect(() => openSecret(tampered)).toThrow();
    testConfig({ WEBHOOK_SECRET_KEY: 'ab'.repeat(32) });
    try {
      expect(() => openSecret(sealed)).toThrow();
    } finally {
      testConfig();
    }
  });

  it('signs `${timestamp}.${body}`: the documented verifier accepts it, and refuses a changed body, another secret or an old timestamp', () => {
    const secret = newWebhookSecret();
    const body = '{"id":"evt_1","type":"PAYMENT_RECORDED"}';
    const ts = Math.floor(Date.now() / 1000);
    const headers = { 'kabinet-webhook-timestamp': String(ts), 'kabinet-signature': webhookSignature(secret, ts, body) };
    expect(verifyKabinetWebhook(secret, headers, body)).toBe(true);
    expect(verifyKabinetWebhook(secret, headers, body.replace('PAYMENT', 'CHARGES'))).toBe(false);
    expect(verifyKabinetWebhook(newWebhookSecret(), headers, body)).toBe(false);
    expect(verifyKabinetWebhook(secret, headers, body, ts + 301)).toBe(false);
    expect(verifyKabinetWebhook(secret, { ...headers, 'kabinet-webhook-timestamp': String(ts + 1) }, body)).toBe(false);
  });
});

describe('retries and configuration', () => {
  it('retries after 30 s, 1, 2, 4 … minutes, at most an hour, plus at most 10 % jitter', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 11].map((n) => retryDelayMs(n, 0) / 1000)).toEqual([30, 60, 120, 240, 480, 960, 1920, 3600, 3600]);
    expect(retryDelayMs(1, 1)).toBe(33_000);
    expect(retryDelayMs(20, 0.5)).toBe(3_780_000);
  });

  it('defaults: https to public addresses only, 5 s per attempt, 12 attempts; in production the key is WEBHOOK_SECRET_KEY, or derived from JWT_SECRET with a warning', () => {
    const { config } = loadConfig({ NODE_ENV: 'test' });
    expect(config.webhooks).toMatchObject({ allowPrivate: false, timeoutMs: 5000, maxAttempts: 12 });
    expect(config.webhooks.secretKey).toMatch(/^[0-9a-f]{64}$/);
    expect(loadConfig({ NODE_ENV: 'test', WEBHOOK_ALLOW_PRIVATE: 'true' }).config.webhooks.allowPrivate).toBe(true);
    const production = { NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40), PAYMENT_GATEWAY: 'sandbox' };
    const derived = loadConfig(production);
    expect(derived.config.webhooks.secretKey).toMatch(/^[0-9a-f]{64}$/);
    expect(derived.config.webhooks.secretKey).not.toBe(loadConfig({ ...production, JWT_SECRET: 'y'.repeat(40) }).config.webhooks.secretKey);
    expect(derived.warnings.join(' ')).toMatch(/WEBHOOK_SECRET_KEY/);
    expect(() => loadConfig({ ...production, WEBHOOK_SECRET_KEY: 'short' })).toThrow(ConfigError);
    expect(loadConfig({ ...production, WEBHOOK_SECRET_KEY: 'ab'.repeat(32) }).config.webhooks.secretKey).toBe('ab'.repeat(32));
  });
});
