/**
 * The recovery kit in the key manager: made, the profile wiped, the kit restored in a new browser
 * with the code, and mail from before opens again. A frame inside a webmail page cannot get a kit.
 */
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { readPublicKey, seal } from '../../src/core/index';
import { launchExtension, type ExtensionBrowser } from '../support/browser';
import { workerCall } from '../support/extension';
import { BOB, MIA, openMail } from '../support/mailbox';
import { FIXTURES, serveWebmail } from '../support/webmail';

const OPTIONS = 'extension-ui/pages/options/index.html';
const dir = mkdtempSync(join(tmpdir(), 'sealmail-kit-'));
test.afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function settings(browser: ExtensionBrowser): Promise<Page> {
  const page = await browser.context.newPage();
  await page.goto(browser.url(OPTIONS));
  await page.getByRole('button', { name: 'Settings' }).click();
  return page;
}

test('a recovery kit made in one profile brings every key and setting back in a wiped one, and old mail opens again', async () => {
  test.setTimeout(120_000);
  const first = await launchExtension();
  const mia = await workerCall(first, 'generateKey', { ...MIA, algorithm: 'ecc', expires: null });
  await workerCall(first, 'setComposeMode', { mode: 'native' });
  await workerCall(first, 'setAutoLock', { minutes: 120 });
  const miaPublic = await readPublicKey((await workerCall(first, 'exportPublicKey', { fingerprint: mia.fingerprint })).armored);
  const oldMail = await seal({ text: 'Before the laptop died: the code is 7781.', recipients: [miaPublic] });

  const page = await settings(first);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Make a recovery kit…' }).click()]);
  const kitText = readFileSync((await download.path())!, 'utf8');
  expect(download.suggestedFilename()).toMatch(/^sealmail-recovery-kit-\d{4}-\d{2}-\d{2}\.json$/);
  const code = (await page.getByLabel('Your new recovery code').textContent())!.trim();
  expect(code).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){7}$/);
  // The file holds neither the code nor anything of the keys in the clear.
  expect(kitText).not.toContain(code);
  expect(kitText).not.toContain('PRIVATE KEY');
  expect(kitText).not.toContain(MIA.email);
  await page.getByRole('button', { name: 'I have written it down' }).click();
  await expect(page.getByText(code)).toHaveCount(0);
  const kitPath = join(dir, download.suggestedFilename());
  writeFileSync(kitPath, kitText);
  await first.close();

  // A new, empty profile: nothing of the old one is left.
  const second = await launchExtension();
  try {
    for (const app of ['gmail'] as const) await serveWebmail(second.context, app);
    expect((await workerCall(second, 'listKeys', {})).keys).toEqual([]);
    const restore = await settings(second);
    await restore.getByLabel('Recovery kit file').setInputFiles(kitPath);
    const wrong = code.replace(/^./, code[0] === '7' ? '8' : '7');
    await restore.getByLabel('Recovery code', { exact: true }).fill(wrong);
    await restore.getByRole('button', { name: 'Restore', exact: true }).click();
    await expect(restore.getByRole('alert')).toContainText('This recovery code does not open this kit');
    expect((await workerCall(second, 'listKeys', {})).keys).toEqual([]);

    await restore.getByLabel('Recovery code', { exact: true }).fill(code.toLowerCase().replace(/-/g, ' '));
    await restore.getByRole('button', { name: 'Restore', exact: true }).click();
    await expect(restore.getByRole('status')).toHaveText('Restored: 1 key and your settings are back.');
    const view = await workerCall(second, 'listKeys', {});
    expect(view.keys.map((key) => key.fingerprint)).toEqual([mia.fingerprint]);
    expect(view.keys[0]!.confirmedFor).toEqual([MIA.email]);
    expect([view.composeMode, view.autoLockMinutes]).toEqual(['native', 120]);

    // The old mail, read inline: the restored key, unlocked with its passphrase in the viewer, opens it.
    const mail = await openMail(second, `${FIXTURES.gmail.start}#inbox/thread-9`, [{ id: '1', from: BOB, text: oldMail }]);
    const viewer = mail.locator('iframe[title="Sealmail: decrypted message"]').contentFrame();
    await viewer.getByLabel('Passphrase of your key').fill(MIA.passphrase);
    await viewer.getByRole('button', { name: 'Unlock and read' }).click();
    await expect(viewer.locator('pre.plaintext')).toHaveText('Before the laptop died: the code is 7781.');
  } finally {
    await second.close();
  }
});

test('hostile page: the extension\'s frame inside a webmail page cannot make or restore a kit', async () => {
  const browser = await launchExtension();
  try {
    await serveWebmail(browser.context, 'gmail');
    const mia = await workerCall(browser, 'generateKey', { ...MIA, algorithm: 'ecc', expires: null });
    const miaPublic = await readPublicKey((await workerCall(browser, 'exportPublicKey', { fingerprint: mia.fingerprint })).armored);
    const page = await openMail(browser, `${FIXTURES.gmail.start}#inbox/thread-9`, [{ id: '1', from: BOB, text: await seal({ text: 'x', recipients: [miaPublic] }) }]);
    const frame = await (await page.waitForSelector('iframe[title="Sealmail: decrypted message"]')).contentFrame();
    await expect.poll(() => frame!.url()).toContain('viewer');
    // Even running inside the extension's own frame (which a page cannot), the worker says no.
    const answers = await frame!.evaluate(async () => {
      const send = (method: string, params: unknown) =>
        (globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<{ ok: boolean; error?: { code: string } }> } } }).chrome.runtime.sendMessage({ sealmail: 1, method, params });
      return [await send('makeRecoveryKit', {}), await send('restoreRecoveryKit', { kit: '{}', code: 'x' })].map((answer) => answer.error?.code ?? 'ok');
    });
    expect(answers).toEqual(['caller_not_allowed', 'caller_not_allowed']);
  } finally {
    await browser.close();
  }
});
