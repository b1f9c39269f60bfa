/** The Send Secure button and its notice, in an open shadow root so that the page's styles leave it alone. */
import type { Provider } from './adapter';

export class SecureButton {
  readonly host: HTMLElement;
  private readonly button: HTMLButtonElement;
  private readonly notice: HTMLElement;

  constructor(doc: Document, provider: Provider, onClick: () => void) {
    this.host = doc.createElement('span');
    this.host.setAttribute('data-sealmail', 'button');
    const shadow = this.host.attachShadow({ mode: 'open' });
    const style = doc.createElement('style');
    style.textContent = `${provider.buttonStyle}
      :host { display: inline-flex; align-items: center; position: relative; }
      button[aria-busy="true"] { opacity: .7; cursor: progress; }
      [role="alert"] { position: absolute; bottom: calc(100% + 6px); left: 0; width: max-content; max-width: 360px;
        background: #fff; color: #b3261e; border: 1px solid #b3261e; border-radius: 6px; padding: 6px 10px;
        font: 13px/1.4 system-ui, sans-serif; box-shadow: 0 2px 6px rgba(0,0,0,.2); }
      [role="alert"]:empty { display: none; }`;
    this.button = doc.createElement('button');
    this.button.type = 'button';
    this.button.textContent = 'Send Secure';
    this.button.title = 'Encrypt and sign with Sealmail, then send';
    this.button.addEventListener('click', onClick);
    this.notice = doc.createElement('div');
    this.notice.setAttribute('role', 'alert');
    shadow.append(style, this.button, this.notice);
  }

  busy(on: boolean): void {
    this.button.disabled = on;
    this.button.setAttribute('aria-busy', String(on));
  }

  say(message: string | null): void {
    this.notice.textContent = message ?? '';
  }

  click(): void {
    this.button.click();
  }
}
