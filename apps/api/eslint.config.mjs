import { waymarkConfig } from '@waymark/eslint-config';

// Area boundaries (STYLE.md "Areas meet through services"; W16): an area reaches
// another only through the service its module exports, never its repository or
// SQL; common/ serves every area and so imports none (each area registers its
// own error codes with common/errors/error-codes.ts).
const OTHER_AREAS_DATA = {
  regex: String.raw`^(\.\./)+[^./][^/]*/[^/]+\.(repository|sql)(\.js)?$`,
  message:
    "Another area's repository or SQL: call the service its module exports instead (STYLE.md, Areas meet through services).",
};
const AN_AREA_FROM_COMMON = {
  regex: String.raw`^\.\./\.\./(?!common/)`,
  message:
    'common/ imports no area: let the area register itself with common (as its error codes do) or move the code into the area.',
};

export default [
  ...waymarkConfig({ tsconfigRootDir: import.meta.dirname }),
  {
    files: ['src/**/*.ts'],
    ignores: ['src/common/**', '**/*.test.ts', '**/test-support/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [OTHER_AREAS_DATA] }] },
  },
  {
    files: ['src/common/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [AN_AREA_FROM_COMMON] }] },
  },
];
