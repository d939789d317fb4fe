import { waymarkConfig } from '@waymark/eslint-config';

export default waymarkConfig({
  tsconfigRootDir: import.meta.dirname,
  ignores: ['.next/**', 'next-env.d.ts'],
});
