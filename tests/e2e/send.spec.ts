/** Send Secure in the Gmail, Outlook and Yahoo fixtures, served at their real addresses, with GnuPG as the recipient. */
import { expect, test, type Page } from '@playwright/test';
import { findKeyFooter, openMessage, readPrivateKey, readPublicKey, type PrivateKey } from '../../src/core/index';
import { launchExtension, type ExtensionBrowser } from '../support/browser';
import { workerCall } from '../support/extension';
import { GpgHome } from '../support/gpg';
import { SEND_DIALOG_FRAME, cancelDialog, clickSendSecure, sendDialog, sendSecureIn } from '../support/frames';
import { expectSignedByAttachedKey } from '../support/reader';
import { serveWebmail } from '../support/webmail';
import { APPS, type App } from '../support/apps';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const MIA = { name: 'Mia Example', email: 'mia@example.org', passphrase: 'violet tractor pillow harbour' };
const TEXT = 'Hello Bob,\n\nthe numbers are in the usual place.\n  Indented line.\n\nMia';

interface Sent {
  seq: number;
  to: string[];
  cc: string[];
  bcc: string[];
  body: string;
  attachments?: Array<{ name: string; type: string; data: string }>;
}


let browser: ExtensionBrowser;
let gpg: GpgHome;
let miaFingerprint: string;
let bobFingerprint: string;
let bobKey: PrivateKey;

test.beforeAll(async () => {
  browser = await launchExtension();
  for (const app of APPS) await serveWebmail(browser.context, app.fixture);
  gpg = new GpgHome();
  bobFingerprint = gpg.generate('Bob Example <bob@example.org>', 'ecc');
  bobKey = await readPrivateKey(gpg.exportSecret(bobFingerprint, ''));
  miaFingerprint = (await workerCall(browser, 'generateKey', { ...MIA, algorithm: 'ecc', expires: null })).fingerprint;
  await workerCall(browser, 'importKeys', { text: gpg.exportPublic(bobFingerprint) });
  // These tests write in each app's own editor; Sealmail's editor has its own suite.
  await workerCall(browser, 'setComposeMode', { mode: 'native' });
  gpg.import((await workerCall(browser, 'exportPublicKey', { fingerprint: miaFingerprint })).armored);
});
test.afterAll(async () => {
  await browser?.close();
  gpg?.close();
});

async function open(url: string): Promise<Page> {
  const page = await browser.context.newPage();
  await page.goto(url);
  return page;
}

async function write(app: App, page: Page, to: string, text = TEXT): Promise<void> {
  await app.addRecipient(page, to);
  await app.body(page).click();
  await page.keyboard.type(text);
}

const sent = (page: Page) => page.evaluate(() => (window as unknown as { __fixture: { sent: Sent[] } }).__fixture.sent);
const drafts = (page: Page) => page.evaluate(() => (window as unknown as { __fixture: { drafts: Array<{ body: string; seq: number }> } }).__fixture.drafts);

async function expectSentSecurely(page: Page, to: string[]): Promise<void> {
  await expect.poll(async () => (await sent(page)).length).toBe(1);
  const [mail] = await sent(page);
  expect(mail!.to).toEqual(to);
  expect(mail!.body.trim()).toMatch(/^-----BEGIN PGP MESSAGE-----[\s\S]+-----END PGP MESSAGE-----$/);
  expect(mail!.body).not.toContain('usual place');
  const decrypted = gpg.decrypt(mail!.body);
  expect(decrypted.exit).toBe(0);
  expect(decrypted.text.replace(/\r\n/g, '\n').trim()).toBe(TEXT);
  expect(decrypted.status.some((line) => line[0] === 'VALIDSIG' && line[1] === miaFingerprint)).toBe(true);
  const signer = await readPublicKey((await workerCall(browser, 'exportPublicKey', { fingerprint: miaFingerprint })).armored);
  const opened = await openMessage({ input: mail!.body, decryptionKeys: [bobKey], verificationKeys: [signer] });
  expect(opened.text.trim()).toBe(TEXT);
  expect(opened.signature.status).toBe('valid');
}

