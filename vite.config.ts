import { readFileSync } from 'node:fs';
import { defineConfig, type Plugin } from 'vite';
import webExtension, { readJsonFile } from 'vite-plugin-web-extension';
import { READER_FILE } from './src/background/reader-file';

const BROWSERS = ['chrome', 'firefox'] as const;
type Browser = (typeof BROWSERS)[number];

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };

// One manifest template; `{{chrome}}.` and `{{firefox}}.` keys are kept only for their browser.
// Build one browser with `vite build --mode chrome` or `--mode firefox`; `--mode reader` builds the fallback reader.
/** The fallback reader on its own: one script and one stylesheet, inlined into one HTML file afterwards. */
const readerConfig = {
  root: 'extension-ui/reader',
  publicDir: false as const,
  base: './',
  build: {
    outDir: '../../dist/reader',
    emptyOutDir: true,
    target: 'es2022',
    cssCodeSplit: false,
    modulePreload: { polyfill: false },
    rollupOptions: { output: { inlineDynamicImports: true, entryFileNames: 'reader.js', assetFileNames: 'reader[extname]' } },
  },
};

/**
 * In the extension the browser reads `_locales` itself: the built-in English catalogue, which only
 * the fallback reader needs, is left out of its bundles.
 */
const noBuiltInCatalogue: Plugin = {
  name: 'sealmail-no-built-in-catalogue',
  enforce: 'pre',
  load(id) {
    return id.replace(/\\/g, '/').endsWith('/src/core/catalogue.ts') ? 'export const englishCatalogue = null;' : null;
  },
};

/**
 * Content scripts use the browser's own promise-based API (`browser` in Firefox, `chrome` in
 * Chromium's Manifest V3) for the little they need: sending a message, an extension URL, a
 * message of `_locales`. The polyfill, about 10 KB, stays in the worker and the extension pages.
 */
const NATIVE_API = '\0sealmail-native-api';
function nativeApiInContentScripts(): Plugin {
  let content = false;
  return {
    name: 'sealmail-native-api-in-content-scripts',
    enforce: 'pre',
    configResolved(config) {
      content = JSON.stringify(config.build.lib || config.build.rollupOptions?.input || '').includes('src/content/');
    },
    resolveId(id) {
      return content && id === 'webextension-polyfill' ? NATIVE_API : null;
    },
    load(id) {
      return id === NATIVE_API ? 'export default globalThis.browser ?? globalThis.chrome;' : null;
    },
  };
}

/**
 * Files copied into the build as they are: the icons the manifest names (the web-extension plugin
 * bundles the pages and scripts the manifest names, not its images), and the fallback reader,
 * built before the extension, which the worker attaches to password mail. The reader goes in as
 * data the worker reads, not as a page of the extension (it is never opened from there).
 */
const ICON_SIZES = [16, 32, 48, 128];
const copiedFiles: Plugin = {
  name: 'sealmail-copied-files',
  generateBundle() {
    for (const size of ICON_SIZES) {
      const fileName = `extension-ui/icons/icon-${size}.png`;
      this.emitFile({ type: 'asset', fileName, source: readFileSync(fileName) });
    }
    // Built first by `npm run build` (vite build --mode reader, then scripts/inline-reader.mjs).
    this.emitFile({ type: 'asset', fileName: READER_FILE, source: readFileSync('dist/sealmail-reader.html') });
  },
};

/**
 * The extension's pages share one chunk of what two or more of them import (Preact, the browser
 * API, the worker client, the shared components), rather than a chunk for each set of pages that
 * shares a module: a page then loads two or three scripts, not a dozen, and a viewer frame draws
 * sooner. What a page loads only when needed (the HTML mail reader, the password estimator) and
 * the libraries behind it stay files of their own.
 */
const LOADED_WHEN_NEEDED = /[\\/]extension-ui[\\/]components[\\/](zxcvbn|sanitize|OpenedContent|mailfile)\.|[\\/]node_modules[\\/](?!preact[\\/]|webextension-polyfill[\\/])/;
const onePageChunk: Plugin = {
  name: 'sealmail-one-page-chunk',
  outputOptions(options) {
    // Only the pages' build, in modules: the worker and content scripts are each one file already.
    if (options.format !== 'es') return null;
    return { ...options, codeSplitting: { groups: [{ name: 'pages', minShareCount: 2, test: (id: string) => !LOADED_WHEN_NEEDED.test(id) }] } };
  },
};

/**
 * The pages that open inside a webmail page (the button, Sealmail's editor, the send dialog, the
 * viewer) carry their styles in a <style> of their own: a linked stylesheet holds their scripts
 * back until it has loaded, one more request on the way to what the user waits for. (Their
 * policy sets no style-src, and the styles refer to no other file.)
 */
const FRAMED_PAGES = /extension-ui\/pages\/(button|compose|dialogs|viewer)\/[^/]+\.html$/;
const framedPageStylesInline: Plugin = {
  name: 'sealmail-framed-page-styles-inline',
  transformIndexHtml: {
    order: 'post',
    handler(html, context) {
      const { bundle } = context;
      if (!bundle || !FRAMED_PAGES.test(context.path)) return html;
      return html.replace(/<link rel="stylesheet"[^>]* href="\/([^"]+\.css)">/g, (link, file: string) => {
        const asset = bundle[file];
        return asset?.type === 'asset' ? `<style>${String(asset.source)}</style>` : link;
      });
    },
  },
};

export default defineConfig(({ mode }) => {
  if (mode === 'reader') return readerConfig;
  const browser: Browser = (BROWSERS as readonly string[]).includes(mode) ? (mode as Browser) : 'chrome';
  return {
    // Copied as they are into the build: `_locales`, the strings the stores and the browser show.
    publicDir: 'src/core/locales',
    build: {
      outDir: `dist/${browser}`,
      emptyOutDir: true,
      target: 'es2022',
      sourcemap: false,
    },
    plugins: [
      noBuiltInCatalogue,
      copiedFiles,
      onePageChunk,
      framedPageStylesInline,
      nativeApiInContentScripts(),
      webExtension({
        browser,
        manifest: () => ({ ...readJsonFile('manifest.json'), version: pkg.version }),
        // Pages the manifest does not name: the Send Secure button and the dialog in compose views, the viewer over received mail.
        // And the larger part of the content script, which it loads when a page needs it.
        // And the worker that reads half of a large key import, with the page that starts it in Chromium.
        // And the viewer's first script, which asks for the message before the viewer's modules load.
        additionalInputs: ['extension-ui/pages/viewer/first-open.ts', 'src/background/key-helper.ts', 'src/platform/offscreen.html', 'src/content/parts.ts', 'extension-ui/pages/button/button.html', 'extension-ui/pages/compose/editor.html', 'extension-ui/pages/dialogs/send.html', 'extension-ui/pages/viewer/viewer.html', 'extension-ui/reader/index.html'],
        disableAutoLaunch: true,
        printSummary: false,
        // Validation downloads a schema; builds must work offline.
        skipManifestValidation: true,
      }),
    ],
  };
});
