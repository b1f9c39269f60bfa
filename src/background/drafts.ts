/**
 * Text written in Sealmail's own editor over a compose view, held in worker memory only and bound
 * to the tab and view it was written in. The editor frame (an extension page) hands it over as the
 * user types; the content script of that tab can have it sealed, never read.
 */
import { SealmailError } from '../core/errors';
import type { CallerContext } from '../messaging/caller';

export class SecureDrafts {
  private readonly texts = new Map<string, string>();
  private readonly files = new Map<string, Array<{ name: string; bytes: Uint8Array }>>();

  private static key(caller: CallerContext, viewId: string): string {
    if (caller.tabId === null) throw new SealmailError('caller_not_allowed', { cause: 'secure drafts live in a tab' });
    return `${caller.tabId}:${viewId}`;
  }

  /** The editor frame's latest text for its compose view. */
  stage(caller: CallerContext, viewId: string, text: string): void {
    if (caller.kind !== 'extension') throw new SealmailError('caller_not_allowed');
    this.texts.set(SecureDrafts.key(caller, viewId), text);
  }

  /** What the user wrote in the editor of this view, for sealing; `empty_input` when nothing was written there. */
  text(caller: CallerContext, viewId: string): string {
    const text = this.texts.get(SecureDrafts.key(caller, viewId));
    if (text === undefined || text.trim() === '') throw new SealmailError('empty_input');
    return text;
  }

  /** The files attached in the editor frame of this view (replacing any before). */
  stageFiles(caller: CallerContext, viewId: string, files: Array<{ name: string; bytes: Uint8Array }>): void {
    if (caller.kind !== 'extension') throw new SealmailError('caller_not_allowed');
    this.files.set(SecureDrafts.key(caller, viewId), files);
  }

  attachments(caller: CallerContext, viewId: string): Array<{ name: string; bytes: Uint8Array }> {
    return this.files.get(SecureDrafts.key(caller, viewId)) ?? [];
  }

  /** Sent: the text and the files have no more reason to be kept. */
  forget(caller: CallerContext, viewId: string): void {
    this.texts.delete(SecureDrafts.key(caller, viewId));
    this.files.delete(SecureDrafts.key(caller, viewId));
  }

  has(caller: CallerContext, viewId: string): boolean {
    return this.texts.has(SecureDrafts.key(caller, viewId));
  }
}
