/** Serves the webmail fixtures at the real webmail addresses, so content-script match patterns stay real. */
import { fileURLToPath } from 'node:url';
import type { BrowserContext } from '@playwright/test';

export const FIXTURES = {
  gmail: { origin: 'https://mail.google.com', page: 'gmail/mailbox.html', start: 'https://mail.google.com/mail/u/0/' },
} as const;

export type WebmailName = keyof typeof FIXTURES;

export async function serveWebmail(context: BrowserContext, name: WebmailName): Promise<void> {
  const fixture = FIXTURES[name];
  const file = fileURLToPath(new URL(`../fixtures/${fixture.page}`, import.meta.url));
  await context.route(`${fixture.origin}/**`, (route) =>
    route.request().resourceType() === 'document'
      ? route.fulfill({ path: file, contentType: 'text/html; charset=utf-8' })
      : route.fulfill({ status: 404, body: '' }),
  );
}
