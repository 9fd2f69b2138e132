// ESLint flat config: typescript-eslint's type-checked rules over every TypeScript source and
// test (each file is checked against its own package's tsconfig.json through the project
// service); plain JavaScript files get the same rules without type information. Packages import
// each other's built declarations, so `npm run lint` builds first.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '**/coverage/**', '**/.turbo/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
  },
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-console': 'error',
      // An async function without await is how this code hands a Promise-taking interface
      // (close, ready, drain handlers) a plain result; the promise rules catch the real mistakes.
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    // Tests read HTTP answers through axios and supertest, whose bodies are typed `any`, and
    // compare them with jest's asymmetric matchers (expect.any, objectContaining), also `any`;
    // the assertions are what check their shape. The promise rules still apply to tests.
    files: ['**/test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    // Command-line tools and benchmarks talk to a person on the terminal.
    files: ['**/src/cli/**', '**/src/*-cli.ts', 'bench/**', 'scripts/**'],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: globals.node },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
