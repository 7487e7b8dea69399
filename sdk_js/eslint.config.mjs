// ESLint for the SDK: typescript-eslint's recommended rules and strict equality (`== null` stays: it means
// null or undefined). Answers from the network are typed `any` where they are checked field by field.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      '@typescript-eslint/no-explicit-any': 'off',
      // `let timer; const stop = () => clearTimeout(timer); timer = setTimeout(…)`: closures read it first
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
    },
  },
  { files: ['scripts/**'], languageOptions: { globals: { console: 'readonly', process: 'readonly', URL: 'readonly' } } },
  // the Playwright helper runs in Node and hands functions to the page; its example test runs in Node
  { files: ['testing/**'], languageOptions: { globals: { process: 'readonly', window: 'readonly', document: 'readonly' } } },
);
