import { appControl, emailsIn, outermost, press, readRecipients, type ComposeView, type Provider, type ReadMessage, type RecipientField, type Recipients } from '../../adapter';
import { GMAIL } from './selectors';

function chipsOf(root: Element, field: RecipientField): Element[] {
  const row = root.querySelector(GMAIL.recipientRow(field));
  const chips = outermost(row?.querySelectorAll(GMAIL.recipientChip) ?? []);
  return chips.length ? chips : [...(row?.querySelectorAll(GMAIL.legacyChip) ?? [])];
}

function isOurs(element: Element): boolean {
  return element.closest('[data-sealmail]') !== null;
}

class GmailCompose implements ComposeView {
  constructor(readonly root: Element) {}

  body(): HTMLElement | null {
    return this.root.querySelector<HTMLElement>(GMAIL.body);
  }

  sendButton(): HTMLElement | null {
    return [...this.root.querySelectorAll<HTMLElement>(GMAIL.send)].find((button) => !isOurs(button) && !button.hasAttribute('aria-haspopup')) ?? null;
  }

  recipients(): Recipients {
    return readRecipients(
      (field) => chipsOf(this.root, field),
      (field) => emailsIn((this.root.querySelector(GMAIL.legacyHidden(field)) as HTMLInputElement | null)?.value),
    );
  }

  sender(): string | null {
    // "Inbox - user@gmail.com - Gmail": the account the page is signed in as.
    return emailsIn(this.root.ownerDocument.title)[0] ?? null;
  }

  mountButton(host: HTMLElement): void {
    const send = this.sendButton();
    const cell = send?.closest(GMAIL.sendCell);
    if (cell) {
      const ours = this.root.ownerDocument.createElement('td');
      ours.setAttribute('data-sealmail', 'cell');
      ours.append(host);
      cell.after(ours);
    } else {
      send?.parentElement?.after(host);
    }
  }

  pressSend(): void {
    const send = this.sendButton();
    if (send) press(send);
  }
}

export const gmail: Provider = {
  name: 'gmail',
  hosts: ['mail.google.com'],
  observeRoot: (doc) => doc.querySelector(GMAIL.app) ?? doc.documentElement,
  findComposeViews(doc) {
    const roots = new Set<Element>();
    for (const body of doc.querySelectorAll(GMAIL.body)) {
      const root = GMAIL.composeRoots.map((selector) => body.closest(selector)).find((found) => found !== null);
      if (root && root.querySelector(GMAIL.send)) roots.add(root);
    }
    return [...roots].map((root) => new GmailCompose(root));
  },
  findMessages(doc) {
    return [...doc.querySelectorAll(GMAIL.message)].flatMap((message): ReadMessage[] => {
      const body = message.querySelector<HTMLElement>(GMAIL.messageBody);
      if (!body) return [];
      return [
        {
          body,
          sender: message.querySelector(GMAIL.messageSender)?.getAttribute('email') ?? null,
          fullMessageUrl: message.querySelector<HTMLAnchorElement>(GMAIL.fullMessageLink)?.href ?? null,
          container: message,
          // The message's own Reply; else the thread's, which replies to its last message.
          replyControl: () => appControl(message, GMAIL.messageReply) ?? (message === [...doc.querySelectorAll(GMAIL.message)].at(-1) ? appControl(doc, GMAIL.threadReply) : null),
        },
      ];
    });
  },
  // Gmail reads the body's DOM at Send and saves drafts after input events: lines and an input event
  // are what it needs, at a fraction of insertText's cost (about 77 ms for 220 armor lines).
  insertion: ['lines', 'insertText', 'paste'],
  draftStatus: GMAIL.draftStatus,
  buttonSize: { width: 122, height: 36 },
};
