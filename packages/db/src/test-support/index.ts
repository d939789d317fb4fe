// Test-only entry point (`@waymark/db/test-support`): never imported by production code.
export { createTestDatabase, type TestDatabase } from './test-database';
export { startTestServer, withDatabase, type TestServer } from './test-server';
export * from './fixtures';
