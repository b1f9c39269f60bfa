/**
 * Chromium's offscreen document: its service worker cannot start workers, so this page starts one
 * for each request the service worker sends and hands back the worker's reply. It answers only
 * the extension itself, never a content script.
 */
import { fromExtensionItself, inWorker, type HelperReply, type OffscreenMessage } from './parallel';

interface Sender {
  id?: string;
  url?: string;
  tab?: unknown;
}
const runtime = (globalThis as unknown as {
  chrome: { runtime: { id: string; getURL(path: string): string; onMessage: { addListener(listener: (message: unknown, sender: Sender, respond: (reply: HelperReply) => void) => boolean | undefined): void } } };
}).chrome.runtime;
const origin = new URL(runtime.getURL('')).origin;

runtime.onMessage.addListener((message, sender, respond) => {
  const request = (message as Partial<OffscreenMessage> | null)?.sealmailHelper === 1 ? (message as OffscreenMessage).request : null;
  if (!request || typeof request.publicKeys !== 'string' || !fromExtensionItself(sender, runtime.id, origin)) return undefined;
  void inWorker({ publicKeys: request.publicKeys }).then(
    (reply) => respond({ ...reply, id: request.id }),
    (error: unknown) => respond({ id: request.id, ok: false, error: { code: 'internal', message: String(error) } }),
  );
  return true;
});
