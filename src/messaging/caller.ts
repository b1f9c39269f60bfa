/** Who is calling the worker, from what the browser says about the sender (which a page cannot forge). */
import type { Caller } from './protocol';

export interface SenderFacts {
  /** The sending extension's ID. */
  id?: string | undefined;
  /** The URL of the sending frame. */
  url?: string | undefined;
  /** Present when the message comes from a tab (a content script or an extension page in a tab). */
  tab?: { id?: number | undefined } | undefined;
  frameId?: number | undefined;
  /** Chromium names each document; Firefox does not. */
  documentId?: string | undefined;
}

/** A caller as the browser describes it: its kind, and where it runs (for binding tokens and intents to a tab and a frame). */
export interface CallerContext {
  kind: Caller;
  /** The tab the caller runs in; null for extension pages outside a tab (the toolbar popup). */
  tabId: number | null;
  frameId: number | null;
  /** One frame's document: `documentId` where the browser gives it, else the tab, frame and URL. */
  document: string | null;
}

function documentOf(sender: SenderFacts): string | null {
  if (sender.documentId) return sender.documentId;
  if (sender.tab?.id === undefined) return null;
  return `${sender.tab.id}/${sender.frameId ?? 0}/${sender.url ?? ''}`;
}

/** Extension pages have our origin; content scripts run in a tab of another origin; anything else is nobody. */
export function callerOf(sender: SenderFacts, extensionId: string, extensionOrigin: string): CallerContext | null {
  if (sender.id !== extensionId || !sender.url) return null;
  const where = { tabId: sender.tab?.id ?? null, frameId: sender.frameId ?? null, document: documentOf(sender) };
  if (sender.url.startsWith(extensionOrigin)) return { kind: 'extension', ...where };
  return sender.tab ? { kind: 'content', ...where } : null;
}
