/**
 * Writing the armor into a webmail editor so that the app's own model sees it, checking that it
 * did, and putting the draft back exactly as it was when it did not.
 */
import { findArmorBlocks } from '../core/armor';
import { bodyText } from './text';

export interface Snapshot {
  html: string;
  text: string;
  /** Copies of the body's nodes, to put back as they were (no HTML is parsed to restore a draft). */
  nodes: Node[];
}

export function snapshot(body: HTMLElement): Snapshot {
  return { html: body.innerHTML, text: bodyText(body), nodes: [...body.childNodes].map((node) => node.cloneNode(true)) };
}

function announceChange(body: HTMLElement): void {
  body.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertReplacementText' }));
}

export function restore(body: HTMLElement, saved: Snapshot): void {
  const nodes = body.ownerDocument.createDocumentFragment();
  for (const node of saved.nodes) nodes.append(node.cloneNode(true));
  body.replaceChildren(nodes);
  announceChange(body);
}

const ARMOR_REGION = /-----BEGIN PGP ([A-Z ]+)-----[\s\S]*?-----END PGP \1-----/g;

/** The words outside armor blocks, line by line, ignoring spacing and blank lines. */
function prose(text: string): string {
  return text
    .replace(ARMOR_REGION, '')
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .join('\n');
}

/** True when the body holds exactly `mail`: every armored block equal, and the same words around them. */
export function holdsMail(body: HTMLElement, mail: string): boolean {
  const text = bodyText(body);
  const found = findArmorBlocks(text);
  const expected = findArmorBlocks(mail);
  if (found.length !== expected.length || found.some((block) => block.problem)) return false;
  if (found.some((block, index) => block.armor !== expected[index]!.armor)) return false;
  return prose(text) === prose(mail);
}

function selectAll(body: HTMLElement): void {
  body.focus();
  const selection = body.ownerDocument.getSelection();
  selection?.selectAllChildren(body);
}

type Rung = (body: HTMLElement, armor: string) => void;

/** Ways of writing the armor that the apps' editor models see. */
export type RungName = 'insertText' | 'paste' | 'lines';

const RUNGS: Record<RungName, Rung> = {
  insertText: (body, armor) => {
    selectAll(body);
    body.ownerDocument.execCommand('insertText', false, armor);
  },
  paste: (body, armor) => {
    selectAll(body);
    const data = new DataTransfer();
    data.setData('text/plain', armor);
    body.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  },
  lines: (body, armor) => writeLines(body, armor),
};

/** The insertion ladder: each rung is tried only when the one before did not leave the armor in place. */
export const LADDER: readonly RungName[] = ['insertText', 'paste', 'lines'];

/** One `<div>` per line, then an `input` event: needs no focus, so it can save a draft while the user types elsewhere. */
export function writeLines(body: HTMLElement, text: string): void {
  const doc = body.ownerDocument;
  // Built in a fragment: a spread of every line into one call overflows the stack past about 100,000 lines.
  const lines = doc.createDocumentFragment();
  for (const line of text.replace(/\n$/, '').split('\n')) {
    const div = doc.createElement('div');
    if (line) div.textContent = line;
    else div.append(doc.createElement('br'));
    lines.append(div);
  }
  body.replaceChildren(lines);
  announceChange(body);
}

/** Lets the editor's own observers and event handlers react before the body is read back. */
function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** Writes the sealed mail, rung by rung; resolves whether the editor, once settled, holds it. The caller restores the draft otherwise. */
export async function writeMail(body: HTMLElement, armor: string, ladder: readonly RungName[] = LADDER): Promise<boolean> {
  for (const rung of ladder) {
    RUNGS[rung](body, armor);
    await settle();
    if (holdsMail(body, armor)) return true;
  }
  return false;
}

/**
 * Resolves once the app has shown a draft save that began after the call: its live status region
 * in the compose view changed, then stayed the same for `quietMs` (as "Saving…" becomes "Saved").
 * Resolves false at once when the view has no such region (nothing to wait for), and after
 * `timeoutMs` at the latest, so that a changed page never holds a send for long.
 */
export function draftSaveSeen(root: Element, statusSelector: string, { quietMs = 250, timeoutMs = 3000 } = {}): Promise<boolean> {
  const regions = [...root.querySelectorAll(statusSelector)].filter((region) => !region.closest('[data-sealmail]'));
  if (regions.length === 0) return Promise.resolve(false);
  return new Promise((resolve) => {
    let quiet: ReturnType<typeof setTimeout> | undefined;
    const done = (seen: boolean) => {
      observer.disconnect();
      clearTimeout(quiet);
      clearTimeout(limit);
      resolve(seen);
    };
    const observer = new MutationObserver(() => {
      clearTimeout(quiet);
      quiet = setTimeout(() => done(true), quietMs);
    });
    for (const region of regions) observer.observe(region, { childList: true, characterData: true, subtree: true });
    const limit = setTimeout(() => done(false), timeoutMs);
  });
}
