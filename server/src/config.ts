/**
 * The one place where configuration is read. Every environment variable the API
 * understands is listed here, checked at start, and documented in the README.
 */
import { URL } from 'node:url';
import { hkdfSync } from 'node:crypto';
import { bankDetailsProblems } from './common/bank-details';
import { readDecimal } from './money';

export const DEFAULT_DATABASE_URL = 'mysql://root@127.0.0.1:3306/kabinet';
const DEV_JWT_SECRET = 'kabinet-development-secret-do-not-use-in-production';

export interface PayeeConfig {
  name: string;
  inn: string;
  kpp: string;
  personalAcc: string;
  bankName: string;
  bic: string;
  correspAcc: string;
}

export interface UtilityContacts {
  name: string;
  address: string;
  phone: string;
  dispatcherPhone: string;
  email: string;
  website: string;
  workingHours: string;
}

export interface Config {
  nodeEnv: string;
  isProduction: boolean;
  databaseUrl: string;
  /** True when DATABASE_URL was not set: the embedded server may be started. */
  databaseUrlIsDefault: boolean;
  jwtSecret: string;
  jwtIssuer: string;
  jwtAudience: string;
  accessTokenTtlSeconds: number;
  /** Refresh session lifetime with «Сохранить логин». */
  rememberTtlSeconds: number;
  /** Refresh session lifetime without it (the browser session; bounded on the server too). */
  sessionTtlSeconds: number;
  passwordResetTtlSeconds: number;
  smtpUrl: string | null;
  mailFrom: string;
  redisUrl: string | null;
  port: number;
  webPort: number;
  publicUrl: string;
  webUrl: string;
  timeZone: string;
  termsVersion: string;
  payee: PayeeConfig;
  utility: UtilityContacts;
  /** Readings window: days of month, inclusive, in the utility's time zone. */
  readingsWindow: { from: number; to: number };
  /** A monthly consumption above this (m³, one meter) is flagged for the operator. */
  highConsumptionM3: string;
  /** Day of the following month by which a period's bill is due. */
  paymentDueDay: number;
  /** Bank of Russia key rate, percent, and the cap used for penalties (ПП №474). */
  keyRatePercent: string;
  penaltyRateCapPercent: string;
  /** The cap applies to penalty days before this date (ПП №474, extended by ПП №329). */
  penaltyRateCapUntil: string;
  /** Months in a row a volume may be charged by the AVERAGE method before NORM (ПП №354 п.59). */
  averageMaxMonths: number;
  /** ПП №354 п.60: the norm is multiplied by this after the average months of a failed or expired meter. */
  normIncreaseFactor: string;
  /** A reading below the previous one is a counter roll-over (99 999,999 → 0) when the wrapped consumption is at most this, m³. */
  meterRolloverMaxM3: string;
  /** Password hashes (argon2id, one core each) computed at once; the others queue. */
  passwordHashConcurrency: number;
  /**
   * PASSWORD_HASH_LIGHT=true (NODE_ENV=test only): argon2id with 4 MiB and 1 pass instead of 64 MiB and 3. For the tests
   * that are not about the hashes (the browser tests, most of the API's); the tests of the hashes, their queue and the
   * sign-in limits keep the real parameters.
   */
  passwordHashLight: boolean;
  /** Password checks that may wait for a free slot; past that SERVICE_UNAVAILABLE with retryAfter. */
  passwordHashQueue: number;
  /** Password checks one client (address) may have waiting; past that its own are refused, nobody else's. */
  passwordHashQueuePerClient: number;
  /** PASSWORD_HASH_NICE: the CPU priority (nice, 1..19) of the process that hashes passwords; 0 hashes in the API's process (the default outside production). */
  passwordHashNice: number;
  /**
   * PASSWORD_HASH_IDLE: the hashing process also runs under Linux's SCHED_IDLE policy (started through util-linux's
   * `chrt --idle`): a CPU running only it counts as idle, so a request's thread waking up is put there at once
   * instead of queueing behind a hash. Only with a hashing process (PASSWORD_HASH_NICE > 0); true by default.
   */
  passwordHashIdle: boolean;
  /** How often each instance reads the sign-ins revoked by the others (ms): a revoked token stops within it. */
  sessionRevocationPollMs: number;
  /** Send Strict-Transport-Security (HSTS=true, or PUBLIC_URL over https). */
  hsts: boolean;
  /** WebSocket connections at once per client address, and per signed-in caller (close 4429 past them). */
  wsMaxConnectionsPerAddress: number;
  wsMaxConnectionsPerCaller: number;
  /** Shared secret of the built-in sandbox card gateway's webhook signature. */
  paymentWebhookSecret: string;
  paymentGateway: 'sandbox';
  logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
  introspection: boolean;
  /** Express 'trust proxy': which proxies' X-Forwarded-For to believe (the site's server by default). */
  trustProxy: string;
  /** BILLING_CLOSE_BATCH_SIZE: accounts per batch (one transaction) of a month close; its progress moves by batches. */
  closeBatchSize: number;
  /**
   * BILLING_CLOSE_WORKERS: batches of a month close charged at a time, each on its own database connection. Three by
   * default: on a 2-core database server, the third keeps it busy while the others' penalties are computed in the API
   * (a million accounts, docs/SCALING.md: 122.4 s against 134.7–144.2 s with two for the month with recalculations).
   */
  closeWorkers: number;
  /** INSTANCE_NAME: this API instance's name, sent as X-Kabinet-Instance on every answer (several instances behind a balancer); null: no header. */
  instanceName?: string | null;
  /** Bounds of every GraphQL request, HTTP and WebSocket alike (QUERY_TOO_COMPLEX past them). */
  queryLimits: { maxDepth: number; maxAliases: number; maxRootFields: number; maxDirectives: number; maxTokens: number; maxCost: number };
  /** Per-caller request rate, a leaky bucket: requests per second sustained and the burst (0 turns it off). */
  rateLimit: { perSecond: number; burst: number };
  /** How often a live WebSocket re-checks that its sign-in or API token has not been revoked. */
  wsAuthRecheckSeconds: number;
  /**
   * Signed webhooks (webhooks/, docs/WEBHOOKS.md). allowPrivate (WEBHOOK_ALLOW_PRIVATE=true, development and
   * tests only) lets endpoints be plain http:// and private or loopback addresses; otherwise an endpoint must be
   * https:// to a public address, checked at creation and again at every delivery. secretKey: the AES-256-GCM
   * key (32 bytes, hex) the endpoints' signing secrets are stored under. timeoutMs: one attempt's time limit;
   * maxAttempts: attempts of one delivery before it is given up.
   */
  webhooks: { allowPrivate: boolean; secretKey: string; timeoutMs: number; maxAttempts: number };
}

