/**
 * A second thread for work that can be split, where the browser gives the extension one: a
 * dedicated worker, started from the background page in Firefox, and in Chromium (whose service
 * worker cannot start workers) from an offscreen document made for the time of one request.
 */
import { browser } from './browser';
import type { HelperReply, HelperRequest, OffscreenMessage } from './helper-messages';

/** The worker script (built from src/background/key-helper.ts) and the page that starts it in Chromium. */
export const HELPER_SCRIPT = 'src/background/key-helper.js';
export const HELPER_PAGE = 'src/platform/offscreen.html';

interface OffscreenApi {
  createDocument(options: { url: string; reasons: string[]; justification: string }): Promise<void>;
  closeDocument(): Promise<void>;
}
/** Chromium's offscreen API, which the polyfill does not wrap. */
const offscreenApi = (globalThis as unknown as { chrome?: { offscreen?: OffscreenApi } }).chrome?.offscreen;

let nextId = 1;

/** The reply to come, once the request is on its way. */
export type Handed = Promise<{ reply: Promise<HelperReply> }>;

/** Runs one request in a worker of its own, which ends with it. */
export function inWorker(request: Omit<HelperRequest, 'id'>): Promise<HelperReply> {
  const worker = new Worker(browser.runtime.getURL(HELPER_SCRIPT));
  const id = nextId++;
  return new Promise<HelperReply>((resolve, reject) => {
    worker.onmessage = (event: MessageEvent<HelperReply>) => {
      if (event.data?.id === id) resolve(event.data);
    };
    worker.onerror = (event) => reject(new Error(`the helper thread failed: ${event.message}`));
    worker.postMessage({ id, ...request } satisfies HelperRequest);
  }).finally(() => worker.terminate());
}

/** The service worker's own clients (the extension's pages), as far as this module needs them. */
interface WorkerClients {
  matchAll(options: { includeUncontrolled: boolean; type: 'window' }): Promise<Array<{ id: string; url: string; postMessage(message: unknown, transfer: Transferable[]): void }>>;
  get(id: string): Promise<unknown>;
}

/** Offscreen documents this worker made and has not closed yet (at most one: the browser allows one at a time). */
let documentsOpen = 0;

/**
 * Makes the helper page. One that is there already while this worker has none open was left by
 * an earlier run of the worker, stopped by the browser in the middle of an import: it is closed
 * and made again. While this worker's own is open (another import), this one fails.
 */
async function makeHelperPage(offscreen: OffscreenApi): Promise<void> {
  const make = () => offscreen.createDocument({ url: HELPER_PAGE, reasons: ['WORKERS'], justification: 'Reads half of a large key import in a worker, beside the service worker.' });
  try {
    await make();
  } catch (error) {
    if (documentsOpen > 0) throw error;
    await offscreen.closeDocument().catch(() => undefined);
    await make();
  }
  documentsOpen++;
}

async function closeHelperPage(offscreen: OffscreenApi): Promise<void> {
  documentsOpen--;
  await offscreen.closeDocument().catch(() => undefined);
}

/** How often a reply still to come checks that the helper page is there: a page that went (closed, crashed) would never answer. */
const PAGE_CHECK_MS = 250;

/**
 * Chromium: the request goes to an offscreen document, which runs it in its worker; the document
 * is closed again after. Handed over only once the document is there: its making waits on this
 * thread, which would otherwise be busy with its own share first. Request and reply go through a
 * message channel of their own, copied as they are: the extension's messages would write them
 * out as JSON and read them back, a few hundred milliseconds for thousands of records.
 */
async function inOffscreenDocument(request: Omit<HelperRequest, 'id'>): Handed {
  const offscreen = offscreenApi!;
  await makeHelperPage(offscreen);
  const pageUrl = browser.runtime.getURL(HELPER_PAGE);
  const clients = (globalThis as unknown as { clients: WorkerClients }).clients;
  const page = (await clients.matchAll({ includeUncontrolled: true, type: 'window' })).find((client) => client.url === pageUrl);
  if (!page) {
    await closeHelperPage(offscreen);
    throw new Error('the helper page is not there');
  }
  const channel = new MessageChannel();
  const message: OffscreenMessage = { sealmailHelper: 1, request: { id: nextId++, ...request } };
  let check: ReturnType<typeof setInterval> | undefined;
  const reply = new Promise<HelperReply>((resolve, reject) => {
    channel.port1.onmessage = (event: MessageEvent<HelperReply | undefined>) => {
      if (event.data?.id === message.request.id) resolve(event.data);
      else reject(new Error('the helper page did not answer'));
    };
    channel.port1.onmessageerror = () => reject(new Error('the helper page did not answer'));
    check = setInterval(() => {
      const gone = () => reject(new Error('the helper page went before it answered'));
      void clients.get(page.id).then((found) => found || gone(), gone);
    }, PAGE_CHECK_MS);
  }).finally(() => {
    clearInterval(check);
    channel.port1.close();
    return closeHelperPage(offscreen);
  });
  page.postMessage(message, [channel.port2]);
  return { reply };
}

/** A second thread, and how many keys fewer than half of an import it should get so that both threads end together. */
export interface HelperThread {
  run(request: Omit<HelperRequest, 'id'>): Handed;
  lead: number;
}

/**
 * Leads measured with 10,000 contacts: a worker started by Firefox's background page ended about
 * 0.25 s before the page with 768; Chromium's offscreen document, slower to make and to answer
 * through, ended up to 0.19 s after the service worker with 512. Since most keys are read from
 * their bytes (quick-key.ts), the document ends 70-80 ms after the worker with 768; 1024 did no
 * better (40-300 ms after).
 */
const WORKER_LEAD = 448;
const OFFSCREEN_LEAD = 768;

/** Where a second thread can be had here: null in a context with neither workers nor offscreen documents. */
export function helperThread(): HelperThread | null {
  if (typeof Worker === 'function') return { run: async (request) => ({ reply: inWorker(request) }), lead: WORKER_LEAD };
  if (offscreenApi) return { run: inOffscreenDocument, lead: OFFSCREEN_LEAD };
  return null;
}
