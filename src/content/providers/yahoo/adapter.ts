import { emailsIn, type Provider } from '../../adapter';
import { SelectorCompose, type ComposeSelectors } from '../../selector-compose';
import { YAHOO } from './selectors';

const SELECTORS: ComposeSelectors = {
  body: YAHOO.body,
  send: YAHOO.send,
  mountAfter: YAHOO.send,
  recipients(root, field) {
    const pills = root.querySelectorAll(`${YAHOO.recipientContainer(field)} ${YAHOO.pill}`);
    return [...pills].flatMap((pill) => emailsIn(pill.getAttribute('title')).slice(0, 1));
  },
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
      return body ? [{ body, sender: emailsIn(pill?.getAttribute('title') ?? pill?.textContent)[0] ?? null, fullMessageUrl: null }] : [];
    });
  },
  buttonSize: { width: 126, height: 36 },
};
