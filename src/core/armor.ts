/**
 * Finding ASCII-armored OpenPGP blocks in text as webmail read views render it, and turning them
 * back into clean armor. No OpenPGP library here: the content script uses this module too.
 */
import { armorDataPieces, CRC24_INIT, crc24, crc24Base64, crc24Text, decodeArmorData, decodeBase64, encodeBase64Lines, type ArmorData, type ArmorDataPieces } from './base64';
import { SealmailError } from './errors';
import { concat } from './packets';

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
  /** Where the armor stands in the text it was found in: its first character, and the end of its last. */
  start: number;
  end: number;
}

/** Longer text is refused (`message_too_large`): above any webmail's message limit, base64 included. */
export const MAX_TEXT_LENGTH = 64 * 1024 * 1024;
/** More BEGIN lines than this in one text are refused (`message_too_large`): no real mail holds so many. */
export const MAX_BLOCKS = 64;

const DASH_CHARS = new Set(['-', '\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '\u2015', '\u2212', '\uFE58', '\uFE63', '\uFF0D']);
const INVISIBLE = /[\u200B-\u200D\u2060\uFEFF\u00AD\u202A-\u202E\u2066-\u2069]/g;
const INVISIBLE_CHAR = /^[\u200B-\u200D\u2060\uFEFF\u00AD\u202A-\u202E\u2066-\u2069]$/;
const ODD_SPACE = /[\u00A0\u2000-\u200A\u202F\u205F\u3000\t]/g;
const QUOTE_PREFIX = /^ *(?:> ?)*/;
const BASE64_LINE = /^[A-Za-z0-9+/=]+$/;
const CHECKSUM_LINE = /^=[A-Za-z0-9+/]{4}$/;
const HEADER_LINE = /^[A-Za-z][A-Za-z0-9-]*:/;
/** Bounds on the parts of a marker line, so that a hostile line of dashes costs linear time. */
const MAX_DASHES = 64;
const MAX_GAP = 8;

const NEEDS_NORMALIZING = /[\r\t<&\u00A0-\uFFFF]/;

/** Undoes what read views do to one line of plain text: markup remnants, invisible characters, odd spaces. */
function normalizeLine(raw: string): string {
  // Clean armor, the common case, is plain ASCII: one scan instead of four rewrites.
  if (!NEEDS_NORMALIZING.test(raw)) return raw;
  return raw.replace(/<wbr\s*\/?>/gi, '').replace(/&nbsp;/gi, ' ').replace(INVISIBLE, '').replace(ODD_SPACE, ' ');
}

/** Where the `target`-th character of `normalizeLine(raw)` came from in `raw`. */
function rawIndex(raw: string, target: number): number {
  if (!NEEDS_NORMALIZING.test(raw)) return target;
  let kept = 0;
  let index = 0;
  while (index < raw.length && kept < target) {
    const wbr = raw[index] === '<' ? /^<wbr\s*\/?>/i.exec(raw.slice(index, index + 8)) : null;
    if (wbr) index += wbr[0].length;
    else if (raw[index] === '&' && raw.slice(index, index + 6).toLowerCase() === '&nbsp;') {
      index += 6;
      kept++;
    } else {
      if (!INVISIBLE_CHAR.test(raw[index]!)) kept++;
      index++;
    }
  }
  return index;
}

interface Line {
  /** The line as the page had it, without its line break. */
  raw: string;
  /** Offsets of the line's first character and of its end in the whole text. */
  start: number;
  end: number;
}

/**
 * The lines of `text`, ended by LF, CRLF or CR, one at a time: no array of all lines is made.
 * `cursor.at` is where the next line begins; a reader that took a whole block at once moves it on.
 */
function* linesOf(text: string, cursor: { at: number }): Generator<Line> {
  let nextCr = text.indexOf('\r');
  while (cursor.at <= text.length) {
    const start = cursor.at;
    let nextLf = text.indexOf('\n', start);
    if (nextLf < 0) nextLf = text.length;
    if (nextCr >= 0 && nextCr < start) nextCr = text.indexOf('\r', start);
    const end = nextCr >= 0 && nextCr < nextLf ? nextCr : nextLf;
    cursor.at = end >= text.length ? text.length + 1 : end + (text[end] === '\r' && text[end + 1] === '\n' ? 2 : 1);
    yield { raw: text.slice(start, end), start, end };
  }
}

interface Marker {
  kind: 'BEGIN' | 'END';
  type: ArmorType;
  /** Where the marker's dashes begin and end in the (normalized) line. */
  index: number;
  end: number;
}

const isDash = (char: string | undefined) => char !== undefined && DASH_CHARS.has(char);

/**
 * The first "-----BEGIN PGP X-----" or "-----END PGP X-----" at or after `from`, dashes of any
 * kind, in time linear in the line: each candidate is found by indexOf and checked in a bounded window.
 */
function markerIn(line: string, from = 0): Marker | null {
  for (let at = line.indexOf('PGP ', from); at >= 0; at = line.indexOf('PGP ', at + 4)) {
    const kind = line.startsWith('BEGIN ', at - 6) ? 'BEGIN' : line.startsWith('END ', at - 4) ? 'END' : null;
    if (!kind) continue;
    let dashesEnd = at - kind.length - 1;
    while (dashesEnd > 0 && line[dashesEnd - 1] === ' ' && at - kind.length - 1 - dashesEnd < MAX_GAP) dashesEnd--;
    let index = dashesEnd;
    while (index > 0 && isDash(line[index - 1]) && dashesEnd - index < MAX_DASHES) index--;
    if (index === dashesEnd) continue;
    const type = ARMOR_TYPES.find((candidate) => line.startsWith(candidate, at + 4));
    if (!type) continue;
    let cursor = at + 4 + type.length;
    const part = /^, PART \d{1,6}(?:\/\d{1,6})?/.exec(line.slice(cursor, cursor + 24));
    if (part) cursor += part[0].length;
    const gapStart = cursor;
    while (line[cursor] === ' ' && cursor - gapStart < MAX_GAP) cursor++;
    const dashesStart = cursor;
    while (isDash(line[cursor]) && cursor - dashesStart < MAX_DASHES) cursor++;
    if (cursor === dashesStart) continue;
    return { kind, type, index, end: cursor };
  }
  return null;
}

function markerOf(line: string): Marker | null {
  return line.includes('PGP ') ? markerIn(line) : null;
}

/** Whether only quoting stands before a marker on its line (so that the block takes the whole line). */
function startsLine(line: string, marker: Marker): boolean {
  return /^[ >]*$/.test(line.slice(0, marker.index));
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
/** Data of blocks read whole by the fast path, decoded already (the checksum is compared when asked). */
const DECODED = new WeakMap<ArmorBlock, ArmorData>();
/** Data of large clean blocks, left undecoded until it is read, a piece at a time. */
const PIECES = new WeakMap<ArmorBlock, ArmorDataPieces>();

/**
 * A clean block with more data than this many characters (about 12 MB of message) is not decoded
 * when it is found: opening it reads the data a piece at a time (`dearmorStream`), so that the
 * message is not held decoded whole beside the text it came in and the plaintext it gives. Smaller
 * messages are read whole, which is about twice as quick: GnuPG writes data in packets of 8 KB,
 * and a stream goes through the library's stream machinery once for each.
 */
export const STREAM_FROM = 16 * 1024 * 1024;
/** Lines of data decoded at a time: 192 KiB, large enough for each piece and its text to be allocated on its own, outside the young generation that small pieces would churn. */
const PIECE_LINES = 4096;

/**
 * Clean armor as tools write it, read in one pass: a BEGIN line alone on its line, perhaps header
 * lines, a blank line, base64 lines, perhaps a checksum, an END line alone on its line. The base64
 * is decoded on the way (its CRC-24 is left for when it is asked for); the block's armor is the
 * text itself when it is already canonical. Null for anything else, which the tolerant
 * line-by-line reading then takes. Base64 holds no "-", so the END line is where the first dash
 * after the data stands: one search for a single character, which costs no more than the next
 * marker's distance, so a text of many BEGIN lines stays linear.
 */
function readCleanBlock(text: string, at: Line, type: ArmorType): { block: ArmorBlock; next: number } | null {
  if (type === 'SIGNED MESSAGE' || text[at.end] !== '\n') return null;
  // Header lines ("Version: ...", "Comment: ..."), then the blank line.
  let dataStart = at.end + 1;
  for (let headers = 0; text[dataStart] !== '\n'; headers++) {
    const lineEnd = text.indexOf('\n', dataStart);
    if (headers >= 16 || lineEnd < 0 || !HEADER_LINE.test(text.slice(dataStart, Math.min(lineEnd, dataStart + 64)))) return null;
    dataStart = lineEnd + 1;
  }
  dataStart++;
  const dash = text.indexOf('-', dataStart);
  const endAt = dash - 1;
  if (dash < 0 || endAt <= dataStart || text[endAt] !== '\n' || !text.startsWith(endLine(type), dash)) return null;
  const after = dash + endLine(type).length;
  if (after < text.length && text[after] !== '\n' && text[after] !== '\r') return null;
  const next = after >= text.length ? text.length + 1 : after + (text[after] === '\r' && text[after + 1] === '\n' ? 2 : 1);
  const pieces = endAt + 1 - dataStart > STREAM_FROM ? armorDataPieces(text, dataStart, endAt + 1, PIECE_LINES) : null;
  if (pieces) {
    const block: ArmorBlock = { type, armor: `${beginLine(type)}\n\n${text.slice(dataStart, endAt + 1)}${endLine(type)}\n`, start: at.start, end: after };
    PIECES.set(block, pieces);
    return { block, next };
  }
  const data = decodeArmorData(text, dataStart, endAt + 1);
  if (!data) return null;
  const armor = data.canonical ? `${beginLine(type)}\n\n${text.slice(dataStart, endAt + 1)}${endLine(type)}\n` : null;
  const block: ArmorBlock = {
    type,
    armor: armor ?? encodeBase64Lines(data.bytes, 64, `${beginLine(type)}\n\n`, `${data.checksum === null ? '' : `=${data.checksum}\n`}${endLine(type)}\n`),
    start: at.start,
    end: after,
  };
  DECODED.set(block, data);
  return { block, next };
}

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
    return problem ? { type, armor: signed.armor, problem, start: 0, end: 0 } : { type, armor: signed.armor, start: 0, end: 0 };
  }
  const section = readDataLines(body);
  const armor = formatBlock(type, section);
  if (!complete) return { type, armor, problem: 'truncated', start: 0, end: 0 };
  if (section.corrupt) return { type, armor, problem: 'corrupt', start: 0, end: 0 };
  const block: ArmorBlock = { type, armor, start: 0, end: 0 };
  SECTIONS.set(block, section);
  return block;
}

interface InlineBlock {
  /** The lines the block should have had. */
  lines: string[];
  begin: Marker;
  end: Marker;
}

/** A line holding a whole block (line breaks lost), split into the lines it should have had. */
function splitInlineBlock(line: string, begin: Marker): InlineBlock | null {
  if (begin.kind !== 'BEGIN') return null;
  const end = markerIn(line, begin.end);
  if (!end || end.kind !== 'END') return null;
  const body = line
    .slice(begin.end, end.index)
    .trim()
    .split(/\s+/)
    .filter((token) => token !== '' && !/^>+$/.test(token));
  return { lines: [beginLine(begin.type), '', ...body], begin, end };
}

interface OpenBlock {
  type: ArmorType;
  depth: number;
  body: string[];
  start: number;
  /** The end of the last line that can belong to armor: a clipped block ends there, not at the text after it. */
  dataEnd: number;
}

const endsBlock = (open: OpenBlock, marker: Marker | null) =>
  marker?.kind === 'END' && (marker.type === open.type || (open.type === 'SIGNED MESSAGE' && marker.type === 'SIGNATURE'));
const beginsAnother = (open: OpenBlock, marker: Marker | null) =>
  marker?.kind === 'BEGIN' && !(open.type === 'SIGNED MESSAGE' && marker.type === 'SIGNATURE');

/** Whether a line inside a block can be part of armor (data, checksum, header or blank), for where a clipped block ends. */
function looksLikeArmor(line: string): boolean {
  const bare = line.replace(QUOTE_PREFIX, '').trim();
  return bare === '' || BASE64_LINE.test(bare) || HEADER_LINE.test(bare);
}

/**
 * Finds every armored block in `text`, in order, in one pass over its lines and in linear time.
 * A block whose END line is missing is returned with problem "truncated" (a clipped message), one
 * with characters that cannot be base64 with problem "corrupt". Each block says where it stands
 * in `text`, so that a read view can replace the armor alone and keep the text around it.
 * Text over `MAX_TEXT_LENGTH` or with more than `MAX_BLOCKS` blocks is refused with `message_too_large`.
 */
export function findArmorBlocks(text: string): ArmorBlock[] {
  if (text.length > MAX_TEXT_LENGTH) throw new SealmailError('message_too_large', { limit: 'size' });
  const blocks: ArmorBlock[] = [];
  let open: OpenBlock | null = null;
  const close = (block: OpenBlock, complete: boolean, end: number): null => {
    const built = buildBlock(block.type, block.body, complete, block.depth);
    built.start = block.start;
    built.end = complete ? end : block.dataEnd;
    blocks.push(built);
    return null;
  };
  const begin = (marker: Marker, line: string, at: Line): OpenBlock => {
    if (blocks.length >= MAX_BLOCKS) throw new SealmailError('message_too_large', { limit: 'blocks' });
    const start = startsLine(line, marker) ? at.start : at.start + rawIndex(at.raw, marker.index);
    return { type: marker.type, depth: quoteDepth(line), body: [], start, dataEnd: at.end };
  };
  const markerEnd = (line: string, marker: Marker, at: Line) =>
    line.slice(marker.end).trim() === '' ? at.end : at.start + rawIndex(at.raw, marker.end);

  const cursor = { at: 0 };
  for (const at of linesOf(text, cursor)) {
    const line = normalizeLine(at.raw);
    let marker = markerOf(line);
    if (!open && marker?.kind === 'BEGIN' && marker.index === 0 && marker.end === line.length && line === at.raw) {
      const clean = readCleanBlock(text, at, marker.type);
      if (clean) {
        if (blocks.length >= MAX_BLOCKS) throw new SealmailError('message_too_large', { limit: 'blocks' });
        blocks.push(clean.block);
        cursor.at = clean.next;
        continue;
      }
    }
    // "- -----BEGIN ..." is a dash-escaped line of signed text, not a marker.
    if (marker && /^[ >]*- $/.test(line.slice(0, marker.index))) marker = null;
    if (open && !marker) {
      open.body.push(line);
      if (open.type === 'SIGNED MESSAGE' || looksLikeArmor(line)) open.dataEnd = at.end;
      continue;
    }
    if (open && endsBlock(open, marker)) {
      open = close(open, true, markerEnd(line, marker!, at));
      continue;
    }
    if (open && !beginsAnother(open, marker)) {
      open.body.push(line);
      open.dataEnd = at.end;
      continue;
    }
    if (open) open = close(open, false, at.start);
    if (marker?.kind !== 'BEGIN') continue;
    const inline = splitInlineBlock(line, marker);
    open = begin(marker, line, at);
    if (inline) {
      open.body.push(...inline.lines.slice(1));
      open = close(open, true, markerEnd(line, inline.end, at));
    }
  }
  if (open) close(open, false, text.length);
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

/** Decoded data whose CRC-24 is checked only when asked. */
export interface DearmoredLater extends Dearmored {
  /** Whether the checksum line, if there is one, matches the data (worked out once, on the first call). */
  checksumMatches(): boolean;
}

/** Decodes a block found by `findArmorBlocks` (not a cleartext-signed one), checking its checksum. */
export function dearmor(block: ArmorBlock): Dearmored {
  const decoded = dearmorLater(block);
  if (!decoded.checksumMatches()) throw new SealmailError('armor_checksum');
  return { type: decoded.type, bytes: decoded.bytes };
}

/**
 * Decodes a block without checking its CRC-24 yet. RFC 9580 (section 6.1) says a reader must not
 * refuse data for its checksum: a message's own integrity check and signature say whether it is
 * whole. Opening a message asks for the checksum only when opening fails, to tell damage on the way
 * from a changed message; that saves a pass over every message that opens.
 */
export function dearmorLater(block: ArmorBlock): DearmoredLater {
  if (block.problem === 'truncated') throw new SealmailError('armor_truncated');
  if (block.problem === 'corrupt') throw new SealmailError('armor_corrupt');
  let bytes: Uint8Array;
  let checksum: string | null;
  const decoded = DECODED.get(block) ?? PIECES.get(block)?.whole();
  if (PIECES.has(block) && !decoded) throw new SealmailError('armor_corrupt');
  if (decoded) {
    ({ bytes, checksum } = decoded);
  } else {
    const section = SECTIONS.get(block) ?? readDataLines(block.armor.split('\n').slice(1, -2));
    if (section.corrupt) throw new SealmailError('armor_corrupt');
    const read = decodeBase64(section.lines.join(''));
    if (!read || read.length === 0) throw new SealmailError('armor_corrupt');
    bytes = read;
    checksum = section.checksum;
  }
  let matches: boolean | undefined;
  return { type: block.type, bytes, checksumMatches: () => (matches ??= checksum === null || crc24Base64(bytes) === checksum) };
}

/** A large block's data as a stream of pieces, decoded as they are read. */
export interface DearmoredStream {
  type: ArmorType;
  /** The first piece (tens of kilobytes): enough to tell what the data holds before it is read. */
  head: Uint8Array;
  /** Every byte, the head included, a piece at a time; it fails with `armor_corrupt` at a piece that is not base64. */
  stream: ReadableStream<Uint8Array>;
  /** Whether a piece read so far was not base64. */
  corrupt(): boolean;
  /** Whether the checksum line, if there is one, matches the data. */
  checksumMatches(): boolean;
}

/**
 * The data of a large clean block (one `findArmorBlocks` left undecoded) as a stream, so that
 * what reads it can let each piece go once it is used; null for any other block, which
 * `dearmorLater` reads whole.
 */
export function dearmorStream(block: ArmorBlock): DearmoredStream | null {
  const pieces = PIECES.get(block);
  if (!pieces) return null;
  const head = pieces.piece(0);
  if (!head) throw new SealmailError('armor_corrupt');
  let index = 0;
  let corrupt = false;
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (index === pieces.count) {
          controller.close();
          return;
        }
        const bytes = index === 0 ? head : pieces.piece(index);
        index++;
        if (!bytes) {
          corrupt = true;
          controller.error(new SealmailError('armor_corrupt'));
          return;
        }
        controller.enqueue(bytes);
      },
    },
    { highWaterMark: 0 },
  );
  let matches: boolean | undefined;
  return {
    type: block.type,
    head,
    stream,
    corrupt: () => corrupt,
    // A pass of its own over the data, a piece at a time: asked only when a message fails to open.
    checksumMatches: () => (matches ??= pieces.checksum === null || checksumOf(pieces) === pieces.checksum),
  };
}

