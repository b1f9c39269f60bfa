/** The fallback reader: one HTML file, opened from disk, that reads password messages with no network at all. */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, expect, test, type Browser, type Page } from '@playwright/test';
import { generateKey, keyFooter, openMessage, readPrivateKey, readPublicKey, seal, unlockPrivateKey, type GeneratedKey } from '../../src/core/index';
import { passwordNote } from '../../src/background/send';
import { CHROMIUM, launchExtension } from '../support/browser';
import { GpgHome } from '../support/gpg';

const READER = pathToFileURL(resolve('dist/sealmail-reader.html')).href;
const TEXT = 'Dear Ana,\n\nthe contract is ready; the code is 4417-PLUM.\n\nMia';
const PASSWORD = 'lantern orbit saffron';

let browser: Browser;
let mia: GeneratedKey;
const requests: string[] = [];

test.beforeAll(async () => {
  browser = await chromium.launch({ executablePath: CHROMIUM, args: process.getuid?.() === 0 ? ['--no-sandbox'] : [] });
  mia = await generateKey({ name: 'Mia Example', email: 'mia@example.org', passphrase: 'mia passphrase here' });
});
test.afterAll(async () => {
  await browser?.close();
});

async function openReader(width = 1000): Promise<Page> {
  const page = await browser.newPage({ viewport: { width, height: 800 } });
  page.on('request', (request) => requests.push(request.url()));
  await page.goto(READER);
  return page;
}

/** A password mail as the recipient gets it: a note, the message, and the sender's public key in the footer. */
async function passwordMail(text = TEXT): Promise<string> {
  const sender = await unlockPrivateKey(await readPrivateKey(mia.armored), 'mia passphrase here');
  const armor = await seal({ text, passwords: [PASSWORD], sender });
  const footer = keyFooter((await readPublicKey(mia.publicKey)).write(), 'mia@example.org', 'Mia Example <mia@example.org>', mia.info.fingerprint);
  return `${passwordNote('Mia Example <mia@example.org>', '', null)}\n${armor}\n${footer}`;
}

async function paste(page: Page, mail: string): Promise<void> {
  await page.getByLabel('Paste the whole email here').fill(mail);
}

test('opens a password message from disk, shows the signature from the attached key, and makes no network request', async () => {
  requests.length = 0;
  const page = await openReader();
  await paste(page, await passwordMail());
  await page.getByLabel('Password').fill('wrong one');
  await page.getByRole('button', { name: 'Open message' }).click();
  await expect(page.getByRole('alert')).toHaveText('That password does not open this message. Check it and try again.');
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Open message' }).click();
  await expect(page.locator('pre.plaintext')).toHaveText(TEXT);
  await expect(page.getByRole('status')).toHaveText('Signed by Mia Example <mia@example.org>: the signature is valid.');
  expect(requests.filter((url) => !url.startsWith('file://'))).toEqual([]);
  // Its content security policy forbids any request, even one a script would try.
  expect(await page.evaluate(() => fetch('https://example.org/').then(() => 'fetched', () => 'blocked'))).toBe('blocked');
  await page.close();
});

test('opens `gpg -c` output from a file, unsigned', async () => {
  const gpg = new GpgHome();
  try {
    const armored = gpg.ok(['--armor', '--symmetric'], `${TEXT}\n`, PASSWORD).stdout.toString();
    const page = await openReader();
    await page.getByLabel('Or open the message file (.asc, .eml, .txt)').setInputFiles({ name: 'message.asc', mimeType: 'text/plain', buffer: Buffer.from(armored) });
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Open message' }).click();
    await expect(page.locator('pre.plaintext')).toHaveText(`${TEXT}\n`);
    await expect(page.getByRole('status')).toHaveText('Not signed.');
    await page.close();
  } finally {
    gpg.close();
  }
});

test('writes an encrypted reply to the sender that only the sender can read', async () => {
  const page = await openReader();
  await paste(page, await passwordMail());
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Open message' }).click();
  await page.getByLabel('Your reply').fill('Thanks, received: Ana.');
  await page.getByRole('button', { name: 'Encrypt reply' }).click();
  const reply = await page.getByLabel('Encrypted reply: copy it into an email to the sender').inputValue();
  expect(reply).toMatch(/^-----BEGIN PGP MESSAGE-----/);
  const key = await unlockPrivateKey(await readPrivateKey(mia.armored), 'mia passphrase here');
  expect((await openMessage({ input: reply, decryptionKeys: [key] })).text).toBe('Thanks, received: Ana.');
  await page.close();
});

test('bad input is explained: no armor, corrupt armor, a message that needs a key (which then opens with the key)', async () => {
  const page = await openReader();
  await paste(page, 'Hi Ana, call me when you get this.');
  await expect(page.getByRole('alert')).toHaveText('No OpenPGP block was found in this text.');
  await paste(page, '-----BEGIN PGP MESSAGE-----\n\nnot!armor\n-----END PGP MESSAGE-----');
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Open message' }).click();
  await expect(page.getByRole('alert')).toHaveText('The encrypted block is damaged and cannot be read.');
  const forKey = await seal({ text: TEXT, recipients: [await readPublicKey(mia.publicKey)] });
  await paste(page, forKey);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Open message' }).click();
  await expect(page.getByRole('alert')).toContainText('This message was not encrypted for any of your keys');
  await page.getByLabel('Your private key (armored)').fill(mia.armored);
  await page.getByLabel('Passphrase of the key').fill('mia passphrase here');
  await page.getByRole('button', { name: 'Open message' }).click();
  await expect(page.locator('pre.plaintext')).toHaveText(TEXT);
  await page.close();
});

test('fits a phone-sized screen', async () => {
  const page = await openReader(360);
  await paste(page, await passwordMail());
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await page.close();
});

test('the same reader is a page inside the extension', async () => {
  const extension = await launchExtension();
  try {
    const options = await extension.context.newPage();
    await options.goto(extension.url('extension-ui/pages/options/index.html'));
    const [page] = await Promise.all([extension.context.waitForEvent('page'), options.getByRole('link', { name: 'Open the reader' }).click()]);
    await expect(page).toHaveURL(extension.url('extension-ui/reader/index.html'));
    await paste(page, await passwordMail());
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Open message' }).click();
    await expect(page.locator('pre.plaintext')).toHaveText(TEXT);
  } finally {
    await extension.close();
  }
});
