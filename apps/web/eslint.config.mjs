import { waymarkConfig } from '@waymark/eslint-config';

export default waymarkConfig({
  tsconfigRootDir: import.meta.dirname,
  // server.mjs: the plain-JS start-up file, untyped like the *.config.* files.
  ignores: ['.next/**', 'next-env.d.ts', 'server.mjs'],
});
