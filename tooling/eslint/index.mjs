// Shared ESLint flat config: type-checked rules that catch the mistakes that
// matter in this codebase (floating promises on money paths, non-exhaustive
// switches over domain states, process.env read outside env.ts).
import js from '@eslint/js';
import stylistic from '@stylistic/eslint-plugin';
import tseslint from 'typescript-eslint';

/** @param {{ tsconfigRootDir: string, ignores?: string[] }} options */
export function waymarkConfig({ tsconfigRootDir, ignores = [] }) {
  return tseslint.config(
    {
      ignores: ['dist/**', '.next/**', 'coverage/**', '**/generated/**', '*.config.*', ...ignores],
    },
    js.configs.recommended,
    ...tseslint.configs.recommendedTypeChecked,
    {
      languageOptions: {
        parserOptions: { projectService: true, tsconfigRootDir },
      },
      plugins: { '@stylistic': stylistic },
      rules: {
        // Prettier wraps code at 100 (tooling/prettier) but cannot wrap comments or long
        // expressions it must keep whole; 140 is the hard limit. Strings, template literals
        // (SQL), URLs and regular expressions are exempt: breaking them would change them.
        '@stylistic/max-len': [
          'error',
          {
            code: 140,
            ignoreUrls: true,
            ignoreStrings: true,
            ignoreTemplateLiterals: true,
            ignoreRegExpLiterals: true,
          },
        ],
        '@typescript-eslint/no-floating-promises': 'error',
        '@typescript-eslint/switch-exhaustiveness-check': 'error',
        '@typescript-eslint/consistent-type-imports': [
          'error',
          { fixStyle: 'inline-type-imports' },
        ],
        '@typescript-eslint/no-unused-vars': [
          'error',
          { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
        ],
        '@typescript-eslint/require-await': 'off',
        'no-console': 'error',
        'no-restricted-properties': [
          'error',
          {
            object: 'process',
            property: 'env',
            message: 'Read configuration through env.ts only.',
          },
        ],
      },
    },
    {
      // Tests read untyped JSON bodies on purpose (they assert on the wire format).
      files: ['**/*.test.ts', '**/test/**', '**/test-support/**'],
      rules: {
        '@typescript-eslint/no-unsafe-member-access': 'off',
        '@typescript-eslint/no-unsafe-assignment': 'off',
        '@typescript-eslint/no-unsafe-call': 'off',
        '@typescript-eslint/no-unsafe-argument': 'off',
        '@typescript-eslint/no-unsafe-return': 'off',
        '@typescript-eslint/no-explicit-any': 'off',
      },
    },
    {
      // The one place per app/package that reads the environment, and scripts/tests.
      files: [
        '**/env.ts',
        '**/*.test.ts',
        '**/test/**',
        '**/test-support/**',
        '**/scripts/**',
        'bench/**',
      ],
      rules: { 'no-restricted-properties': 'off', 'no-console': 'off' },
    },
  );
}
