/** A compose view described by selectors alone: enough for apps whose Send is a plain button. */
import type { ComposeView, Recipients } from './adapter';

export interface ComposeSelectors {
  body: string;
  send: string;
  /** Our button goes right after this element. */
  mountAfter: string;
  recipients(root: Element, field: keyof Recipients): string[];
}

export class SelectorCompose implements ComposeView {
  constructor(
    readonly root: Element,
    private readonly selectors: ComposeSelectors,
  ) {}

  body(): HTMLElement | null {
    return this.root.querySelector<HTMLElement>(this.selectors.body);
  }

  sendButton(): HTMLElement | null {
    return this.root.querySelector<HTMLElement>(this.selectors.send);
  }

  recipients(): Recipients {
    const read = (field: keyof Recipients) => this.selectors.recipients(this.root, field);
    return { to: read('to'), cc: read('cc'), bcc: read('bcc') };
  }

  sender(): string | null {
    return null;
  }

  mountButton(host: HTMLElement): void {
    this.root.querySelector(this.selectors.mountAfter)?.after(host);
  }

  pressSend(): void {
    this.sendButton()?.click();
  }
}
