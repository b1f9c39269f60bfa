/**
 * Reading: armored blocks in visible message bodies are handed to the worker, and each is covered
 * by the extension's viewer frame. The content script never sees plaintext: it gets a token, and
 * only the frame (an extension page) can open it.
 */
import { armorBytes, findArmorBlocks, MAX_TEXT_LENGTH, type ArmorBlock } from '../core/armor';
import { isBinaryOpenPgp } from '../core/packets';
import { SealmailError, toWireError } from '../core/errors';
import { call } from '../messaging/client';
import { browser } from '../platform/browser';
import { MAY_HOLD_ARMOR, openPgpAttachments, press, type AttachmentLink, type Provider, type ReadMessage } from './adapter';
import { bodyText, mappedBodyText, type MappedText } from './text';
import { t } from '../core/i18n';
import { findKeyFooterSpan, PASSWORD_HINT_MARKER } from '../core/mail';
import { onFrameReport } from './frames';
import { expectReply } from './compose';

const READABLE = new Set(['MESSAGE', 'SIGNED MESSAGE', 'PUBLIC KEY BLOCK']);
export const VIEWER_PATH = 'extension-ui/pages/viewer/viewer.html';

/**
 * Whether the element is drawn at all (not in a `display: none` or `content-visibility: hidden`
 * part of the page). `checkVisibility` answers from style alone, where `getClientRects` would lay
 * the page out first: the viewer frame goes into the page, and starts loading, before that layout.
 */
function visible(element: HTMLElement): boolean {
  return element.isConnected && element.checkVisibility();
}

function readableBlocks(text: string): ArmorBlock[] {
  return findArmorBlocks(text).filter((block) => READABLE.has(block.type));
}

/**
 * The blocks each block on the page stands for. A block clipped by the page (BEGIN without END,
 * at the end of the text) stands for the rest of the whole message, read from the page's own
 * "entire message" link.
 */
async function wholeBlocks(blocks: ArmorBlock[], message: ReadMessage): Promise<ArmorBlock[][]> {
  const groups = blocks.map((block) => [block]);
  const clipped = blocks.length - 1;
  if (blocks[clipped]?.problem !== 'truncated' || !message.fullMessageUrl) return groups;
  try {
    const response = await fetch(message.fullMessageUrl, { credentials: 'include' });
    const page = new DOMParser().parseFromString(await response.text(), 'text/html');
    const whole = readableBlocks(bodyText(page.body));
    if (whole.length <= clipped) return groups;
    return [...whole.slice(0, clipped).map((block) => [block]), whole.slice(clipped)];
  } catch {
    return groups;
  }
}

/**
 * Whether the page is light or dark where a frame goes: by the first background behind `near` that
 * is not transparent (else the page's own color-scheme), so that the frame can follow it.
 */
export function schemeNear(near: Element): 'light' | 'dark' {
  const view = near.ownerDocument.defaultView!;
  for (let node: Element | null = near; node; node = node.parentElement) {
    const [r = 0, g = 0, b = 0, alpha = 1] = (view.getComputedStyle(node).backgroundColor.match(/[\d.]+/g) ?? []).map(Number);
    if (alpha === 0) continue;
    return 0.2126 * r + 0.7152 * g + 0.0722 * b < 128 ? 'dark' : 'light';
  }
  return view.getComputedStyle(near.ownerDocument.documentElement).colorScheme.split(' ')[0] === 'dark' ? 'dark' : 'light';
}

/** The viewer frame for one registered block of `message`; it reports to the content script through `onViewerReport`. */
function frameFor(message: ReadMessage, token: string): HTMLIFrameElement {
  const doc = message.body.ownerDocument;
  const scheme = schemeNear(message.body);
  const frame = doc.createElement('iframe');
  frame.src = `${browser.runtime.getURL(VIEWER_PATH)}?${new URLSearchParams({ t: token, o: location.origin, s: scheme })}`;
  frame.title = t('titleDecrypted');
  frame.setAttribute('data-sealmail', 'viewer');
  // The same color-scheme on both sides of the frame: else the browser paints the frame opaque.
  frame.style.cssText = `display:block;width:100%;height:120px;border:0;margin:0 0 8px;color-scheme:${scheme};`;
  onFrameReport(frame, 'sealmailViewer', (report) => onViewerReport(message, frame, report));
  return frame;
}

/** A note of Sealmail's in the page (it never holds message text): an alert, or a note beside a message left as it is. */
function noteOf(doc: Document, text: string, role: 'alert' | 'note' = 'alert'): HTMLElement {
  const note = doc.createElement('p');
  note.setAttribute('data-sealmail', 'note');
  note.setAttribute('role', role);
  note.textContent = text;
  return note;
}

/**
 * Reply securely, clicked in a viewer frame (the worker now holds the quote): presses the app's own
 * Reply for the message, so that the app opens its reply with its recipients and subject, and
 * Sealmail's editor over that reply takes the quote from the worker.
 */
