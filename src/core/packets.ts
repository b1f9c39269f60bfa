/** Reading OpenPGP packet headers, and writing new-format ones, without the OpenPGP library (the UI uses this too). */

export const PACKET_TAG = {
  signature: 2,
  onePassSignature: 4,
  secretKey: 5,
  publicKey: 6,
  literalData: 11,
  userId: 13,
  publicSubkey: 14,
  userAttribute: 17,
  encryptedData: 18,
} as const;

/** A new-format packet header for a body of `length` bytes (RFC 9580, section 4.2.1). */
export function packetHeader(tag: number, length: number): Uint8Array {
  if (length < 192) return new Uint8Array([0xc0 | tag, length]);
  if (length < 8384) return new Uint8Array([0xc0 | tag, ((length - 192) >> 8) + 192, (length - 192) & 0xff]);
  return new Uint8Array([0xc0 | tag, 255, length >>> 24, (length >>> 16) & 0xff, (length >>> 8) & 0xff, length & 0xff]);
}

/** The tag of the first packet, read from its header (old or new format); null when it is not OpenPGP. */
export function firstPacketTag(bytes: Uint8Array): number | null {
  const header = bytes[0];
  if (header === undefined || (header & 0x80) === 0) return null;
  return header & 0x40 ? header & 0x3f : (header >> 2) & 0x0f;
}

/** Packets a binary OpenPGP file can begin with: session keys, signatures, keys, compressed, literal, encrypted data. */
const FIRST_TAGS = new Set([1, 2, 3, 4, 5, 6, 8, 11, 18, 20]);

/** Binary OpenPGP, not text: a known first packet, and bytes that are not plain UTF-8 text (é also sets the high bit). */
export function isBinaryOpenPgp(bytes: Uint8Array): boolean {
  const tag = firstPacketTag(bytes);
  if (tag === null || !FIRST_TAGS.has(tag)) return false;
  const head = bytes.subarray(0, 4096);
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
    // Text has no control characters but tab, line feed, form feed and carriage return.
    return [...text].some((character) => { const code = character.charCodeAt(0); return code < 0x20 && code !== 9 && code !== 10 && code !== 12 && code !== 13; });
  } catch {
    return true;
  }
}

interface Header {
  tag: number;
  /** Where the body (or its first partial chunk) starts, and that chunk's length. */
  start: number;
  length: number;
  /** Whether more chunks follow (a new-format partial body length). */
  partial: boolean;
}

/** One body length in new format at `at`; null when it runs past the data. */
function newLength(bytes: Uint8Array, at: number): { start: number; length: number; partial: boolean } | null {
  const first = bytes[at];
  if (first === undefined) return null;
  if (first < 192) return { start: at + 1, length: first, partial: false };
  if (first < 224) {
    const second = bytes[at + 1];
    return second === undefined ? null : { start: at + 2, length: ((first - 192) << 8) + second + 192, partial: false };
  }
  if (first < 255) return { start: at + 1, length: 1 << (first & 0x1f), partial: true };
  if (at + 5 > bytes.length) return null;
  return { start: at + 5, length: uint32At(bytes, at + 1), partial: false };
}

/** The big-endian 32-bit number at `at`. */
export function uint32At(bytes: Uint8Array, at: number): number {
  return ((bytes[at]! << 24) | (bytes[at + 1]! << 16) | (bytes[at + 2]! << 8) | bytes[at + 3]!) >>> 0;
}

function headerAt(bytes: Uint8Array, at: number): Header | null {
  const octet = bytes[at];
  if (octet === undefined || (octet & 0x80) === 0) return null;
  if (octet & 0x40) {
    const length = newLength(bytes, at + 1);
    return length && { tag: octet & 0x3f, ...length };
  }
  const type = octet & 3;
  const size = [1, 2, 4, 0][type]!;
  if (size === 0) return { tag: (octet >> 2) & 0x0f, start: at + 1, length: bytes.length - at - 1, partial: false };
  if (at + 1 + size > bytes.length) return null;
  let length = 0;
  for (let i = 0; i < size; i++) length = length * 256 + bytes[at + 1 + i]!;
  return { tag: (octet >> 2) & 0x0f, start: at + 1 + size, length, partial: false };
}