for (const app of APPS) {
  for (const variant of app.variants) {
    test(`${app.name} ${variant.name}: Send Secure sends armor that Bob decrypts with gpg and Sealmail, signed by Mia`, async () => {
      const page = await open(variant.url);
      const sendSecure = sendSecureIn(page);
      await expect(sendSecure).toBeVisible();
      await write(app, page, 'bob@example.org');
      if (app.fixture === 'gmail') {
        // Gmail has saved the plaintext draft before the click, as it does while one types.
        await expect.poll(async () => (await drafts(page)).some((draft) => draft.body.includes('usual place'))).toBe(true);
      }
      await clickSendSecure(page);
      await expectSentSecurely(page, ['bob@example.org']);
      // The app saved its draft after the armor was written, so the saved draft is the sealed one.
      await expect.poll(async () => (await drafts(page)).at(-1)?.body ?? '').toContain('-----BEGIN PGP MESSAGE-----');
      if (app.fixture === 'gmail') {
        // Gmail drops a save still pending at Send: Send Secure waited for the save of the armor, so the
        // last draft Gmail kept before sending is the sealed one, not the plaintext typed before.
        const [mail] = await sent(page);
        const before = (await drafts(page)).filter((draft) => draft.seq < mail!.seq);
        expect(before.at(-1)?.body).toContain('-----BEGIN PGP MESSAGE-----');
      }
      // The compose view closed after sending, and the button went with it.
      await expect(sendSecure).toHaveCount(0);
      await page.close();
    });
  }

  for (const chips of ['child', 'text'] as const) {
    test(`${app.name}: a recipient chip with its address ${chips === 'child' ? 'on an element inside it' : 'only in its text'} is read, and the mail goes to them`, async () => {
      const url = new URL(app.variants[0]!.url);
      url.searchParams.set('chips', chips);
      const page = await open(url.toString());
      await write(app, page, 'bob@example.org');
      if (app.fixture === 'gmail') {
        // Gmail has saved the plaintext draft before the click, as it does while one types.
        await expect.poll(async () => (await drafts(page)).some((draft) => draft.body.includes('usual place'))).toBe(true);
      }
      await clickSendSecure(page);
      await expectSentSecurely(page, ['bob@example.org']);
      await page.close();
    });
  }

  test(`${app.name}: a chip that shows only a name is named in the error, and nothing is sent`, async () => {
    const url = new URL(app.variants[0]!.url);
    url.searchParams.set('chips', 'name');
    const page = await open(url.toString());
    await write(app, page, 'bob@example.org');
    const before = await app.body(page).innerHTML();
    await clickSendSecure(page);
    await expect(page.getByRole('alert').filter({ hasText: 'cannot read the email address of "bob"' })).toBeVisible();
    expect(await app.body(page).innerHTML()).toBe(before);
    expect(await sent(page)).toEqual([]);
    await page.close();
  });

  test(`${app.name}: a recipient without a key brings the dialog; Cancel leaves the draft untouched and sends nothing`, async () => {
    const page = await open(app.variants[0]!.url);
    await write(app, page, 'eve@example.org');
    const before = await app.body(page).innerHTML();
    await clickSendSecure(page);
    const dialog = await sendDialog(page);
    await expect(dialog.getByRole('dialog', { name: 'Before sending securely' })).toBeVisible();
    await expect(dialog.getByText('eve@example.org has no key in your keyring.')).toBeVisible();
    await expect(dialog.getByRole('button', { name: 'Send with a password instead' })).toBeEnabled();
    expect(await app.body(page).innerHTML()).toBe(before);
    await cancelDialog(page, dialog);
    expect(await app.body(page).innerHTML()).toBe(before);
    expect(await sent(page)).toEqual([]);
    await page.close();
  });

  test(`${app.name}: the dialog takes the focus, keeps it against Tab and the page, and gives it back to the compose view on Escape`, async () => {
    const page = await open(app.variants[0]!.url);
    await write(app, page, 'eve@example.org');
    await clickSendSecure(page);
    const dialog = await sendDialog(page);
    await expect(dialog.getByRole('dialog', { name: 'Before sending securely' })).toBeFocused();
    const focusedInPage = () => page.evaluate(() => document.activeElement?.getAttribute('data-sealmail') ?? document.activeElement?.tagName ?? null);
    expect(await focusedInPage()).toBe('dialog');
    for (let i = 0; i < 12; i++) await page.keyboard.press('Tab');
    expect(await focusedInPage()).toBe('dialog');
    for (let i = 0; i < 5; i++) await page.keyboard.press('Shift+Tab');
    expect(await focusedInPage()).toBe('dialog');
    await expect(dialog.locator(':focus')).toHaveCount(1);
    // Hostile page: its script takes the focus for one of its own fields; the dialog takes it back.
    await page.evaluate(() => (document.querySelector('input') as HTMLInputElement).focus());
    expect(await focusedInPage()).toBe('dialog');
    // Escape closes the dialog as the key goes down: the frame is gone before the key comes up
    // (a whole key press sent to a frame removed halfway can leave the test harness waiting).
    await page.keyboard.down('Escape');
    await expect(page.locator(SEND_DIALOG_FRAME)).toHaveCount(0);
    await page.keyboard.up('Escape');
    expect(await focusedInPage()).toBe('button');
    expect(await sent(page)).toEqual([]);
    await page.close();
  });

  test(`${app.name}: a locked key is unlocked in the extension dialog, never in the page`, async () => {
    await workerCall(browser, 'lockNow', {});
    const page = await open(app.variants[0]!.url);
    await write(app, page, 'bob@example.org');
    await clickSendSecure(page);
    const dialog = await sendDialog(page);
    await expect(dialog.getByText('Your key for mia@example.org is locked.')).toBeVisible();
    // The passphrase field lives in the extension's frame: the page's own document has none.
    expect(await page.locator('input[type=password]').count()).toBe(0);
    await dialog.getByLabel('Passphrase of your key').fill(MIA.passphrase);
    await dialog.getByRole('button', { name: 'Unlock' }).click();
    await dialog.getByRole('button', { name: 'Continue' }).click();
    await expectSentSecurely(page, ['bob@example.org']);
    await page.close();
  });

  test(`${app.name}: an editor that will not take the armor is restored exactly, nothing is sent, and the user is told`, async () => {
    const url = new URL(app.variants[0]!.url);
    url.searchParams.set('strict', '1');
    const page = await open(url.toString());
    await write(app, page, 'bob@example.org');
    const before = await app.body(page).innerHTML();
    expect(before).toContain('usual place');
    await clickSendSecure(page);
    await expect(page.getByRole('alert').filter({ hasText: 'could not put the encrypted message' })).toBeVisible();
    expect(await app.body(page).innerHTML()).toBe(before);
    expect(await sent(page)).toEqual([]);
    await page.close();
  });
}

