/**
 * The Send Secure control beside the native Send: the button itself is the extension's own frame,
 * so that page script cannot press it; beside it, in a shadow root, a notice for what went wrong.
 */
import { describeError } from '../core/errors';
import { browser, extensionOrigin } from '../platform/browser';
import type { Provider } from './adapter';
import { onFrameReport } from './frames';
import { t } from '../core/i18n';

export const BUTTON_PATH = 'extension-ui/pages/button/button.html';

/** The stages of a send the button shows in its own words. */
export type SendStage = 'sealing' | 'writing' | 'saving';


export class SecureButton {
  readonly host: HTMLElement;
  private readonly frame: HTMLIFrameElement;
  private readonly notice: HTMLElement;
  private readonly switcher: HTMLButtonElement;

  constructor(doc: Document, provider: Provider, viewId: string, private readonly onClick: () => void) {
    this.host = doc.createElement('span');
    this.host.setAttribute('data-sealmail', 'button');
    const shadow = this.host.attachShadow({ mode: 'open' });
    const style = doc.createElement('style');
    const { width, height } = provider.buttonSize;
    style.textContent = `
      :host { display: inline-flex; align-items: center; position: relative; margin-left: 8px; vertical-align: middle; }
      iframe { border: 0; width: ${width}px; height: ${height}px; background: transparent; color-scheme: normal; display: block; }
      [role="alert"] { position: absolute; bottom: calc(100% + 12px); left: 0; width: max-content; max-width: 360px;
        background: #fff; color: #b3261e; border: 1px solid #b3261e; border-radius: 6px; padding: 6px 10px;
        font: 13px/1.4 system-ui, sans-serif; box-shadow: 0 1px 3px rgba(0,0,0,.2); }
      [role="alert"]:empty { display: none; }
      .switch { font: 13px/1.4 system-ui, sans-serif; background: none; border: 0; color: #0b6e4f; text-decoration: underline; cursor: pointer; margin-left: 6px; }
      .switch[hidden] { display: none; }`;
    this.frame = doc.createElement('iframe');
    const query = new URLSearchParams({ v: viewId, app: provider.name, o: location.origin });
    this.frame.src = `${browser.runtime.getURL(BUTTON_PATH)}?${query}`;
    this.frame.title = t('titleSendSecure');
    this.notice = doc.createElement('div');
    this.notice.setAttribute('role', 'alert');
    // Switching to Sealmail's editor is safe whoever asks; switching back to the app's editor is offered only inside Sealmail's frame.
    this.switcher = doc.createElement('button');
    this.switcher.type = 'button';
    this.switcher.className = 'switch';
    this.switcher.textContent = t('writeInSealmail');
    this.switcher.hidden = true;
    shadow.append(style, this.frame, this.switcher, this.notice);
    onFrameReport(this.frame, 'sealmailButton', (report) => this.report(report));
  }

  private report(report: unknown): void {
    if (report === 'clicked') this.onClick();
    else if (report === 'refused') this.say(describeError('no_user_action'));
    else if (report === 'failed') this.say(describeError('internal'));
  }

  /** Shows how far a send has come (sealing, writing the armor, waiting for the app's draft save), or that it is over (false). */
  busy(stage: SendStage | false): void {
    this.frame.contentWindow?.postMessage({ sealmailButtonBusy: stage }, extensionOrigin());
  }

  /** Offers to write this message in Sealmail's editor (`open`), or hides the offer (null). */
  offerEditor(open: (() => void) | null): void {
    this.switcher.hidden = open === null;
    this.switcher.onclick = open;
  }

  say(message: string | null): void {
    this.notice.textContent = message ?? '';
  }
}
