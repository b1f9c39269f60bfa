/** What the background, the helper page and the helper worker say to each other, and whom the helper page answers. */
import type { KeyRecord } from '../core/keys';
import type { WireError } from '../core/errors';

export interface HelperRequest {
  id: number;
  /** A public key block's data, base64. */
  publicKeys: string;
}

export type HelperResult = { ok: true; records: KeyRecord[] } | { ok: false; error: WireError };
export type HelperReply = { id: number } & HelperResult;

/** What a message to the offscreen document carries: the request, marked as one for it. */
export interface OffscreenMessage {
  sealmailHelper: 1;
  request: HelperRequest;
}

/**
 * Whether a message comes from this extension's own service worker or pages, not from a content
 * script in a tab: the offscreen document answers nothing else.
 */
export function fromExtensionItself(sender: { id?: string | undefined; url?: string | undefined; tab?: unknown }, extensionId: string, extensionOrigin: string): boolean {
  return sender.id === extensionId && sender.tab === undefined && typeof sender.url === 'string' && sender.url.startsWith(extensionOrigin);
}