test('Gmail: importing the missing key in the dialog, then Continue, sends securely', async () => {
  const peer = new GpgHome();
  try {
    const eve = peer.generate('Eve Example <eve.new@example.org>', 'ecc');
    const gmail = APPS[0]!;
    const page = await open(gmail.variants[0]!.url);
    await write(gmail, page, 'eve.new@example.org');
    await clickSendSecure(page);
    const dialog = await sendDialog(page);
    await dialog.getByLabel('Paste one or more keys').fill(peer.exportPublic(eve));
    await dialog.getByRole('button', { name: 'Review keys' }).click();
    await dialog.getByRole('button', { name: 'Import key' }).click();
    await expect(dialog.getByText('Everything is ready')).toBeVisible();
    await dialog.getByRole('button', { name: 'Continue' }).click();
    await expect.poll(async () => (await sent(page)).length).toBe(1);
    const [mail] = await sent(page);
    expect(mail!.to).toEqual(['eve.new@example.org']);
    const decrypted = peer.decrypt(mail!.body);
    expect(decrypted.text.replace(/\r\n/g, '\n').trim()).toBe(TEXT);
    await page.close();
  } finally {
    peer.close();
  }
});

test('Gmail: the keyboard shortcut\'s command seals the focused compose view; a command the page sends itself does nothing', async () => {
  // Headless Chromium does not route key presses to extension shortcuts, so the browser's command
  // event is dispatched in the worker: its own handler records the intent and tells the tab.
  const gmail = APPS[0]!;
  const page = await open(gmail.variants[0]!.url);
  await write(gmail, page, 'bob@example.org');
  await expect(sendSecureIn(page)).toBeVisible();
  await page.bringToFront();
  // The command message alone, without the browser's own shortcut event, carries no intent: nothing is sent.
  await browser.worker.evaluate(async () => {
    const tabs = (globalThis as unknown as { chrome: { tabs: { query(q: object): Promise<Array<{ id: number }>>; sendMessage(id: number, m: unknown): Promise<unknown> } } }).chrome.tabs;
    const [tab] = await tabs.query({ active: true, currentWindow: true });
    await tabs.sendMessage(tab!.id, { sealmail: 1, command: 'send-secure' });
  });
  await expect(page.getByRole('alert').filter({ hasText: 'Sealmail did nothing' })).toBeVisible();
  expect(await sent(page)).toEqual([]);
  await browser.worker.evaluate(() => {
    (globalThis as unknown as { chrome: { commands: { onCommand: { dispatch(name: string): void } } } }).chrome.commands.onCommand.dispatch('send-secure');
  });
  await expectSentSecurely(page, ['bob@example.org']);
  await page.close();
});

