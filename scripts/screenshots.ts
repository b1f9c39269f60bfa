/** Refreshes the README screenshot from the built extension: `npm run build && npm run screenshots`. */
import { launchExtension } from '../tests/support/browser';
import { GpgHome } from '../tests/support/gpg';

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
} finally {
  peer.close();
  await browser.close();
}
