/**
 * The Send Secure control beside the native Send: the button itself is the extension's own frame,
 * so that page script cannot press it; beside it, in a shadow root, a notice for what went wrong.
 */
import { describeError } from '../core/errors';
import { browser, extensionOrigin } from '../platform/browser';
import type { Provider } from './adapter';

export const BUTTON_PATH = 'extension-ui/pages/button/button.html';

/** What the button frame reports; only a frame of ours, from our origin, is listened to. */
type FrameReport = 'clicked' | 'refused' | 'failed';

const live = new Set<SecureButton>();
let listening = false;

function listen(): void {
  if (listening) return;
  listening = true;
  const origin = extensionOrigin();
  window.addEventListener('message', (event: MessageEvent) => {
    // A page script can dispatch a MessageEvent of its own with any origin and source: only the browser's count.
    if (!event.isTrusted || event.origin !== origin) return;
    const report = (event.data as { sealmailButton?: unknown } | null)?.sealmailButton;
    if (report !== 'clicked' && report !== 'refused' && report !== 'failed') return;
    for (const button of live) {
      if (!button.host.isConnected) live.delete(button);
      else if (button.owns(event.source)) button.report(report);
    }
  });
}

export class SecureButton {
  readonly host: HTMLElement;
  private readonly frame: HTMLIFrameElement;
  private readonly notice: HTMLElement;

  constructor(doc: Document, provider: Provider, viewId: string, private readonly onClick: () => void) {
    this.host = doc.createElement('span');
    this.host.setAttribute('data-sealmail', 'button');
    const shadow = this.host.attachShadow({ mode: 'open' });
    const style = doc.createElement('style');
    const { width, height } = provider.buttonSize;
    style.textContent = `
      :host { display: inline-flex; align-items: center; position: relative; margin-left: 8px; vertical-align: middle; }
      iframe { border: 0; width: ${width}px; height: ${height}px; background: transparent; color-scheme: normal; display: block; }
      [role="alert"] { position: absolute; bottom: calc(100% + 6px); left: 0; width: max-content; max-width: 360px;
        background: #fff; color: #b3261e; border: 1px solid #b3261e; border-radius: 6px; padding: 6px 10px;
        font: 13px/1.4 system-ui, sans-serif; box-shadow: 0 2px 6px rgba(0,0,0,.2); }
      [role="alert"]:empty { display: none; }`;
    this.frame = doc.createElement('iframe');
    const query = new URLSearchParams({ v: viewId, app: provider.name, o: location.origin });
    this.frame.src = `${browser.runtime.getURL(BUTTON_PATH)}?${query}`;
    this.frame.title = 'Sealmail: Send Secure';
    this.notice = doc.createElement('div');
    this.notice.setAttribute('role', 'alert');
    shadow.append(style, this.frame, this.notice);
    live.add(this);
    listen();
  }

  owns(source: MessageEventSource | null): boolean {
    return source !== null && source === this.frame.contentWindow;
  }

  report(report: FrameReport): void {
    if (report === 'clicked') this.onClick();
    else this.say(report === 'refused' ? describeError('no_user_action') : describeError('internal'));
  }

  busy(on: boolean): void {
    this.frame.contentWindow?.postMessage({ sealmailButtonBusy: on }, extensionOrigin());
  }

  say(message: string | null): void {
    this.notice.textContent = message ?? '';
  }
}
