import { emailsIn, type ComposeView, type Provider, type Recipients } from '../../adapter';
import { OUTLOOK } from './selectors';

function recipientsOf(root: Element, field: 'TO' | 'CC' | 'BCC'): string[] {
  const chips = root.querySelectorAll(`${OUTLOOK.recipientGroup(field)} ${OUTLOOK.recipientChip}`);
  return [...chips].map((chip) => {
    const label = chip.getAttribute('aria-label');
    // Internal contacts may show only a name: keep it, so that the dialog can say whose key is missing.
    return emailsIn(label)[0] ?? emailsIn(chip.textContent)[0] ?? (label || chip.textContent || '').trim();
  });
}

class OutlookCompose implements ComposeView {
  constructor(readonly root: Element) {}

  body(): HTMLElement | null {
    return this.root.querySelector<HTMLElement>(OUTLOOK.body);
  }

  sendButton(): HTMLElement | null {
    return this.root.querySelector<HTMLElement>(OUTLOOK.send);
  }

  recipients(): Recipients {
    return { to: recipientsOf(this.root, 'TO'), cc: recipientsOf(this.root, 'CC'), bcc: recipientsOf(this.root, 'BCC') };
  }

  sender(): string | null {
    return null;
  }

  mountButton(host: HTMLElement): void {
    this.root.querySelector(OUTLOOK.sendWrapper)?.after(host);
  }

  pressSend(): void {
    this.sendButton()?.click();
  }
}

export const outlook: Provider = {
  name: 'outlook',
  hosts: ['outlook.live.com', 'outlook.office.com', 'outlook.office365.com', 'outlook.cloud.microsoft'],
  observeRoot: (doc) => doc.querySelector(OUTLOOK.app) ?? doc.documentElement,
  findComposeViews(doc) {
    const roots = new Set<Element>();
    for (const body of doc.querySelectorAll(OUTLOOK.body)) {
      const root = body.closest(OUTLOOK.composeRoot);
      if (root?.querySelector(OUTLOOK.send)) roots.add(root);
    }
    return [...roots].map((root) => new OutlookCompose(root));
  },
  buttonStyle: `
    button { font: 600 14px/20px 'Segoe UI', -apple-system, sans-serif; color: #fff; background: #0b6e4f;
      border: 0; border-radius: 4px; padding: 5px 14px; margin-left: 8px; cursor: pointer; white-space: nowrap; }
    button:hover { background: #095c42; }`,
};
