/** Serves the webmail fixtures at the real webmail addresses, so content-script match patterns stay real. */
import { fileURLToPath } from 'node:url';
import type { BrowserContext } from '@playwright/test';

const fixturePath = (relative: string) => fileURLToPath(new URL(`../fixtures/${relative}`, import.meta.url));

export const FIXTURES = {
  gmail: { origins: ['https://mail.google.com'], page: 'gmail/mailbox.html', start: 'https://mail.google.com/mail/u/0/' },
  outlook: {
    origins: ['https://outlook.live.com', 'https://outlook.office.com', 'https://outlook.office365.com', 'https://outlook.cloud.microsoft'],
    page: 'outlook/mailbox.html',
    start: 'https://outlook.live.com/mail/0/inbox',
  },
  yahoo: { origins: ['https://mail.yahoo.com'], page: 'yahoo/mailbox.html', start: 'https://mail.yahoo.com/d/folders/1' },
} as const;

export type WebmailName = keyof typeof FIXTURES;

export async function serveWebmail(context: BrowserContext, name: WebmailName): Promise<void> {
  const fixture = FIXTURES[name];
  for (const origin of fixture.origins) {
    await context.route(`${origin}/**`, (route) => {
      const url = new URL(route.request().url());
      if (url.pathname === '/__fixture/kit.js') return route.fulfill({ path: fixturePath('common/kit.js'), contentType: 'text/javascript' });
      if (route.request().resourceType() === 'document') return route.fulfill({ path: fixturePath(fixture.page), contentType: 'text/html; charset=utf-8' });
      return route.fulfill({ status: 404, body: '' });
    });
  }
}