function replyTo(message: ReadMessage, frame: HTMLIFrameElement): void {
  const control = message.replyControl();
  if (!control) return void frame.after(noteOf(frame.ownerDocument, t('replyNoControl')));
  expectReply(() => frame.after(noteOf(frame.ownerDocument, t('replyNotOpened'))));
  press(control);
}

/** What a viewer frame tells the page: its height, or that its user clicked Reply securely. */
function onViewerReport(message: ReadMessage, frame: HTMLIFrameElement, report: unknown): void {
  if (report === 'reply') return replyTo(message, frame);
  const height = (report as { height?: unknown } | null)?.height;
  if (typeof height === 'number') frame.style.height = `${Math.min(Math.max(height, 40), 20000)}px`;
}

/** The hint a password mail's note gives ("Password hint: ..."), for the viewer to show beside its password field. */
function hintIn(text: string): string | null {
  return new RegExp(`^[ >]*${PASSWORD_HINT_MARKER} ?(.{1,200})$`, 'm').exec(text)?.[1]?.trim() || null;
}

/**
 * The viewer frame for `armor`, made at once under a token of our own while the block is handed to
 * the worker; if the worker refuses the block, `failed` gives what stands in the frame's place.
 */
function registeredFrame(message: ReadMessage, armor: string, extra: { hint?: string; file?: string }, failed: (error: unknown) => HTMLElement): HTMLIFrameElement {
  const token = crypto.randomUUID();
  const frame = frameFor(message, token);
  call('registerBlock', { token, armor, sender: message.sender, ...extra }).catch((error: unknown) => frame.replaceWith(failed(error)));
  return frame;
}

/** The frames for one block on the page (a block the page clipped stands for the rest of the message: several). */
function framesFor(message: ReadMessage, armors: string[], hint: string | null): HTMLElement[] {
  const doc = message.body.ownerDocument;
  return armors.map((armor) => registeredFrame(message, armor, hint ? { hint } : {}, (error) => noteOf(doc, t('readFailed', toWireError(error).message))));
}

/**
 * The frames, then a switch that shows the armor they replace, which is kept (hidden) beside them:
 * the body itself, left where it is, or a fragment, moved into the holder (`kept`, which takes more).
 */
function holderOf(doc: Document, frames: HTMLElement[], original: DocumentFragment | HTMLElement): { holder: HTMLElement; kept: HTMLElement } {
  const holder = doc.createElement('div');
  holder.setAttribute('data-sealmail', 'read');
  holder.style.cssText = 'display:block;margin:8px 0;';
  let kept: HTMLElement;
  if (original instanceof DocumentFragment) {
    kept = doc.createElement('div');
    kept.setAttribute('data-sealmail', 'original');
    kept.append(original);
  } else kept = original;
  kept.style.display = 'none';
  const toggle = doc.createElement('button');
  toggle.type = 'button';
  toggle.textContent = t('showOriginal');
  toggle.addEventListener('click', () => {
    const hidden = kept.style.display === 'none';
    kept.style.display = hidden ? '' : 'none';
    toggle.textContent = t(hidden ? 'hideOriginal' : 'showOriginal');
  });
  holder.append(...frames, toggle);
  if (original instanceof DocumentFragment) holder.append(kept);
  return { holder, kept };
}

const nodeLength = (node: Node) => (node.nodeType === Node.TEXT_NODE ? (node.nodeValue ?? '').length : node.childNodes.length);
const indexIn = (node: Node) => Array.prototype.indexOf.call(node.parentNode!.childNodes, node) as number;

/**
 * The range of one block's armor in the body, widened to whole elements where the armor fills
 * them (so that no empty line of the page is left behind), never past the text around it.
 */
function rangeOf(body: HTMLElement, mapped: MappedText, block: { start: number; end: number }): Range | null {
  const start = mapped.position(block.start, 'start');
  const end = mapped.position(block.end, 'end');
  if (!start || !end) return null;
  const range = body.ownerDocument.createRange();
  range.setStart(start.node, start.offset);
  range.setEnd(end.node, end.offset);
  const common = range.commonAncestorContainer;
  while (range.startOffset === 0 && range.startContainer !== common && range.startContainer !== body && range.startContainer.parentNode) {
    range.setStartBefore(range.startContainer);
  }
  while (
    range.endOffset === nodeLength(range.endContainer) &&
    range.endContainer !== common &&
    range.endContainer !== body &&
    range.endContainer.parentNode
  ) {
    const container = range.endContainer;
    range.setEnd(container.parentNode!, indexIn(container) + 1);
  }
  return range;
}

/**
 * Replaces each block's armor in the body with its frames; the text around and between blocks
 * stays where it was. If the page changed the body meanwhile so that the blocks no longer line
 * up, the whole body is covered instead (and kept, hidden).
 */