/** The checksum line's four characters for every piece's bytes, or null when a piece is not base64. */
function checksumOf(pieces: ArmorDataPieces): string | null {
  let crc: number | undefined;
  for (let i = 0; i < pieces.count; i++) {
    const bytes = pieces.piece(i);
    if (!bytes) return null;
    crc = crc24(bytes, crc);
  }
  return crc === undefined ? null : crc24Text(crc);
}

/**
 * Armors binary OpenPGP data, with the CRC-24 checksum line. RFC 9580 lets writers leave it out,
 * but GnuPG 2.2 needs it: without it, a last line that ends without "=" padding runs on into the
 * END line, which gpg then reads as broken base64 (the interop tests show it).
 */
export function armorBytes(type: Exclude<ArmorType, 'SIGNED MESSAGE'>, data: Uint8Array | readonly Uint8Array[]): string {
  const parts = data instanceof Uint8Array ? [data] : wholeLines(data);
  let crc = CRC24_INIT;
  for (const part of parts) crc = crc24(part, crc);
  return encodeBase64Lines(parts, 64, `${beginLine(type)}\n\n`, `=${crc24Text(crc)}\n${endLine(type)}\n`);
}

/** Bytes of one armor line. */
const LINE_BYTES = 48;

/**
 * Pieces of data as parts that are whole armor lines but the last, the pieces not copied: a line
 * that runs from one piece into the next is copied into a part of its own.
 */
function wholeLines(pieces: readonly Uint8Array[]): Uint8Array[] {
  const parts: Uint8Array[] = [];
  // The start of a line not yet whole.
  let open: Uint8Array = new Uint8Array(0);
  for (const piece of pieces) {
    let from = 0;
    if (open.length > 0) {
      from = Math.min(piece.length, LINE_BYTES - open.length);
      open = concat([open, piece.subarray(0, from)]);
      if (open.length < LINE_BYTES) continue;
      parts.push(open);
    }
    const end = from + Math.floor((piece.length - from) / LINE_BYTES) * LINE_BYTES;
    if (end > from) parts.push(piece.subarray(from, end));
    open = piece.subarray(end);
  }
  if (open.length > 0) parts.push(open);
  return parts;
}
