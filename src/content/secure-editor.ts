/**
 * Sealmail's own editor over a compose view: an extension frame takes the place of the app's
 * editor, so what the user writes never enters the page. The app's editor stays in the page,
 * collapsed and inert, and receives only armor: the draft sealed to the user's own key (which the
 * app then autosaves), and at Send the message sealed to the recipients.
 */
import { findArmorBlocks } from '../core/armor';
import { call } from '../messaging/client';
import { browser } from '../platform/browser';
import type { ComposeView } from './adapter';
import { writeLines } from './editor';
import { onFrameReport } from './frames';
import { bodyText } from './text';
import { t } from '../core/i18n';

export const EDITOR_PATH = 'extension-ui/pages/compose/editor.html';
/** How long typing pauses before the draft is sealed and handed to the app to save. */
const SAVE_AFTER_MS = 800;
const COLLAPSED = 'height:0!important;min-height:0!important;max-height:0!important;overflow:hidden!important;padding:0!important;margin:0!important;border:0!important;';

/** The token under which Sealmail's draft in the body is handed to the worker, for its editor to open; null if the worker refuses it. */
async function registeredDraft(armor: string): Promise<string | null> {
  const token = crypto.randomUUID();
  return call('registerBlock', { token, armor, sender: null }).then(() => token, () => null);
}

export class SecureEditor {
  readonly frame: HTMLIFrameElement;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private sending = false;
  private readonly style: string | null;

  private constructor(
    private readonly view: ComposeView,
    private readonly body: HTMLElement,
    private readonly viewId: string,
    opening: { draftToken: string | null; seed: string; reply: boolean },
    private readonly onClose: () => void,
  ) {
    const doc = body.ownerDocument;
    this.style = body.getAttribute('style');
    this.frame = doc.createElement('iframe');
    const query = new URLSearchParams({ v: viewId, o: location.origin, ...(opening.draftToken ? { t: opening.draftToken } : {}), ...(opening.reply ? { r: '1' } : {}) });
    // Text the app's editor already held (a quote, a draft begun there) moves into Sealmail's editor rather than being lost; the page had it anyway.
    const seed = opening.seed ? `#${new URLSearchParams({ seed: opening.seed })}` : '';
    this.frame.src = `${browser.runtime.getURL(EDITOR_PATH)}?${query}${seed}`;
    this.frame.title = t('titleSecureEditor');
    this.frame.setAttribute('data-sealmail', 'editor');
    this.frame.style.cssText = 'display:block;width:100%;height:300px;border:0;margin:0;color-scheme:normal;';
    body.before(this.frame);
    this.cover();
    onFrameReport(this.frame, 'sealmailEditor', (report) => this.report(report));
  }

  /**
   * Opens the editor over the view's body. A Sealmail draft already in the body reopens in it;
   * any other text there is carried into the editor, so that the first draft save loses nothing.
   * For the app's reply opened by Reply securely, the editor starts from the quote the worker
   * holds instead: what the app put in the body then is its own quote of the armor, which the
   * sealed reply replaces.
   */
  static async open(view: ComposeView, viewId: string, onClose: () => void, reply = false): Promise<SecureEditor | null> {
    const body = view.body();
    if (!body) return null;
    if (reply && (await call('claimReply', { viewId }).then(() => true, () => false))) {
      return new SecureEditor(view, body, viewId, { draftToken: null, seed: '', reply: true }, onClose);
    }
    const text = bodyText(body);
    const draft = findArmorBlocks(text).find((block) => block.type === 'MESSAGE' && !block.problem);
    const draftToken = draft ? await registeredDraft(draft.armor) : null;
    return new SecureEditor(view, body, viewId, { draftToken, seed: draft ? '' : text.trim() ? text : '', reply: false }, onClose);
  }

  private report(report: unknown): void {
    if (report === 'changed') this.scheduleSave();
    if (report === 'native') this.close();
  }

  private scheduleSave(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.saveDraft(), SAVE_AFTER_MS);
  }

  /** Seals what the user wrote to their own key and puts the armor in the app's editor, which saves it as the draft. */
  private async saveDraft(): Promise<void> {
    try {
      const { armor } = await call('sealOwnDraft', { viewId: this.viewId, sender: this.view.sender() });
      if (!this.sending && this.body.isConnected) writeLines(this.body, armor);
    } catch {
      // A locked key or an empty editor: the app keeps the draft it had; nothing of the text reaches it.
    }
  }

  /** Before Send writes the sealed mail: no draft save may land in between, and the app's editor must take focus. */
  beginSend(): void {
    this.sending = true;
    clearTimeout(this.timer);
    this.uncover();
  }

  /** Sending failed: back to writing in Sealmail's editor. */
  endSend(): void {
    this.sending = false;
    this.cover();
  }

  private cover(): void {
    this.body.inert = true;
    this.body.setAttribute('style', `${this.style ?? ''};${COLLAPSED}`);
  }

  private uncover(): void {
    this.body.inert = false;
    if (this.style === null) this.body.removeAttribute('style');
    else this.body.setAttribute('style', this.style);
  }

  /** The user chose the app's editor for this message (in Sealmail's frame, where the page cannot choose for them). */
  close(): void {
    clearTimeout(this.timer);
    this.frame.remove();
    this.uncover();
    this.onClose();
  }
}
