import { emailsIn, type ComposeView, type Provider, type Recipients } from '../../adapter';
import { YAHOO } from './selectors';

function recipientsOf(root: Element, field: 'to' | 'cc' | 'bcc'): string[] {
  const pills = root.querySelectorAll(`${YAHOO.recipientContainer(field)} ${YAHOO.pill}`);
  return [...pills].flatMap((pill) => emailsIn(pill.getAttribute('title')).slice(0, 1));
}

class YahooCompose implements ComposeView {
  constructor(readonly root: Element) {}

  body(): HTMLElement | null {
    return this.root.querySelector<HTMLElement>(YAHOO.body);
  }

  sendButton(): HTMLElement | null {
    return this.root.querySelector<HTMLElement>(YAHOO.send);
  }

  recipients(): Recipients {
    return { to: recipientsOf(this.root, 'to'), cc: recipientsOf(this.root, 'cc'), bcc: recipientsOf(this.root, 'bcc') };
  }

  sender(): string | null {
    return null;
  }

  mountButton(host: HTMLElement): void {
    this.sendButton()?.after(host);
  }

  pressSend(): void {
    this.sendButton()?.click();
  }
}

export const yahoo: Provider = {
  name: 'yahoo',
  hosts: ['mail.yahoo.com'],
  observeRoot: (doc) => doc.querySelector(YAHOO.app) ?? doc.documentElement,
  findComposeViews(doc) {
    return [...doc.querySelectorAll(YAHOO.composeRoot)]
      .filter((root) => root.querySelector(YAHOO.body) && root.querySelector(YAHOO.send))
      .map((root) => new YahooCompose(root));
  },
  buttonStyle: `
    button { font: 700 14px/20px 'Helvetica Neue', Helvetica, Arial, sans-serif; color: #fff; background: #0b6e4f;
      border: 0; border-radius: 18px; padding: 8px 18px; margin-left: 8px; cursor: pointer; white-space: nowrap; }
    button:hover { background: #095c42; }`,
};
