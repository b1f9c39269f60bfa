/**
 * A reply's quote on its way from the viewer frame to Sealmail's editor over the app's reply, held
 * in worker memory only. The viewer (after the user's visible, trusted click on Reply securely)
 * offers it for its tab; the content script of that tab, having opened the app's reply, names the
 * compose view that gets it; only the editor frame of that view takes it, once. The page never
 * holds the quote: it can neither offer, claim nor take one.
 */
import { SealmailError } from '../core/errors';
import type { CallerContext } from '../messaging/caller';

/** Long enough for the app to open its reply; short enough that a reply not opened is soon forgotten. */
export const REPLY_LIFETIME_MS = 60_000;

interface Pending {
  quote: string;
  until: number;
  /** The compose view the content script opened for it; null until it says so. */
  viewId: string | null;
}

export class Replies {
  /** One pending reply per tab: a second Reply securely replaces the first. */
  private readonly pending = new Map<number, Pending>();

  constructor(private readonly now: () => number = Date.now) {}

  private static tabOf(caller: CallerContext, kind: CallerContext['kind']): number {
    if (caller.kind !== kind || caller.tabId === null) throw new SealmailError('caller_not_allowed', { cause: 'replies live in a tab' });
    return caller.tabId;
  }

  private live(tabId: number): Pending | null {
    const found = this.pending.get(tabId);
    if (found && found.until > this.now()) return found;
    this.pending.delete(tabId);
    return null;
  }

  /** The viewer frame in a tab offers the quote for the reply its user asked for. */
  offer(caller: CallerContext, quote: string): void {
    this.pending.set(Replies.tabOf(caller, 'extension'), { quote, until: this.now() + REPLY_LIFETIME_MS, viewId: null });
  }

  /** The tab's content script opened the app's reply as compose view `viewId`; `no_user_action` with no reply pending. */
  claim(caller: CallerContext, viewId: string): void {
    const found = this.live(Replies.tabOf(caller, 'content'));
    if (!found || found.viewId !== null) throw new SealmailError('no_user_action');
    found.viewId = viewId;
  }

  /** The editor frame of compose view `viewId` takes the quote, once. */
  take(caller: CallerContext, viewId: string): string {
    const tabId = Replies.tabOf(caller, 'extension');
    const found = this.live(tabId);
    if (!found || found.viewId !== viewId) throw new SealmailError('no_user_action');
    this.pending.delete(tabId);
    return found.quote;
  }
}