async function show(message: ReadMessage, blocks: ArmorBlock[], hint: string | null): Promise<void> {
  const { body } = message;
  const doc = body.ownerDocument;
  const groups = await wholeBlocks(blocks, message);
  const frames = groups.map((group) => framesFor(message, group.map((block) => block.armor), hint));
  const mapped = mappedBodyText(body);
  let now: ArmorBlock[] = [];
  try {
    now = readableBlocks(mapped.text);
  } catch {
    // handled below as a body that changed
  }
  const ranges = now.length === blocks.length && now.every((block, i) => block.armor === blocks[i]!.armor) ? now.map((block) => rangeOf(body, mapped, block)) : [];
  // The sender's key in an Autocrypt-style footer after the message is offered for import in a frame of its own.
  const footer = findKeyFooterSpan(mapped.text.slice(now.at(-1)?.end ?? 0));
  const footerFrames = footer ? framesFor(message, [armorBytes('PUBLIC KEY BLOCK', footer.key)], null) : [];
  if (ranges.length === 0 || ranges.some((range) => range === null)) {
    body.before(holderOf(doc, [...frames.flat(), ...footerFrames], body).holder);
    return;
  }
  const offset = now.at(-1)?.end ?? 0;
  const footerRange = footer ? rangeOf(body, mapped, { start: offset + footer.start, end: offset + footer.end }) : null;
  if (footerRange) footerRange.insertNode(holderOf(doc, footerFrames, footerRange.extractContents()).holder);
  else if (footerFrames.length) body.after(...footerFrames);
  // Last first, so that the places of earlier blocks stay as they were found. The frames go in
  // before the armor is moved out of sight into their holder, so that they start loading sooner.
  for (let i = ranges.length - 1; i >= 0; i--) {
    const range = ranges[i]!;
    const { holder, kept } = holderOf(doc, frames[i]!, doc.createDocumentFragment());
    range.insertNode(holder);
    range.setStartAfter(holder);
    kept.append(range.extractContents());
  }
}

/** An attachment larger than this (armored, 25 MB of data) is not fetched. */
const MAX_ATTACHMENT_FETCH = 36 * 1024 * 1024;

/** The attachment as armor for the worker: the message block of an `.asc`, binary OpenPGP armored. */
async function attachmentArmor(link: AttachmentLink): Promise<string> {
  const response = await fetch(link.url, { credentials: 'include' });
  if (!response.ok) throw new SealmailError('not_a_message');
  if (Number(response.headers.get('content-length') ?? 0) > MAX_ATTACHMENT_FETCH) throw new SealmailError('message_too_large', { limit: 'size' });
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (bytes.length > MAX_ATTACHMENT_FETCH) throw new SealmailError('message_too_large', { limit: 'size' });
  if (isBinaryOpenPgp(bytes)) return armorBytes('MESSAGE', bytes);
  const block = findArmorBlocks(new TextDecoder().decode(bytes)).find((found) => found.type === 'MESSAGE');
  if (!block) throw new SealmailError('not_a_message');
  return block.armor;
}

/** Each OpenPGP attachment gets a viewer frame below the message, where it is decrypted and saved. */
async function showAttachments(message: ReadMessage, links: AttachmentLink[]): Promise<void> {
  const doc = message.body.ownerDocument;
  // Every attachment is fetched first, so that the frames go into the page in the same task as they
  // are made: a registration the worker refuses then always finds its frame there to replace.
  const fetched: Array<{ armor: string } | { error: unknown }> = [];
  for (const link of links) fetched.push(await attachmentArmor(link).then((armor) => ({ armor }), (error: unknown) => ({ error })));
  const frames = links.map((link, index): HTMLElement => {
    const failed = (error: unknown) => noteOf(doc, t('attachmentReadFailed', link.name, toWireError(error).message));
    const got = fetched[index]!;
    if ('error' in got) return failed(got.error);
    const frame = registeredFrame(message, got.armor, { file: link.name }, failed);
    frame.title = t('titleDecryptedFile', link.name);
    return frame;
  });
  const holder = doc.createElement('div');
  holder.setAttribute('data-sealmail', 'attachments');
  holder.style.cssText = 'display:block;margin:8px 0;';
  holder.append(...frames);
  message.body.after(holder);
}

/** Handles each visible message body once; the marker keeps a mutation from handling it twice. */
export function readMessages(provider: Provider, doc: Document): void {
  for (const message of provider.findMessages(doc)) {
    const { body } = message;
    if (!message.container.hasAttribute('data-sealmail-files') && visible(body)) {
      const links = openPgpAttachments(message.container, location.origin);
      if (links.length) {
        message.container.setAttribute('data-sealmail-files', '');
        void showAttachments(message, links);
      }
    }
    if (body.hasAttribute('data-sealmail-read') || !MAY_HOLD_ARMOR.test(body.textContent ?? '') || !visible(body)) continue;
    let blocks: ArmorBlock[];
    let text: string;
    try {
      if ((body.textContent ?? '').length > MAX_TEXT_LENGTH) throw new SealmailError('message_too_large', { limit: 'size' });
      text = bodyText(body);
      blocks = readableBlocks(text);
    } catch (error) {
      body.setAttribute('data-sealmail-read', '');
      body.before(noteOf(body.ownerDocument, toWireError(error).message, 'note'));
      continue;
    }
    if (blocks.length === 0) continue;
    body.setAttribute('data-sealmail-read', '');
    void show(message, blocks, hintIn(text));
  }
}
export function startReading(provider: Provider, doc: Document): () => void {
  return () => readMessages(provider, doc);
}
