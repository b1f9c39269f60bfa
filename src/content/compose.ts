/** Provider-independent Send Secure: finds compose views, mounts the button, and sends securely. */
import { describeError, toWireError, type ErrorCode } from '../core/errors';
import { call } from '../messaging/client';
import type { ComposeView, Provider } from './adapter';
import { SecureButton } from './button';
import { openSendDialog } from './dialog';
import { restore, snapshot, writeMail } from './editor';

/** Failures the dialog can help with: missing or unusable keys, a locked key, no key of one's own. */
const DIALOG_CODES = new Set<ErrorCode>(['recipient_keys_unusable', 'key_locked', 'no_own_key']);

const PAGE_CHANGED =
  'Sealmail cannot find the text or the Send button of this message: the page may have changed. Nothing was sent.';
const NOT_WRITTEN = 'Sealmail could not put the encrypted message into the editor, so nothing was sent. Your draft is as it was.';
const DRAFT_CHANGED = 'The draft changed while it was being encrypted, so nothing was sent. Click Send Secure again.';

/**
 * Seals and sends the draft of one compose view, after the user clicked Send Secure (the worker
 * holds the proof: it seals only for a view whose button or dialog the user really clicked).
 * `sendId` names one send to the worker, so that a password typed in the dialog applies to it alone.
 */
export async function sendSecure(view: ComposeView, viewId: string, ui: SecureButton, sendId?: string): Promise<void> {
  ui.say(null);
  const body = view.body();
  if (!body || !view.sendButton()) return ui.say(PAGE_CHANGED);
  const { to, cc, bcc } = view.recipients();
  const recipients = [...to, ...cc, ...bcc];
  if (recipients.length === 0) return ui.say(describeError('no_recipients'));
  const sender = view.sender();
  const saved = snapshot(body);
  ui.busy(true);
  let mail: string;
  try {
    mail = (await call('sealDraft', { text: saved.text, recipients, sender, viewId, ...(sendId ? { sendId } : {}) })).mail;
  } catch (error) {
    ui.busy(false);
    const wire = toWireError(error);
    if (!DIALOG_CODES.has(wire.code)) return ui.say(wire.message);
    const nextSend = crypto.randomUUID();
    if ((await openSendDialog(body.ownerDocument, { recipients, sender, sendId: nextSend, viewId })) === 'retry') return sendSecure(view, viewId, ui, nextSend);
    return;
  }
  ui.busy(false);
  if (snapshot(body).html !== saved.html) return ui.say(DRAFT_CHANGED);
  if (!(await writeMail(body, mail))) {
    restore(body, saved);
    return ui.say(NOT_WRITTEN);
  }
  view.pressSend();
}

/** Mounted buttons by compose root, with the id that names the view to the worker. */
const mounted = new WeakMap<Element, { ui: SecureButton; viewId: string }>();

function mount(provider: Provider, view: ComposeView): void {
  if (view.root.querySelector('[data-sealmail="button"]')) return;
  const viewId = crypto.randomUUID();
  const ui = new SecureButton(view.root.ownerDocument, provider, viewId, () => void sendSecure(view, viewId, ui));
  view.mountButton(ui.host);
  mounted.set(view.root, { ui, viewId });
}

/** Mounts a Send Secure button on every compose view that has none; buttons leave with their view. */
export function mountComposeButtons(provider: Provider, doc: Document): void {
  provider.findComposeViews(doc).forEach((view) => mount(provider, view));
}

/** The keyboard shortcut (the worker recorded it as the user's intent for this tab): the compose view holding the focus, else the newest one. */
export function pressSendSecure(provider: Provider, doc: Document): void {
  const views = provider.findComposeViews(doc);
  const focused = views.find((view) => view.root.contains(doc.activeElement)) ?? views.at(-1);
  const found = focused && mounted.get(focused.root);
  if (focused && found) void sendSecure(focused, found.viewId, found.ui);
}
