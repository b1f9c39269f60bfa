/**
 * A keyring export of hundreds of contacts imported in the key manager: the service worker reads
 * half of it and an offscreen document's worker the other half at the same time; the document is
 * gone again once the import is done, and a key refused in its half refuses the whole import.
 */
import { expect, test, type Page } from '@playwright/test';
import { SHARED_IMPORT_FROM } from '../../src/core/index';
import { launchExtension, type ExtensionBrowser } from '../support/browser';
import { BROKEN_KEY, contactKeys, publicBlock } from '../support/contacts';
import { workerCall } from '../support/extension';

/** Enough contacts for a share to be read by the helper. */
const COUNT = SHARED_IMPORT_FROM + 52;

let browser: ExtensionBrowser;
let keys: Uint8Array[];

test.beforeAll(async () => {
  keys = await contactKeys(COUNT);
  browser = await launchExtension();
});
test.afterAll(async () => {
  await browser?.close();
});

async function optionsPage(): Promise<Page> {
  const page = await browser.context.newPage();
  await page.goto(browser.url('extension-ui/pages/options/index.html'));
  await expect(page.getByRole('heading', { name: 'My keys' })).toBeVisible();
  return page;
}

/** Opens a keyring export as a file in the import form, as a person does with `gpg --export --armor > contacts.asc`. */
async function openKeyFile(page: Page, text: string): Promise<void> {
  await page.getByLabel('Or open a key file').setInputFiles({ name: 'contacts.asc', mimeType: 'application/pgp-keys', buffer: Buffer.from(text) });
  await expect(page.getByLabel('Paste one or more keys')).not.toHaveValue('');
}

/** Counts, from now on, the moments at which the extension has an offscreen document open (Playwright lists no such page). */
async function watchOffscreen(page: Page): Promise<() => Promise<number>> {
  await page.evaluate(() => {
    const scope = globalThis as unknown as { seenOffscreen: number; chrome: { runtime: { getContexts(filter: { contextTypes: string[] }): Promise<unknown[]> } } };
    scope.seenOffscreen = 0;
    const look = async () => {
      if ((await scope.chrome.runtime.getContexts({ contextTypes: ['OFFSCREEN_DOCUMENT'] })).length > 0) scope.seenOffscreen++;
      setTimeout(look, 10);
    };
    void look();
  });
  return () => page.evaluate(() => (globalThis as unknown as { seenOffscreen: number }).seenOffscreen);
}

/** The extension's offscreen documents open now. */
async function offscreenDocuments(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const runtime = (globalThis as unknown as { chrome: { runtime: { getContexts(filter: { contextTypes: string[] }): Promise<unknown[]> } } }).chrome.runtime;
    return (await runtime.getContexts({ contextTypes: ['OFFSCREEN_DOCUMENT'] })).length;
  });
}

test('a broken key in the half the helper reads refuses the whole import in words, and nothing is saved', async () => {
  const parts = [...keys];
  parts[COUNT - 20] = BROKEN_KEY;
  const page = await optionsPage();
  const before = (await workerCall(browser, 'listKeys', {})).keys;
  const seen = await watchOffscreen(page);
  await openKeyFile(page, publicBlock(parts));
  await page.getByRole('button', { name: 'Review keys' }).click();
  await expect(page.getByRole('alert')).toHaveText('This is not an OpenPGP key.', { timeout: 30_000 });
  expect(await seen()).toBeGreaterThan(0);
  expect((await workerCall(browser, 'listKeys', {})).keys).toEqual(before);
  await expect.poll(() => offscreenDocuments(page)).toBe(0);
  await page.close();
});

test(`a keyring export of ${COUNT} contacts is read partly in a helper thread; every contact is listed and the helper is gone after`, async () => {
  const page = await optionsPage();
  const seen = await watchOffscreen(page);
  await openKeyFile(page, publicBlock(keys));
  await page.getByRole('button', { name: 'Review keys' }).click();
  await page.getByRole('button', { name: `Import ${COUNT} keys` }).click({ timeout: 30_000 });
  await expect(page.getByText(`Imported ${COUNT} keys.`)).toBeVisible({ timeout: 30_000 });
  const listed = await workerCall(browser, 'listKeys', {});
  expect(listed.keys.map((key) => key.address).sort()).toEqual(Array.from({ length: COUNT }, (_, i) => `contact${i}@example.net`).sort());
  expect(await seen()).toBeGreaterThan(0);
  await expect.poll(() => offscreenDocuments(page)).toBe(0);
  await page.close();
});

