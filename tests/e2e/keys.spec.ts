/** The key manager in real Chromium with the built extension, with GnuPG as the peer. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { launchExtension, type ExtensionBrowser } from '../support/browser';
import { workerCall } from '../support/extension';
import { GpgHome } from '../support/gpg';

const OPTIONS = 'extension-ui/pages/options/index.html';
const ME = { name: 'Mia Example', email: 'mia@example.org', passphrase: 'violet tractor pillow harbour' };

let browser: ExtensionBrowser;
let gpg: GpgHome;

test.beforeAll(async () => {
  browser = await launchExtension();
  gpg = new GpgHome();
});
test.afterAll(async () => {
  await browser?.close();
  gpg?.close();
});

async function optionsPage(target: ExtensionBrowser = browser): Promise<Page> {
  const page = await target.context.newPage();
  await page.goto(target.url(OPTIONS));
  await expect(page.getByRole('heading', { name: 'My keys' })).toBeVisible();
  return page;
}

async function generate(page: Page, who = ME): Promise<void> {
  const toggle = page.getByRole('button', { name: /^(Create a new key…|Hide the new key form)$/ });
  if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
  await page.getByLabel('Your name').fill(who.name);
  await page.getByLabel('Email address').fill(who.email);
  await page.getByLabel('Passphrase', { exact: true }).fill(who.passphrase);
  await page.getByLabel('Passphrase again').fill(who.passphrase);
  await page.getByRole('button', { name: 'Create key' }).click();
  await expect(page.getByRole('article', { name: `Key of ${who.name} <${who.email}>` })).toBeVisible({ timeout: 30_000 });
}

async function downloaded(page: Page, click: () => Promise<void>): Promise<string> {
  const [download] = await Promise.all([page.waitForEvent('download'), click()]);
  return readFileSync((await download.path())!, 'utf8');
}

async function importText(page: Page, text: string): Promise<void> {
  await page.getByLabel('Paste one or more keys').fill(text);
  await page.getByRole('button', { name: 'Review keys' }).click();
}

/** Empties the keyring through the worker, as deleting every key by hand would. */
async function clearKeyring(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const send = (globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<{ result: { keys: Array<{ fingerprint: string }> } }> } } })
      .chrome.runtime.sendMessage;
    const { result } = await send({ sealmail: 1, method: 'listKeys', params: {} });
    for (const key of result.keys) await send({ sealmail: 1, method: 'deleteKey', params: { fingerprint: key.fingerprint } });
  });
}

/** A key card's action: the primary one is on the card, the others in its "More actions" menu. */
async function menuAction(card: Locator, name: string): Promise<Locator> {
  const button = card.getByRole('button', { name, exact: true });
  if (!(await button.isVisible())) await card.getByText('More actions').click();
  return button;
}

test.beforeEach(async () => {
  const page = await optionsPage();
  await clearKeyring(page);
  await page.close();
});

test('generate a key; gpg imports its public key, its private key and its revocation certificate', async () => {
  const page = await optionsPage();
  await generate(page);
  const card = page.getByRole('article', { name: `Key of ${ME.name} <${ME.email}>` });
  await expect(card.getByText('Valid', { exact: true })).toBeVisible();
  await expect(card.getByText('Default', { exact: true })).toBeVisible();
  await expect(card.getByText('Unlocked', { exact: true })).toBeVisible();
  const fingerprint = (await card.locator('.fingerprint').innerText()).replace(/\s/g, '');
  expect(fingerprint).toMatch(/^[0-9A-F]{40}$/);

  const publicKey = await downloaded(page, () => card.getByRole('button', { name: 'Export public key' }).click());
  expect(publicKey).toContain('-----BEGIN PGP PUBLIC KEY BLOCK-----');
  gpg.import(publicKey);
  expect(gpg.fingerprintOf(ME.email)).toBe(fingerprint);

  await (await menuAction(card, 'Export private key…')).click();
  await expect(card.getByText('This file holds your private key')).toBeVisible();
  await card.getByLabel('Passphrase of this key').fill('not it');
  await card.getByRole('button', { name: 'Export private key', exact: true }).click();
  await expect(card.getByRole('alert')).toHaveText('That passphrase does not unlock the key. Check it and try again.');
  await card.getByLabel('Passphrase of this key').fill(ME.passphrase);
  const privateKey = await downloaded(page, () => card.getByRole('button', { name: 'Export private key', exact: true }).click());
  gpg.import(privateKey, ME.passphrase);
  expect(gpg.ok(['--with-colons', '--list-secret-keys', fingerprint]).stdout.toString()).toMatch(/^sec:/m);

  const revocation = await menuAction(card, 'Download revocation certificate');
  const certificate = await downloaded(page, () => revocation.click());
  gpg.import(certificate);
  expect(gpg.ok(['--with-colons', '--list-keys', fingerprint]).stdout.toString()).toMatch(/^pub:r:/m);
});

