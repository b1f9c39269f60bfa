/**
 * Base64 and CRC-24 for ASCII armor. Written here rather than taken from the OpenPGP library
 * because armoring dominates the time of sealing a large message, and a table-driven encoder that
 * writes bytes straight into one buffer is several times faster than string concatenation.
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

/** Encodes bytes as base64, broken into lines of `lineLength` characters ended by "\n". */
export function encodeBase64Lines(bytes: Uint8Array, lineLength = 64): string {
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

/** Encodes bytes as base64 on one line (for JSON messages and file inputs, not armor). */
export function encodeBase64(bytes: Uint8Array): string {
  const line = encodeBase64Lines(bytes, Infinity);
  return line.endsWith('\n') ? line.slice(0, -1) : line;
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

const CRC24_INIT = 0xb704ce;
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
 * Four bytes at a time ("slicing by 4"): the CRC register held in the top 24 bits of 32, and
 * SLICES[k][i] the register after byte i followed by k zero bytes.
 */
const SLICES = (() => {
  const slices = [0, 1, 2, 3].map(() => new Uint32Array(256));
  for (let i = 0; i < 256; i++) slices[0]![i] = (CRC24_TABLE[i]! << 8) >>> 0;
  for (let k = 1; k < 4; k++) {
    for (let i = 0; i < 256; i++) {
      const previous = slices[k - 1]![i]!;
      slices[k]![i] = ((previous << 8) ^ slices[0]![previous >>> 24]!) >>> 0;
    }
  }
  return slices as [Uint32Array, Uint32Array, Uint32Array, Uint32Array];
})();

/** The CRC-24 of RFC 4880 section 6.1, used as the optional armor checksum. */
export function crc24(bytes: Uint8Array): number {
  const [t0, t1, t2, t3] = SLICES;
  let crc = (CRC24_INIT << 8) >>> 0;
  let i = 0;
  const whole = bytes.length - (bytes.length % 4);
  for (; i < whole; i += 4) {
    crc = (crc ^ ((bytes[i]! << 24) | (bytes[i + 1]! << 16) | (bytes[i + 2]! << 8) | bytes[i + 3]!)) >>> 0;
    crc = t3[crc >>> 24]! ^ t2[(crc >>> 16) & 255]! ^ t1[(crc >>> 8) & 255]! ^ t0[crc & 255]!;
  }
  crc >>>= 8;
  for (; i < bytes.length; i++) crc = ((crc << 8) & 0xffffff) ^ CRC24_TABLE[((crc >>> 16) ^ bytes[i]!) & 0xff]!;
  return crc;
}

export function crc24Base64(bytes: Uint8Array): string {
  const crc = crc24(bytes);
  return encodeBase64Lines(new Uint8Array([crc >>> 16, (crc >>> 8) & 255, crc & 255]), 4).trim();
}

export interface ArmorData {
  bytes: Uint8Array;
  /** The checksum line's four characters, or null when there is none (not checked here). */
  checksum: string | null;
  /** Whether every line but the last data line has 64 characters and lines end in "\n" alone: clean armor as it stands. */
  canonical: boolean;
}

/** The platform's own base64 decoder: `Uint8Array.fromBase64` in browsers that have it, Node's Buffer, else atob. */
const nativeFromBase64 = (Uint8Array as unknown as { fromBase64?: (text: string) => Uint8Array }).fromBase64;
const nodeBuffer = (globalThis as { Buffer?: { from(text: string, encoding: 'base64'): Uint8Array } }).Buffer;
function decodeNative(base64: string): Uint8Array {
  if (nativeFromBase64) return nativeFromBase64(base64);
  if (nodeBuffer) {
    const buffer = nodeBuffer.from(base64, 'base64');
    return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.length);
  }
  const binary = atob(base64);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

const BASE64_TEXT = /^[A-Za-z0-9+/\n]*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?\n$/;

/**
 * Decodes the data lines of a clean armor block, `text` from `from` to `to` (base64 lines ended
 * by "\n", then perhaps an "=XXXX" checksum line), with the platform's own decoder after one
 * check of the characters; the CRC-24 is left to the caller. Null for anything else (a blank line,
 * CR line ends, a space, a quote mark, text after the padding): the tolerant line-by-line reading
 * takes over then.
 */
export function decodeArmorData(text: string, from: number, to: number): ArmorData | null {
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
  if (!BASE64_TEXT.test(data)) return null;
  // Line lengths: every line but the last of 64 characters is canonical; an empty line is not armor as tools write it.
  let canonical = true;
  for (let at = 0; at < data.length; ) {
    const next = data.indexOf('\n', at);
    const length = next - at;
    if (length === 0) return null;
    if (length !== 64 && next !== data.length - 1) canonical = false;
    if (length > 64) canonical = false;
    at = next + 1;
  }
  const bytes = decodeNative(data);
  if (bytes.length === 0) return null;
  return { bytes, checksum, canonical };
}