test('the helper page going while it reads (closed, crashed) loses nothing: its share is read in the service worker', async () => {
  const page = await optionsPage();
  const before = (await workerCall(browser, 'listKeys', {})).keys.length;
  const outcome = await page.evaluate(async (text) => {
    const chrome = (globalThis as unknown as { chrome: { runtime: { sendMessage(message: unknown): Promise<{ ok: boolean; result?: { fingerprints: string[] } }>; getContexts(filter: { contextTypes: string[] }): Promise<unknown[]> }; offscreen: { closeDocument(): Promise<void> } } }).chrome;
    const importing = chrome.runtime.sendMessage({ sealmail: 1, method: 'importKeys', params: { text } });
    // The helper page is closed under the import once it is there and reading.
    let closed = false;
    for (let tries = 0; tries < 500 && !closed; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      if ((await chrome.runtime.getContexts({ contextTypes: ['OFFSCREEN_DOCUMENT'] })).length > 0) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        await chrome.offscreen.closeDocument();
        closed = true;
      }
    }
    const answer = await importing;
    return { closed, ok: answer.ok, imported: answer.result?.fingerprints.length };
  }, publicBlock(keys));
  expect(outcome).toEqual({ closed: true, ok: true, imported: COUNT });
  expect((await workerCall(browser, 'listKeys', {})).keys.length).toBe(Math.max(before, COUNT));
  await page.close();
});

test('a helper page left open by a worker the browser stopped mid-import is closed, and the next import has a helper again', async () => {
  const page = await optionsPage();
  const text = publicBlock(keys);
  await page.evaluate((blockText) => {
    const scope = globalThis as unknown as { firstImport: Promise<string>; chrome: { runtime: { sendMessage(message: unknown): Promise<{ ok: boolean }> } } };
    scope.firstImport = scope.chrome.runtime.sendMessage({ sealmail: 1, method: 'importKeys', params: { text: blockText } }).then(
      () => 'answered',
      () => 'no answer',
    );
  }, text);
  await expect.poll(() => offscreenDocuments(page)).toBe(1);
  const cdp = await browser.context.newCDPSession(page);
  await cdp.send('ServiceWorker.enable');
  await cdp.send('ServiceWorker.stopAllWorkers');
  expect(await page.evaluate(() => (globalThis as unknown as { firstImport: Promise<string> }).firstImport)).toBe('no answer');
  expect(await offscreenDocuments(page)).toBe(1);
  // The helper page starts its worker only for a request from the service worker: a new worker shows that one was made and asked.
  let workersStarted = 0;
  cdp.on('Target.targetCreated', (event: { targetInfo: { type: string } }) => void (event.targetInfo.type === 'worker' && workersStarted++));
  await cdp.send('Target.setDiscoverTargets', { discover: true });
  const imported = await workerCall(browser, 'importKeys', { text });
  expect(imported.fingerprints).toHaveLength(COUNT);
  expect(workersStarted).toBeGreaterThan(0);
  await expect.poll(() => offscreenDocuments(page)).toBe(0);
  await page.close();
});

test('a webmail page reaches neither the helper page nor its worker', async () => {
  const page = await browser.context.newPage();
  await page.route('https://mail.google.com/**', (route) => route.fulfill({ contentType: 'text/html', body: '<title>Inbox</title>' }));
  await page.goto('https://mail.google.com/mail/u/0/');
  const reached = await page.evaluate(async ([id, script]) => {
    const runtime = (globalThis as { chrome?: { runtime?: { sendMessage?: unknown } } }).chrome?.runtime;
    const start = () => {
      try {
        new Worker(`chrome-extension://${id}/${script}`);
        return 'started';
      } catch (error) {
        return (error as Error).name;
      }
    };
    return { runtime: typeof runtime?.sendMessage, worker: start() };
  }, [browser.extensionId, 'src/background/key-helper.js'] as const);
  expect(reached).toEqual({ runtime: 'undefined', worker: 'SecurityError' });
  await page.close();
});
