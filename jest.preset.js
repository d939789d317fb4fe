// Shared Jest settings: SWC transpiles TypeScript (with Nest's decorator
// metadata), workspace packages resolve to their sources so tests never need
// a prior build.
const path = require('node:path');

const root = __dirname;
const ESM_ONLY_PACKAGES = ['content-disposition'];

/** @param {{ displayName: string, rootDir: string, decorators?: boolean, testMatch?: string[] }} options */
function project({ displayName, rootDir, decorators = false, testMatch }) {
  return {
    displayName,
    rootDir,
    testEnvironment: 'node',
    testMatch: testMatch ?? [
      '<rootDir>/src/**/*.test.ts',
      '<rootDir>/scripts/**/*.test.ts',
      '<rootDir>/test/**/*.test.ts',
    ],
    transform: {
      '^.+\\.(t|j)sx?$': [
        '@swc/jest',
        {
          jsc: {
            parser: { syntax: 'typescript', decorators },
            transform: decorators ? { legacyDecorator: true, decoratorMetadata: true } : {},
            target: 'es2022',
          },
          module: { type: 'commonjs' },
        },
      ],
    },
    // ESM-only dependencies that Jest (on Node 20) cannot require: let SWC compile them to CommonJS.
    transformIgnorePatterns: [`/node_modules/(?!(${ESM_ONLY_PACKAGES.join('|')})/)`],
    moduleNameMapper: {
      '^@waymark/(domain|db|api-client)$': path.join(root, 'packages/$1/src'),
      '^@waymark/db/test-support$': path.join(root, 'packages/db/src/test-support'),
      // Generated Prisma code and NodeNext sources import siblings as './x.js'.
      '^(\\.{1,2}/.*)\\.js$': '$1',
    },
  };
}

module.exports = { project, root };
