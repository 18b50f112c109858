import type { Config } from 'jest';

const config: Config = {
  testEnvironment: 'node',
  roots: ['<rootDir>/__tests__'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  // Examples import 'rxnet' as a user's code does; here that name is the source.
  moduleNameMapper: { '^rxnet$': '<rootDir>/src/index.ts', '^rxnet/testing$': '<rootDir>/src/testing/index.ts' },
  // Real sockets on two busy cores: generous per-test bound, but every wait is on an event.
  testTimeout: 30_000,
  maxWorkers: 2,
};

// CommonJS, as the package is: Node 22+ loads this file itself (type stripping), and an
// `export default` here made it warn "Failed to load the ES module" before Jest fell back to ts-node.
module.exports = config;
