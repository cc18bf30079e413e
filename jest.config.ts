import type { Config } from 'jest';

// Two projects: the API's tests (real MySQL, real SMTP started by the tests)
// and the browser tests of the site (real Chromium driven by playwright-core).
const tsJest = { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }] as [string, Record<string, unknown>] };

const config: Config = {
  projects: [
    {
      displayName: 'server',
      rootDir: '.',
      testEnvironment: 'node',
      testMatch: ['<rootDir>/server/test/**/*.test.ts'],
      transform: tsJest,
      setupFiles: ['reflect-metadata'],
    },
    {
      displayName: 'web',
      rootDir: '.',
      testEnvironment: 'node',
      testMatch: ['<rootDir>/web/test/**/*.test.ts'],
      transform: tsJest,
      setupFiles: ['reflect-metadata'],
    },
  ],
  testTimeout: 60_000,
};

export default config;
