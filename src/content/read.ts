/**
 * Reading: armored blocks in visible message bodies are handed to the worker, and each is covered
 * by the extension's viewer frame. The content script never sees plaintext: it gets a token, and
 * only the frame (an extension page) can open it.
 */
import { findArmorBlocks, type ArmorBlock } from '../core/armor';
import { toWireError } from '../core/errors';
import { call } from '../messaging/client';
import { browser, extensionOrigin } from '../platform/browser';
import type { Provider, ReadMessage } from './adapter';
import { bodyText } from './text';

const READABLE = new Set(['MESSAGE', 'SIGNED MESSAGE', 'PUBLIC KEY BLOCK']);
/** A cheap first look, on every mutation: armor says "BEGIN PGP", whatever the page put between the words. */
const MAY_HOLD_ARMOR = /BEGIN[\s\u00a0\u00ad\u200b-\u200d\u2060\ufeff]*PGP/;
export const VIEWER_PATH = 'extension-ui/pages/viewer/viewer.html';

function visible(element: HTMLElement): boolean {
  return element.isConnected && element.getClientRects().length > 0;
}

function readableBlocks(text: string): ArmorBlock[] {
  return findArmorBlocks(text).filter((block) => READABLE.has(block.type));
}

/** A clipped message (BEGIN without END) is read whole from the page's own "entire message" link. */
async function completeBlocks(blocks: ArmorBlock[], message: ReadMessage): Promise<ArmorBlock[]> {
  if (!blocks.some((block) => block.problem === 'truncated') || !message.fullMessageUrl) return blocks;
  const response = await fetch(message.fullMessageUrl, { credentials: 'include' });
  const page = new DOMParser().parseFromString(await response.text(), 'text/html');
  const whole = readableBlocks(bodyText(page.body));
  return whole.length ? whole : blocks;
}

function frameFor(doc: Document, token: string): HTMLIFrameElement {
  const frame = doc.createElement('iframe');
  frame.src = `${browser.runtime.getURL(VIEWER_PATH)}?${new URLSearchParams({ t: token, o: location.origin })}`;
  frame.title = 'Sealmail: decrypted message';
  frame.setAttribute('data-sealmail', 'viewer');
  frame.style.cssText = 'display:block;width:100%;height:120px;border:0;margin:0 0 8px;color-scheme:normal;';
  return frame;
}

/** Frames tell their height; only a frame of ours, from our origin, is listened to. */
function listenForHeights(doc: Document, signal: AbortSignal): void {
  const origin = extensionOrigin();
  window.addEventListener(
    'message',
    (event: MessageEvent) => {
      const height = (event.data as { sealmailViewerHeight?: unknown } | null)?.sealmailViewerHeight;
      if (!event.isTrusted || event.origin !== origin || typeof height !== 'number') return;
      const frame = [...doc.querySelectorAll<HTMLIFrameElement>('iframe[data-sealmail="viewer"]')].find((candidate) => candidate.contentWindow === event.source);
      if (frame) frame.style.height = `${Math.min(Math.max(height, 40), 20000)}px`;
    },
    { signal },
  );
}

async function show(message: ReadMessage, blocks: ArmorBlock[]): Promise<void> {
  const { body } = message;
  const doc = body.ownerDocument;
  const holder = doc.createElement('div');
  holder.setAttribute('data-sealmail', 'read');
  for (const block of await completeBlocks(blocks, message)) {
    try {
      const { token } = await call('registerBlock', { armor: block.armor, sender: message.sender });
      holder.append(frameFor(doc, token));
    } catch (error) {
      const note = doc.createElement('p');
      note.setAttribute('role', 'alert');
      note.textContent = `Sealmail could not read this message: ${toWireError(error).message}`;
      holder.append(note);
    }
  }
  const toggle = doc.createElement('button');
  toggle.type = 'button';
  toggle.textContent = 'Show the encrypted original';
  toggle.addEventListener('click', () => {
    const hidden = body.style.display === 'none';
    body.style.display = hidden ? '' : 'none';
    toggle.textContent = hidden ? 'Hide the encrypted original' : 'Show the encrypted original';
  });
  holder.append(toggle);
  body.before(holder);
  body.style.display = 'none';
}

/** Handles each visible message body once; the marker keeps a mutation from handling it twice. */
export function readMessages(provider: Provider, doc: Document): void {
  for (const message of provider.findMessages(doc)) {
    const { body } = message;
    if (body.hasAttribute('data-sealmail-read') || !MAY_HOLD_ARMOR.test(body.textContent ?? '') || !visible(body)) continue;
    const blocks = readableBlocks(bodyText(body));
    if (blocks.length === 0) continue;
    body.setAttribute('data-sealmail-read', '');
    void show(message, blocks);
  }
}

export function startReading(provider: Provider, doc: Document, signal: AbortSignal): () => void {
  listenForHeights(doc, signal);
  return () => readMessages(provider, doc);
}
