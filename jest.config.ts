import type { Config } from 'jest';

const config: Config = {
  testEnvironment: 'node',
  roots: ['<rootDir>/__tests__'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  // Real sockets on two busy cores: generous per-test bound, but every wait is on an event.
  testTimeout: 30_000,
  maxWorkers: 2,
};

export default config;