test('a new key gets one primary action, the rest in a menu, and one prompt to back it up with a recovery kit', async () => {
  const page = await optionsPage();
  await generate(page);
  const card = page.getByRole('article', { name: `Key of ${ME.name} <${ME.email}>` });
  // On the card itself: one action and the menu; the other actions only once the menu is open.
  await expect(card.locator('.actions').first().getByRole('button').filter({ visible: true })).toHaveText(['Export public key']);
  await expect(card.getByRole('button', { name: 'Delete…' })).toBeHidden();
  await card.getByText('More actions').click();
  await expect(card.getByRole('button', { name: 'Delete…' })).toBeVisible();
  // Asked once, right after the key was made.
  const prompt = page.getByRole('region', { name: 'Back up your new key' });
  await expect(prompt).toContainText('Your key lives only in this browser.');
  const [kit] = await Promise.all([page.waitForEvent('download'), prompt.getByRole('button', { name: 'Make a recovery kit…' }).click()]);
  expect(JSON.parse(readFileSync((await kit.path())!, 'utf8'))).toBeTruthy();
  await expect(prompt.getByLabel('Your new recovery code')).toHaveText(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){7}$/);
  await prompt.getByRole('button', { name: 'I have written it down' }).click();
  await expect(prompt).toHaveCount(0);
  await page.reload();
  await expect(page.getByRole('region', { name: 'Back up your new key' })).toHaveCount(0);
  // A locked key of one's own: Unlock is the primary action.
  await page.getByRole('button', { name: 'Lock now' }).click();
  await expect(card.locator('.actions').first().getByRole('button').filter({ visible: true })).toHaveText(['Unlock…']);
  await page.close();
});

test('import gpg-made keys: a public key as a contact, a passphrase-protected secret key from a file', async () => {
  const peer = new GpgHome();
  try {
    const contact = peer.generate('Gina Peer <gina@example.org>', 'ecc');
    const own = peer.generate('Mia Gpg <mia.gpg@example.org>', 'rsa', 'gpg secret passphrase');
    const page = await optionsPage();

    await page.getByRole('button', { name: 'Contacts' }).click();
    await importText(page, peer.exportPublic(contact));
    await expect(page.getByText('Gina Peer <gina@example.org>')).toBeVisible();
    await expect(page.getByText('(public key)')).toBeVisible();
    await page.getByRole('button', { name: 'Import key' }).click();
    const card = page.getByRole('article', { name: 'Key of Gina Peer <gina@example.org>' });
    await expect(card).toBeVisible();
    await expect(card.getByLabel(/^Fingerprint /)).toHaveText(contact.replace(/(.{4})(?=.)/g, '$1 '));
    await expect(card.getByText('Ed25519 / Curve25519')).toBeVisible();

    await page.getByRole('button', { name: 'My keys' }).click();
    await page.getByLabel('Or open a key file').setInputFiles({
      name: 'mia-secret.asc',
      mimeType: 'application/pgp-keys',
      buffer: Buffer.from(peer.exportSecret(own, 'gpg secret passphrase')),
    });
    await page.getByRole('button', { name: 'Review keys' }).click();
    await expect(page.getByText('(private key)')).toBeVisible();
    await page.getByRole('button', { name: 'Import key' }).click();
    const mine = page.getByRole('article', { name: 'Key of Mia Gpg <mia.gpg@example.org>' });
    await expect(mine.getByText('Locked', { exact: true })).toBeVisible();
    await mine.getByRole('button', { name: 'Unlock…' }).click();
    await mine.getByLabel('Passphrase').fill('gpg secret passphrase');
    await mine.getByRole('button', { name: 'Unlock', exact: true }).click();
    await expect(mine.getByText('Unlocked', { exact: true })).toBeVisible();
  } finally {
    peer.close();
  }
});

