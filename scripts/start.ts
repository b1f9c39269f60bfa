/**
 * `npm start` (after the build): Chromium with the extension on a demo mailbox: the Gmail, Outlook
 * and Yahoo Mail stand-ins at their real addresses, two demo identities, a draft to Bob and an
 * inbox of mail from Bob (signed, unsigned, with a password, with his key attached).
 * With a display it stays open. Without one (or with SEALMAIL_TOUR=1) it runs a short tour
 * headless: sends the draft, reads Bob's mail inline, opens the sent mail as Bob would in the
 * fallback reader, replies securely to Bob, prints what happened and the screenshots' paths under
 * dist/tour/, and exits 0.
 * SEALMAIL_START_EXIT=1 closes the browser once everything is shown (used to refresh screenshots).
 * `npm start -- --firefox`: the demo in Firefox ESR, with the Firefox build as a temporary add-on
 * (headless: a screenshot, then it exits).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from '@playwright/test';
import { exportPrivateKey, generateKey, keyFooter, openMessage, readPrivateKey, readPublicKey, seal, unlockPrivateKey, type GeneratedKey } from '../src/core/index';
import { passwordNote } from '../src/background/send';
import { launchExtension } from '../tests/support/browser';
import { ADDON_ORIGIN, extensionFrame, launchFirefox } from '../tests/support/firefox';
import { workerCall } from '../tests/support/extension';
import { FIXTURES, serveWebmail } from '../tests/support/webmail';

const headed = Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY) && process.env.SEALMAIL_TOUR !== '1';
const exitWhenShown = process.env.SEALMAIL_START_EXIT === '1';
const screenshot = process.env.SEALMAIL_SCREENSHOT ?? 'dist/start.png';
const PASSPHRASE = 'demo passphrase for sealmail';
/** The password of Bob's password-protected demo message, shared "out of band" here. */
const MESSAGE_PASSWORD = 'harbour lantern 1987';
const INBOX = `${FIXTURES.gmail.start}#inbox/thread-from-bob`;

const pages = [
  `${FIXTURES.gmail.start}#inbox?compose=new`,
  'https://outlook.live.com/mail/0/inbox',
  'https://mail.yahoo.com/d/compose/1',
];
const REPLY = 'Saturday works for me. I will bring the charts.';
const DRAFT = 'Hello Bob,\n\nthis message is end-to-end encrypted, and Gmail never saw this draft.\n\nMia';

function sayWhatRuns(browserName: string, keyManager: string): void {
  console.log(`Sealmail ${headed ? `is open in ${browserName}` : `is running in headless ${browserName} (no display found)`} on a demo mailbox:`);
  for (const url of pages) console.log(`  ${url}`);
  console.log('You are Mia Demo <mia@example.org>; Bob Demo <bob@example.org> is your contact. A draft to Bob is written: click Send Secure.');
  console.log(`Mail from Bob, read inline: ${INBOX} (the password of his password message: "${MESSAGE_PASSWORD}"); Reply securely under a message answers it in Sealmail's editor.`);
  console.log(`Passphrase of both demo keys: "${PASSPHRASE}". Bob's private key and Mia's public key are in dist/demo/, to read sent mail with gpg.`);
  console.log(`Key manager: ${keyManager}`);
}

interface DemoKeys {
  mia: GeneratedKey;
  bob: GeneratedKey;
}

async function demoKeys(call: (text: string, fingerprint: string) => Promise<void>): Promise<DemoKeys> {
  // Two demo identities: Mia (you, with her private key) and Bob (a contact, public key only).
  const mia = await generateKey({ name: 'Mia Demo', email: 'mia@example.org', passphrase: PASSPHRASE });
  const bob = await generateKey({ name: 'Bob Demo', email: 'bob@example.org', passphrase: PASSPHRASE });
  await call(`${mia.armored}\n${bob.publicKey}`, mia.info.fingerprint);
  mkdirSync('dist/demo', { recursive: true });
  writeFileSync('dist/demo/bob-private.asc', await exportPrivateKey(bob.armored, PASSPHRASE));
  writeFileSync('dist/demo/mia-public.asc', mia.publicKey);
  return { mia, bob };
}

