/** Content script bootstrap: picks the provider for this page and starts watching for compose views. */
import { isContentCommand } from '../messaging/commands';
import { browser } from '../platform/browser';
import { mountComposeButtons, pressSendSecure } from './compose';
import { watchPage } from './watch';
import { startReading } from './read';
import { providerFor } from './providers/registry';

const provider = providerFor(location.host);
if (provider) {
  const stop = new AbortController();
  watchPage(provider, document, stop.signal, [() => mountComposeButtons(provider, document), startReading(provider, document, stop.signal)]);
  browser.runtime.onMessage.addListener((message: unknown) => {
    if (isContentCommand(message) && message.command === 'send-secure') pressSendSecure(provider, document);
    return undefined;
  });
}
