/** What a webmail provider tells the provider-independent compose logic. Selectors live in each provider's folder. */
import type { RungName } from './editor';

export interface Recipients {
  to: string[];
  cc: string[];
  bcc: string[];
}

/** One compose view on the page (a popup, an inline reply, a full-screen compose...). */
export interface ComposeView {
  /** The element that holds the whole view; when it leaves the page, so does our button. */
  readonly root: Element;
  body(): HTMLElement | null;
  sendButton(): HTMLElement | null;
  recipients(): Recipients;
  /** The sender address the page shows, if it shows one. */
  sender(): string | null;
  /** Puts our button beside the native Send. */
  mountButton(host: HTMLElement): void;
  /** Presses the native Send the way the app listens for it. */
  pressSend(): void;
}

/** A received message in the read view. */
export interface ReadMessage {
  body: HTMLElement;
  /** The sender's address as the page shows it. */
  sender: string | null;
  /** Where the whole message can be fetched when the page shows it clipped (same origin). */
  fullMessageUrl: string | null;
}

export interface Provider {
  readonly name: string;
  /** Host names the provider serves (the manifest's match patterns say the same). */
  readonly hosts: readonly string[];
  /** The element to observe for compose views coming and going. */
  observeRoot(doc: Document): Element;
  findComposeViews(doc: Document): ComposeView[];
  findMessages(doc: Document): ReadMessage[];
  /** The order in which to try writing armor, when the app's model takes a cheaper rung than `insertText`. */
  readonly insertion?: readonly RungName[];
  /** The size of the Send Secure frame beside the native Send (the frame styles itself per app). */
  readonly buttonSize: { width: number; height: number };
}

export function emailsIn(text: string | null | undefined): string[] {
  return (text ?? '').match(/[^\s<>"',;:()[\]]+@[^\s<>"',;:()[\]]+\.[^\s<>"',;:()[\]]+/g) ?? [];
}
