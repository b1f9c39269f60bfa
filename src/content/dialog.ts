/**
 * The extension-origin dialog shown over the page when a draft cannot simply be sent. Passphrases
 * and keys are typed there, in a frame the page cannot read; the page only learns the outcome.
 */
import { browser, extensionOrigin } from '../platform/browser';
import { t } from '../core/i18n';

export type DialogOutcome = 'retry' | 'cancel';

export const DIALOG_PATH = 'extension-ui/pages/dialogs/send.html';

export interface DialogRequest {
  recipients: readonly string[];
  sender: string | null;
  /** Names this send, so that a password given in the dialog applies to it alone. */
  sendId: string;
  /** Names the compose view: Continue in the dialog is the user's intent to send it. */
  viewId: string;
}

export function openSendDialog(doc: Document, request: DialogRequest): Promise<DialogOutcome> {
  const { recipients, sender, sendId, viewId } = request;
  const query = new URLSearchParams({ recipients: recipients.join(','), send: sendId, view: viewId, o: location.origin, ...(sender ? { sender } : {}) });
  const frame = doc.createElement('iframe');
  frame.src = `${browser.runtime.getURL(DIALOG_PATH)}?${query}`;
  frame.title = t('titleBeforeSending');
  frame.setAttribute('data-sealmail', 'dialog');
  frame.style.cssText = 'position:fixed;inset:0;width:100vw;height:100vh;border:0;z-index:2147483647;background:transparent;color-scheme:normal;';
  const origin = extensionOrigin();
  // Where the focus was (the compose view), to give it back when the dialog closes.
  let before = doc.activeElement;
  while (before?.shadowRoot?.activeElement) before = before.shadowRoot.activeElement;
  const returnTo = before instanceof HTMLElement ? before : null;
  // While the dialog is open, the focus stays in it: whatever in the page takes it gives it back.
  // A page that fights for the focus is not fought forever: a few times a second at most.
  let taken: number[] = [];
  const keepFocus = (event: FocusEvent) => {
    if (event.target === frame) return;
    const now = performance.now();
    taken = taken.filter((time) => now - time < 1000);
    if (taken.length >= 10) return;
    taken.push(now);
    setTimeout(() => frame.isConnected && doc.activeElement !== frame && frame.focus(), 0);
  };
  return new Promise((resolve) => {
    const onMessage = (event: MessageEvent) => {
      // Only the dialog frame itself can answer: the page cannot post from our origin, and a
      // MessageEvent it dispatches itself (with any origin and source it likes) is not trusted.
      if (!event.isTrusted || event.source !== frame.contentWindow || event.origin !== origin) return;
      const outcome = (event.data as { sealmailDialog?: unknown } | null)?.sealmailDialog;
      if (outcome !== 'retry' && outcome !== 'cancel') return;
      window.removeEventListener('message', onMessage);
      doc.removeEventListener('focusin', keepFocus, true);
      frame.remove();
      if (returnTo?.isConnected) returnTo.focus();
      resolve(outcome);
    };
    window.addEventListener('message', onMessage);
    doc.addEventListener('focusin', keepFocus, true);
    doc.body.append(frame);
    frame.focus();
  });
}
