import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const noImport = (dir, why) => ({
  'no-restricted-imports': [
    'error',
    {
      patterns: [
        { regex: `^(\\.\\.?/)+(.*/)?${dir}(/|$)`, message: why },
        { regex: `^@/${dir}(/|$)`, message: why },
      ],
    },
  ],
});

export default tseslint.config(
  { ignores: ['node_modules/', '.next/', 'data/', 'next-env.d.ts', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/ban-ts-comment': 'error',
    },
  },
  // app/ and server/ share lib/ and never import each other (DESIGN §3).
  { files: ['app/**'], rules: noImport('server', 'app/ must not import server/: share code through lib/') },
  { files: ['server/**'], rules: noImport('app', 'server/ must not import app/: share code through lib/') },
  // lib/ is shared by both sides and depends on neither.
  {
    files: ['lib/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '^(\\.\\.?/)+(.*/)?(app|server)(/|$)', message: 'lib/ must not import app/ or server/' },
            { regex: '^@/(app|server)(/|$)', message: 'lib/ must not import app/ or server/' },
          ],
        },
      ],
    },
  },
);
