/** Provider-independent Send Secure: finds compose views, mounts the button (and Sealmail's editor), and sends securely. */
import { describeError, toWireError, type ErrorCode } from '../core/errors';
import { call } from '../messaging/client';
import type { ComposeMode } from '../messaging/protocol';
import type { ComposeView, Provider } from './adapter';
import { SecureButton } from './button';
import { openSendDialog } from './dialog';
import { draftSaveSeen, holdsMail, restore, snapshot, writeMail } from './editor';
import { SecureEditor } from './secure-editor';
import { t } from '../core/i18n';
import { decodeBase64 } from '../core/base64';
import type { SealedAttachment } from '../messaging/protocol';
import { MAX_MAIL_LENGTH } from '../core/mail';

/** Failures the dialog can help with: missing or unusable keys, a locked key, no key of one's own. */
const DIALOG_CODES = new Set<ErrorCode>(['recipient_keys_unusable', 'key_locked', 'no_own_key']);


/**
 * Hands sealed files to the compose view's own file input, as the app's paper clip would, so
 * the app uploads them like any attachment. Only ciphertext reaches the page. False when the
 * view has no file input or it did not take every file.
 */
function attachSealed(view: ComposeView, attachments: readonly SealedAttachment[]): boolean {
  if (attachments.length === 0) return true;
  const input = view.root.querySelector<HTMLInputElement>('input[type=file]');
  if (!input || (attachments.length > 1 && !input.multiple)) return false;
  const transfer = new DataTransfer();
  for (const attachment of attachments) {
    const bytes = decodeBase64(attachment.data);
    if (!bytes) return false;
    transfer.items.add(new File([bytes.slice()], attachment.name, { type: attachment.type ?? 'application/pgp-encrypted' }));
  }
  input.files = transfer.files;
  input.dispatchEvent(new Event('input', { bubbles: true }));
  input.dispatchEvent(new Event('change', { bubbles: true }));
  return input.files?.length === attachments.length;
}

/** One compose view with Sealmail on it: its button, the id that names it to the worker, and Sealmail's editor when open. */
interface Mounted {
  provider: Provider;
  view: ComposeView;
  ui: SecureButton;
  viewId: string;
  editor: SecureEditor | null;
}

/**
 * Seals and sends the draft of one compose view, after the user clicked Send Secure (the worker
 * holds the proof: it seals only for a view whose button or dialog the user really clicked). With
 * Sealmail's editor open, the worker seals what was written there; the page never had it.
 * `sendId` names one send to the worker, so that a password typed in the dialog applies to it alone.
 */
export async function sendSecure(mounted: Mounted, sendId?: string): Promise<void> {
  const { provider, view, ui, viewId, editor } = mounted;
  ui.say(null);
  const body = view.body();
  if (!body || !view.sendButton()) return ui.say(t('composeNotFound'));
  const { to, cc, bcc, unreadable } = view.recipients();
  if (unreadable.length) return ui.say(describeError('recipient_unreadable', { names: unreadable }));
  const recipients = [...to, ...cc, ...bcc];
  if (recipients.length === 0) return ui.say(describeError('no_recipients'));
  const sender = view.sender();
  const saved = snapshot(body);
  // Refused before any work: a text over what a webmail carries cannot become a mail it carries.
  if (!editor && saved.text.length > MAX_MAIL_LENGTH) return ui.say(describeError('draft_too_large'));
  editor?.beginSend();
  const fail = (message: string) => {
    editor?.endSend();
    ui.say(message);
  };
  ui.busy('sealing');
  let mail: string;
  let attachments: SealedAttachment[];
  try {
    const text = editor ? '' : saved.text;
    ({ mail, attachments } = await call('sealDraft', { text, recipients, sender, viewId, ...(editor ? { fromEditor: true } : {}), ...(sendId ? { sendId } : {}) }));
  } catch (error) {
    ui.busy(false);
    const wire = toWireError(error);
    if (!DIALOG_CODES.has(wire.code)) return fail(wire.message);
    editor?.endSend();
    const nextSend = crypto.randomUUID();
    if ((await openSendDialog(body.ownerDocument, { recipients, sender, sendId: nextSend, viewId })) === 'retry') return sendSecure(mounted, nextSend);
    return;
  }
  if (body.innerHTML !== saved.html) {
    ui.busy(false);
    return fail(t('composeDraftChanged'));
  }
  if (!attachSealed(view, attachments)) {
    ui.busy(false);
    return fail(describeError('attachment_not_taken'));
  }
  // Watching starts before the armor is written, so that the save it causes is not missed.
  const draftSaved = provider.draftStatus ? draftSaveSeen(view.root, provider.draftStatus) : null;
  ui.busy('writing');
  // The stage message leaves before the editor is busy with the armor (a long write holds the
  // page; the button's frame is drawn by the extension, not by the page's thread).
  await yieldOnce();
  if (!(await writeMail(body, mail, provider.insertion))) {
    ui.busy(false);
    restore(body, saved);
    return fail(t('composeNotWritten'));
  }
  if (draftSaved) ui.busy('saving');
  await draftSaved;
  ui.busy(false);
  // The app had its moment with the armor: if it put something else back meanwhile, nothing is sent.
  if (!holdsMail(body, mail) || !view.sendButton()) return fail(t('composeDraftChanged'));
  if (attachments.length) ui.say(t('attachmentsSealed', attachments.map((file) => file.name).join(', ')));
  view.pressSend();
  if (editor) void call('draftSent', { viewId }).catch(() => undefined);
}

