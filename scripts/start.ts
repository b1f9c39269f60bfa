/**
 * `npm start` (after the build): Chromium with the extension on a demo mailbox: the Gmail, Outlook
 * and Yahoo Mail stand-ins at their real addresses, and two demo identities. Headed when a display
 * exists; otherwise headless, saving a screenshot of what it shows.
 * SEALMAIL_START_EXIT=1 closes the browser once everything is shown (used to refresh screenshots).
 * `npm start -- --firefox`: the same in Firefox ESR, with the Firefox build as a temporary add-on.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { exportPrivateKey, generateKey } from '../src/core/index';
import { launchExtension } from '../tests/support/browser';
import { ADDON_ORIGIN, extensionFrame, launchFirefox } from '../tests/support/firefox';
import { workerCall } from '../tests/support/extension';
import { FIXTURES, serveWebmail } from '../tests/support/webmail';

const headed = Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
const exitWhenShown = process.env.SEALMAIL_START_EXIT === '1';
const screenshot = process.env.SEALMAIL_SCREENSHOT ?? 'dist/start.png';
const PASSPHRASE = 'demo passphrase for sealmail';

const pages = [
  `${FIXTURES.gmail.start}#inbox?compose=new`,
  'https://outlook.live.com/mail/0/inbox',
  'https://mail.yahoo.com/d/compose/1',
];
const DRAFT = 'Hello Bob,\n\nthis message is end-to-end encrypted, and Gmail never saw this draft.\n\nMia';

function sayWhatRuns(browserName: string, keyManager: string): void {
  console.log(`Sealmail ${headed ? `is open in ${browserName}` : `is running in headless ${browserName} (no display found)`} on a demo mailbox:`);
  for (const url of pages) console.log(`  ${url}`);
  console.log('You are Mia Demo <mia@example.org>; Bob Demo <bob@example.org> is your contact. A draft to Bob is written: click Send Secure.');
  console.log(`Passphrase of both demo keys: "${PASSPHRASE}". Bob's private key and Mia's public key are in dist/demo/, to read sent mail with gpg.`);
  console.log(`Key manager: ${keyManager}`);
}

async function demoKeys(call: (text: string, fingerprint: string) => Promise<void>): Promise<void> {
  // Two demo identities: Mia (you, with her private key) and Bob (a contact, public key only).
  const mia = await generateKey({ name: 'Mia Demo', email: 'mia@example.org', passphrase: PASSPHRASE });
  const bob = await generateKey({ name: 'Bob Demo', email: 'bob@example.org', passphrase: PASSPHRASE });
  await call(`${mia.armored}\n${bob.publicKey}`, mia.info.fingerprint);
  mkdirSync('dist/demo', { recursive: true });
  writeFileSync('dist/demo/bob-private.asc', await exportPrivateKey(bob.armored, PASSPHRASE));
  writeFileSync('dist/demo/mia-public.asc', mia.publicKey);
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
  }
  await stayOpenOrClose(() => firefox.close(), (closed) => firefox.browser.on('disconnected', closed));
}

const browser = await launchExtension({ headless: !headed });
for (const name of ['gmail', 'outlook', 'yahoo'] as const) await serveWebmail(browser.context, name);

await demoKeys(async (text, fingerprint) => {
  await workerCall(browser, 'importKeys', { text });
  await workerCall(browser, 'unlockKey', { fingerprint, passphrase: PASSPHRASE });
});
let first = null;
for (const url of pages) {
  const page = await browser.context.newPage();
  await page.setViewportSize({ width: 1100, height: 700 });
  await page.goto(url);
  first ??= page;
}
const gmail = first!;
await gmail.bringToFront();
await gmail.getByLabel('TO recipients').fill('bob@example.org');
await gmail.getByLabel('TO recipients').press('Enter');
// The draft is written in Sealmail's own editor over the compose view (the default): Gmail never sees it.
await gmail
  .frameLocator('iframe[title="Sealmail: secure editor"]')
  .getByRole('textbox', { name: /^Message \(only Sealmail sees it/ })
  .fill(DRAFT);
await gmail.frameLocator('iframe[title="Sealmail: Send Secure"]').getByRole('button', { name: 'Send Secure' }).waitFor();

if (process.env.SEALMAIL_DEMO_SEND === '1') {
  // Used to check the demo end to end: sends the prepared draft and prints what Gmail received.
  // The button takes clicks once it has been visible for a moment, as a person would see it.
  await gmail.frameLocator('iframe[title="Sealmail: Send Secure"]').locator('html[data-sealmail-armed]').waitFor({ state: 'attached' });
  await gmail.frameLocator('iframe[title="Sealmail: Send Secure"]').getByRole('button', { name: 'Send Secure' }).click();
  await gmail.getByRole('region', { name: 'Sent mail' }).locator('pre').waitFor();
  console.log(await gmail.getByRole('region', { name: 'Sent mail' }).locator('pre').innerText());
}
sayWhatRuns('Chromium', browser.url('extension-ui/pages/options/index.html'));
if (!headed) {
  mkdirSync('dist', { recursive: true });
  await gmail.screenshot({ path: screenshot });
  console.log(`Screenshot of what it shows: ${screenshot}. For a window, run under a display, e.g. xvfb-run or a desktop session.`);
}
await stayOpenOrClose(() => browser.close(), (closed) => browser.context.on('close', closed));
