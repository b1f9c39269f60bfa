/** Calls the extension's worker from one of its own pages, as the options page does. */
import type { BrowserContext, Page } from '@playwright/test';
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

/**
 * Holds back by `ms` every call of `method` that Sealmail's editor frame makes to the worker, in
 * the pages of `target` opened from now on, so that a person's typing can come before the answer.
 * Dispose of the result to stop.
 */
export function holdBackEditorCall(target: Page | BrowserContext, method: Method, ms = 1500): Promise<{ dispose(): Promise<void> }> {
  return target.addInitScript(
    ({ held, delay }) => {
      const runtime = (globalThis as unknown as { chrome?: { runtime?: { sendMessage: (...args: unknown[]) => unknown } } }).chrome?.runtime;
      if (!location.pathname.endsWith('/pages/compose/editor.html') || !runtime) return;
      const send = runtime.sendMessage.bind(runtime);
      runtime.sendMessage = (...args: unknown[]) =>
        (args[0] as { method?: string } | undefined)?.method === held ? new Promise((wait) => setTimeout(wait, delay)).then(() => send(...args)) : send(...args);
    },
    { held: method, delay: ms },
  );
}