/**
 * The first `want` bytes of the body of the first packet with `tag` (fewer if the body is
 * shorter), reading partial body chunks in order; null when there is no such packet.
 */
export function packetBodyStart(bytes: Uint8Array, tag: number, want: number): Uint8Array | null {
  let at = 0;
  while (at < bytes.length) {
    const header = headerAt(bytes, at);
    if (!header) return null;
    const chunks: Uint8Array[] = [];
    let got = 0;
    let chunk: { start: number; length: number; partial: boolean } | null = header;
    for (;;) {
      if (header.tag === tag && got < want) {
        const piece = bytes.subarray(chunk.start, Math.min(chunk.start + chunk.length, chunk.start + want - got, bytes.length));
        chunks.push(piece);
        got += piece.length;
      }
      const next: number = chunk.start + chunk.length;
      if (!chunk.partial) {
        at = next;
        break;
      }
      chunk = newLength(bytes, next);
      if (!chunk) return header.tag === tag ? concat(chunks, got) : null;
    }
    if (header.tag === tag) return concat(chunks, got);
  }
  return null;
}

/** Where the packet with this header ends, following partial body chunks; null when it runs past the data. */
function packetEnd(bytes: Uint8Array, header: Header): number | null {
  let chunk: { start: number; length: number; partial: boolean } | null = header;
  while (chunk.partial) {
    chunk = newLength(bytes, chunk.start + chunk.length);
    if (!chunk) return null;
  }
  const end = chunk.start + chunk.length;
  return end <= bytes.length ? end : null;
}

/**
 * Binary keys cut into one piece per key (each piece starts at a primary key packet, as a
 * transferable key does), so that a keyring export can be read a few keys at a time. Bytes whose
 * packets cannot be followed to the end come back whole, for the OpenPGP library to judge.
 */
export function splitKeys(bytes: Uint8Array): Uint8Array[] {
  const starts: number[] = [];
  let at = 0;
  while (at < bytes.length) {
    const header = headerAt(bytes, at);
    const end = header && packetEnd(bytes, header);
    if (!header || end === null) return [bytes];
    if (header.tag === PACKET_TAG.publicKey || header.tag === PACKET_TAG.secretKey || starts.length === 0) starts.push(at);
    at = end;
  }
  return starts.map((start, index) => bytes.subarray(start, starts[index + 1] ?? bytes.length));
}

/**
 * Each packet's tag and body, in order; null when a packet's length is not given in its header
 * (partial or indeterminate) or runs past the data.
 */
export function wholePackets(bytes: Uint8Array): Array<{ tag: number; body: Uint8Array }> | null {
  const packets: Array<{ tag: number; body: Uint8Array }> = [];
  let at = 0;
  while (at < bytes.length) {
    const octet = bytes[at]!;
    if ((octet & 0xc3) === 0x83) return null;
    const header = headerAt(bytes, at);
    if (!header || header.partial || header.start + header.length > bytes.length) return null;
    at = header.start + header.length;
    packets.push({ tag: header.tag, body: bytes.subarray(header.start, at) });
  }
  return packets;
}

/** The chunks one after another in one buffer of `length` bytes. */
export function concat(chunks: readonly Uint8Array[], length = chunks.reduce((sum, chunk) => sum + chunk.length, 0)): Uint8Array {
  const out = new Uint8Array(length);
  let offset = 0;
  for (const piece of chunks) {
    out.set(piece, offset);
    offset += piece.length;
  }
  return out;
}

/** What the library's streams give to read: a web stream, or its own stream of chunks held in an array. */
export interface ChunkSource<T> {
  getReader(): { read(): Promise<ReadableStreamReadResult<T>> };
}

/** Every chunk of a stream the library gives, in order. */
export async function chunksOf<T>(stream: ChunkSource<T>): Promise<T[]> {
  const chunks: T[] = [];
  const reader = stream.getReader();
  for (let next = await reader.read(); !next.done; next = await reader.read()) chunks.push(next.value);
  return chunks;
}
