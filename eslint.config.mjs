// ESLint with typescript-eslint's type-checked rules, over everything the project compiles.
// A networking library cannot afford an unobserved rejection: floating and misused promises
// are errors. Each rule turned off or relaxed below says why.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'docs/api/', 'coverage/', '.cache/', 'node_modules/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: { allowDefaultProject: ['eslint.config.mjs'] }, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      // Rejections pass on what they were given: `signal.reason` (any value, by the contract of
      // AbortSignal, C2/C6) and errors caught as `unknown`. Rejecting with a literal stays an error.
      '@typescript-eslint/prefer-promise-reject-errors': ['error', { allowThrowingAny: true, allowThrowingUnknown: true }],
      // `_name` is how an unused parameter of an overridable hook or a callback says so.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['__tests__/**/*.ts', 'bench/**/*.ts'],
    rules: {
      // Test doubles and load generators satisfy promise-returning interfaces with `async`
      // methods that have nothing to await; in src/ the rule stays on.
      '@typescript-eslint/require-await': 'off',
      // `expect(spy.method).toHaveBeenCalled()` reads a method off its object by design.
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  {
    files: ['eslint.config.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
);