test('bad input is explained in words and changes nothing', async () => {
  const page = await optionsPage();
  await importText(page, 'Hello, this is my key: trust me.');
  await expect(page.getByRole('alert')).toHaveText('This is not an OpenPGP key.');

  await generate(page);
  const exported = await downloaded(page, () => page.getByRole('button', { name: 'Export public key' }).click());
  const lines = exported.split('\n');
  lines[3] = `${lines[3]!.slice(0, 10)}!!!${lines[3]!.slice(13)}`;
  await importText(page, lines.join('\n'));
  await expect(page.getByRole('alert')).toHaveText('The encrypted block is damaged and cannot be read.');

  lines[3] = exported.split('\n')[3]!.replace(/^./, (c) => (c === 'A' ? 'B' : 'A'));
  await importText(page, lines.join('\n'));
  await expect(page.getByRole('alert')).toContainText('its checksum does not match');

  await expect(page.getByRole('article')).toHaveCount(1);
  await page.getByRole('button', { name: 'Create a new key…' }).click();
  await page.getByLabel('Passphrase', { exact: true }).fill('one two three four five');
  await page.getByLabel('Passphrase again').fill('one two three four six');
  await page.getByLabel('Your name').fill('X');
  await page.getByLabel('Email address').fill('x@example.org');
  const form = page.getByRole('form', { name: 'Create a new key' });
  await page.getByRole('button', { name: 'Create key' }).click();
  await expect(form.getByRole('alert')).toHaveText('The two passphrases are not the same.');
  await page.getByLabel('Passphrase', { exact: true }).fill('secret1');
  await page.getByLabel('Passphrase again').fill('secret1');
  await page.getByRole('button', { name: 'Create key' }).click();
  await expect(form.getByRole('alert')).toContainText('too easy to guess');
  await expect(page.getByRole('article')).toHaveCount(1);
});

test('a revoked key and an expired key are imported and clearly flagged', async () => {
  const peer = new GpgHome();
  try {
    const gone = peer.generate('Gone <gone@example.org>', 'ecc');
    peer.import(peer.revocationCertificate(gone));
    const old = peer.generate('Old <old@example.org>', 'ecc');
    peer.ok(['--quick-set-expire', old, 'seconds=1']);
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const page = await optionsPage();
    await page.getByRole('button', { name: 'Contacts' }).click();
    await importText(page, `${peer.exportPublic(gone)}\n${peer.exportPublic(old)}`);
    await expect(page.getByText('revoked: will not be used for sending')).toBeVisible();
    await expect(page.getByText('expired: will not be used for sending')).toBeVisible();
    await page.getByRole('button', { name: 'Import 2 keys' }).click();
    await expect(page.getByRole('article', { name: 'Key of Gone <gone@example.org>' }).getByText('Revoked', { exact: true })).toBeVisible();
    await expect(page.getByRole('article', { name: 'Key of Old <old@example.org>' }).getByText(/^Expired on /)).toBeVisible();
  } finally {
    peer.close();
  }
});

test('a contact\'s bare revocation certificate is applied to their key in the keyring', async () => {
  const peer = new GpgHome();
  try {
    const lost = peer.generate('Lost Key <lost@example.org>', 'ecc');
    const page = await optionsPage();
    await page.getByRole('button', { name: 'Contacts' }).click();
    await importText(page, peer.exportPublic(lost));
    await page.getByRole('button', { name: 'Import key' }).click();
    const card = page.getByRole('article', { name: 'Key of Lost Key <lost@example.org>' });
    await expect(card).toBeVisible();
    await expect(card.getByText('Revoked', { exact: true })).toHaveCount(0);
    await importText(page, peer.revocationCertificate(lost));
    await expect(page.getByText('This revocation will be applied to keys in your keyring:')).toBeVisible();
    await expect(page.getByText(/a revocation certificate for this key/)).toBeVisible();
    await page.getByRole('button', { name: 'Apply', exact: true }).click();
    await expect(card.getByText('Revoked', { exact: true })).toBeVisible();
  } finally {
    peer.close();
  }
});

