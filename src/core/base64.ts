/**
 * Base64 and CRC-24 for ASCII armor. Written here rather than taken from the OpenPGP library
 * because armoring dominates the time of sealing a large message: the platform's own base64 coder
 * does the work where there is one, and a table-driven encoder that writes bytes straight into one
 * buffer, several times faster than string concatenation, where there is none.
 */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const ENCODE = new Uint8Array(64);
const DECODE = new Int16Array(256).fill(-1);
for (let i = 0; i < 64; i++) {
  const code = ALPHABET.charCodeAt(i);
  ENCODE[i] = code;
  DECODE[code] = i;
}

const NEWLINE = 10;
const PAD = 61; // '='

/** The platform's own base64 coders: `Uint8Array.fromBase64` and `toBase64` in browsers that have them, else Node's Buffer. */
const nativeFromBase64 = (Uint8Array as unknown as { fromBase64?: (text: string) => Uint8Array }).fromBase64;
const nativeToBase64 = (Uint8Array.prototype as { toBase64?: (this: Uint8Array) => string }).toBase64;
/** What is used of Node's Buffer, which tests and benchmarks run on. */
interface NodeBuffer {
  buffer: ArrayBufferLike;
  byteOffset: number;
  length: number;
  [index: number]: number;
  toString(encoding: 'base64' | 'latin1', start?: number, end?: number): string;
  latin1Write(text: string, offset: number): number;
  copyWithin(target: number, start: number, end: number): unknown;
}
interface NodeBufferClass {
  from(text: string, encoding: 'base64'): NodeBuffer;
  from(buffer: ArrayBufferLike, offset: number, length: number): NodeBuffer;
  allocUnsafe(size: number): NodeBuffer;
  byteLength(text: string, encoding: 'utf8'): number;
}
const nodeBuffer = (globalThis as unknown as { Buffer?: NodeBufferClass }).Buffer;

/**
 * `before`, then the bytes as base64 broken into lines of `lineLength` characters each ended by
 * "\n", then `after`. `before` is empty or ends with "\n". The bytes may come in parts, each but
 * the last a whole number of lines (`lineLength` / 4 * 3 bytes). Large input gives one flat
 * string made a slice of input at a time: no string of the whole base64 is made beside it (armor
 * of 10 MB takes half the time when its memory is fresh), and it is not copied again when it is
 * sent on.
 */
export function encodeBase64Lines(data: Uint8Array | readonly Uint8Array[], lineLength = 64, before = '', after = ''): string {
  const parts = data instanceof Uint8Array ? [data] : data;
  const lineBytes = (lineLength / 4) * 3;
  if (parts.some((part, index) => index < parts.length - 1 && part.length % lineBytes !== 0)) throw new Error('Only the last part may end within a line');
  if (before && !before.endsWith('\n')) throw new Error('The text before the lines must end with a line end');
  const total = parts.reduce((sum, part) => sum + part.length, 0);
  if (total < NATIVE_FROM || lineLength % 4 !== 0 || !(nativeToBase64 || nodeBuffer)) return before + parts.map((part) => encodeBase64LinesInScript(part, lineLength)).join('') + after;
  // A slice is whole lines of input, a few tens of kilobytes.
  const slice = lineBytes * 1024;
  if (nativeToBase64) {
    // Joined with "\n": `before` without its last line end, each line, then `after` (or '' for the last line end).
    const lines: string[] = before ? [before.slice(0, -1)] : [];
    for (const part of parts) {
      for (let from = 0; from < part.length; from += slice) {
        const text = nativeToBase64.call(part.subarray(from, from + slice));
        for (let at = 0; at < text.length; at += lineLength) lines.push(text.slice(at, at + lineLength));
      }
    }
    lines.push(after);
    return lines.join('\n');
  }
  // Node's base64 of each slice written into one buffer, then its lines moved into their places from the last one back.
  const node = nodeBuffer!;
  const chars = Math.ceil(total / 3) * 4;
  const out = node.allocUnsafe(before.length + chars + Math.ceil(chars / lineLength) + after.length);
  let at = out.latin1Write(before, 0);
  for (const part of parts) {
    for (let from = 0; from < part.length; from += slice) {
      const text = node.from(part.buffer, part.byteOffset + from, Math.min(slice, part.length - from)).toString('base64');
      out.latin1Write(text, at);
      const count = Math.ceil(text.length / lineLength);
      for (let line = count - 1; line >= 0; line--) {
        const start = line * lineLength;
        const end = Math.min(start + lineLength, text.length);
        out.copyWithin(at + start + line, at + start, at + end);
        out[at + end + line] = NEWLINE;
      }
      at += text.length + count;
    }
  }
  at += out.latin1Write(after, at);
  return out.toString('latin1', 0, at);
}

