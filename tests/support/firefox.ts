/**
 * Debian's Firefox ESR with the built Firefox extension installed as a temporary add-on, driven
 * over WebDriver BiDi by puppeteer-core; the webmail fixtures are served at their real addresses.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer, { type Browser, type ElementHandle, type Frame, type Page } from 'puppeteer-core';
import type { Method, ParamsOf, Response, ResultOf } from '../../src/messaging/protocol';
import { FIXTURES } from './webmail';

export const FIREFOX = process.env.SEALMAIL_FIREFOX ?? '/usr/bin/firefox-esr';
export const FIREFOX_EXTENSION_DIR = resolve(process.env.SEALMAIL_FIREFOX_EXTENSION_DIR ?? 'dist/firefox');
/** The add-on's id (manifest) and a fixed internal UUID, so that its pages have a known origin. */
export const ADDON_ID = 'sealmail@sealmail.app';
export const ADDON_UUID = '5e41a1a0-5ea1-4a11-8000-00000000f1fe';
export const ADDON_ORIGIN = `moz-extension://${ADDON_UUID}`;

const fixturePath = (relative: string) => fileURLToPath(new URL(`../fixtures/${relative}`, import.meta.url));
const FIXTURE_BY_HOST = new Map(Object.values(FIXTURES).flatMap((fixture) => fixture.origins.map((origin) => [new URL(origin).host, fixture.page] as const)));

export interface FirefoxExtension {
  browser: Browser;
  /** A page at a webmail address, served by its fixture; `messages` are the read view's mail (set before the page loads). */
  open(url: string, messages?: unknown[]): Promise<Page>;
  /** The extension's options page (the key manager), in a tab of its own. */
  optionsPage(): Promise<Page>;
  workerCall<M extends Method>(method: M, params: ParamsOf<M>): Promise<ResultOf<M>>;
  /** Every URL the browser asked for, in order (requests of served fixtures included). */
  requests: string[];
  close(): Promise<void>;
}

async function serveFixtures(page: Page, requests: string[]): Promise<void> {
  await page.setRequestInterception(true);
  page.on('request', (request) => {
    requests.push(request.url());
    const url = new URL(request.url());
    const fixture = FIXTURE_BY_HOST.get(url.host);
    if (!fixture || url.protocol !== 'https:') return void request.continue();
    if (url.pathname === '/__fixture/kit.js') return void request.respond({ status: 200, contentType: 'text/javascript', body: readFileSync(fixturePath('common/kit.js')) });
    if (request.isNavigationRequest()) return void request.respond({ status: 200, contentType: 'text/html; charset=utf-8', body: readFileSync(fixturePath(fixture)) });
    return void request.respond({ status: 404, body: '' });
  });
}

export async function launchFirefox(settings: { headless?: boolean } = {}): Promise<FirefoxExtension> {
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX,
    headless: settings.headless ?? true,
    defaultViewport: { width: 1100, height: 700 },
    extraPrefsFirefox: {
      'extensions.webextensions.uuids': JSON.stringify({ [ADDON_ID]: ADDON_UUID }),
      // No network but the served fixtures: nothing of Firefox's own calls home.
      // The extension's frames open its options page for the tests (window.open without a click).
      'dom.disable_open_during_load': false,
      'app.update.enabled': false,
      'browser.safebrowsing.malware.enabled': false,
      'browser.safebrowsing.phishing.enabled': false,
      'datareporting.policy.dataSubmissionEnabled': false,
      'network.captive-portal-service.enabled': false,
      'network.connectivity-service.enabled': false,
    },
  });
  const id = await browser.installExtension(FIREFOX_EXTENSION_DIR);
  if (id !== ADDON_ID) throw new Error(`installed ${id}, expected ${ADDON_ID}`);
  const requests: string[] = [];
  let options: Promise<Page> | null = null;

  const open = async (url: string, messages?: unknown[]) => {
    const page = await browser.newPage();
    await serveFixtures(page, requests);
    if (messages) await page.evaluateOnNewDocument((list) => ((window as unknown as { __fixtureMessages: unknown }).__fixtureMessages = list), messages);
    await page.goto(url);
    return page;
  };

  const optionsPage = () => {
    // WebDriver BiDi may not navigate to an extension page; one of the extension's own frames opens it.
    options ??= (async () => {
      const compose = await open(`${FIXTURES.gmail.start}#inbox?compose=new`);
      const frame = await extensionFrame(compose, 'iframe[title="Sealmail: Send Secure"]');
      const before = new Set(await browser.pages());
      await frame.evaluate((url) => void window.open(url, '_blank'), `${ADDON_ORIGIN}/extension-ui/pages/options/index.html`);
      // BiDi reports an extension page's address as about:blank: the page is known by what it says of itself.
      const page = await until('the options page', async () => {
        for (const candidate of await browser.pages()) {
          if (before.has(candidate)) continue;
          const href = await candidate.evaluate(() => location.href).catch(() => '');
          if (href.startsWith(`${ADDON_ORIGIN}/extension-ui/pages/options/`)) return candidate;
        }
        return null;
      });
      await compose.close();
      await page.waitForSelector('main');
      return page;
    })();
    return options;
  };

  const workerCall = async <M extends Method>(method: M, params: ParamsOf<M>): Promise<ResultOf<M>> => {
    const page = await optionsPage();
    const response = (await page.evaluate(
      (name, args) =>
        (globalThis as unknown as { browser: { runtime: { sendMessage(m: unknown): Promise<unknown> } } }).browser.runtime.sendMessage({ sealmail: 1, method: name, params: args }),
      method,
      params as unknown,
    )) as Response<M>;
    if (!response.ok) throw new Error(`${method}: ${response.error.code}: ${response.error.message}`);
    return response.result;
  };

  return { browser, open, optionsPage, workerCall, requests, close: () => browser.close() };
}

/** The frame of one of the extension's iframes in a page, once it has loaded. */
export async function extensionFrame(page: Page | Frame, selector: string, timeout = 15_000): Promise<Frame> {
  // `>>>` reaches into shadow roots: the Send Secure frame sits in one.
  const handle = (await page.waitForSelector(`>>> ${selector}`, { timeout })) as ElementHandle<HTMLIFrameElement>;
  const deadline = Date.now() + timeout;
  for (;;) {
    const frame = await handle.contentFrame();
    const ready = frame && (await frame.evaluate(() => location.protocol === 'moz-extension:' && document.readyState === 'complete').catch(() => false));
    if (frame && ready) return frame;
    if (Date.now() > deadline) throw new Error(`no extension frame in ${selector}`);
    await new Promise((wait) => setTimeout(wait, 100));
  }
}

/** Waits until a frame over the page takes clicks (in view and unobscured for a moment; it says so on <html>). */
export async function armedFrame(page: Page | Frame, selector: string): Promise<Frame> {
  const frame = await extensionFrame(page, selector);
  await frame.waitForSelector('html[data-sealmail-armed]', { timeout: 15_000 });
  return frame;
}

/** Waits for `check` to return a truthy value (polling), or fails with `what`. */
export async function until<T>(what: string, check: () => Promise<T | null | undefined | false>, timeout = 15_000): Promise<T> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await check().catch(() => null);
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((wait) => setTimeout(wait, 100));
  }
}
