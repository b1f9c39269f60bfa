/**
 * The main flows in Firefox ESR with the Firefox build installed as a temporary add-on (over
 * WebDriver BiDi, puppeteer-core): the key manager, Send Secure in the three webmails (Sealmail's
 * editor and the app's own), the send dialog with a password, reading inline, Reply securely, the
 * fallback reader, and a hostile page that tries to send on its own. GnuPG is the peer.
 */
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, test } from '@playwright/test';
import type { Frame, Page } from 'puppeteer-core';
import { passwordNote } from '../../src/background/send';
import { seal, SHARED_IMPORT_FROM } from '../../src/core/index';
import { BROKEN_KEY, contactKeys, publicBlock } from '../support/contacts';
import { armedFrame, extensionFrame, launchFirefox, until, type FirefoxExtension } from '../support/firefox';
import { GpgHome } from '../support/gpg';
import { BOB, MIA } from '../support/mailbox';
import { FIXTURES, type WebmailName } from '../support/webmail';
import { SEND_DIALOG_FRAME } from '../support/frames';

const TEXT = 'Dear Bob,\n\nthe board approved it.\n  Keep it quiet until Monday: 4417-PLUM.\n\nMia';
const SECRET = '4417-PLUM';

const COMPOSE: Record<WebmailName, { url: string; to: string }> = {
  gmail: { url: `${FIXTURES.gmail.start}#inbox?compose=new`, to: 'input[aria-label="TO recipients"]' },
  outlook: { url: 'https://outlook.live.com/mail/0/inbox', to: '[role=group][id$="_TO"] [contenteditable]' },
  yahoo: { url: 'https://mail.yahoo.com/d/compose/6912', to: '#message-to-field' },
};
const READ: Record<WebmailName, string> = {
  gmail: `${FIXTURES.gmail.start}#inbox/thread-9`,
  outlook: 'https://outlook.live.com/mail/inbox/id/AAMk9',
  yahoo: 'https://mail.yahoo.com/d/folders/1/messages/9',
};

interface Recorded {
  sent: Array<{ to: string[]; body: string }>;
  drafts: Array<{ body: string }>;
}
const recorded = (page: Page) => page.evaluate(() => (window as unknown as { __fixture: Recorded }).__fixture);
const pageText = (page: Page) => page.evaluate(() => document.documentElement.outerHTML + document.documentElement.innerText);
const crlf = (text: string) => text.replace(/\r\n/g, '\n');

let firefox: FirefoxExtension;
let gpg: GpgHome;
let bobFingerprint: string;
let miaFingerprint: string;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  firefox = await launchFirefox();
  gpg = new GpgHome();
  bobFingerprint = gpg.generate(`${BOB.name} <${BOB.email}>`, 'ecc');
  miaFingerprint = (await firefox.workerCall('generateKey', { ...MIA, algorithm: 'ecc', expires: null })).fingerprint;
  await firefox.workerCall('importKeys', { text: gpg.exportPublic(bobFingerprint) });
  gpg.import((await firefox.workerCall('exportPublicKey', { fingerprint: miaFingerprint })).armored);
});
test.afterAll(async () => {
  await firefox?.close();
  gpg?.close();
});

async function typeInto(frame: Page | Frame, selector: string, text: string): Promise<void> {
  const field = await frame.waitForSelector(selector);
  await field!.click();
  await field!.type(text, { delay: 0 });
}

async function addRecipient(page: Page, app: WebmailName, address: string): Promise<void> {
  await typeInto(page, COMPOSE[app].to, address);
  await page.keyboard.press('Enter');
}

async function clickSendSecure(page: Page): Promise<void> {
  const frame = await armedFrame(page, 'iframe[title="Sealmail: Send Secure"]');
  await (await frame.waitForSelector('button'))!.click();
}

const sentMail = (page: Page) => until('the mail to be sent', async () => (await recorded(page)).sent[0]);

/** The body of the app's own editor in each fixture. */
const APP_BODY = '[contenteditable="true"][role="textbox"]:not([aria-label$="recipients"])';