/** Encodes bytes as base64 on one line (for JSON messages and file inputs, not armor). */
export function encodeBase64(bytes: Uint8Array): string {
  if (nativeToBase64) return nativeToBase64.call(bytes);
  if (nodeBuffer) return nodeBuffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('base64');
  const line = encodeBase64LinesInScript(bytes, Infinity);
  return line.endsWith('\n') ? line.slice(0, -1) : line;
}

/** Below this many bytes the script encoder is as quick as any: no call into the platform is worth it. */
const NATIVE_FROM = 4096;

/** `encodeBase64Lines` in script alone, for platforms without a base64 coder of their own (and to test the others against). */
export function encodeBase64LinesInScript(bytes: Uint8Array, lineLength = 64): string {
  const quads = Math.ceil(bytes.length / 3);
  const chars = quads * 4;
  const lines = Math.ceil(chars / lineLength);
  const out = new Uint8Array(chars + lines);
  const quadsPerLine = lineLength / 4;
  let o = 0;
  let i = 0;
  let inLine = 0;
  const whole = bytes.length - (bytes.length % 3);
  while (i < whole) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out[o] = ENCODE[n >>> 18]!;
    out[o + 1] = ENCODE[(n >>> 12) & 63]!;
    out[o + 2] = ENCODE[(n >>> 6) & 63]!;
    out[o + 3] = ENCODE[n & 63]!;
    o += 4;
    i += 3;
    if (++inLine === quadsPerLine) {
      out[o++] = NEWLINE;
      inLine = 0;
    }
  }
  const rest = bytes.length - whole;
  if (rest > 0) {
    const n = (bytes[i]! << 16) | ((rest === 2 ? bytes[i + 1]! : 0) << 8);
    out[o] = ENCODE[n >>> 18]!;
    out[o + 1] = ENCODE[(n >>> 12) & 63]!;
    out[o + 2] = rest === 2 ? ENCODE[(n >>> 6) & 63]! : PAD;
    out[o + 3] = PAD;
    o += 4;
    inLine++;
  }
  if (inLine > 0) out[o++] = NEWLINE;
  return asciiText(out.subarray(0, o));
}

/** The encoder's output is ASCII alone, which the UTF-8 decoder turns into a string several times faster than a latin1 one. */
function asciiText(bytes: Uint8Array): string {
  return new TextDecoder().decode(bytes);
}

/** Decodes base64 with no whitespace in it; returns null when a character or the padding is invalid. */
export function decodeBase64(text: string): Uint8Array | null {
  let end = text.length;
  let padding = 0;
  while (end > 0 && text.charCodeAt(end - 1) === PAD && padding < 2) {
    end--;
    padding++;
  }
  if ((end + padding) % 4 !== 0 && padding > 0) return null;
  const remainder = end % 4;
  if (remainder === 1) return null;
  const out = new Uint8Array(Math.floor((end * 3) / 4));
  let o = 0;
  let i = 0;
  const whole = end - remainder;
  while (i < whole) {
    const a = DECODE[text.charCodeAt(i)]!;
    const b = DECODE[text.charCodeAt(i + 1)]!;
    const c = DECODE[text.charCodeAt(i + 2)]!;
    const d = DECODE[text.charCodeAt(i + 3)]!;
    if ((a | b | c | d) < 0) return null;
    const n = (a << 18) | (b << 12) | (c << 6) | d;
    out[o] = n >>> 16;
    out[o + 1] = (n >>> 8) & 255;
    out[o + 2] = n & 255;
    o += 3;
    i += 4;
  }
  if (remainder > 0) {
    const a = DECODE[text.charCodeAt(i)]!;
    const b = DECODE[text.charCodeAt(i + 1)]!;
    const c = remainder === 3 ? DECODE[text.charCodeAt(i + 2)]! : 0;
    if ((a | b | c) < 0) return null;
    const n = (a << 18) | (b << 12) | (c << 6);
    out[o++] = n >>> 16;
    if (remainder === 3) out[o++] = (n >>> 8) & 255;
  }
  return out.subarray(0, o);
}

