/** The one place that touches the WebExtension API, so the rest of the code stays testable. */
import browser from 'webextension-polyfill';
import { useTranslator } from '../core/i18n';

export type { Runtime } from 'webextension-polyfill';
export { browser };

/** The origin of the extension's own pages, which only its frames can post messages from. */
export function extensionOrigin(): string {
  return new URL(browser.runtime.getURL('')).origin;
}

export function extensionVersion(): string {
  return browser.runtime.getManifest().version;
}

/** A file of the extension's own package, as bytes; null when it is not there. */
export async function packagedFile(path: string): Promise<Uint8Array | null> {
  try {
    const response = await fetch(browser.runtime.getURL(path));
    return response.ok ? new Uint8Array(await response.arrayBuffer()) : null;
  } catch {
    return null;
  }
}

// Every context that uses the extension API takes its words from the browser, in the user's language.
useTranslator((key, substitutions) => browser.i18n.getMessage(key, substitutions));
