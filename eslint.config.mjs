// Lint: typescript-eslint's recommended rules, and the layering rules of style.md: the domain,
// store, sync, search, command-line tool and server never import `vscode`; the server never
// imports the client replica (src/sync/): what both speak on the wire is src/protocol/; in the
// editor, features do not import each other (a feature is a file, or a folder of files, in
// src/vscode/features/), and what they share lives in src/vscode/shared/, which imports no feature.
import tseslint from 'typescript-eslint';

const FEATURES_APART =
  'Features do not import each other: move what two features share to src/vscode/shared/, or hand it over through a store on Services.';

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
  {
    // A feature that is one file: no sibling (another feature).
    files: ['src/vscode/features/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ regex: '^\\./', message: FEATURES_APART }] }] },
  },
  {
    // A feature that is a folder: its own files, but nothing of a sibling feature (`../other`).
    files: ['src/vscode/features/*/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ regex: '^\\.\\./(?!\\.\\./)', message: FEATURES_APART }] }] },
  },
  {
    // What every front end does with a store (src/app/) is below them all: no editor, no command
    // line, no server.
    files: ['src/app/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'vscode', message: 'src/app/ serves every front end: it never imports vscode.' }],
          patterns: [
            {
              regex: '(^|/)(vscode|cli|server)/',
              message: 'src/app/ serves every front end: it imports no editor, command-line or server code.',
            },
          ],
        },
      ],
    },
  },
  {
    // Shared pieces and the services serve every feature and import none (no import circles).
    files: ['src/vscode/shared/**/*.ts', 'src/vscode/*.ts'],
    ignores: ['src/vscode/extension.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ regex: '(^|/)features/', message: 'Only extension.ts walks the features; shared code and services import none.' }] },
      ],
    },
  },
  {
    // One language: Liaison's strings follow liaison.language (src/vscode/shared/l10n.ts);
    // vscode.l10n.t would follow VS Code's display language instead.
    files: ['src/vscode/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[object.name='vscode'][property.name='l10n']",
          message:
            "Use l10n.t from src/vscode/shared/l10n.ts: it follows liaison.language, vscode.l10n.t follows VS Code's display language.",
        },
      ],
    },
  },
  {
    files: ['server/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'vscode', message: 'Only src/vscode/ may import vscode: the domain, store, sync and server run in plain Node.' }],
          patterns: [
            {
              group: ['**/src/sync/*', '**/src/sync'],
              message: 'The server does not use the client replica: what server and clients share is in src/protocol/.',
            },
          ],
        },
      ],
    },
  },
);
