/** What a webmail provider tells the provider-independent compose logic. Selectors live in each provider's folder. */
import type { RungName } from './editor';

export type RecipientField = 'to' | 'cc' | 'bcc';

export interface Recipients {
  to: string[];
  cc: string[];
  bcc: string[];
  /** What the page shows of each recipient whose address could not be read (a name, say). */
  unreadable: string[];
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
  /** The element holding the message with its attachments' links. */
  container: Element;
  /** The app's own Reply control for this message, if the page shows one. */
  replyControl(): HTMLElement | null;
}

/** Presses one of the app's controls as a person's click would reach it: Gmail's act on mousedown and mouseup, the others on click. */
export function press(control: HTMLElement): void {
  const view = control.ownerDocument.defaultView;
  for (const type of ['mousedown', 'mouseup', 'click'] as const) {
    control.dispatchEvent(new MouseEvent(type, { bubbles: true, cancelable: true, view }));
  }
}

/** The first element matching `selector` that is not one of Sealmail's own. */
export function appControl(root: ParentNode, selector: string): HTMLElement | null {
  return [...root.querySelectorAll<HTMLElement>(selector)].find((element) => element.closest('[data-sealmail]') === null) ?? null;
}

/** An attachment of a received message that holds OpenPGP data, by its link. */
export interface AttachmentLink {
  name: string;
  url: string;
}

/** A cheap first look, on every mutation: armor says "BEGIN PGP", whatever the page put between the words. */
export const MAY_HOLD_ARMOR = /BEGIN[\s\u00a0\u00ad\u200b-\u200d\u2060\ufeff]*PGP/;

const OPENPGP_FILE = /[^\s/\\:"'<>|*?]+\.(?:pgp|gpg|asc)(?![\w.])/i;

/**
 * The OpenPGP attachments (`.pgp`, `.gpg`, `.asc`, which covers PGP/MIME's `encrypted.asc`) linked
 * in a message, wherever the app puts the file's name: the link's `download`, `title` or
 * `aria-label`, its text, or an element around it. Only links to the page's own origin count.
 */
export function openPgpAttachments(container: Element, origin: string): AttachmentLink[] {
  const found = new Map<string, AttachmentLink>();
  for (const link of container.querySelectorAll<HTMLAnchorElement>('a[href]')) {
    if (link.closest('[data-sealmail]')) continue;
    let url: URL;
    try {
      url = new URL(link.href);
    } catch {
      continue;
    }
    if (url.origin !== origin || found.has(url.href)) continue;
    const around = link.parentElement?.closest('[title], [download_url], [aria-label]');
    const candidates = [link.getAttribute('download'), link.title, link.getAttribute('aria-label'), link.textContent, around?.getAttribute('title'), around?.getAttribute('download_url')?.split(':')[1], around?.getAttribute('aria-label')];
    const name = candidates.map((candidate) => OPENPGP_FILE.exec(candidate ?? '')?.[0]).find(Boolean);
    if (name) found.set(url.href, { name, url: url.href });
  }
  return [...found.values()];
}

export interface Provider {
  readonly name: string;
  /** Host names the provider serves (the manifest's match patterns say the same). */
  readonly hosts: readonly string[];
  /** The element to observe for compose views coming and going. */
  observeRoot(doc: Document): Element;
  findComposeViews(doc: Document): ComposeView[];
  findMessages(doc: Document): ReadMessage[];
  /** The order in which to try writing armor: the cheapest rung the app's model takes first (insertText's cost grows with the armor's lines). */
  readonly insertion?: readonly RungName[];
  /**
   * Where the compose view says that a draft was saved, for apps that save drafts on their own:
   * Send waits for the save of the armor, so that the last draft the app kept is not the plaintext.
   */
  readonly draftStatus?: string;
  /** The size of the Send Secure frame beside the native Send (the frame styles itself per app). */
  readonly buttonSize: { width: number; height: number };
}

export function emailsIn(text: string | null | undefined): string[] {
  return (text ?? '').match(/[^\s<>"',;:()[\]]+@[^\s<>"',;:()[\]]+\.[^\s<>"',;:()[\]]+/g) ?? [];
}

/** Where apps put a recipient's address on its chip, most specific first. */
const ADDRESS_ATTRIBUTES = ['data-hovercard-id', 'email', 'data-email', 'data-address', 'data-value', 'title', 'aria-label', 'data-name'];

/**
 * The address of one recipient chip, wherever the app put it: an attribute of the chip, an
 * attribute of an element inside it, or the chip's text ("Name <email>").
 */
export function addressOf(chip: Element): string | null {
  for (const element of [chip, ...chip.querySelectorAll('*')]) {
    for (const name of ADDRESS_ATTRIBUTES) {
      const found = emailsIn(element.getAttribute(name))[0];
      if (found) return found;
    }
  }
  return emailsIn(chip.textContent)[0] ?? null;
}

/** What the page shows of a chip, to name a recipient whose address could not be read. */
function labelOf(chip: Element): string {
  const text = (chip.textContent ?? '').replace(/[\s\u00d7]+/g, ' ').trim();
  return (text || chip.getAttribute('aria-label') || chip.getAttribute('title') || 'a recipient').slice(0, 80);
}

/** Only the outermost of the elements: a chip matched inside another chip is the same recipient. */
export function outermost(elements: Iterable<Element>): Element[] {
  const all = [...elements];
  return all.filter((element) => !all.some((other) => other !== element && other.contains(element)));
}

/** The recipients of a compose view from its chips per field (and addresses the app keeps elsewhere, such as hidden inputs). */
export function readRecipients(chipsOf: (field: RecipientField) => Element[], extra: (field: RecipientField) => string[] = () => []): Recipients {
  const recipients: Recipients = { to: [], cc: [], bcc: [], unreadable: [] };
  for (const field of ['to', 'cc', 'bcc'] as const) {
    const chips = chipsOf(field);
    for (const chip of chips) {
      const address = addressOf(chip);
      if (address) recipients[field].push(address);
      else recipients.unreadable.push(labelOf(chip));
    }
    if (chips.length === 0) recipients[field].push(...extra(field));
  }
  return recipients;
}

/**
 * Whether the page shows anything Sealmail acts on: a compose view, a message body that may hold
 * armor, or an OpenPGP attachment. Until it does, the larger part of the content script is not loaded.
 */
export function pageNeedsSealmail(provider: Provider, doc: Document): boolean {
  if (provider.findComposeViews(doc).length > 0) return true;
  return provider.findMessages(doc).some((message) => MAY_HOLD_ARMOR.test(message.body.textContent ?? '') || openPgpAttachments(message.container, location.origin).length > 0);
}
