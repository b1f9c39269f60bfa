/**
 * The larger part of the content script: Send Secure on compose views and reading armored mail.
 * It is loaded (as a module of the extension, into the content script's own world) the first time
 * a page shows something Sealmail acts on, so that a webmail page that shows neither pays only for
 * the small bootstrap. It hands itself over on the content script's global, which the page's own
 * script cannot see.
 */
import type { Provider } from './adapter';
import { mountComposeButtons, pressSendSecure } from './compose';
import { startReading } from './read';
import { PARTS_GLOBAL } from './loading';

export interface StartedParts {
  /** One scan of the page: buttons on new compose views, frames over new armor. */
  scan(): void;
  /** The browser's Send Secure shortcut, for the compose view with the focus. */
  pressSendSecure(): void;
}

export interface ContentParts {
  start(provider: Provider, doc: Document): StartedParts;
}

const parts: ContentParts = {
  start(provider, doc) {
    const read = startReading(provider, doc);
    return {
      scan: () => {
        mountComposeButtons(provider, doc);
        read();
      },
      pressSendSecure: () => pressSendSecure(provider, doc),
    };
  },
};

(globalThis as Record<string, unknown>)[PARTS_GLOBAL] = parts;
