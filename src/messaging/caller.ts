/** Who is calling the worker, from what the browser says about the sender (which a page cannot forge). */
import type { Caller } from './protocol';

export interface SenderFacts {
  /** The sending extension's ID. */
  id?: string | undefined;
  /** The URL of the sending frame. */
  url?: string | undefined;
  /** Present when the message comes from a tab (a content script or an extension page in a tab). */
  tab?: unknown;
}

/** Extension pages have our origin; content scripts run in a tab of another origin; anything else is nobody. */
export function callerOf(sender: SenderFacts, extensionId: string, extensionOrigin: string): Caller | null {
  if (sender.id !== extensionId || !sender.url) return null;
  if (sender.url.startsWith(extensionOrigin)) return 'extension';
  return sender.tab ? 'content' : null;
}
