import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { t, type MessageKey } from '../../src/core/i18n';
import { launchExtension, type ExtensionBrowser } from '../support/browser';

const version = (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version;
let browser: ExtensionBrowser;

test.beforeAll(async () => {
  browser = await launchExtension();
});
test.afterAll(async () => {
  await browser?.close();
});

test('the service worker of the built extension starts in Chromium', async () => {
  expect(browser.worker.url()).toBe(browser.url('src/background/index.js'));
  expect(browser.extensionId).toMatch(/^[a-p]{32}$/);
});

test('the options page renders and reaches the worker', async () => {
  const page = await browser.context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(browser.url('extension-ui/pages/options/index.html'));
  await expect(page.getByRole('heading', { level: 1, name: 'Sealmail' })).toBeVisible();
  // The key list comes from the worker: seeing it means the page reached the worker.
  await expect(page.getByText('You have no key yet.')).toBeVisible();
  expect(errors).toEqual([]);
});

test('the worker answers an unknown method, and a payload that does not validate, with invalid_request', async () => {
  const page = await browser.context.newPage();
  await page.goto(browser.url('extension-ui/pages/options/index.html'));
  const send = (message: unknown) =>
    page.evaluate((m) => (globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<unknown> } } }).chrome.runtime.sendMessage(m), message);
  expect(await send({ sealmail: 1, method: 'exportEverything', params: {} })).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
  expect(await send({ sealmail: 1, method: 'toString', params: {} })).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
  expect(await send({ sealmail: 1, method: 'getStatus', params: { extra: true } })).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
  expect(await send({ sealmail: 1, method: 'getStatus', params: {} })).toMatchObject({ ok: true, result: { version } });
});

test('a web page cannot call the worker', async () => {
  const page = await browser.context.newPage();
  await page.route('https://example.org/', (route) => route.fulfill({ contentType: 'text/html', body: '<title>x</title>' }));
  await page.goto('https://example.org/');
  // Without externally_connectable no page can even address the extension's runtime.
  const reachable = await page.evaluate(() => typeof (globalThis as { chrome?: { runtime?: { sendMessage?: unknown } } }).chrome?.runtime?.sendMessage === 'function');
  expect(reachable).toBe(false);
});

test('the Chromium and Firefox builds carry their own background keys', () => {
  const chrome = JSON.parse(readFileSync('dist/chrome/manifest.json', 'utf8'));
  const firefox = JSON.parse(readFileSync('dist/firefox/manifest.json', 'utf8'));
  expect(chrome.manifest_version).toBe(3);
  expect(chrome.background).toEqual({ service_worker: 'src/background/index.js', type: 'module' });
  expect(chrome.browser_specific_settings).toBeUndefined();
  expect(firefox.background.scripts).toEqual(['src/background/index.js']);
  expect(firefox.background.service_worker).toBeUndefined();
  expect(firefox.browser_specific_settings.gecko.id).toBe('sealmail@sealmail.app');
  expect(chrome.version).toBe(version);
});

test('the browser reads the words from _locales in the worker and the pages, as the built-in English has them', async () => {
  // The extension's bundles leave the built-in English out: these words can only have come from `_locales`.
  const cases: Array<[MessageKey, string[]]> = [
    ['errorRecipientKeyProblem', ['bob@example.org', '1234 5678', 'has expired']],
    ['useKeyFor', ['bob@example.org']],
    ['errorEmptyInput', []],
  ];
  const expected = cases.map(([key, subs]) => t(key, ...subs));
  const inWorker = await browser.worker.evaluate(
    (list) => list.map(([key, subs]) => (globalThis as unknown as { chrome: { i18n: { getMessage(k: string, s: string[]): string } } }).chrome.i18n.getMessage(key, subs)),
    cases,
  );
  expect(inWorker).toEqual(expected);
  expect(readFileSync('dist/chrome/src/background/index.js', 'utf8')).not.toContain(t('errorEmptyInput'));
  const page = await browser.context.newPage();
  await page.goto(browser.url('extension-ui/pages/options/index.html'));
  await expect(page.getByRole('button', { name: t('lockNow') })).toBeVisible();
  await expect(page).toHaveTitle(t('titleKeyManager'));
});

test("zxcvbn's dictionaries load only where a strength meter is shown: not in the viewer, the button or Sealmail's editor", async () => {
  /** The scripts a page of the extension loads, and whether any of them carries the dictionaries. */
  const dictionariesLoadedBy = async (path: string, ready: string): Promise<boolean> => {
    const page = await browser.context.newPage();
    const bodies: Array<Promise<string>> = [];
    page.on('response', (response) => {
      if (response.url().endsWith('.js')) bodies.push(response.text());
    });
    await page.goto(browser.url(path));
    await page.locator(ready).first().waitFor({ state: 'attached' });
    await page.waitForLoadState('networkidle');
    const loaded = (await Promise.all(bodies)).some((body) => body.includes('diceware-common'));
    await page.close();
    return loaded;
  };
  expect(await dictionariesLoadedBy('extension-ui/pages/viewer/viewer.html', 'main.viewer')).toBe(false);
  expect(await dictionariesLoadedBy('extension-ui/pages/button/button.html', 'button')).toBe(false);
  expect(await dictionariesLoadedBy('extension-ui/pages/compose/editor.html', 'body')).toBe(false);
  // The key manager with no key shows the new-key form and its meter: there they load.
  expect(await dictionariesLoadedBy('extension-ui/pages/options/index.html', '.strength')).toBe(true);
});
