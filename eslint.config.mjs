// Root scripts, bench and repo-level tests; each workspace has its own config.
import { waymarkConfig } from '@waymark/eslint-config';

export default waymarkConfig({
  tsconfigRootDir: import.meta.dirname,
  ignores: [
    'apps/**',
    'packages/**',
    'tooling/**',
    'node_modules/**',
    '.data/**',
    'test/*.mjs',
    'jest.*.js',
  ],
});