export class ConfigError extends Error {}

/** Light password hashes: for tests only, never where real passwords are kept. */
function passwordHashLight(env: NodeJS.ProcessEnv, nodeEnv: string): boolean {
  const light = trueOrFalse(env, 'PASSWORD_HASH_LIGHT', false);
  if (light && nodeEnv !== 'test') throw new ConfigError(`PASSWORD_HASH_LIGHT is for the tests only (NODE_ENV=test): with NODE_ENV=${nodeEnv} passwords are hashed with the full argon2id parameters`);
  return light;
}

function trueOrFalse(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (raw !== 'true' && raw !== 'false') throw new ConfigError(`${name} must be true or false, got "${raw}"`);
  return raw === 'true';
}

function int(env: NodeJS.ProcessEnv, name: string, fallback: number, min = 0, max = 65535): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

function url(env: NodeJS.ProcessEnv, name: string, fallback: string): string {
  const raw = env[name] || fallback;
  try {
    new URL(raw);
  } catch {
    throw new ConfigError(`${name} must be a URL, got "${raw}"`);
  }
  return raw.replace(/\/+$/, '');
}

function decimalString(env: NodeJS.ProcessEnv, name: string, fallback: string): string {
  const raw = env[name] || fallback;
  if (readDecimal(raw, { scale: 4, integerDigits: 6, plain: true }).problem !== undefined) throw new ConfigError(`${name} must be a decimal number like 16.5, got "${raw}"`);
  return raw;
}

function isoDate(env: NodeJS.ProcessEnv, name: string, fallback: string): string {
  const raw = env[name] || fallback;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(raw);
  const d = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null;
  if (!m || !d || d.toISOString().slice(0, 10) !== raw) throw new ConfigError(`${name} must be a date like 2027-01-01, got "${raw}"`);
  return raw;
}

function digits(env: NodeJS.ProcessEnv, name: string, fallback: string, length: number): string {
  const raw = env[name] || fallback;
  if (!new RegExp(`^\\d{${length}}$`).test(raw)) throw new ConfigError(`${name} must be ${length} digits, got "${raw}"`);
  return raw;
}

function readingsWindow(raw: string | undefined): { from: number; to: number } {
  const text = raw || '15-25';
  const m = /^(\d{1,2})-(\d{1,2})$/.exec(text);
  const from = m ? Number(m[1]) : NaN;
  const to = m ? Number(m[2]) : NaN;
  if (!m || from < 1 || to > 31 || from > to) {
    throw new ConfigError(`READINGS_WINDOW must be two days of the month like 15-25, got "${text}"`);
  }
  return { from, to };
}

