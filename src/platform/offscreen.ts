/**
 * Chromium's offscreen document: its service worker cannot start workers, so this page starts one
 * for each request the service worker sends and hands back the worker's reply, on the message
 * channel that came with the request. It listens to the service worker alone: a content script
 * or a web page cannot post to it.
 */
import { extensionOrigin } from './browser';
import { fromOwnServiceWorker, type HelperReply, type OffscreenMessage } from './helper-messages';
import { inWorker } from './parallel';

const origin = extensionOrigin();

navigator.serviceWorker.onmessage = (event: MessageEvent) => {
  const request = (event.data as Partial<OffscreenMessage> | null)?.sealmailHelper === 1 ? (event.data as OffscreenMessage).request : null;
  const port = event.ports[0];
  if (!port || !request || typeof request.id !== 'number' || !(request.publicKeys instanceof Uint8Array) || !fromOwnServiceWorker(event.source, origin)) return;
  void inWorker({ publicKeys: request.publicKeys })
    .then(
      (reply) => ({ ...reply, id: request.id }),
      (error: unknown): HelperReply => ({ id: request.id, ok: false, error: { code: 'internal', message: String(error) } }),
    )
    .then((reply) => port.postMessage(reply));
};
