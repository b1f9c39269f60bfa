/**
 * Proof that a person asked for a send. Only the extension's own frames (the Send Secure button,
 * the send dialog, the secure editor) record an intent, after a trusted click on a control that
 * was in view and unobscured; the browser's keyboard shortcut records one for the active tab. A content
 * script's request to seal is honoured only with a matching intent: same tab, same compose view,
 * not yet used, not expired. A page script can neither click those frames nor call the worker,
 * so it cannot make Sealmail sign anything.
 */
import { SealmailError } from '../core/errors';
import type { CallerContext } from '../messaging/caller';

/** Long enough for the dialog round trip after a click; short enough that a stale intent is useless. */
export const INTENT_LIFETIME_MS = 2 * 60_000;
/** The keyboard shortcut names no compose view: its intent is for the view with the focus, used at once. */
export const COMMAND_LIFETIME_MS = 10_000;
const ANY_VIEW = '*';

interface Intent {
  until: number;
}

export class Intents {
  private readonly pending = new Map<string, Intent>();

  constructor(private readonly now: () => number = Date.now) {}

  private static key(tabId: number, viewId: string): string {
    return `${tabId}:${viewId}`;
  }

  /** An extension frame inside a webmail tab says its user clicked to send compose view `viewId`. */
  approve(caller: CallerContext, viewId: string): void {
    if (caller.kind !== 'extension' || caller.tabId === null) throw new SealmailError('caller_not_allowed', { cause: 'intents come from frames in a tab' });
    this.pending.set(Intents.key(caller.tabId, viewId), { until: this.now() + INTENT_LIFETIME_MS });
  }

  /** The browser's keyboard shortcut was pressed in this tab. */
  approveCommand(tabId: number): void {
    this.pending.set(Intents.key(tabId, ANY_VIEW), { until: this.now() + COMMAND_LIFETIME_MS });
  }

  /** Uses up the intent for a content script's send of `viewId`; refuses with `no_user_action` when there is none. */
  take(caller: CallerContext, viewId: string): void {
    if (caller.kind !== 'content' || caller.tabId === null) throw new SealmailError('no_user_action');
    for (const key of [Intents.key(caller.tabId, viewId), Intents.key(caller.tabId, ANY_VIEW)]) {
      const intent = this.pending.get(key);
      this.pending.delete(key);
      if (intent && intent.until > this.now()) return;
    }
    throw new SealmailError('no_user_action');
  }
}