/** Mail from Bob to Mia, as the Gmail stand-in shows a thread: signed, unsigned, with a password (and its hint), and with his key attached. */
async function inboxFromBob({ mia, bob }: DemoKeys): Promise<unknown[]> {
  const toMia = [await readPublicKey(mia.publicKey)];
  const sender = await unlockPrivateKey(await readPrivateKey(bob.armored), PASSPHRASE);
  const from = { name: 'Bob Demo', email: 'bob@example.org' };
  const footer = keyFooter((await readPublicKey(bob.publicKey)).write(), 'bob@example.org', 'Bob Demo <bob@example.org>', bob.info.fingerprint);
  return [
    { id: 'signed', from, text: `Hi Mia,\n\n${await seal({ text: 'The boat is ready for Saturday. This message is signed by me.\n\nBob', recipients: toMia, sender })}\n\nBob` },
    { id: 'unsigned', from, text: await seal({ text: 'This one is encrypted to you but not signed: anyone who has your public key could have written it.', recipients: toMia }) },
    {
      id: 'password',
      from,
      text: `${passwordNote('Bob Demo <bob@example.org>', 'ask', 'the harbour and the year we met')}\n${await seal({ text: 'Sealed with a password, for someone without a key.\n\nBob', passwords: [MESSAGE_PASSWORD], sender })}`,
    },
    { id: 'with-key', from, text: `${await seal({ text: 'My public key comes with this mail, in the footer below.\n\nBob', recipients: toMia, sender })}\n${footer}` },
  ];
}

/** What a viewer frame shows: its verdict and the first line of the message. */
async function shownIn(page: Page, index: number): Promise<string> {
  const frame = page.locator('iframe[title="Sealmail: decrypted message"]').nth(index).contentFrame();
  const text = await frame.locator('pre.plaintext').innerText();
  return `${await frame.getByRole('status').first().innerText()} | "${text.split('\n')[0]}"`;
}

/**
 * Headless, the demo is a tour: the draft is sent, Bob's mail is read inline (the password message
 * with its password), and the sent mail is opened as Bob would, in the fallback reader with his key.
 */
