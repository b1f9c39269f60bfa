/** A compose view described by selectors alone: enough for apps whose Send is a plain button. */
import { readRecipients, type ComposeView, type RecipientField, type Recipients } from './adapter';

export interface ComposeSelectors {
  body: string;
  send: string;
  /** Our button goes right after this element. */
  mountAfter: string;
  /** The recipient chips of one field. */
  chips(root: Element, field: RecipientField): Element[];
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
    return readRecipients((field) => this.selectors.chips(this.root, field));
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
