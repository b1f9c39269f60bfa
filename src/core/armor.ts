/**
 * Finding ASCII-armored OpenPGP blocks in text as webmail read views render it, and turning them
 * back into clean armor. No OpenPGP library here: the content script uses this module too.
 */
import { crc24Base64, decodeBase64, encodeBase64Lines } from './base64';
import { SealmailError } from './errors';

export const ARMOR_TYPES = [
  'SIGNED MESSAGE',
  'MESSAGE',
  'PUBLIC KEY BLOCK',
  'PRIVATE KEY BLOCK',
  'SIGNATURE',
] as const;
export type ArmorType = (typeof ARMOR_TYPES)[number];

export type ArmorProblem = 'truncated' | 'corrupt';

export interface ArmorBlock {
  type: ArmorType;
  /** Clean armor: canonical header lines, data re-wrapped at 64 columns, "\n" line ends. */
  armor: string;
  /** Set when the block cannot be read as it stands. */
  problem?: ArmorProblem;
}

const DASH = '\\-\\u2010-\\u2015\\u2212\\uFE58\\uFE63\\uFF0D';
const MARKER = new RegExp(
  `[${DASH}]+\\s*(BEGIN|END) PGP (${ARMOR_TYPES.join('|')})(?:, PART \\d+(?:/\\d+)?)?\\s*[${DASH}]+`,
);
const INVISIBLE = /[\u200B-\u200D\u2060\uFEFF\u00AD\u202A-\u202E\u2066-\u2069]/g;
const ODD_SPACE = /[\u00A0\u2000-\u200A\u202F\u205F\u3000\t]/g;
const QUOTE_PREFIX = /^ *(?:> ?)*/;
const BASE64_LINE = /^[A-Za-z0-9+/=]+$/;
const CHECKSUM_LINE = /^=[A-Za-z0-9+/]{4}$/;
const HEADER_LINE = /^[A-Za-z][A-Za-z0-9-]*:/;

const NEEDS_NORMALIZING = /[\r\t<&\u00A0-\uFFFF]/;

/** Undoes what read views do to plain text: markup remnants, invisible characters, odd spaces, CRLF. */
export function normalizeText(raw: string): string {
  // Clean armor, the common case, is plain ASCII: one scan instead of five rewrites.
  if (!NEEDS_NORMALIZING.test(raw)) return raw;
  return raw
    .replace(/<wbr\s*\/?>/gi, '')
    .replace(/&nbsp;/gi, ' ')
    .replace(/\r\n?/g, '\n')
    .replace(INVISIBLE, '')
    .replace(ODD_SPACE, ' ');
}

interface Marker {
  kind: 'BEGIN' | 'END';
  type: ArmorType;
}

function markerOf(line: string): Marker | null {
  if (!line.includes('PGP')) return null;
  const match = MARKER.exec(line);
  if (!match) return null;
  return { kind: match[1] as Marker['kind'], type: match[2] as ArmorType };
}

function quoteDepth(line: string): number {
  const prefix = QUOTE_PREFIX.exec(line)?.[0] ?? '';
  return (prefix.match(/>/g) ?? []).length;
}

/** Removes up to `depth` levels of "> " quoting from the start of a line. */
function unquote(line: string, depth: number): string {
  let rest = line;
  for (let level = 0; level < depth; level++) {
    const match = /^ *> ?/.exec(rest);
    if (!match) break;
    rest = rest.slice(match[0].length);
  }
  return rest;
}

function beginLine(type: ArmorType): string {
  return `-----BEGIN PGP ${type}-----`;
}

function endLine(type: ArmorType): string {
  return `-----END PGP ${type}-----`;
}

interface DataSection {
  /** The base64 lines as found, without whitespace. */
  lines: string[];
  checksum: string | null;
  corrupt: boolean;
}

/** Reads the header and base64 lines of a block, ignoring blank lines, headers and stray spaces. */
function readDataLines(lines: string[]): DataSection {
  const chunks: string[] = [];
  let checksum: string | null = null;
  let corrupt = false;
  let inData = false;
  for (const rawLine of lines) {
    if (inData && checksum === null && BASE64_LINE.test(rawLine) && rawLine.charCodeAt(0) !== 61) {
      chunks.push(rawLine); // fast path: a clean data line
      continue;
    }
    const line = rawLine.replace(QUOTE_PREFIX, '').trim();
    if (line === '') continue;
    if (!inData && HEADER_LINE.test(line)) continue;
    inData = true;
    if (CHECKSUM_LINE.test(line) && checksum === null) {
      checksum = line.slice(1);
      continue;
    }
    if (!BASE64_LINE.test(line) || checksum !== null) corrupt = true;
    chunks.push(line);
  }
  return { lines: chunks, checksum, corrupt };
}

/** The data lines at 64 columns; lines that already are (the common case) are kept as they are. */
function wrap64(lines: string[]): string {
  if (lines.every((line, i) => line.length === 64 || (i === lines.length - 1 && line.length < 64))) return lines.join('\n');
  const data = lines.join('');
  const out: string[] = [];
  for (let i = 0; i < data.length; i += 64) out.push(data.slice(i, i + 64));
  return out.join('\n');
}

/** Parsed data of blocks made by `findArmorBlocks`, so that `dearmor` does not read them twice. */
const SECTIONS = new WeakMap<ArmorBlock, DataSection>();

function formatBlock(type: ArmorType, section: DataSection): string {
  const wrapped = wrap64(section.lines);
  const checksum = section.checksum === null ? '' : `=${section.checksum}\n`;
  return `${beginLine(type)}\n\n${wrapped}${wrapped ? '\n' : ''}${checksum}${endLine(type)}\n`;
}

