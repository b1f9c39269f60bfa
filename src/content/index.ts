/**
 * Content script bootstrap: picks the provider for this page and watches it. The larger part
 * (Send Secure and reading, `parts.ts`) is loaded the first time the page shows a compose view,
 * armor or an OpenPGP attachment.
 */
import { isContentCommand } from '../messaging/commands';
import { browser } from '../platform/browser';
import { pageNeedsSealmail } from './adapter';
import type { ContentParts, StartedParts } from './parts';
import { PARTS_GLOBAL, PARTS_PATH } from './loading';
import { watchPage } from './watch';
import { providerFor } from './providers/registry';


const provider = providerFor(location.host);
if (provider) {
  const stop = new AbortController();
  let started: Promise<StartedParts> | null = null;
  const start = (): Promise<StartedParts> =>
    (started ??= import(/* @vite-ignore */ browser.runtime.getURL(PARTS_PATH)).then(() => {
      const parts = (globalThis as Record<string, unknown>)[PARTS_GLOBAL] as ContentParts | undefined;
      if (!parts) throw new Error('Sealmail: the content script did not load');
      return parts.start(provider, document);
    }));
  watchPage(provider, document, stop.signal, [
    () => {
      if (started || pageNeedsSealmail(provider, document)) void start().then((parts) => parts.scan());
    },
  ]);
  browser.runtime.onMessage.addListener((message: unknown) => {
    if (isContentCommand(message) && message.command === 'send-secure') void start().then((parts) => parts.pressSendSecure());
    return undefined;
  });
}
