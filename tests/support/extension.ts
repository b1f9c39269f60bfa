/** Calls the extension's worker from one of its own pages, as the options page does. */
import type { Page } from '@playwright/test';
import type { Method, ParamsOf, Response, ResultOf } from '../../src/messaging/protocol';
import type { ExtensionBrowser } from './browser';

const controlPages = new WeakMap<ExtensionBrowser, Promise<Page>>();

function controlPage(browser: ExtensionBrowser): Promise<Page> {
  let page = controlPages.get(browser);
  if (!page) {
    page = browser.context.newPage().then(async (created) => {
      await created.goto(browser.url('extension-ui/pages/options/index.html'));
      return created;
    });
    controlPages.set(browser, page);
  }
  return page;
}

export async function workerCall<M extends Method>(browser: ExtensionBrowser, method: M, params: ParamsOf<M>): Promise<ResultOf<M>> {
  const page = await controlPage(browser);
  const response = (await page.evaluate(
    ([name, args]) =>
      (globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<unknown> } } }).chrome.runtime.sendMessage({
        sealmail: 1,
        method: name,
        params: args,
      }),
    [method, params] as const,
  )) as Response<M>;
  if (!response.ok) throw new Error(`${method}: ${response.error.code}: ${response.error.message}`);
  return response.result;
}