/**
 * A cleartext-signed message: its headers, the signed text kept line for line (only quoting,
 * trailing spaces and odd characters undone), then the signature block.
 */
function formatSigned(lines: string[], depth: number): { armor: string; problem?: ArmorProblem } {
  const headers: string[] = [];
  let index = 0;
  while (index < lines.length) {
    const line = unquote(lines[index]!, depth).trim();
    if (!HEADER_LINE.test(line)) break;
    headers.push(line);
    index++;
  }
  if (index < lines.length && unquote(lines[index]!, depth).trim() === '') index++;
  const text: string[] = [];
  let signatureStart = -1;
  for (; index < lines.length; index++) {
    const marker = markerOf(lines[index]!);
    if (marker?.kind === 'BEGIN' && marker.type === 'SIGNATURE') {
      signatureStart = index;
      break;
    }
    text.push(unquote(lines[index]!, depth).trimEnd());
  }
  const head = `${beginLine('SIGNED MESSAGE')}\n${headers.map((h) => `${h}\n`).join('')}\n${text.join('\n')}\n`;
  if (signatureStart < 0) return { armor: head, problem: 'truncated' };
  const section = readDataLines(lines.slice(signatureStart + 1));
  const armor = head + formatBlock('SIGNATURE', section);
  return section.corrupt ? { armor, problem: 'corrupt' } : { armor };
}

function buildBlock(type: ArmorType, body: string[], complete: boolean, depth: number): ArmorBlock {
  if (type === 'SIGNED MESSAGE') {
    const signed = formatSigned(body, depth);
    const problem = complete ? signed.problem : 'truncated';
    return problem ? { type, armor: signed.armor, problem } : { type, armor: signed.armor };
  }
  const section = readDataLines(body);
  const armor = formatBlock(type, section);
  if (!complete) return { type, armor, problem: 'truncated' };
  if (section.corrupt) return { type, armor, problem: 'corrupt' };
  const block: ArmorBlock = { type, armor };
  SECTIONS.set(block, section);
  return block;
}

/** Splits a line holding a whole block (line breaks lost) into the lines it should have had. */
function splitInlineBlock(line: string): string[] {
  const begin = line.includes('PGP') ? MARKER.exec(line) : null;
  if (!begin) return [line];
  const afterBegin = begin.index + begin[0].length;
  const rest = line.slice(afterBegin);
  const end = MARKER.exec(rest);
  if (!end || end[1] !== 'END') return [line];
  const body = rest
    .slice(0, end.index)
    .trim()
    .split(/\s+/)
    .filter((token) => !/^>+$/.test(token));
  return [begin[0], '', ...body, end[0]];
}

/**
 * Finds every armored block in `text`, in order. A block whose END line is missing is returned
 * with problem "truncated" (a clipped message), one with characters that cannot be base64 with
 * problem "corrupt".
 */
export function findArmorBlocks(text: string): ArmorBlock[] {
  const lines: string[] = [];
  for (const line of normalizeText(text).split('\n')) {
    if (line.includes('PGP')) lines.push(...splitInlineBlock(line));
    else lines.push(line);
  }
  const blocks: ArmorBlock[] = [];
  let index = 0;
  while (index < lines.length) {
    const begin = markerOf(lines[index]!);
    if (begin?.kind !== 'BEGIN') {
      index++;
      continue;
    }
    const depth = quoteDepth(lines[index]!);
    const body: string[] = [];
    let complete = false;
    let cursor = index + 1;
    for (; cursor < lines.length; cursor++) {
      const marker = markerOf(lines[cursor]!);
      const ends =
        marker?.kind === 'END' &&
        (marker.type === begin.type || (begin.type === 'SIGNED MESSAGE' && marker.type === 'SIGNATURE'));
      if (ends) {
        complete = true;
        break;
      }
      if (marker?.kind === 'BEGIN' && !(begin.type === 'SIGNED MESSAGE' && marker.type === 'SIGNATURE')) break;
      body.push(lines[cursor]!);
    }
    blocks.push(buildBlock(begin.type, body, complete, depth));
    index = complete ? cursor + 1 : cursor;
  }
  return blocks;
}

/** Finds the first block, or says clearly why there is none. */
export function findFirstBlock(text: string): ArmorBlock {
  if (text.trim() === '') throw new SealmailError('empty_input');
  const [block] = findArmorBlocks(text);
  if (!block) throw new SealmailError('no_armor');
  return block;
}

export interface Dearmored {
  type: ArmorType;
  bytes: Uint8Array;
}

/** Decodes a block found by `findArmorBlocks` (not a cleartext-signed one), checking its checksum. */
export function dearmor(block: ArmorBlock): Dearmored {
  if (block.problem === 'truncated') throw new SealmailError('armor_truncated');
  if (block.problem === 'corrupt') throw new SealmailError('armor_corrupt');
  const section = SECTIONS.get(block) ?? readDataLines(block.armor.split('\n').slice(1, -2));
  if (section.corrupt) throw new SealmailError('armor_corrupt');
  const bytes = decodeBase64(section.lines.join(''));
  if (!bytes || bytes.length === 0) throw new SealmailError('armor_corrupt');
  if (section.checksum !== null && crc24Base64(bytes) !== section.checksum) {
    throw new SealmailError('armor_checksum');
  }
  return { type: block.type, bytes };
}

/** Armors binary OpenPGP data, with a CRC-24 checksum line for older readers. */
export function armorBytes(type: Exclude<ArmorType, 'SIGNED MESSAGE'>, bytes: Uint8Array): string {
  return `${beginLine(type)}\n\n${encodeBase64Lines(bytes)}=${crc24Base64(bytes)}\n${endLine(type)}\n`;
}
