/** What the background, the helper page and the helper worker say to each other, and whom the helper page answers. */
import type { KeyRecord } from '../core/keys';
import type { WireError } from '../core/errors';

export interface HelperRequest {
  id: number;
  /** A public key block's data (a buffer of its own: the whole of it is copied to the other thread). */
  publicKeys: Uint8Array;
}

export type HelperResult = { ok: true; records: KeyRecord[] } | { ok: false; error: WireError };
export type HelperReply = { id: number } & HelperResult;

/** What a message to the offscreen document carries: the request, marked as one for it. */
export interface OffscreenMessage {
  sealmailHelper: 1;
  request: HelperRequest;
}

/** Whether a message on the helper page's `navigator.serviceWorker` comes from this extension's own service worker. */
export function fromOwnServiceWorker(source: unknown, extensionOrigin: string): boolean {
  const scriptURL = (source as { scriptURL?: unknown } | null)?.scriptURL;
  return typeof scriptURL === 'string' && scriptURL.startsWith(`${extensionOrigin}/`);
}