/** The CRC-24 of no bytes: where a CRC of data read a piece at a time starts. */
export const CRC24_INIT = 0xb704ce;
const CRC24_POLY = 0x864cfb;
const CRC24_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let crc = i << 16;
    for (let bit = 0; bit < 8; bit++) {
      crc <<= 1;
      if (crc & 0x1000000) crc ^= CRC24_POLY;
    }
    table[i] = crc & 0xffffff;
  }
  return table;
})();

/**
 * Eight bytes at a time ("slicing by 8"): the CRC register held in the top 24 bits of 32, and
 * SLICES[k * 256 + i] the register after byte i followed by k zero bytes. One table of signed
 * 32-bit numbers: a third quicker in V8 than eight tables of unsigned ones.
 */
const SLICES = (() => {
  const slices = new Int32Array(8 * 256);
  for (let i = 0; i < 256; i++) slices[i] = CRC24_TABLE[i]! << 8;
  for (let at = 256; at < slices.length; at++) {
    const previous = slices[at - 256]!;
    slices[at] = (previous << 8) ^ slices[previous >>> 24]!;
  }
  return slices;
})();

/**
 * The CRC-24 of RFC 4880 section 6.1, used as the optional armor checksum. `from` is the CRC of
 * the bytes before these, for data that comes a piece at a time.
 */
export function crc24(bytes: Uint8Array, from = CRC24_INIT): number {
  const t = SLICES;
  let crc = from << 8;
  let i = 0;
  const whole = bytes.length - (bytes.length % 8);
  for (; i < whole; i += 8) {
    // The register meets the first four bytes; the last four only shift through it.
    crc ^= (bytes[i]! << 24) | (bytes[i + 1]! << 16) | (bytes[i + 2]! << 8) | bytes[i + 3]!;
    crc =
      t[1792 + (crc >>> 24)]! ^
      t[1536 + ((crc >>> 16) & 255)]! ^
      t[1280 + ((crc >>> 8) & 255)]! ^
      t[1024 + (crc & 255)]! ^
      t[768 + bytes[i + 4]!]! ^
      t[512 + bytes[i + 5]!]! ^
      t[256 + bytes[i + 6]!]! ^
      t[bytes[i + 7]!]!;
  }
  crc = (crc >>> 8) & 0xffffff;
  for (; i < bytes.length; i++) crc = ((crc << 8) & 0xffffff) ^ CRC24_TABLE[((crc >>> 16) ^ bytes[i]!) & 0xff]!;
  return crc;
}

export function crc24Base64(bytes: Uint8Array): string {
  return crc24Text(crc24(bytes));
}

/** A CRC-24 as the four characters of an armor checksum line. */
export function crc24Text(crc: number): string {
  return encodeBase64Lines(new Uint8Array([crc >>> 16, (crc >>> 8) & 255, crc & 255]), 4).trim();
}

export interface ArmorData {
  bytes: Uint8Array;
  /** The checksum line's four characters, or null when there is none (not checked here). */
  checksum: string | null;
  /** Whether every line but the last data line has 64 characters and lines end in "\n" alone: clean armor as it stands. */
  canonical: boolean;
}

/**
 * Base64 (whitespace aside) decoded by the platform, or null when it is not base64 alone. The
 * browsers' decoder refuses any other character; Node's skips some and reads "-", "_" and
 * characters above U+00FF as digits, so they are refused here first; atob, the last resort, refuses.
 */
function decodeNative(base64: string): Uint8Array | null {
  try {
    if (nativeFromBase64) return nativeFromBase64(base64);
    if (nodeBuffer) {
      if (base64.indexOf('_') >= 0 || nodeBuffer.byteLength(base64, 'utf8') !== base64.length) return null;
      const buffer = nodeBuffer.from(base64, 'base64');
      return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.length);
    }
    const binary = atob(base64);
    const out = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
    return out;
  } catch {
    return null;
  }
}

/**
 * Decodes the data lines of a clean armor block, `text` from `from` to `to` (base64 lines ended
 * by "\n", then perhaps an "=XXXX" checksum line), with the platform's own decoder; the CRC-24 is
 * left to the caller. A decoder skips what it does not know, so the bytes it gives must be as many
 * as the characters between the line ends stand for: one character that is not base64 makes them
 * fewer. Null for anything else (a blank line, CR line ends, a space, a quote mark, padding before
 * the end): the tolerant line-by-line reading takes over then.
 */
