/**
 * Starts the real API for a test file: its own database, a real SMTP server,
 * HTTP on a free port. `gql` posts a GraphQL request the way a client does.
 */
import { loadConfig, setConfig, type Config } from '../../src/config';
import { startApi, type RunningApi } from '../../src/app';
import { createTestDatabase, type TestDatabase } from './test-db';
import { startSmtp, type TestSmtp } from './smtp';

export interface GqlResult<T = any> {
  status: number;
  data?: T;
  errors?: { message: string; path?: string[]; extensions?: Record<string, any> }[];
}

export interface TestApi {
  url: string;
  api: RunningApi;
  database: TestDatabase;
  smtp: TestSmtp;
  config: Config;
  gql<T = any>(query: string, variables?: Record<string, unknown>, token?: string | null, headers?: Record<string, string>): Promise<GqlResult<T>>;
  stop(): Promise<void>;
}

export function testConfig(overrides: Record<string, string> = {}): Config {
  // The per-caller request rate limit is off unless a test sets RATE_LIMIT_PER_SECOND: load and race
  // tests fire hundreds of requests as one caller on purpose (test/protection/ tests the limit).
  // Light password hashes (argon2id, 4 MiB, 1 pass; NODE_ENV=test only) unless a test asks for the real ones with
  // PASSWORD_HASH_LIGHT=false: the tests of the hashes themselves, of their queue and of the sign-in limits, which need
  // a hash to take as long as it does in production. Elsewhere the full hashes took about 40 % of an auth-heavy
  // suite's time (six suites: 69.6 s against 42.5 s) and tested nothing more.
  const { config } = loadConfig({
    ...process.env,
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.LOG_LEVEL || 'error',
    RATE_LIMIT_PER_SECOND: '0',
    PASSWORD_HASH_LIGHT: process.env.PASSWORD_HASH_LIGHT || ((overrides.NODE_ENV ?? 'test') === 'test' ? 'true' : 'false'),
    ...overrides,
  });
  setConfig(config);
  return config;
}

export async function startTestApi(env: Record<string, string> = {}, options: { onQuery?: (sql: string) => void } = {}): Promise<TestApi> {
  const smtp = await startSmtp();
  const database = await createTestDatabase({ onQuery: options.onQuery });
  const config = testConfig({ SMTP_URL: smtp.url, DATABASE_URL: database.url, ...env });
  const api = await startApi(database.db, { port: 0, host: '127.0.0.1' });
  const url = api.url;
  return {
    url,
    api,
    database,
    smtp,
    config,
    async gql(query, variables = {}, token = null, headers = {}) {
      const res = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await res.json()) as GqlResult;
      return { ...body, status: res.status };
    },
    async stop() {
      await api.stop();
      await new Promise<void>((resolve) => api.httpServer.close(() => resolve()));
      await database.drop();
      await smtp.stop();
    },
  };
}

/** The error code of the first error, for terse assertions. */
export function codeOf(result: GqlResult): string | undefined {
  return result.errors?.[0]?.extensions?.code;
}