function timeZone(raw: string | undefined): string {
  const tz = raw || 'Europe/Moscow';
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
  } catch {
    throw new ConfigError(`TZ_UTILITY must be an IANA time zone such as Europe/Moscow, got "${tz}"`);
  }
  return tz;
}

/**
 * The key the webhook endpoints' signing secrets are encrypted with (AES-256-GCM), as 64 hex digits.
 * WEBHOOK_SECRET_KEY: 32 random bytes as hex (`openssl rand -hex 32`) or base64. When unset it is derived
 * from JWT_SECRET (HKDF-SHA256, a separate key), which production requires anyway; production then warns at
 * start, since rotating JWT_SECRET would make the stored secrets unreadable (those endpoints must be recreated).
 */
function webhookSecretKey(env: NodeJS.ProcessEnv, isProduction: boolean, jwtSecret: string, warnings: string[]): string {
  const raw = (env.WEBHOOK_SECRET_KEY ?? '').trim();
  if (!raw) {
    if (isProduction) {
      warnings.push('WEBHOOK_SECRET_KEY is not set: the webhook secrets are encrypted with a key derived from JWT_SECRET; set WEBHOOK_SECRET_KEY (openssl rand -hex 32) so that JWT_SECRET can be rotated.');
    }
    return Buffer.from(hkdfSync('sha256', jwtSecret, 'kabinet', 'webhook-secret-key', 32)).toString('hex');
  }
  const key = /^[0-9a-fA-F]{64}$/.test(raw) ? Buffer.from(raw, 'hex') : /^[A-Za-z0-9+/_-]{43}=?$/.test(raw) ? Buffer.from(raw, 'base64') : null;
  if (!key || key.length !== 32) throw new ConfigError('WEBHOOK_SECRET_KEY must be 32 bytes: 64 hex digits (`openssl rand -hex 32`) or base64');
  return key.toString('hex');
}

function paymentGateway(env: NodeJS.ProcessEnv, isProduction: boolean): 'sandbox' {
  const name = env.PAYMENT_GATEWAY || (isProduction ? '' : 'sandbox');
  if (name === 'sandbox') return 'sandbox';
  if (!name) {
    throw new ConfigError('PAYMENT_GATEWAY must be set when NODE_ENV=production: the built-in sandbox gateway credits payments without charging a card, so it is chosen only on purpose (PAYMENT_GATEWAY=sandbox)');
  }
  throw new ConfigError(`PAYMENT_GATEWAY "${name}" is not known; the available gateway is "sandbox"`);
}

/** INSTANCE_NAME (it goes into a header): 1 to 64 letters, digits, dots, dashes or underscores; unset: null. */
function instanceName(env: NodeJS.ProcessEnv): string | null {
  const raw = (env.INSTANCE_NAME ?? '').trim();
  if (!raw) return null;
  if (!/^[A-Za-z0-9._-]{1,64}$/.test(raw)) throw new ConfigError(`INSTANCE_NAME must be 1 to 64 letters, digits, dots, dashes or underscores, got "${raw}"`);
  return raw;
}

/**
 * The payee's bank details (demo defaults: fictitious but valid). Checked at start as a bank would check them
 * (the ИНН's check digit, the accounts' control keys against the БИК), so a typo stops the API at start
 * instead of the banks refusing the payments made by the document's details or QR code.
 */
