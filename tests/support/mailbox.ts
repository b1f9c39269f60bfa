/** Mia in a browser with Sealmail on the three webmail fixtures, and Bob as her contact in GnuPG. */
import type { Page } from '@playwright/test';
import type { ComposeMode } from '../../src/messaging/protocol';
import { readPrivateKey, readPublicKey, type PrivateKey, type PublicKey } from '../../src/core/index';
import { launchExtension, type ExtensionBrowser } from './browser';
import { workerCall } from './extension';
import { GpgHome } from './gpg';
import { serveWebmail } from './webmail';

export const MIA = { name: 'Mia Example', email: 'mia@example.org', passphrase: 'violet tractor pillow harbour' };
export const BOB = { name: 'Bob Example', email: 'bob@example.org' };

export interface Mailbox {
  browser: ExtensionBrowser;
  gpg: GpgHome;
  bobFingerprint: string;
  bobKey: PrivateKey;
  miaPublic: PublicKey;
}

/** Mia's key made in Sealmail, Bob's in gpg; each has the other's public key. */
/** `composeMode`: where Mia writes (Sealmail's editor unless a suite drives the app's own). */
export async function miaAndBob({ composeMode = 'secure' }: { composeMode?: ComposeMode } = {}): Promise<Mailbox> {
  const browser = await launchExtension();
  for (const name of ['gmail', 'outlook', 'yahoo'] as const) await serveWebmail(browser.context, name);
  const gpg = new GpgHome();
  const bobFingerprint = gpg.generate(`${BOB.name} <${BOB.email}>`, 'ecc');
  const bobKey = await readPrivateKey(gpg.exportSecret(bobFingerprint, ''));
  const mia = await workerCall(browser, 'generateKey', { ...MIA, algorithm: 'ecc', expires: null });
  await workerCall(browser, 'importKeys', { text: gpg.exportPublic(bobFingerprint) });
  const miaArmored = (await workerCall(browser, 'exportPublicKey', { fingerprint: mia.fingerprint })).armored;
  gpg.import(miaArmored);
  await workerCall(browser, 'setComposeMode', { mode: composeMode });
  return { browser, gpg, bobFingerprint, bobKey, miaPublic: await readPublicKey(miaArmored) };
}

/** Opens a read view with these messages in it, set before the page loads. */
export async function openMail(browser: ExtensionBrowser, url: string, messages: unknown[]): Promise<Page> {
  const page = await browser.context.newPage();
  await page.addInitScript((list) => ((window as unknown as { __fixtureMessages: unknown }).__fixtureMessages = list), messages);
  await page.goto(url);
  return page;
}