test('copy a public key, make another key the default, change a passphrase, revoke, delete a contact', async () => {
  const page = await optionsPage();
  await browser.context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const second = { name: 'Mia Work', email: 'mia@work.example', passphrase: 'copper lantern meadow quartz' };
  await generate(page);
  await generate(page, second);
  const first = page.getByRole('article', { name: `Key of ${ME.name} <${ME.email}>` });
  const work = page.getByRole('article', { name: `Key of ${second.name} <${second.email}>` });

  await (await menuAction(work, 'Copy public key')).click();
  await expect(work.getByRole('status')).toHaveText('Public key copied.');
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  gpg.import(copied);
  expect(gpg.fingerprintOf(second.email)).toMatch(/^[0-9A-F]{40}$/);

  await expect(first.getByText('Default', { exact: true })).toBeVisible();
  await (await menuAction(work, 'Make default')).click();
  await expect(work.getByText('Default', { exact: true })).toBeVisible();
  await expect(first.getByText('Default', { exact: true })).toHaveCount(0);

  await (await menuAction(work, 'Change passphrase…')).click();
  await work.getByLabel('Current passphrase').fill(second.passphrase);
  await work.getByLabel('New passphrase', { exact: true }).fill('orbit saffron glacier tundra');
  await work.getByLabel('New passphrase again').fill('orbit saffron glacier tundra');
  await work.getByRole('button', { name: 'Change passphrase', exact: true }).click();
  await expect(work.getByLabel('Current passphrase')).toHaveCount(0);
  await (await menuAction(work, 'Export private key…')).click();
  await work.getByLabel('Passphrase of this key').fill(second.passphrase);
  await work.getByRole('button', { name: 'Export private key', exact: true }).click();
  await expect(work.getByRole('alert')).toHaveText('That passphrase does not unlock the key. Check it and try again.');
  await work.getByLabel('Passphrase of this key').fill('orbit saffron glacier tundra');
  expect(await downloaded(page, () => work.getByRole('button', { name: 'Export private key', exact: true }).click())).toContain('PRIVATE KEY BLOCK');

  await (await menuAction(first, 'Revoke…')).click();
  await expect(first.getByText('It cannot be undone.')).toBeVisible();
  await first.getByRole('button', { name: 'Revoke key' }).click();
  await expect(first.getByText('Revoked', { exact: true })).toBeVisible();

  await page.getByRole('button', { name: 'Contacts' }).click();
  await importText(page, copied);
  await expect(page.getByText('already in your keyring: will be updated')).toBeVisible();
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByText("No contacts' keys yet.")).toBeVisible();
  const peer = new GpgHome();
  try {
    const contact = peer.generate('Carl Contact <carl@example.org>', 'ecc');
    await importText(page, peer.exportPublic(contact));
    await page.getByRole('button', { name: 'Import key' }).click();
  } finally {
    peer.close();
  }
  const carl = page.getByRole('article', { name: 'Key of Carl Contact <carl@example.org>' });
  await (await menuAction(carl, 'Delete…')).click();
  await carl.getByRole('button', { name: 'Delete key' }).click();
  await expect(page.getByText("No contacts' keys yet.")).toBeVisible();
});

test('a private key is deleted only after two confirmations', async () => {
  const page = await optionsPage();
  await generate(page);
  const card = page.getByRole('article');
  await (await menuAction(card, 'Delete…')).click();
  await card.getByRole('button', { name: 'Continue' }).click();
  await expect(card.getByText('Are you sure?')).toBeVisible();
  await card.getByRole('button', { name: 'Delete private key for good' }).click();
  await expect(page.getByText('You have no key yet.')).toBeVisible();
});

