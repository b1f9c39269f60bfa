/** The three webmail fixtures as the send tests drive them: where compose views open, how a recipient is typed, where the body is. */
import type { Locator, Page } from '@playwright/test';
import { FIXTURES, type WebmailName } from './webmail';

export interface App {
  name: string;
  fixture: WebmailName;
  variants: Array<{ name: string; url: string }>;
  addRecipient(page: Page, address: string): Promise<void>;
  body(page: Page): Locator;
}

export async function typeChip(field: Locator, address: string): Promise<void> {
  await field.click();
  await field.pressSequentially(address);
  await field.press('Enter');
}

export const APPS: App[] = [
  {
    name: 'Gmail',
    fixture: 'gmail',
    variants: [
      { name: 'popup compose', url: `${FIXTURES.gmail.start}#inbox?compose=new` },
      { name: 'full-screen compose', url: `${FIXTURES.gmail.start}#inbox?compose=new&fs=1` },
      { name: 'inline reply', url: `${FIXTURES.gmail.start}#inbox/thread-1` },
    ],
    addRecipient: (page, address) => typeChip(page.getByLabel('TO recipients'), address),
    body: (page) => page.getByRole('textbox', { name: 'Message Body' }),
  },
  {
    name: 'Outlook',
    fixture: 'outlook',
    variants: [
      { name: 'reading-pane compose', url: 'https://outlook.live.com/mail/0/inbox' },
      { name: 'pop-out compose', url: 'https://outlook.office.com/mail/compose/AAQkADAw' },
      { name: 'reading-pane compose on outlook.cloud.microsoft', url: 'https://outlook.cloud.microsoft/mail/0/inbox' },
    ],
    addRecipient: (page, address) => typeChip(page.getByRole('textbox', { name: 'To recipients' }), address),
    body: (page) => page.getByRole('textbox', { name: 'Message body' }),
  },
  {
    name: 'Yahoo Mail',
    fixture: 'yahoo',
    variants: [{ name: 'compose', url: 'https://mail.yahoo.com/d/compose/6912' }],
    addRecipient: (page, address) => typeChip(page.getByLabel('TO', { exact: true }), address),
    body: (page) => page.getByRole('textbox', { name: 'Message body' }),
  },
];