export function decodeArmorData(text: string, from: number, to: number): ArmorData | null {
  const split = splitChecksum(text, from, to);
  if (!split) return null;
  const { data, checksum, padding } = split;
  const counted = canonicalLines(data) ?? otherLines(data);
  if (!counted) return null;
  const { chars, canonical } = counted;
  if (!paddingFits(chars, padding)) return null;
  const bytes = decodeNative(data);
  if (!bytes || bytes.length === 0 || bytes.length !== Math.floor(((chars - padding) * 3) / 4)) return null;
  return { bytes, checksum, canonical };
}

/** The data lines of a block and its checksum line's four characters, or null when that line is not one. */
function splitChecksum(text: string, from: number, to: number): { data: string; checksum: string | null; padding: number } | null {
  let dataEnd = to;
  let checksum: string | null = null;
  const last = text.lastIndexOf('\n', to - 2) + 1;
  if (last >= from && text.charCodeAt(last) === PAD) {
    checksum = text.slice(last + 1, to - 1);
    if (!/^[A-Za-z0-9+/]{4}$/.test(checksum)) return null;
    dataEnd = last;
  }
  if (dataEnd <= from) return null;
  const data = text.slice(from, dataEnd);
  return { data, checksum, padding: data.endsWith('==\n') ? 2 : data.endsWith('=\n') ? 1 : 0 };
}

const paddingFits = (chars: number, padding: number) => chars % 4 !== 1 && (padding === 0 || chars % 4 === 0);

/** The data of a large clean armor block, decoded a piece at a time. */
export interface ArmorDataPieces {
  /** The checksum line's four characters, or null when there is none. */
  checksum: string | null;
  count: number;
  /** The bytes of piece `index` (of `count`), or null when its characters are not base64 alone. */
  piece(index: number): Uint8Array | null;
  /** All of it at once, as `decodeArmorData` reads it. */
  whole(): ArmorData | null;
}

/**
 * The data lines of a clean armor block (what `decodeArmorData` takes) when they are laid out as
 * tools write them, 64 characters a line, else null. Nothing is decoded yet: each piece of
 * `linesPerPiece` lines is decoded when asked for, with the same checks as the whole, so that a
 * large message never needs to be held decoded all at once.
 */
export function armorDataPieces(text: string, from: number, to: number, linesPerPiece: number): ArmorDataPieces | null {
  const split = splitChecksum(text, from, to);
  const counted = split && canonicalLines(split.data);
  if (!split || !counted || !paddingFits(counted.chars, split.padding)) return null;
  const { data, padding } = split;
  const span = linesPerPiece * 65;
  return {
    checksum: split.checksum,
    count: Math.ceil(data.length / span),
    piece(index) {
      const start = index * span;
      const end = Math.min(start + span, data.length);
      const part = data.slice(start, end);
      // Every line of a piece ends in "\n"; only the last piece may hold padding.
      const chars = part.length - Math.ceil(part.length / 65);
      const bytes = start < end ? decodeNative(part) : null;
      const expected = Math.floor(((chars - (end === data.length ? padding : 0)) * 3) / 4);
      return bytes && bytes.length > 0 && bytes.length === expected ? bytes : null;
    },
    whole: () => decodeArmorData(text, from, to),
  };
}

interface LineCount {
  /** Characters other than the line ends. */
  chars: number;
  /** Whether every line but the last has 64 characters, and none more. */
  canonical: boolean;
}

/**
 * The count for lines of 64 characters and a shorter or equal last one, the way tools write them,
 * found by looking at every 65th character alone; null when the data is laid out any other way.
 * A line end between those places is not seen here, but the decoder skips it and so gives fewer
 * bytes than the count stands for.
 */
function canonicalLines(data: string): LineCount | null {
  const whole = Math.floor((data.length - 1) / 65);
  for (let line = 0, at = 64; line < whole; line++, at += 65) if (data.charCodeAt(at) !== NEWLINE) return null;
  const last = data.length - 1 - whole * 65;
  if (last === 0 || data.charCodeAt(data.length - 1) !== NEWLINE) return null;
  return { chars: whole * 64 + last, canonical: true };
}

/** The count for lines of any length, ended by "\n"; null for an empty line or data that does not end a line. */
function otherLines(data: string): LineCount | null {
  let canonical = true;
  let chars = 0;
  for (let at = 0; at < data.length; ) {
    const next = data.indexOf('\n', at);
    if (next < 0) return null;
    const length = next - at;
    if (length === 0) return null;
    if (length !== 64 && next !== data.length - 1) canonical = false;
    if (length > 64) canonical = false;
    chars += length;
    at = next + 1;
  }
  return { chars, canonical };
}
