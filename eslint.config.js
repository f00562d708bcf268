// Lint guards what the type checker cannot: promises nobody awaits, and
// workflow code that would break Temporal's deterministic replay.
import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';

const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

// node:fs, fs, fs/promises, … (every built-in, with or without the prefix)
const nodeBuiltin = `node:.*|(?:${builtinModules.map(escape).join('|')})(?:/.*)?`;
// What workflow code may import at run time.
const allowedInWorkflows = [
  '@temporalio/workflow(?:/.*)?',
  '@temporalio/common(?:/.*)?',
  '\\./.*', // the workflows' own files
  '(?:\\.\\./)+domain(?:/.*)?', // pure domain rules
].join('|');

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'tools/',
      'data/',
      '.test-data/',
      'test-results/',
      'coverage/',
      'bench/results/',
    ],
  },
  {
    files: ['**/*.ts', '**/*.mts', '**/*.cts'],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    plugins: { '@typescript-eslint': tseslint.plugin },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
    },
  },
  {
    // The page: plain ES modules, type-checked by tsconfig.web.json (its
    // own project: the DOM's types, not Node's), with the same promise rules.
    files: ['web/**/*.js', 'web/**/*.d.ts'],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: {
        projectService: false,
        project: './tsconfig.web.json',
        tsconfigRootDir: import.meta.dirname,
      },
    },
    plugins: { '@typescript-eslint': tseslint.plugin },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
    },
  },
  {
    // Express 5 awaits a handler's promise and passes a rejection to the error
    // middleware, so async route handlers are not misused promises there.
    files: ['api/**/*.ts'],
    rules: {
      '@typescript-eslint/no-misused-promises': [
        'error',
        { checksVoidReturn: { arguments: false } },
      ],
    },
  },
  {
    // Workflow code is replayed and runs in Temporal's sandbox: no I/O, no
    // clocks or randomness outside @temporalio/workflow.
    files: ['workflows/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: `^(?:${nodeBuiltin})$`,
              message:
                'Node built-ins are not deterministic and not available in the workflow sandbox.',
            },
            {
              regex: `^(?!(?:${allowedInWorkflows})$)(?!(?:${nodeBuiltin})$).*$`,
              // Types are erased: `import type` of activities and the like is fine.
              allowTypeImports: true,
              message:
                'workflows/ may import only @temporalio/workflow, @temporalio/common, ../domain/ and its own files (type-only imports of anything else are fine).',
            },
          ],
        },
      ],
    },
  },
);
