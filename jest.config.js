// One Jest run over every workspace. The global setup starts one PostgreSQL
// (embedded, or DATABASE_URL) and migrates a template database; each test
// file that needs a database clones its own from that template.
const os = require('node:os');
const { project } = require('./jest.preset');

/** @type {import('jest').Config} */
module.exports = {
  // Real databases on a shared 2-core machine: generous, so a slow moment is
  // not a failure. (A global option: Jest ignores it inside projects.)
  testTimeout: 30_000,
  // Jest's default (one worker per core but one) is a single worker on a 2-core
  // CI machine, and the files then run one after another while a file keeps
  // under one core busy (it waits on PostgreSQL, the API, the portal or
  // Chromium in turn). Each file has its own database and ports, so two run at
  // once: ten of the slowest files took 753 s one at a time and 368 s two at a
  // time on the same (loaded, shared) 2-core machine.
  maxWorkers: Math.max(2, os.availableParallelism() - 1),
  globalSetup: '<rootDir>/test/jest.global-setup.mjs',
  globalTeardown: '<rootDir>/test/jest.global-teardown.mjs',
  projects: [
    project({ displayName: 'domain', rootDir: '<rootDir>/packages/domain' }),
    project({ displayName: 'db', rootDir: '<rootDir>/packages/db' }),
    project({ displayName: 'api-client', rootDir: '<rootDir>/packages/api-client' }),
    project({ displayName: 'api', rootDir: '<rootDir>/apps/api', decorators: true }),
    project({
      displayName: 'repo',
      rootDir: '<rootDir>',
      testMatch: ['<rootDir>/test/**/*.test.ts'],
    }),
    project({
      displayName: 'browser',
      rootDir: '<rootDir>/apps/web',
      testMatch: ['<rootDir>/test/**/*.test.ts'],
    }),
  ],
};
