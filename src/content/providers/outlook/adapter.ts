import { appControl, emailsIn, outermost, type Provider } from '../../adapter';
import { SelectorCompose, type ComposeSelectors } from '../../selector-compose';
import { OUTLOOK } from './selectors';

const SELECTORS: ComposeSelectors = {
  body: OUTLOOK.body,
  send: OUTLOOK.send,
  mountAfter: OUTLOOK.sendWrapper,
  chips: (root, field) => outermost(root.querySelectorAll(`${OUTLOOK.recipientGroup(field.toUpperCase() as 'TO' | 'CC' | 'BCC')} ${OUTLOOK.recipientChip}`)),
};

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
    return [...roots].map((root) => new SelectorCompose(root, SELECTORS));
  },
  findMessages(doc) {
    return [...doc.querySelectorAll<HTMLElement>(OUTLOOK.messageBody)].map((body) => {
      const container = body.closest(OUTLOOK.messageItem) ?? body.parentElement ?? body;
      return {
        body,
        sender: emailsIn((container.querySelector(OUTLOOK.messageSender) ?? doc.querySelector(OUTLOOK.messageSender))?.textContent)[0] ?? null,
        fullMessageUrl: null,
        container,
        replyControl: () => appControl(container, OUTLOOK.messageReply),
      };
    });
  },
  // Outlook's editor takes a text/plain paste itself, in one step whatever the size (insertText
  // costs seconds for 100 KB of armor, minutes for 1 MB); its model is marked stale by DOM changes,
  // so lines are the next best.
  insertion: ['paste', 'lines', 'insertText'],
  buttonSize: { width: 116, height: 32 },
};