test('calls keep working when the browser stops the worker between them; unlocked keys, kept only in its memory, are locked', async () => {
  const page = await optionsPage();
  await generate(page);
  const before = await page.evaluate(() =>
    (globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<{ result: { startedAt: string } }> } } }).chrome.runtime
      .sendMessage({ sealmail: 1, method: 'getStatus', params: {} })
      .then((r) => r.result.startedAt),
  );
  const cdp = await browser.context.newCDPSession(page);
  await cdp.send('ServiceWorker.enable');
  await cdp.send('ServiceWorker.stopAllWorkers');
  await page.reload();
  const card = page.getByRole('article', { name: `Key of ${ME.name} <${ME.email}>` });
  await expect(card.getByText('Locked', { exact: true })).toBeVisible();
  const after = await page.evaluate(() =>
    (globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<{ result: { startedAt: string } }> } } }).chrome.runtime
      .sendMessage({ sealmail: 1, method: 'getStatus', params: {} })
      .then((r) => r.result.startedAt),
  );
  expect(after).not.toBe(before);
});

test('the keyring survives a browser restart with the same profile, and is locked after it', async () => {
  const profile = mkdtempSync(join(tmpdir(), 'sealmail-persistent-'));
  try {
    const first = await launchExtension({ profileDir: profile });
    await generate(await optionsPage(first));
    await first.close();
    const second = await launchExtension({ profileDir: profile });
    const page = await optionsPage(second);
    const card = page.getByRole('article', { name: `Key of ${ME.name} <${ME.email}>` });
    await expect(card.getByText('Locked', { exact: true })).toBeVisible();
    await second.close();
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
});

test('usable in a narrow popup and in the dark; every control has a name', async () => {
  const page = await optionsPage();
  await generate(page);
  await page.setViewportSize({ width: 360, height: 640 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await page.emulateMedia({ colorScheme: 'dark' });
  expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(23, 25, 28)');
  await page.emulateMedia({ colorScheme: 'light' });
  expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(255, 255, 255)');
  const unnamed = await page.evaluate(() =>
    [...document.querySelectorAll('button, input, select, textarea')]
      // textContent: a control in the closed "More actions" menu is not rendered, yet has its name.
      .filter((element) => !(element.closest('label') || element.getAttribute('aria-label') || (element.textContent ?? '').trim()))
      .map((element) => element.outerHTML),
  );
  expect(unnamed).toEqual([]);
  const fresh = await optionsPage();
  await fresh.keyboard.press('Tab');
  await expect(fresh.getByRole('link', { name: 'Open the reader' })).toBeFocused();
  await fresh.keyboard.press('Tab');
  await expect(fresh.getByRole('button', { name: 'Lock now' })).toBeFocused();
  await fresh.keyboard.press('Tab');
  await fresh.keyboard.press('Tab');
  await expect(fresh.getByRole('button', { name: 'Contacts' })).toBeFocused();
  await fresh.keyboard.press('Enter');
  await expect(fresh.getByRole('heading', { name: 'Contacts' })).toBeVisible();
});

test('settings for password messages: the note, the reader link and the attached key', async () => {
  const page = await optionsPage();
  await page.getByRole('button', { name: 'Settings' }).click();
  const attach = page.getByRole('checkbox', { name: /Attach my public key, so that/ });
  await expect(attach).toBeChecked();
  await attach.uncheck();
  await page.getByLabel(/^Address of your own copy of the reader/).fill('https://example.org/sealmail-reader.html');
  await page.getByLabel(/^Address of your own copy of the reader/).press('Tab');
  await expect
    .poll(async () => (await workerCall(browser, 'listKeys', {})).passwordMail)
    .toEqual({ note: true, readerUrl: 'https://example.org/sealmail-reader.html', attachKey: false });
  await page.reload();
  await page.getByRole('button', { name: 'Settings' }).click();
  await expect(page.getByRole('checkbox', { name: /Attach my public key, so that/ })).not.toBeChecked();
  await workerCall(browser, 'setPasswordMail', { note: true, readerUrl: '', attachKey: true });
});
