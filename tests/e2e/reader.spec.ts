/** The fallback reader: one HTML file, opened from disk, that reads password messages with no network at all. */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, expect, test, type Browser, type Page } from '@playwright/test';
import { generateKey, keyFooter, openMessage, readPrivateKey, readPublicKey, seal, unlockPrivateKey, type GeneratedKey } from '../../src/core/index';
import { passwordNote } from '../../src/background/send';
import { CHROMIUM, launchExtension } from '../support/browser';
import { GpgHome } from '../support/gpg';
import { mailWithFile } from '../support/mime';
import { expectSignedByAttachedKey } from '../support/reader';
import { groupHex } from '../../src/core/errors';

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
async function passwordMail(text = TEXT, key: GeneratedKey = mia, passphrase = 'mia passphrase here'): Promise<string> {
  const sender = await unlockPrivateKey(await readPrivateKey(key.armored), passphrase);
  const armor = await seal({ text, passwords: [PASSWORD], sender });
  const footer = keyFooter((await readPublicKey(key.publicKey)).write(), 'mia@example.org', 'Mia Example <mia@example.org>', key.info.fingerprint);
  return `${passwordNote('Mia Example <mia@example.org>', 'ask', null)}\n${armor}\n${footer}`;
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
  await expectSignedByAttachedKey(page, 'Mia Example <mia@example.org>', mia.info.fingerprint);
  expect(requests.filter((url) => !url.startsWith('file://'))).toEqual([]);
  // Its content security policy forbids any request, even one a script would try.
  expect(await page.evaluate(() => fetch('https://example.org/').then(() => 'fetched', () => 'blocked'))).toBe('blocked');
  await page.close();
});

test('a forger who signs with a key of their own in the sender\'s name and attaches it gets the same unverified line, with their fingerprint', async () => {
  const forger = await generateKey({ name: 'Mia Example', email: 'mia@example.org', passphrase: 'forger passphrase' });
  const page = await openReader();
  await paste(page, await passwordMail(TEXT, forger, 'forger passphrase'));
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Open message' }).click();
  await expect(page.locator('pre.plaintext')).toHaveText(TEXT);
  await expectSignedByAttachedKey(page, 'Mia Example <mia@example.org>', forger.info.fingerprint);
  await expect(page.getByRole('status')).not.toContainText(groupHex(mia.info.fingerprint));
  await page.close();
});

test('opens `gpg -c` output from a file, unsigned', async () => {
  const gpg = new GpgHome();
  try {
    const armored = gpg.ok(['--armor', '--symmetric'], `${TEXT}\n`, PASSWORD).stdout.toString();
    const page = await openReader();
    await page.getByLabel(/Or open the message file/).setInputFiles({ name: 'message.asc', mimeType: 'text/plain', buffer: Buffer.from(armored) });
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
  // Clean armor but for one character no base64 alphabet has: the browser's own decoder must not read it as a digit.
  const whole = await seal({ text: TEXT, passwords: [PASSWORD] });
  for (const char of ['_', '\u012b', '*']) {
    await paste(page, whole.replace(/\n([A-Za-z0-9+/]{10})[A-Za-z0-9+/]/, `\n$1${char}`));
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Open message' }).click();
    await expect(page.getByRole('alert')).toHaveText('The encrypted block is damaged and cannot be read.');
    await expect(page.locator('pre.plaintext')).toHaveCount(0);
  }
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

test.describe('mail files', () => {
  const gpg = new GpgHome();
  const dir = mkdtempSync(join(tmpdir(), 'sealmail-eml-'));
  test.afterAll(() => {
    gpg.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Opens a file in the reader, gives the password, and opens the message. */
  async function openFile(name: string, content: string | Uint8Array): Promise<Page> {
    const path = join(dir, name);
    writeFileSync(path, content);
    const page = await openReader();
    await page.getByLabel(/Or open the message file/).setInputFiles(path);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Open message' }).click();
    return page;
  }

  /** The file a click on the Save button gives. */
  async function saved(page: Page, name: RegExp): Promise<Buffer> {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name }).click()]);
    return readFileSync((await download.path())!);
  }

  const headers = (contentType: string, extra = '') =>
    `From: Mia Example <mia@example.org>\r\nTo: ana@example.net\r\nSubject: The contract\r\nDate: Wed, 02 Dec 2026 10:00:00 +0000\r\nMIME-Version: 1.0\r\nContent-Type: ${contentType}\r\n${extra}\r\n`;

  test('a gpg-made PGP/MIME mail (RFC 3156) with an attachment: the text is shown and the file saved byte for byte', async () => {
    const attachment = randomBytes(5000);
    const inner = mailWithFile('Dear Ana,\n\nthe contract is attached; the code is 4417-PLUM.\n', { name: 'contract.bin', type: 'application/octet-stream', bytes: attachment });
    const armor = gpg.ok(['--armor', '--symmetric', '--cipher-algo', 'AES256'], inner, PASSWORD).stdout.toString();
    const eml = `${headers('multipart/encrypted; protocol="application/pgp-encrypted"; boundary="outer"')}This is an OpenPGP/MIME encrypted message (RFC 4880 and 3156)\r\n--outer\r\nContent-Type: application/pgp-encrypted\r\nContent-Description: PGP/MIME version identification\r\n\r\nVersion: 1\r\n\r\n--outer\r\nContent-Type: application/octet-stream; name="encrypted.asc"\r\nContent-Disposition: inline; filename="encrypted.asc"\r\n\r\n${armor}\r\n--outer--\r\n`;
    const page = await openFile('pgp-mime.eml', eml);
    await expect(page.locator('pre.plaintext')).toContainText('the contract is attached; the code is 4417-PLUM.');
    expect((await saved(page, /^Save contract\.bin/)).equals(attachment)).toBe(true);
    await page.close();
  });

  test('inline armor in a quoted-printable and in a base64 mail is found and opened (no "damaged", no "no block found")', async () => {
    const armor = gpg.ok(['--armor', '--symmetric'], TEXT, PASSWORD).stdout.toString();
    const qp = armor.replace(/=/g, '=3D').replace(/\n/g, '\r\n');
    for (const [name, eml] of [
      ['quoted-printable.eml', `${headers('text/plain; charset=utf-8', 'Content-Transfer-Encoding: quoted-printable\r\n')}${qp}`],
      ['base64.eml', `${headers('text/plain; charset=utf-8', 'Content-Transfer-Encoding: base64\r\n')}${Buffer.from(armor).toString('base64').replace(/(.{76})/g, '$1\r\n')}\r\n`],
    ] as const) {
      const page = await openFile(name, eml);
      await expect(page.locator('pre.plaintext'), name).toHaveText(TEXT);
      await page.close();
    }
  });

  test('a binary .gpg file is read as binary, and the decrypted file saved byte for byte under its own name', async () => {
    const photo = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(20_000)]);
    const source = join(dir, 'photo.jpg');
    writeFileSync(source, photo);
    const sealed = gpg.ok(['--symmetric', '--output', '-', source], undefined, PASSWORD).stdout;
    const page = await openFile('photo.jpg.gpg', sealed);
    expect((await saved(page, /^Save photo\.jpg/)).equals(photo)).toBe(true);
    await page.close();
  });
});
