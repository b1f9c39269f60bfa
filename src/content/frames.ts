/**
 * Reports from Sealmail's frames in the page (the Send Secure button, the secure editor, the viewer), each
 * under its own field. Only the browser's own message events from a frame of ours, from our
 * origin, count: a page script can dispatch a MessageEvent with any origin and source it likes.
 */
import { extensionOrigin } from '../platform/browser';

type Handler = (report: unknown) => void;

const frames = new Map<HTMLIFrameElement, { field: string; handler: Handler }>();
let listening = false;

function listen(): void {
  if (listening) return;
  listening = true;
  const origin = extensionOrigin();
  window.addEventListener('message', (event: MessageEvent) => {
    if (!event.isTrusted || event.origin !== origin || event.source === null) return;
    for (const [frame, { field, handler }] of frames) {
      if (!frame.isConnected) frames.delete(frame);
      else if (frame.contentWindow === event.source) handler((event.data as Record<string, unknown> | null)?.[field]);
    }
  });
}

export function onFrameReport(frame: HTMLIFrameElement, field: string, handler: Handler): void {
  frames.set(frame, { field, handler });
  listen();
}
