// Lint, including the execution-context boundaries: each context imports other contexts only
// through src/messaging and src/core, and the parts of core that the content script may load
// never pull in the OpenPGP library.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const contexts = {
  background: 'src/background',
  content: 'src/content',
  platform: 'src/platform',
  messaging: 'src/messaging',
  core: 'src/core',
  ui: 'extension-ui',
};

/** Import patterns that reach into another context's folder. */
function otherContexts(...names) {
  return names.map((name) => ({
    group: [`**/${contexts[name].split('/').pop()}/**`, `**/${contexts[name].split('/').pop()}`],
    message: `Do not import from ${contexts[name]}: contexts talk through src/messaging and share code through src/core.`,
  }));
}

const browserApi = {
  name: 'webextension-polyfill',
  message: 'Browser APIs are wrapped in src/platform; this context must not use them.',
};

function restrict(files, patterns, paths = [], globals = []) {
  return {
    files,
    rules: {
      'no-restricted-imports': ['error', { paths, patterns }],
      ...(globals.length ? { 'no-restricted-globals': ['error', ...globals] } : {}),
    },
  };
}

const domGlobals = ['window', 'document', 'navigator', 'chrome', 'browser', 'localStorage', 'indexedDB'].map((name) => ({
  name,
  message: 'src/core has no DOM and no extension API: it runs in Node, the worker and the reader alike.',
}));

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-eval': 'error',
      'no-implied-eval': 'error',
      'no-new-func': 'error',
    },
  },
  restrict(['src/core/**'], otherContexts('background', 'content', 'platform', 'messaging', 'ui'), [browserApi, { name: 'preact', message: 'No UI in src/core.' }], domGlobals),
  restrict(['src/background/**'], otherContexts('content', 'ui')),
  restrict(['src/content/**'], [
    ...otherContexts('background', 'ui'),
    {
      regex: '^openpgp(/.*)?$|(^|/)core(/(index|keys|seal|open|pgp)(\\.ts)?)?$',
      message: 'The content script stays small and never touches key material: of src/core, only armor, base64 and errors are allowed here.',
    },
  ]),
  restrict(['src/messaging/**'], otherContexts('background', 'content', 'ui')),
  restrict(['src/platform/**'], otherContexts('background', 'content', 'messaging', 'ui')),
  restrict(['extension-ui/**'], otherContexts('background', 'content')),
  {
    // The webmail fixtures are plain scripts in a web page.
    files: ['tests/fixtures/**/*.js'],
    languageOptions: {
      sourceType: 'script',
      globals: Object.fromEntries(
        ['window', 'document', 'location', 'URLSearchParams', 'setTimeout', 'clearTimeout', 'MutationObserver', 'btoa', 'atob', 'URL', 'Blob'].map((name) => [name, 'readonly']),
      ),
    },
  },
  {
    files: ['tests/**', '*.config.*', 'vite.config.ts', 'scripts/**'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly' } },
  },
);
