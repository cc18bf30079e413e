/**
 * The log (common/logger.ts, pino underneath): one JSON object a line, info to stdout and warnings to
 * stderr, LOG_LEVEL applied at every call, secrets censored by their keys (at the top level and in
 * the usual containers), and errors with their message and stack but none of their other properties.
 */
import { REDACTED, SECRET_CONTAINERS, SECRET_KEYS, log } from '../../src/common/logger';
import { testConfig } from '../support/api';

function capture(run: () => void): { out: any[]; err: any[] } {
  const out: string[] = [];
  const err: string[] = [];
  const realOut = process.stdout.write;
  const realErr = process.stderr.write;
  process.stdout.write = ((chunk: any) => out.push(String(chunk)) > 0) as typeof process.stdout.write;
  process.stderr.write = ((chunk: any) => err.push(String(chunk)) > 0) as typeof process.stderr.write;
  try {
    run();
  } finally {
    process.stdout.write = realOut;
    process.stderr.write = realErr;
  }
  const lines = (chunks: string[]) => chunks.join('').split('\n').filter(Boolean).map((line) => JSON.parse(line));
  return { out: lines(out), err: lines(err) };
}

beforeEach(() => testConfig({ LOG_LEVEL: 'debug' }));
afterAll(() => testConfig());

it('writes one JSON object a line: level, time, the fields and the message; info to stdout, warnings to stderr', () => {
  const { out, err } = capture(() => {
    log.debug('debug line', { n: 1 });
    log.info('subscriber registered', { account: '123456789101' });
    log.warn('refresh token reused: session family revoked', { family: 'f-1' });
    log.error('unexpected error');
  });
  expect(out).toEqual([
    { level: 'debug', t: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/), n: 1, msg: 'debug line' },
    { level: 'info', t: expect.any(String), account: '123456789101', msg: 'subscriber registered' },
  ]);
  expect(err).toEqual([
    { level: 'warn', t: expect.any(String), family: 'f-1', msg: 'refresh token reused: session family revoked' },
    { level: 'error', t: expect.any(String), msg: 'unexpected error' },
  ]);
  // A message is written as it is: no printf-style formatting.
  expect(capture(() => log.info('100% %s done')).out[0].msg).toBe('100% %s done');
});

it('follows LOG_LEVEL at every call; silent writes nothing', () => {
  const levels = (logLevel: string) => {
    testConfig({ LOG_LEVEL: logLevel });
    const { out, err } = capture(() => (['debug', 'info', 'warn', 'error'] as const).forEach((l) => log[l](l)));
    return [...out, ...err].map((line) => line.level);
  };
  expect(levels('debug')).toEqual(['debug', 'info', 'warn', 'error']);
  expect(levels('warn')).toEqual(['warn', 'error']);
  expect(levels('error')).toEqual(['error']);
  expect(levels('silent')).toEqual([]);
  expect(levels('info')).toEqual(['info', 'warn', 'error']);
});

it('censors every secret key at the top level and in each container (headers, GraphQL inputs, records), keeping the rest', () => {
  const secret = (key: string) => `SECRET-${key}-0123456789`;
  const fields: Record<string, unknown> = { accountNumber: '100000000002', tokenId: 7 };
  for (const key of SECRET_KEYS) fields[key] = secret(key);
  const nested: Record<string, unknown> = {};
  for (const container of SECRET_CONTAINERS) {
    const parts = container.split('.');
    let at = nested;
    for (const part of parts.slice(0, -1)) at = (at[part] ??= {}) as Record<string, unknown>;
    at[parts[parts.length - 1]] = { ...fields, ...(at[parts[parts.length - 1]] as object) };
  }
  const { out } = capture(() => {
    log.info('top', fields);
    log.info('nested', nested);
    log.info('a container that is a string', { account: '100000000002', headers: 'none' });
  });
  const text = JSON.stringify(out);
  for (const key of SECRET_KEYS) expect({ key, found: text.includes(secret(key)) }).toEqual({ key, found: false });
  expect(out[0]).toMatchObject({ accountNumber: '100000000002', tokenId: 7, password: REDACTED, authorization: REDACTED, 'set-cookie': REDACTED, activationCode: REDACTED });
  expect(out[1].req.headers).toMatchObject({ accountNumber: '100000000002', refreshToken: REDACTED, cookie: REDACTED });
  expect(out[1].variables.input).toMatchObject({ tokenId: 7, newPassword: REDACTED });
  expect(out[1].account).toMatchObject({ accountNumber: '100000000002', activation_code: REDACTED });
  expect(out[2]).toMatchObject({ account: '100000000002', headers: 'none' });
});

it('writes an error with its type, message (and causes), stack and code; not its other properties', () => {
  class QueryFailed extends Error {
    code = 'ER_DUP_ENTRY';
    parameters = ['kabinet-refresh-token-hash'];
    constructor(message: string, options?: ErrorOptions) {
      super(message, options);
      this.name = 'QueryFailed';
    }
  }
  const { err } = capture(() => {
    log.warn('database unavailable', { error: new QueryFailed('Duplicate entry', { cause: new Error('socket closed') }) });
    log.error('payment webhook failed', { err: new Error('boom'), paymentId: 'p-1' });
  });
  expect(err[0].error).toEqual({ type: 'QueryFailed', message: 'Duplicate entry: socket closed', stack: expect.stringMatching(/^QueryFailed: Duplicate entry\n\s+at .*caused by: Error: socket closed/s), code: 'ER_DUP_ENTRY' });
  expect(JSON.stringify(err)).not.toContain('kabinet-refresh-token-hash');
  expect(err[1]).toMatchObject({ err: { type: 'Error', message: 'boom', stack: expect.stringContaining('logger.test.ts') }, paymentId: 'p-1', msg: 'payment webhook failed' });
});
