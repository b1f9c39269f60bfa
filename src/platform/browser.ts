/** The one place that touches the WebExtension API, so the rest of the code stays testable. */
import browser from 'webextension-polyfill';

export type { Runtime } from 'webextension-polyfill';
export { browser };

export function extensionVersion(): string {
  return browser.runtime.getManifest().version;
}
