/**
 * A received mail as a whole: the encrypted message in it, and the sender's public key if it
 * came along. The key travels in an Autocrypt-style footer (`Autocrypt: addr=...; keydata=`
 * and the key's base64 on the lines after it, up to a blank line), not as a second armor block:
 * `gpg -d` on a whole mail then reads the message alone and exits 0, where a key block after the
 * message makes it fail. The base64 lines are not indented: editors drop leading spaces.
 */
import { armorBytes, findArmorBlocks, type ArmorBlock } from './armor';
import { decodeBase64, encodeBase64Lines } from './base64';
import { SealmailError } from './errors';
import { t } from './i18n';

/**
 * What the webmails let one message carry (Gmail, Outlook and Yahoo all stop at about 25 MB): the
 * most a sealed mail written into the editor may be, in characters.
 */
export const MAX_MAIL_LENGTH = 25 * 1024 * 1024;

/** Begins the line of a password mail's note that gives the hint; read back by the viewer, so never translated. */
export const PASSWORD_HINT_MARKER = 'Password hint:';

export interface MailParts {
  message: ArmorBlock;
  /** Armor of the sender's public key, when the mail carries one. */
  senderKey: string | null;
}

/** More than any public key a mail needs to carry (an RSA-4096 key with a few user IDs is about 3 KB). */
const MAX_KEYDATA = 64 * 1024;
const FOOTER_START = /^[ >\u00a0]*Autocrypt: *addr=([^;\s]+);(?:[^;\n]*;)*? *keydata=([A-Za-z0-9+/=]*) *\r?$/im;

/** Groups a fingerprint in blocks of four, to be read aloud. */
function grouped(fingerprint: string): string {
  return fingerprint.toUpperCase().replace(/(.{4})(?=.)/g, '$1 ');
}

/** The footer that carries the sender's public key (binary, minimal) under the message. */
export function keyFooter(key: Uint8Array, address: string, userId: string, fingerprint: string): string {
  const data = encodeBase64Lines(key, 64).trimEnd();
  return [
    '-- ',
    t('mailKeyFooter', userId, address),
    `Fingerprint: ${grouped(fingerprint)}`,
    `Autocrypt: addr=${address}; keydata=`,
    data,
    '',
  ].join('\n');
}

/** Where a mail's Autocrypt-style footer is (from its `Autocrypt:` line to its last base64 line) and the key in it, as binary. */
export interface KeyFooterSpan {
  start: number;
  end: number;
  key: Uint8Array;
}

export function findKeyFooterSpan(text: string): KeyFooterSpan | null {
  const start = FOOTER_START.exec(text);
  if (!start) return null;
  const chunks = [start[2]!];
  let length = chunks[0]!.length;
  let end = start.index + start[0].length;
  let at = end + 1;
  while (at <= text.length) {
    const next = text.indexOf('\n', at);
    const lineEnd = next === -1 ? text.length : next;
    const data = text.slice(at, lineEnd).replace(/^(?:[ \t]*>)*/, '').replace(/\u00a0/g, ' ').trim();
    if (!/^[A-Za-z0-9+/=]+$/.test(data)) break;
    length += data.length;
    if (length > MAX_KEYDATA) return null;
    chunks.push(data);
    end = text[lineEnd - 1] === '\r' ? lineEnd - 1 : lineEnd;
    at = lineEnd + 1;
  }
  const key = decodeBase64(chunks.join(''));
  return key && key.length > 0 ? { start: start.index + (start[0].length - start[0].trimStart().length), end, key } : null;
}

/** The key in a mail's Autocrypt-style footer, as binary; null when there is none or it is not base64. */
export function findKeyFooter(text: string): Uint8Array | null {
  return findKeyFooterSpan(text)?.key ?? null;
}

/** Finds the message and the sender's key in pasted mail text (.eml, .txt or .asc alike). */
export function findMailParts(text: string): MailParts {
  if (text.trim() === '') throw new SealmailError('empty_input');
  const blocks = findArmorBlocks(text);
  const message = blocks.find((block) => block.type === 'MESSAGE' || block.type === 'SIGNED MESSAGE');
  if (!message) throw new SealmailError(blocks.length ? 'not_a_message' : 'no_armor');
  const key = blocks.find((block) => block.type === 'PUBLIC KEY BLOCK' && !block.problem);
  if (key) return { message, senderKey: key.armor };
  const footer = findKeyFooter(text.slice(message.end));
  return { message, senderKey: footer ? armorBytes('PUBLIC KEY BLOCK', footer) : null };
}

/** The most of a message a reply quotes: a reply is no place for a whole book, and the page never holds it anyway. */
export const MAX_QUOTE_LENGTH = 256 * 1024;

/**
 * A reply's start: two empty lines to write in, then `intro` and the message quoted line by line
 * with "> " (a line already quoted gets one more ">", as mail clients nest quotes). A message
 * longer than MAX_QUOTE_LENGTH is quoted up to there, and the cut is said.
 */
export function quoteReply(text: string, intro: string): string {
  const cut = text.length > MAX_QUOTE_LENGTH;
  const lines = (cut ? text.slice(0, MAX_QUOTE_LENGTH) : text).replace(/\r\n?/g, '\n').replace(/\n+$/, '').split('\n');
  const quoted = lines.map((line) => (line === '' ? '>' : line.startsWith('>') ? `>${line}` : `> ${line}`));
  if (cut) quoted.push(`> ${t('replyQuoteCut')}`);
  return `\n\n${intro}\n${quoted.join('\n')}\n`;
}
