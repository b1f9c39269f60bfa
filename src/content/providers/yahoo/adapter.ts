import { addressOf, appControl, outermost, type Provider } from '../../adapter';
import { SelectorCompose, type ComposeSelectors } from '../../selector-compose';
import { YAHOO } from './selectors';

const SELECTORS: ComposeSelectors = {
  body: YAHOO.body,
  send: YAHOO.send,
  mountAfter: YAHOO.send,
  chips: (root, field) => outermost(root.querySelectorAll(`${YAHOO.recipientContainer(field)} ${YAHOO.pill}`)),
};

export const yahoo: Provider = {
  name: 'yahoo',
  hosts: ['mail.yahoo.com'],
  observeRoot: (doc) => doc.querySelector(YAHOO.app) ?? doc.documentElement,
  findComposeViews(doc) {
    return [...doc.querySelectorAll(YAHOO.composeRoot)]
      .filter((root) => root.querySelector(YAHOO.body) && root.querySelector(YAHOO.send))
      .map((root) => new SelectorCompose(root, SELECTORS));
  },
  findMessages(doc) {
    return [...doc.querySelectorAll(YAHOO.message)].flatMap((message) => {
      const body = message.querySelector<HTMLElement>(YAHOO.messageBody);
      const pill = message.querySelector(YAHOO.messageSender);
      return body ? [{ body, sender: pill ? addressOf(pill) : null, fullMessageUrl: null, container: message, replyControl: () => appControl(message, YAHOO.messageReply) }] : [];
    });
  },
  // Yahoo's editor state follows paste and insertText (a DOM write may not be seen): paste first,
  // which it handles in one step whatever the size, where insertText costs seconds for 100 KB.
  insertion: ['paste', 'insertText', 'lines'],
  buttonSize: { width: 126, height: 36 },
};