test('without a key of your own, the dialog says so, offers to create one, and the draft stays', async () => {
  const fresh = await launchExtension();
  try {
    await serveWebmail(fresh.context, 'gmail');
    await workerCall(fresh, 'importKeys', { text: gpg.exportPublic(bobFingerprint) });
    await workerCall(fresh, 'setComposeMode', { mode: 'native' });
    const gmail = APPS[0]!;
    const page = await fresh.context.newPage();
    await page.goto(gmail.variants[0]!.url);
    await write(gmail, page, 'bob@example.org');
    const before = await gmail.body(page).innerHTML();
    await clickSendSecure(page);
    const dialog = await sendDialog(page);
    await expect(dialog.getByText('You have no key of your own yet.')).toBeVisible();
    await expect(dialog.getByRole('button', { name: 'Open Sealmail to create a key' })).toBeVisible();
    await expect(dialog.getByRole('button', { name: 'Continue' })).toBeDisabled();
    await cancelDialog(page, dialog);
    expect(await gmail.body(page).innerHTML()).toBe(before);
    expect(await sent(page)).toEqual([]);
  } finally {
    await fresh.close();
  }
});

test('a webmail page cannot load the send dialog itself: it is served only under a per-session address', async () => {
  const page = await open(APPS[0]!.variants[0]!.url);
  const fixed = browser.url('extension-ui/pages/dialogs/send.html?recipients=bob@example.org');
  // The frame's load event fires for the error page too: after it, whatever could load has.
  await page.evaluate(
    (src) =>
      new Promise<void>((resolve) => {
        const frame = document.createElement('iframe');
        frame.title = 'planted';
        frame.addEventListener('load', () => resolve(), { once: true });
        frame.src = src;
        document.body.append(frame);
      }),
    fixed,
  );
  const planted = page.frameLocator('iframe[title="planted"]');
  await expect(planted.getByRole('dialog', { name: 'Before sending securely' })).toHaveCount(0, { timeout: 1000 });
  await page.close();
});

