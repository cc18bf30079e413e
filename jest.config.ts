import type { Config } from 'jest';

// Three projects: the API's tests (real MySQL, real SMTP started by the tests), the browser tests of the
// site (real Chromium driven by playwright-core), and the cluster (several API instances behind HAProxy).
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
    {
      // npm run cluster's shape (3 API instances, HAProxy, Redis, the site), driven through the balancer (#16).
      displayName: 'cluster',
      rootDir: '.',
      testEnvironment: 'node',
      testMatch: ['<rootDir>/test/cluster/**/*.test.ts'],
      transform: tsJest,
      setupFiles: ['reflect-metadata'],
    },
  ],
  testTimeout: 60_000,
};

export default config;
