/**
 * Chromium's offscreen document: its service worker cannot start workers, so this page starts one
 * for each request the service worker sends and hands back the worker's reply. It answers only
 * the extension itself, never a content script.
 */
import { browser, extensionOrigin, type Runtime } from './browser';
import { fromExtensionItself, type HelperReply, type OffscreenMessage } from './helper-messages';
import { inWorker } from './parallel';

const origin = extensionOrigin();

browser.runtime.onMessage.addListener((message: unknown, sender: Runtime.MessageSender): Promise<HelperReply> | undefined => {
  const request = (message as Partial<OffscreenMessage> | null)?.sealmailHelper === 1 ? (message as OffscreenMessage).request : null;
  if (!request || typeof request.publicKeys !== 'string' || !fromExtensionItself(sender, browser.runtime.id, origin)) return undefined;
  return inWorker({ publicKeys: request.publicKeys }).then(
    (reply) => ({ ...reply, id: request.id }),
    (error: unknown): HelperReply => ({ id: request.id, ok: false, error: { code: 'internal', message: String(error) } }),
  );
});