for (const app of APPS) {
  test(`${app.name}: a recipient without a key gets a password-protected mail that gpg and the fallback reader open; keyed recipients keep their key`, async () => {
    const password = 'copper meadow lantern quartz';
    const page = await open(app.variants[0]!.url);
    await write(app, page, 'ana@example.org');
    await app.addRecipient(page, 'bob@example.org');
    await clickSendSecure(page);
    const dialog = await sendDialog(page);
    await dialog.getByRole('button', { name: 'Send with a password instead' }).click();
    await dialog.getByLabel('Password', { exact: true }).fill('short');
    await dialog.getByLabel('Password again').fill('short');
    await dialog.getByRole('button', { name: 'Protect and send' }).click();
    await expect(dialog.getByRole('alert')).toContainText('too easy to guess');
    await dialog.getByLabel('Password', { exact: true }).fill(password);
    await dialog.getByLabel('Password again').fill(password);
    await dialog.getByLabel('Hint (optional, shown to the recipient)').fill('our first trip, two words');
    await dialog.getByRole('button', { name: 'Protect and send' }).click();
    await expect.poll(async () => (await sent(page)).length).toBe(1);
    const [mail] = await sent(page);
    expect(mail!.to).toEqual(['ana@example.org', 'bob@example.org']);
    expect(mail!.body).toContain('Mia Example <mia@example.org> sent you an encrypted message with Sealmail.');
    expect(mail!.body).toContain('Password hint: our first trip, two words');
    expect(mail!.body).not.toContain(password);
    expect(mail!.body).toMatch(/\nAutocrypt: addr=mia@example\.org; keydata=\n[A-Za-z0-9+/]/);
    expect(mail!.body).not.toContain('-----BEGIN PGP PUBLIC KEY BLOCK-----');
    // The reader travels with the mail, as it was built, and the note says in one sentence what to do with it.
    expect(mail!.body).toContain('To read it, open the attached file sealmail-reader.html in your browser (the Sealmail reader: it needs no internet and installs nothing) and paste this whole email into it.');
    expect((mail!.attachments ?? []).map((file) => [file.name, file.type])).toEqual([['sealmail-reader.html', 'text/html']]);
    const attachedReader = Buffer.from(mail!.attachments![0]!.data, 'base64');
    expect(attachedReader.equals(readFileSync('dist/sealmail-reader.html'))).toBe(true);
    // Bob opens it with his key, and gpg (which has Mia's key) accepts the whole mail; anyone with the password opens it too.
    const byBob = gpg.decrypt(mail!.body);
    expect(byBob.exit).toBe(0);
    expect(byBob.text.replace(/\r\n/g, '\n').trim()).toBe(TEXT);
    const stranger = new GpgHome();
    try {
      expect(stranger.decrypt(mail!.body, password).text.replace(/\r\n/g, '\n').trim()).toBe(TEXT);
    } finally {
      stranger.close();
    }
    // Ana saves the attached reader and opens it from disk.
    const saved = join(mkdtempSync(join(tmpdir(), 'sealmail-ana-')), 'sealmail-reader.html');
    writeFileSync(saved, attachedReader);
    const reader = await browser.context.newPage();
    await reader.goto(pathToFileURL(saved).href);
    await reader.getByLabel('Paste the whole email here').fill(mail!.body);
    await reader.getByLabel('Password').fill(password);
    await reader.getByRole('button', { name: 'Open message' }).click();
    await expect(reader.locator('pre.plaintext')).toHaveText(TEXT);
    await expectSignedByAttachedKey(reader, `${MIA.name} <${MIA.email}>`, miaFingerprint);
    await reader.close();
    await page.close();
  });
}

/** Serves a Web Key Directory for example.net from fixture routes, recording every lookup request. */
async function serveKeyDirectory(page: Page, answers: { advanced?: Buffer; direct?: Buffer; vks?: string }): Promise<string[]> {
  const asked: string[] = [];
  const cors = { 'access-control-allow-origin': '*' };
  await page.context().route(/^https:\/\/(openpgpkey\.)?example\.net\/\.well-known\/openpgpkey\//, (route) => {
    const url = route.request().url();
    asked.push(url);
    const body = url.startsWith('https://openpgpkey.') ? answers.advanced : answers.direct;
    return body ? route.fulfill({ status: 200, headers: { ...cors, 'content-type': 'application/octet-stream' }, body }) : route.fulfill({ status: 404, headers: cors, body: '' });
  });
  await page.context().route(/^https:\/\/keys\.openpgp\.org\//, (route) => {
    asked.push(route.request().url());
    return answers.vks ? route.fulfill({ status: 200, headers: { ...cors, 'content-type': 'application/pgp-keys' }, body: answers.vks }) : route.fulfill({ status: 404, headers: cors, body: '' });
  });
  return asked;
}