async function tour(gmail: Page, inbox: Page, newPage: () => Promise<Page>, { bob }: DemoKeys): Promise<void> {
  mkdirSync('dist/tour', { recursive: true });
  const shots: string[] = [];
  const shoot = async (page: Page, name: string) => {
    const path = `dist/tour/${name}.png`;
    // The whole page in one view (frames below the fold are not painted in a full-page capture).
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    await page.setViewportSize({ width: 1100, height: Math.min(Math.max(height, 700), 2400) });
    await page.waitForTimeout(300);
    await page.screenshot({ path });
    shots.push(path);
  };
  console.log('\nTour (headless):');
  const button = gmail.frameLocator('iframe[title="Sealmail: Send Secure"]');
  // The button takes clicks once it has been visible for a moment, as a person would see it.
  await button.locator('html[data-sealmail-armed]').waitFor({ state: 'attached' });
  await button.getByRole('button', { name: 'Send Secure' }).click();
  const sent = gmail.getByRole('region', { name: 'Sent mail' }).locator('pre');
  await sent.waitFor();
  const mail = await sent.innerText();
  const armor = mail.slice(mail.indexOf('-----BEGIN PGP MESSAGE-----'));
  console.log(`  1. Send Secure: Gmail received only armor (${armor.split('\n').length} lines of PGP MESSAGE), signed by Mia, encrypted to Bob and to Mia; the draft's words are not in it: ${!mail.includes('Gmail never saw')}.`);
  await shoot(gmail, '1-sent');

  await inbox.bringToFront();
  const viewers = inbox.locator('iframe[title="Sealmail: decrypted message"]');
  await viewers.nth(3).waitFor();
  const password = viewers.nth(2).contentFrame();
  await password.getByLabel('Password for this message').fill(MESSAGE_PASSWORD);
  await password.getByRole('button', { name: 'Open' }).click();
  for (let index = 0; index < 4; index++) await viewers.nth(index).contentFrame().locator('pre.plaintext').waitFor();
  console.log('  2. Read inline, each message in a frame of the extension that the page cannot read:');
  for (const [index, what] of ['signed', 'unsigned', 'with a password', 'with his key attached'].entries()) console.log(`     Bob's message ${what}: ${await shownIn(inbox, index)}`);
  await shoot(inbox, '2-read-inline');

  const reader = await newPage();
  await reader.goto(pathToFileURL(resolve('dist/sealmail-reader.html')).href);
  await reader.getByLabel('Paste the whole email here').fill(mail);
  await reader.getByRole('button', { name: 'Use a private key instead' }).click();
  await reader.getByLabel('Your private key (armored)').fill(await exportPrivateKey(bob.armored, PASSPHRASE));
  await reader.getByLabel('Passphrase of the key').fill(PASSPHRASE);
  await reader.getByRole('button', { name: 'Open message' }).click();
  const plaintext = reader.locator('pre.plaintext');
  await plaintext.waitFor();
  console.log(`  3. As Bob, without Sealmail: the fallback reader (dist/sealmail-reader.html, no network) opens the sent mail with his key: "${(await plaintext.innerText()).split('\n')[0]}"`);
  await shoot(reader, '3-bob-reads-in-the-fallback-reader');

  // Reply securely to Bob's signed message: Gmail's own reply opens, with his message quoted in Sealmail's editor.
  await inbox.bringToFront();
  await inbox.setViewportSize({ width: 1100, height: 900 });
  const first = viewers.nth(0);
  await first.scrollIntoViewIfNeeded();
  await first.contentFrame().locator('html[data-sealmail-armed]').waitFor({ state: 'attached' });
  await first.contentFrame().getByRole('button', { name: 'Reply securely' }).click();
  const replyEditor = inbox.frameLocator('iframe[title="Sealmail: secure editor"]').getByRole('textbox', { name: /^Message \(only Sealmail sees it/ });
  await replyEditor.waitFor();
  await replyEditor.press('Control+Home');
  await replyEditor.pressSequentially(REPLY);
  const replyButton = inbox.locator('iframe[title="Sealmail: Send Secure"]');
  await replyButton.scrollIntoViewIfNeeded();
  await shoot(inbox, '4-reply-securely');
  await replyButton.contentFrame().locator('html[data-sealmail-armed]').waitFor({ state: 'attached' });
  await replyButton.contentFrame().getByRole('button', { name: 'Send Secure' }).click();
  const replied = inbox.getByRole('region', { name: 'Sent mail' }).locator('pre');
  await replied.waitFor();
  const replyMail = await replied.innerText();
  const asBob = await openMessage({ input: replyMail, decryptionKeys: [await unlockPrivateKey(await readPrivateKey(bob.armored), PASSPHRASE)] });
  const pageHolds = await inbox.evaluate((words) => document.documentElement.innerText.includes(words), REPLY);
  console.log(`  4. Reply securely: Gmail's reply to Bob opened with his message quoted in Sealmail's editor, and went as armor. Bob reads "${asBob.text.split('\n')[0]}", then the quote ("${asBob.text.split('\n').find((line) => line.startsWith('> '))}"); the page never held the reply: ${!pageHolds}.`);
  console.log(`Screenshots: ${shots.join(', ')}`);
}

/** Closes the browser at once (SEALMAIL_START_EXIT=1), or keeps it open until it is closed or the process is stopped. */
async function stayOpenOrClose(close: () => Promise<void>, onClosed: (closed: () => void) => void): Promise<void> {
  if (exitWhenShown) {
    await close();
    process.exit(0);
  }
  console.log('Close the browser window or press Ctrl+C to stop.');
  const stop = async () => {
    await close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
  onClosed(() => process.exit(0));
  await new Promise(() => undefined);
}

if (process.argv.includes('--firefox')) {
  const firefox = await launchFirefox({ headless: !headed });
  await demoKeys(async (text, fingerprint) => {
    await firefox.workerCall('importKeys', { text });
    await firefox.workerCall('unlockKey', { fingerprint, passphrase: PASSPHRASE });
  });
  const opened = [];
  for (const url of pages) opened.push(await firefox.open(url));
  const gmail = opened[0]!;
  await gmail.bringToFront();
  const to = await gmail.waitForSelector('input[aria-label="TO recipients"]');
  await to!.type('bob@example.org');
  await gmail.keyboard.press('Enter');
  const editor = await extensionFrame(gmail, 'iframe[title="Sealmail: secure editor"]');
  await (await editor.waitForSelector('textarea'))!.type(DRAFT);
  await extensionFrame(gmail, 'iframe[title="Sealmail: Send Secure"]');
  sayWhatRuns('Firefox ESR', `${ADDON_ORIGIN}/extension-ui/pages/options/index.html`);
  if (!headed) {
    mkdirSync('dist', { recursive: true });
    const path = process.env.SEALMAIL_SCREENSHOT ?? 'dist/start-firefox.png';
    await gmail.screenshot({ path: path as `${string}.png` });
    console.log(`Screenshot of what it shows: ${path}. For a window, run under a display, e.g. xvfb-run or a desktop session.`);
    await firefox.close();
    process.exit(0);
  }
  await stayOpenOrClose(() => firefox.close(), (closed) => firefox.browser.on('disconnected', closed));
}

const browser = await launchExtension({ headless: !headed });
for (const name of ['gmail', 'outlook', 'yahoo'] as const) await serveWebmail(browser.context, name);

const keys = await demoKeys(async (text, fingerprint) => {
  await workerCall(browser, 'importKeys', { text });
  await workerCall(browser, 'unlockKey', { fingerprint, passphrase: PASSPHRASE });
});
await browser.context.addInitScript((messages) => ((window as unknown as { __fixtureMessages: unknown }).__fixtureMessages = messages), await inboxFromBob(keys));
const newPage = async () => {
  const page = await browser.context.newPage();
  await page.setViewportSize({ width: 1100, height: 700 });
  return page;
};
let first: Page | null = null;
for (const url of [...pages, INBOX]) {
  const page = await newPage();
  await page.goto(url);
  first ??= page;
}
const gmail = first!;
const inbox = browser.context.pages().at(-1)!;
await gmail.bringToFront();
await gmail.getByLabel('TO recipients').fill('bob@example.org');
await gmail.getByLabel('TO recipients').press('Enter');
// The draft is written in Sealmail's own editor over the compose view (the default): Gmail never sees it.
await gmail
  .frameLocator('iframe[title="Sealmail: secure editor"]')
  .getByRole('textbox', { name: /^Message \(only Sealmail sees it/ })
  .fill(DRAFT);
await gmail.frameLocator('iframe[title="Sealmail: Send Secure"]').getByRole('button', { name: 'Send Secure' }).waitFor();

sayWhatRuns('Chromium', browser.url('extension-ui/pages/options/index.html'));
if (!headed && !exitWhenShown) {
  await tour(gmail, inbox, newPage, keys);
  await browser.close();
  process.exit(0);
}
if (!headed) {
  mkdirSync('dist', { recursive: true });
  await gmail.screenshot({ path: screenshot });
  console.log(`Screenshot of what it shows: ${screenshot}.`);
}
await stayOpenOrClose(() => browser.close(), (closed) => browser.context.on('close', closed));
