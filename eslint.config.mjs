// Lint: typescript-eslint's recommended rules, and the layering rule of style.md:
// the domain, store, sync, search, command-line tool and server never import `vscode`.
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'out/', 'out-*/', 'media/dist/', '.tools/', '.demo/', 'test-results/'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/**/*.ts', 'server/**/*.ts', 'test/unit/**/*.ts', 'scripts/**/*'],
    ignores: ['src/vscode/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'vscode', message: 'Only src/vscode/ may import vscode: the domain, store, sync and server run in plain Node.' }],
        },
      ],
    },
  },
);