/** A compose view of `app` in the app's own editor, addressed to Bob; Sealmail's editor is the setting again after `work`. */
async function inAppEditor(app: WebmailName, work: (page: Page) => Promise<void>): Promise<void> {
  await firefox.workerCall('setComposeMode', { mode: 'native' });
  try {
    const page = await firefox.open(COMPOSE[app].url);
    await addRecipient(page, app, BOB.email);
    await work(page);
    await page.close();
  } finally {
    await firefox.workerCall('setComposeMode', { mode: 'secure' });
  }
}

test('key manager: a key made in Firefox is one gpg imports, and a contact\'s key imports after a review', async () => {
  const work = { name: 'Mia Work', email: 'mia@work.example', passphrase: 'copper lantern meadow quartz' };
  const options = await firefox.optionsPage();
  await options.waitForSelector('::-p-text(My keys)');
  if (!(await options.$('::-p-aria(Your name)'))) await (await options.waitForSelector('::-p-text(Create a new key…)'))!.click();
  await typeInto(options, '::-p-aria(Your name)', work.name);
  await typeInto(options, '::-p-aria(Email address)', work.email);
  await typeInto(options, '::-p-aria(Passphrase)', work.passphrase);
  await typeInto(options, '::-p-aria(Passphrase again)', work.passphrase);
  await (await options.waitForSelector('::-p-text(Create key)'))!.click();
  await options.waitForSelector(`::-p-aria(Key of ${work.name} <${work.email}>)`, { timeout: 30_000 });
  const made = (await firefox.workerCall('listKeys', {})).keys.find((key) => key.address === work.email)!;
  const peer = new GpgHome();
  try {
    peer.import((await firefox.workerCall('exportPublicKey', { fingerprint: made.fingerprint })).armored);
    expect(peer.fingerprintOf(work.email)).toBe(made.fingerprint);
    const carol = peer.generate('Carol Example <carol@example.org>', 'ecc');
    await (await options.waitForSelector('::-p-text(Contacts)'))!.click();
    await options.waitForSelector("::-p-text(Import a contact's key)");
    await typeInto(options, '::-p-aria(Paste one or more keys)', peer.exportPublic(carol));
    await (await options.waitForSelector('::-p-text(Review keys)'))!.click();
    await (await options.waitForSelector('::-p-text(Import key)'))!.click();
    await options.waitForSelector('::-p-aria(Key of Carol Example <carol@example.org>)');
    expect((await firefox.workerCall('listKeys', {})).keys.some((key) => key.fingerprint === carol)).toBe(true);
  } finally {
    peer.close();
  }
});

for (const app of ['gmail', 'outlook', 'yahoo'] as const) {
  test(`${app}: written in Sealmail's editor, sent with Send Secure; the page never holds the text and gpg opens the mail`, async () => {
    const page = await firefox.open(COMPOSE[app].url);
    const editor = await extensionFrame(page, 'iframe[title="Sealmail: secure editor"]');
    await addRecipient(page, app, BOB.email);
    await typeInto(editor, 'textarea', TEXT);
    await clickSendSecure(page);
    const mail = await sentMail(page);
    expect(mail.to).toEqual([BOB.email]);
    const decrypted = gpg.decrypt(mail.body);
    expect(decrypted.exit).toBe(0);
    expect(crlf(decrypted.text).trim()).toBe(TEXT);
    expect(decrypted.status.some((line) => line[0] === 'VALIDSIG' && line[1] === miaFingerprint)).toBe(true);
    expect(await pageText(page)).not.toContain(SECRET);
    expect(JSON.stringify(await recorded(page))).not.toContain(SECRET);
    await page.close();
  });

  test(`${app}: in the app's own editor, Send Secure writes armor the app sends`, () =>
    inAppEditor(app, async (page) => {
      const body = await page.waitForSelector(APP_BODY);
      await body!.click();
      await page.keyboard.type('Short and plain.', { delay: 1 });
      await clickSendSecure(page);
      const mail = await sentMail(page);
      expect(crlf(gpg.decrypt(mail.body).text).trim()).toBe('Short and plain.');
    }));
}