test('with "Attach my public key" chosen in Settings, sent mail carries Mia\'s key in a footer; gpg imports it from there and `gpg -d` of the whole mail exits 0', async () => {
  const options = await browser.context.newPage();
  await options.goto(browser.url('extension-ui/pages/options/index.html'));
  await options.getByRole('button', { name: 'Settings' }).click();
  await options.getByLabel('Attach my public key to encrypted mail').check();
  await expect.poll(async () => (await workerCall(browser, 'listKeys', {})).keyInMail).toBe(true);
  try {
    const gmail = APPS[0]!;
    const page = await open(gmail.variants[0]!.url);
    await write(gmail, page, 'bob@example.org');
    await clickSendSecure(page);
    await expect.poll(async () => (await sent(page)).length).toBe(1);
    const [mail] = await sent(page);
    const peer = new GpgHome();
    try {
      peer.import(gpg.exportSecret(bobFingerprint, ''));
      const footer = findKeyFooter(mail!.body);
      expect(footer).not.toBeNull();
      peer.ok(['--import'], footer!);
      expect(peer.fingerprintOf(miaFingerprint)).toBe(miaFingerprint);
      const decrypted = peer.decrypt(mail!.body);
      expect(decrypted.exit).toBe(0);
      expect(decrypted.text.replace(/\r\n/g, '\n').trim()).toBe(TEXT);
      expect(decrypted.status.some((line) => line[0] === 'VALIDSIG' && line[1] === miaFingerprint)).toBe(true);
    } finally {
      peer.close();
    }
    await page.close();
  } finally {
    await options.getByLabel('Attach my public key to encrypted mail').uncheck();
    await expect.poll(async () => (await workerCall(browser, 'listKeys', {})).keyInMail).toBe(false);
    await options.close();
  }
});

