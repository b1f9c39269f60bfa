/** Refreshes the README screenshots from the built extension: `npm run build && npm run screenshots`. */
import { readPrivateKey, readPublicKey, seal } from '../src/core/index';
import { launchExtension } from '../tests/support/browser';
import { workerCall } from '../tests/support/extension';
import { GpgHome } from '../tests/support/gpg';
import { FIXTURES, serveWebmail } from '../tests/support/webmail';

const browser = await launchExtension();
const peer = new GpgHome();
try {
  const page = await browser.context.newPage();
  await page.setViewportSize({ width: 1000, height: 900 });
  await page.goto(browser.url('extension-ui/pages/options/index.html'));
  await page.getByLabel('Your name').fill('Alice Example');
  await page.getByLabel('Email address').fill('alice@example.org');
  await page.getByLabel('Passphrase', { exact: true }).fill('violet tractor pillow harbour');
  await page.getByLabel('Passphrase again').fill('violet tractor pillow harbour');
  await page.getByRole('button', { name: 'Create key' }).click();
  await page.getByRole('article').waitFor({ timeout: 30_000 });
  const contact = peer.generate('Bob Example <bob@example.org>', 'ecc');
  await page.getByRole('button', { name: 'Contacts' }).click();
  await page.getByLabel('Paste one or more keys').fill(peer.exportPublic(contact));
  await page.getByRole('button', { name: 'Review keys' }).click();
  await page.getByRole('button', { name: 'Import key' }).click();
  await page.getByRole('article', { name: /Bob Example/ }).waitFor();
  await page.getByRole('button', { name: 'My keys' }).click();
  await page.getByRole('article').waitFor();
  await page.screenshot({ path: 'docs/options-page.png', clip: { x: 0, y: 0, width: 1000, height: 620 } });
  console.log('docs/options-page.png');

  // A message from Bob, read inline in the Gmail stand-in.
  await serveWebmail(browser.context, 'gmail');
  const alice = (await workerCall(browser, 'listKeys', {})).keys.find((key) => key.secret)!;
  const alicePublic = await readPublicKey((await workerCall(browser, 'exportPublicKey', { fingerprint: alice.fingerprint })).armored);
  const bobKey = await readPrivateKey(peer.exportSecret(contact, ''));
  const text = 'Hi Alice,\n\nthe contract is attached to the next mail; the code for the safe is 4417.\n\nBob';
  const armor = await seal({ text, recipients: [alicePublic], sender: bobKey });
  const mail = await browser.context.newPage();
  await mail.setViewportSize({ width: 1000, height: 520 });
  await mail.addInitScript((message) => ((window as unknown as { __fixtureMessages: unknown }).__fixtureMessages = [message]), {
    id: '1',
    from: { name: 'Bob Example', email: 'bob@example.org' },
    text: armor,
  });
  await mail.goto(`${FIXTURES.gmail.start}#inbox/thread-1`);
  await mail.locator('iframe[title="Sealmail: decrypted message"]').contentFrame().locator('pre.plaintext').waitFor();
  await mail.evaluate(() => document.querySelector('.ip.adB')?.remove());
  await mail.screenshot({ path: 'docs/read-inline-gmail.png' });
  console.log('docs/read-inline-gmail.png');
} finally {
  peer.close();
  await browser.close();
}