/** One turn of the event loop (not an animation frame, which a hidden tab never gets). */
function yieldOnce(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** Mounted compose views by their root element. */
const mountedViews = new WeakMap<Element, Mounted>();

/** Asked once per page: where the user writes secure mail. */
let composeMode: Promise<ComposeMode> | null = null;
function modeOfPage(): Promise<ComposeMode> {
  composeMode ??= call('getComposeMode', {}).then(
    (answer) => answer.mode,
    () => 'secure' as const,
  );
  return composeMode;
}

async function openEditor(mounted: Mounted, reply = false): Promise<void> {
  if (mounted.editor || !mounted.view.root.isConnected) return;
  mounted.ui.offerEditor(null);
  mounted.editor = await SecureEditor.open(
    mounted.view,
    mounted.viewId,
    () => {
      mounted.editor = null;
      mounted.ui.offerEditor(() => void openEditor(mounted));
    },
    reply,
  );
}

/** How long the app may take to open its reply after Reply securely pressed it. */
export const REPLY_OPENS_WITHIN_MS = 5000;
let replyExpected: ReturnType<typeof setTimeout> | null = null;

/**
 * Reply securely pressed the app's Reply: the next compose view to appear is that reply, and it
 * gets Sealmail's editor with the quote, whatever the compose mode (the quote is decrypted text,
 * which the app's own editor would hand to the page). `onMissed` runs if none appears in time.
 */
export function expectReply(onMissed: () => void): void {
  if (replyExpected) clearTimeout(replyExpected);
  replyExpected = setTimeout(() => {
    replyExpected = null;
    onMissed();
  }, REPLY_OPENS_WITHIN_MS);
}

function replyOpened(): boolean {
  if (!replyExpected) return false;
  clearTimeout(replyExpected);
  replyExpected = null;
  return true;
}

function mount(provider: Provider, view: ComposeView): void {
  if (view.root.querySelector('[data-sealmail="button"]')) return;
  const viewId = crypto.randomUUID();
  const mounted: Mounted = { provider, view, viewId, editor: null, ui: new SecureButton(view.root.ownerDocument, provider, viewId, () => void sendSecure(mounted)) };
  view.mountButton(mounted.ui.host);
  mountedViews.set(view.root, mounted);
  if (replyOpened()) return void openEditor(mounted, true);
  void modeOfPage().then((mode) => {
    if (mode === 'secure') void openEditor(mounted);
    else mounted.ui.offerEditor(() => void openEditor(mounted));
  });
}

/** Mounts a Send Secure button on every compose view that has none; buttons leave with their view. */
export function mountComposeButtons(provider: Provider, doc: Document): void {
  provider.findComposeViews(doc).forEach((view) => mount(provider, view));
}

/** The keyboard shortcut (the worker recorded it as the user's intent for this tab): the compose view holding the focus, else the newest one. */
export function pressSendSecure(provider: Provider, doc: Document): void {
  const views = provider.findComposeViews(doc);
  const focused = views.find((view) => view.root.contains(doc.activeElement)) ?? views.at(-1);
  const found = focused && mountedViews.get(focused.root);
  if (found) void sendSecure(found);
}