test.describe('key lookup in the send dialog', () => {
  test.afterEach(async () => {
    await browser.context.unroute(/example\.net\/\.well-known/);
    await browser.context.unroute(/keys\.openpgp\.org/);
    await workerCall(browser, 'setKeyServer', { allowed: false }).catch(() => undefined);
  });

  test('Gmail: a key found in the recipient\'s own Web Key Directory is shown, imported on confirmation, and the mail goes to it', async () => {
    const peer = new GpgHome();
    try {
      const carol = peer.generate('Carol Example <carol@example.net>', 'ecc');
      const gmail = APPS[0]!;
      const page = await open(gmail.variants[0]!.url);
      // The advanced method has nothing (no openpgpkey subdomain); the direct method has Carol's binary key.
      const asked = await serveKeyDirectory(page, { direct: peer.ok(['--export', carol]).stdout });
      await write(gmail, page, 'carol@example.net');
      await clickSendSecure(page);
      const dialog = await sendDialog(page);
      await expect(dialog.getByText('carol@example.net has no key in your keyring.')).toBeVisible();
      expect(asked, 'nothing is looked up before the click').toEqual([]);
      await dialog.getByRole('button', { name: 'Look up a key for carol@example.net' }).click();
      await expect(dialog.getByText('Found in the key directory of example.net, their own mail domain:')).toBeVisible();
      await expect(dialog.getByLabel(/^Fingerprint /)).toHaveText(carol.replace(/(.{4})(?=.)/g, '$1 '));
      // Only Carol's own domain was asked, advanced method first; keys.openpgp.org was not (not allowed in settings).
      expect(asked).toEqual([
        'https://openpgpkey.example.net/.well-known/openpgpkey/example.net/hu/fnh1sizqc1h17q515b19nhzxyddotzhd?l=carol',
        'https://example.net/.well-known/openpgpkey/hu/fnh1sizqc1h17q515b19nhzxyddotzhd?l=carol',
      ]);
      expect((await workerCall(browser, 'listKeys', {})).keys.some((key) => key.fingerprint === carol)).toBe(false);
      await dialog.getByRole('button', { name: 'Import this key' }).click();
      await expect(dialog.getByText('Everything is ready')).toBeVisible();
      await dialog.getByRole('button', { name: 'Continue' }).click();
      await expect.poll(async () => (await sent(page)).length).toBe(1);
      const decrypted = peer.decrypt((await sent(page))[0]!.body);
      expect(decrypted.text.replace(/\r\n/g, '\n').trim()).toBe(TEXT);
      await page.close();
    } finally {
      peer.close();
    }
  });

  test('Gmail: a directory that answers with someone else\'s key gives nothing to import; keys.openpgp.org is asked only once allowed', async () => {
    const peer = new GpgHome();
    try {
      const mallory = peer.generate('Mallory <mallory@example.com>', 'ecc');
      const dave = peer.generate('Dave Example <dave@example.net>', 'ecc');
      const gmail = APPS[0]!;
      const page = await open(gmail.variants[0]!.url);
      const asked = await serveKeyDirectory(page, { advanced: peer.ok(['--export', mallory]).stdout, vks: peer.exportPublic(dave) });
      await write(gmail, page, 'dave@example.net');
      await clickSendSecure(page);
      const dialog = await sendDialog(page);
      await dialog.getByRole('button', { name: 'Look up a key for dave@example.net' }).click();
      await expect(dialog.getByText('No key for dave@example.net was found at example.net.')).toBeVisible();
      expect(asked.some((url) => url.includes('keys.openpgp.org'))).toBe(false);
      expect((await workerCall(browser, 'listKeys', {})).keys.some((key) => key.fingerprint === mallory)).toBe(false);
      await cancelDialog(page, dialog);
      await page.close();

      // The key server is the user's choice in the key manager; then it is asked after the domain.
      const options = await browser.context.newPage();
      await options.goto(browser.url('extension-ui/pages/options/index.html'));
      await options.getByRole('button', { name: 'Settings' }).click();
      await options.getByLabel('Also ask keys.openpgp.org').check();
      await expect.poll(async () => (await workerCall(browser, 'listKeys', {})).keyServer).toBe(true);
      await options.close();
      const again = await open(gmail.variants[0]!.url);
      await write(gmail, again, 'dave@example.net');
      await clickSendSecure(again);
      const second = await sendDialog(again);
      await second.getByRole('button', { name: 'Look up a key for dave@example.net' }).click();
      await expect(second.getByText('Found on keys.openpgp.org, whose owner confirmed the address there:')).toBeVisible();
      expect(asked.at(-1)).toBe('https://keys.openpgp.org/vks/v1/by-email/dave%40example.net');
      await cancelDialog(again, second);
      await again.close();
    } finally {
      peer.close();
    }
  });

  test('hostile page: a click the page makes on the lookup button asks no directory', async () => {
    const gmail = APPS[0]!;
    const page = await open(gmail.variants[0]!.url);
    const asked = await serveKeyDirectory(page, {});
    await write(gmail, page, 'erin@example.net');
    await clickSendSecure(page);
    const dialog = await sendDialog(page);
    const lookup = dialog.getByRole('button', { name: 'Look up a key for erin@example.net' });
    await expect(lookup).toBeVisible();
    // The page lays a decoy over the dialog that lets clicks through to it: the frame's guard sees
    // that its button was not visible, so the real click asks nothing.
    await page.evaluate(() => {
      const cover = document.createElement('div');
      cover.style.cssText = 'position:fixed;inset:0;z-index:2147483647;background:#fc0;pointer-events:none';
      document.body.append(cover);
    });
    await lookup.click({ force: true });
    await expect(dialog.getByRole('alert')).toContainText('Sealmail did nothing');
    expect(asked).toEqual([]);
    // The same click with nothing over the frame does ask.
    await page.evaluate(() => document.querySelector('div[style*="2147483647"]')!.remove());
    await page.waitForTimeout(600);
    await lookup.click();
    await expect.poll(() => asked.length).toBeGreaterThan(0);
    await page.close();
  });
});