test(`key manager: a keyring export of ${SHARED_IMPORT_FROM + 52} contacts is read partly in the background's worker; a broken key there refuses the whole import`, async () => {
  const count = SHARED_IMPORT_FROM + 52;
  const keys = await contactKeys(count);
  const broken = [...keys];
  broken[count - 20] = BROKEN_KEY;
  const before = (await firefox.workerCall('listKeys', {})).keys;
  await expect(firefox.workerCall('previewImport', { text: publicBlock(broken) })).rejects.toThrow(/not_a_key/);
  expect((await firefox.workerCall('listKeys', {})).keys).toEqual(before);
  const { fingerprints } = await firefox.workerCall('importKeys', { text: publicBlock(keys) });
  expect(fingerprints).toHaveLength(count);
  const listed = (await firefox.workerCall('listKeys', {})).keys.map((key) => key.address);
  for (let i = 0; i < count; i++) expect(listed).toContain(`contact${i}@example.net`);
});

test("gmail: a draft of 8 KB in the app's own editor is armored with Firefox's own base64, and gpg opens it", () =>
  inAppEditor('gmail', async (page) => {
    const body = await page.waitForSelector(APP_BODY);
    // Random base64 does not compress: the sealed message is well over the 4 KB from which the platform's encoder writes the armor.
    const text = randomBytes(6000).toString('base64').replace(/(.{76})/g, '$1\n');
    await body!.evaluate((element, value) => {
      (element as HTMLElement).innerText = value;
      element.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertFromPaste' }));
    }, text);
    await clickSendSecure(page);
    const mail = await sentMail(page);
    expect(mail.body.length).toBeGreaterThan(8000);
    expect(crlf(gpg.decrypt(mail.body).text).trim()).toBe(text.trim());
  }));

test('gmail: a recipient without a key brings the dialog; sent with a password, gpg opens it with the password', async () => {
  const page = await firefox.open(COMPOSE.gmail.url);
  const editor = await extensionFrame(page, 'iframe[title="Sealmail: secure editor"]');
  await addRecipient(page, 'gmail', 'ana@example.org');
  await typeInto(editor, 'textarea', TEXT);
  await clickSendSecure(page);
  const dialog = await armedFrame(page, SEND_DIALOG_FRAME);
  await dialog.waitForSelector('::-p-text(ana@example.org has no key in your keyring.)');
  await (await dialog.waitForSelector('::-p-text(Send with a password instead)'))!.click();
  const password = 'Marigold orbit 1987 lantern';
  await typeInto(dialog, '::-p-aria(Password)', password);
  await typeInto(dialog, '::-p-aria(Password again)', password);
  await (await dialog.waitForSelector('::-p-text(Protect and send)'))!.click();
  const mail = await sentMail(page);
  expect(mail.body).toContain('sent you an encrypted message with Sealmail');
  const stranger = new GpgHome();
  try {
    expect(crlf(stranger.decrypt(mail.body, password).text).trim()).toBe(TEXT);
  } finally {
    stranger.close();
  }
  expect(await pageText(page)).not.toContain(password);
  await page.close();
});

for (const app of ['gmail', 'outlook', 'yahoo'] as const) {
  test(`${app}: a message read inline is decrypted and verified in the extension's frame; the page never gets the plaintext`, async () => {
    const armor = gpg.ok(['--armor', '--encrypt', '--sign', '--local-user', bobFingerprint, '--recipient', MIA.email], TEXT).stdout.toString();
    const page = await firefox.open(READ[app], [{ id: '1', from: BOB, text: `Hello,\n\n${armor}\nBob` }]);
    const viewer = await extensionFrame(page, 'iframe[title="Sealmail: decrypted message"]');
    const shown = await until('the plaintext', async () => viewer.evaluate(() => document.querySelector('pre.plaintext')?.textContent));
    expect(crlf(shown)).toBe(TEXT);
    const verdict = await viewer.evaluate(() => document.querySelector('[role=status]')?.textContent);
    expect(verdict).toBe(`Verified signature from ${BOB.name} <${BOB.email}>. This is the sender shown.`);
    expect(await pageText(page)).not.toContain(SECRET);
    expect(await page.evaluate(() => document.querySelector('[data-sealmail-read]')?.textContent?.includes('Hello,'))).toBe(true);
    await page.close();
  });
}