function payee(env: NodeJS.ProcessEnv): PayeeConfig {
  const p: PayeeConfig = {
    name: env.PAYEE_NAME || 'АО «Апатитыводоканал»',
    inn: digits(env, 'PAYEE_INN', '5118000004', 10),
    kpp: digits(env, 'PAYEE_KPP', '511801001', 9),
    personalAcc: digits(env, 'PAYEE_ACCOUNT', '40702810700000000123', 20),
    bankName: env.PAYEE_BANK_NAME || 'МУРМАНСКОЕ ОТДЕЛЕНИЕ N8627 ПАО СБЕРБАНК',
    bic: digits(env, 'PAYEE_BIC', '044799865', 9),
    correspAcc: digits(env, 'PAYEE_CORR_ACCOUNT', '30101810900000000865', 20),
  };
  const problems = bankDetailsProblems(p);
  if (problems.length) throw new ConfigError(problems.join('; '));
  return p;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): { config: Config; warnings: string[] } {
  const warnings: string[] = [];
  const nodeEnv = env.NODE_ENV || 'development';
  // Only an unset NODE_ENV, `development` or `test` is a developer's machine: anything else (`production`,
  // `Production`, `staging`…) runs as production, with its own JWT secret and no development defaults.
  const isProduction = !['development', 'test'].includes(nodeEnv);

  let jwtSecret = env.JWT_SECRET || '';
  if (!jwtSecret || jwtSecret === DEV_JWT_SECRET) {
    if (isProduction) {
      throw new ConfigError(`JWT_SECRET must be set to a long random value when NODE_ENV=${nodeEnv} (anything but development or test), e.g. \`openssl rand -hex 32\``);
    }
    jwtSecret = DEV_JWT_SECRET;
    warnings.push('JWT_SECRET is not set: using the development default. Never run production like this.');
  } else if (jwtSecret.length < 32) {
    if (isProduction) throw new ConfigError('JWT_SECRET must be at least 32 characters long');
    warnings.push('JWT_SECRET is shorter than 32 characters.');
  }

  const databaseUrl = env.DATABASE_URL || DEFAULT_DATABASE_URL;
  try {
    const parsed = new URL(databaseUrl);
    if (parsed.protocol !== 'mysql:') throw new Error('protocol');
    if (!parsed.pathname.replace('/', '')) throw new Error('database');
  } catch {
    throw new ConfigError(`DATABASE_URL must look like mysql://user:password@host:3306/database, got "${databaseUrl}"`);
  }

  const port = int(env, 'PORT', 4000, 1);
  const webPort = int(env, 'WEB_PORT', 3000, 1);
  const smtpUrl = env.SMTP_URL || null;
  if (!smtpUrl) warnings.push('SMTP_URL is not set: e-mail is kept in the outbox table and written to the log, not sent.');

  const logLevel = (env.LOG_LEVEL || (nodeEnv === 'test' ? 'warn' : 'info')) as Config['logLevel'];
  if (!['debug', 'info', 'warn', 'error', 'silent'].includes(logLevel)) {
    throw new ConfigError(`LOG_LEVEL must be one of debug, info, warn, error, silent, got "${logLevel}"`);
  }

  const paymentWebhookSecret = env.PAYMENT_WEBHOOK_SECRET || `${jwtSecret}:payments`;

  // WEBHOOK_ALLOW_PRIVATE=true: webhook endpoints may be http:// and private/loopback addresses (development, tests).
  const webhookAllowPrivate = trueOrFalse(env, 'WEBHOOK_ALLOW_PRIVATE', false);
  if (webhookAllowPrivate && isProduction) warnings.push('WEBHOOK_ALLOW_PRIVATE=true in production: webhooks may reach private and loopback addresses (SSRF protection off).');

  const config: Config = {
    nodeEnv,
    isProduction,
    databaseUrl,
    databaseUrlIsDefault: !env.DATABASE_URL,
    jwtSecret,
    jwtIssuer: 'kabinet',
    jwtAudience: 'kabinet-api',
    accessTokenTtlSeconds: int(env, 'ACCESS_TOKEN_TTL', 15 * 60, 10, 24 * 3600),
    rememberTtlSeconds: 30 * 24 * 3600,
    sessionTtlSeconds: 12 * 3600,
    passwordResetTtlSeconds: 3600,
    smtpUrl,
    mailFrom: env.MAIL_FROM || 'Личный кабинет абонента <no-reply@kabinet.local>',
    redisUrl: env.REDIS_URL || null,
    port,
    webPort,
    publicUrl: url(env, 'PUBLIC_URL', `http://localhost:${port}`),
    webUrl: url(env, 'WEB_URL', `http://localhost:${webPort}`),
    timeZone: timeZone(env.TZ_UTILITY),
    termsVersion: env.TERMS_VERSION || '2026-01',
    payee: payee(env),
    utility: {
      name: env.UTILITY_NAME || env.PAYEE_NAME || 'АО «Апатитыводоканал»',
      address: env.UTILITY_ADDRESS || '184209, Мурманская обл., г. Апатиты, ул. Энергетическая, д. 24',
      phone: env.UTILITY_PHONE || '+7 (81555) 6-11-00',
      dispatcherPhone: env.UTILITY_DISPATCHER_PHONE || '+7 (81555) 6-11-11',
      email: env.UTILITY_EMAIL || 'info@apvod.ru',
      website: env.UTILITY_WEBSITE || 'https://apvod.ru',
      workingHours: env.UTILITY_HOURS || 'пн–чт 8:00–17:00, пт 8:00–16:00, обед 12:00–13:00',
    },
    readingsWindow: readingsWindow(env.READINGS_WINDOW),
    highConsumptionM3: decimalString(env, 'HIGH_CONSUMPTION_M3', '30'),
    paymentDueDay: int(env, 'PAYMENT_DUE_DAY', 15, 1, 28),
    keyRatePercent: decimalString(env, 'KEY_RATE_PERCENT', '16.5'),
    penaltyRateCapPercent: decimalString(env, 'PENALTY_RATE_CAP_PERCENT', '9.5'),
    penaltyRateCapUntil: isoDate(env, 'PENALTY_RATE_CAP_UNTIL', '2027-01-01'),
    averageMaxMonths: int(env, 'AVERAGE_MAX_MONTHS', 3, 0, 12),
    normIncreaseFactor: decimalString(env, 'NORM_INCREASE_FACTOR', '1.5'),
    meterRolloverMaxM3: decimalString(env, 'METER_ROLLOVER_MAX_M3', '1000'),
    passwordHashConcurrency: int(env, 'PASSWORD_HASH_CONCURRENCY', 1, 1, 64),
    passwordHashLight: passwordHashLight(env, nodeEnv),
    passwordHashQueue: int(env, 'PASSWORD_HASH_QUEUE', 32, 0, 10_000),
    passwordHashQueuePerClient: int(env, 'PASSWORD_HASH_QUEUE_PER_CLIENT', 2, 0, 10_000),
    // A separate, lower-priority hashing process in production; on a developer's machine and in the tests (where
    // the other test files keep every core busy, and a niced hash would take seconds) the API's own process.
    passwordHashNice: int(env, 'PASSWORD_HASH_NICE', isProduction ? 10 : 0, 0, 19),
    passwordHashIdle: trueOrFalse(env, 'PASSWORD_HASH_IDLE', true),
    sessionRevocationPollMs: int(env, 'SESSION_REVOCATION_POLL_MS', 1000, 100, 60_000),
    hsts: trueOrFalse(env, 'HSTS', (env.PUBLIC_URL ?? '').startsWith('https://')),
    wsMaxConnectionsPerAddress: int(env, 'WS_MAX_CONNECTIONS_PER_ADDRESS', 50, 1, 100_000),
    wsMaxConnectionsPerCaller: int(env, 'WS_MAX_CONNECTIONS_PER_CALLER', 10, 1, 10_000),
    paymentWebhookSecret,
    paymentGateway: paymentGateway(env, isProduction),
    logLevel,
    introspection: trueOrFalse(env, 'GRAPHQL_INTROSPECTION', !isProduction),
    trustProxy: env.TRUST_PROXY || 'loopback',
    instanceName: instanceName(env),
    closeBatchSize: int(env, 'BILLING_CLOSE_BATCH_SIZE', 5000, 1, 100_000),
    closeWorkers: int(env, 'BILLING_CLOSE_WORKERS', 3, 1, 16),
    queryLimits: {
      maxDepth: int(env, 'QUERY_MAX_DEPTH', 10, 2, 100),
      maxAliases: int(env, 'QUERY_MAX_ALIASES', 15, 0, 1000),
      maxRootFields: int(env, 'QUERY_MAX_ROOT_FIELDS', 20, 1, 1000),
      maxDirectives: int(env, 'QUERY_MAX_DIRECTIVES', 10, 0, 1000),
      maxTokens: int(env, 'QUERY_MAX_TOKENS', 2000, 100, 100_000),
      maxCost: int(env, 'QUERY_MAX_COST', 5000, 1, 10_000_000),
    },
    rateLimit: {
      perSecond: int(env, 'RATE_LIMIT_PER_SECOND', 20, 0, 100_000),
      burst: int(env, 'RATE_LIMIT_BURST', 60, 1, 1_000_000),
    },
    wsAuthRecheckSeconds: int(env, 'WS_AUTH_RECHECK_SECONDS', 60, 1, 24 * 3600),
    webhooks: {
      allowPrivate: webhookAllowPrivate,
      secretKey: webhookSecretKey(env, isProduction, jwtSecret, warnings),
      // WEBHOOK_TIMEOUT_MS: one delivery attempt's limit (connect, send, answer); WEBHOOK_MAX_ATTEMPTS: before giving up.
      timeoutMs: int(env, 'WEBHOOK_TIMEOUT_MS', 5000, 100, 30_000),
      maxAttempts: int(env, 'WEBHOOK_MAX_ATTEMPTS', 12, 1, 50),
    },
  };
  return { config, warnings };
}

let current: Config | null = null;

/** The process-wide configuration, loaded once. Tests may replace it with setConfig. */
export function config(): Config {
  if (!current) current = loadConfig().config;
  return current;
}

export function setConfig(next: Config): void {
  current = next;
}
