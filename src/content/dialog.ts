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
  return new Promise((resolve) => {
    const onMessage = (event: MessageEvent) => {
      // Only the dialog frame itself can answer: the page cannot post from our origin, and a
      // MessageEvent it dispatches itself (with any origin and source it likes) is not trusted.
      if (!event.isTrusted || event.source !== frame.contentWindow || event.origin !== origin) return;
      const outcome = (event.data as { sealmailDialog?: unknown } | null)?.sealmailDialog;
      if (outcome !== 'retry' && outcome !== 'cancel') return;
      window.removeEventListener('message', onMessage);
      frame.remove();
      resolve(outcome);
    };
    window.addEventListener('message', onMessage);
    doc.body.append(frame);
  });
}