for (const app of ['gmail', 'yahoo'] as const) {
  test(`${app}: Reply securely opens the app's reply with the message quoted in Sealmail's editor; gpg opens the sent reply`, async () => {
    const armor = gpg.ok(['--armor', '--encrypt', '--sign', '--local-user', bobFingerprint, '--recipient', MIA.email], TEXT).stdout.toString();
    const page = await firefox.open(READ[app], [{ id: '1', from: BOB, text: armor }]);
    const viewer = await armedFrame(page, 'iframe[title="Sealmail: decrypted message"]');
    await (await viewer.waitForSelector('::-p-text(Reply securely)'))!.click();
    const editor = await extensionFrame(page, 'iframe[title="Sealmail: secure editor"]');
    const quoted = await until('the quote', async () => editor.evaluate(() => document.querySelector('textarea')?.value));
    expect(quoted).toContain(`${BOB.name} <${BOB.email}> wrote:\n> Dear Bob,`);
    await editor.type('textarea', 'Agreed.', { delay: 0 });
    await (await page.waitForSelector('>>> iframe[title="Sealmail: Send Secure"]'))!.scrollIntoView();
    await clickSendSecure(page);
    const mail = await sentMail(page);
    expect(mail.to).toEqual([BOB.email]);
    const text = crlf(gpg.decrypt(mail.body).text);
    expect(text.startsWith('Agreed.\n\nBob Example <bob@example.org> wrote:\n> Dear Bob,')).toBe(true);
    expect(text).toContain(`> ${TEXT.split('\n')[3]}`);
    expect(await pageText(page)).not.toContain(SECRET);
    expect(JSON.stringify(await recorded(page))).not.toContain(SECRET);
    await page.close();
  });
}

test('the fallback reader opens a password mail from disk in Firefox, and makes no network request', async () => {
  const sealed = await seal({ text: TEXT, passwords: ['lantern orbit saffron'] });
  const page = await firefox.browser.newPage();
  const requests: string[] = [];
  page.on('request', (request) => requests.push(request.url()));
  await page.goto(pathToFileURL(resolve('dist/sealmail-reader.html')).href);
  const mail = `${passwordNote(`${MIA.name} <${MIA.email}>`, 'ask', null)}\n${sealed}`;
  await typeInto(page, '::-p-aria(Paste the whole email here)', mail);
  await typeInto(page, '::-p-aria(Password)', 'lantern orbit saffron');
  await (await page.waitForSelector('::-p-text(Open message)'))!.click();
  const shown = await until('the plaintext', async () => page.evaluate(() => document.querySelector('pre.plaintext')?.textContent));
  expect(crlf(shown)).toBe(TEXT);
  expect(requests.filter((url) => !url.startsWith('file://'))).toEqual([]);
  await page.close();
});

test('hostile page: synthetic clicks and key presses on Send Secure and its frame send nothing', () =>
  inAppEditor('gmail', async (page) => {
    const body = await page.waitForSelector('[g_editable="true"]');
    await body!.click();
    await page.keyboard.type('Please wire 9000 euros.', { delay: 1 });
    await armedFrame(page, 'iframe[title="Sealmail: Send Secure"]');
    await page.evaluate(() => {
      // The page reaches the frame through the button's open shadow root, as any page script can.
      const frame = document.querySelector('[data-sealmail="button"]')!.shadowRoot!.querySelector('iframe') as HTMLIFrameElement;
      for (const type of ['pointerdown', 'mousedown', 'pointerup', 'mouseup', 'click']) frame.dispatchEvent(new MouseEvent(type, { bubbles: true, clientX: 5, clientY: 5 }));
      frame.contentWindow?.postMessage({ sealmailSend: true }, '*');
      frame.focus();
      document.dispatchEvent(new KeyboardEvent('keydown', { key: 'S', altKey: true, shiftKey: true, bubbles: true }));
    });
    await new Promise((wait) => setTimeout(wait, 1500));
    expect((await recorded(page)).sent).toEqual([]);
    // The page has no extension API of its own to ask the worker with.
    expect(await page.evaluate(() => typeof (globalThis as { browser?: unknown }).browser)).toBe('undefined');
    // The same view still sends on a person's click.
    await clickSendSecure(page);
    expect(crlf(gpg.decrypt((await sentMail(page)).body).text).trim()).toBe('Please wire 9000 euros.');
  }));
