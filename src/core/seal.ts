/**
 * Sealing: encrypt to recipients' keys and/or passwords, add the sender's own key so the sender
 * can read what they sent, sign with the sender's key, armor.
 */
import * as openpgp from 'openpgp';
import type { PartialConfig, PrivateKey, PublicKey } from 'openpgp';
import { armorBytes } from './armor';
import { SealmailError, type RecipientProblem, type RecipientProblemReason } from './errors';
import { chunksOf, concat, packetHeader, PACKET_TAG, type ChunkSource } from './packets';
import { WRITE_CONFIG, fingerprintHex, keyAddress, keyIdHex } from './pgp';

export interface SealOptions extends SealTo {
  text: string;
  /**
   * Compress (ZLIB) before encrypting, when every recipient's key lists ZLIB among its preferences
   * (as GnuPG's and Sealmail's keys do); uncompressed otherwise. For long text the armor is then
   * a fraction of the size, and that armor is what a webmail editor must hold.
   */
  compress?: boolean;
}

/** A file sealed on its own, as `name.pgp`: binary, its name kept in the literal data packet. */
export interface SealFileOptions extends SealTo {
  file: { name: string; bytes: Uint8Array };
}

interface SealTo {
  recipients?: readonly PublicKey[];
  passwords?: readonly string[];
  /** The sender's unlocked private key: signs the message and can decrypt it later. */
  sender?: PrivateKey;
  date?: Date;
}

async function problemWith(key: PublicKey, date: Date): Promise<RecipientProblemReason | null> {
  if (await key.isRevoked(undefined, undefined, date)) return 'revoked';
  const expiration = await key.getExpirationTime();
  if (expiration instanceof Date && expiration.getTime() <= date.getTime()) return 'expired';
  try {
    await key.getEncryptionKey(undefined, date);
    return null;
  } catch {
    return 'unusable';
  }
}

/** Refuses, naming every address and key, when any recipient key cannot be used. */
export async function checkRecipients(keys: readonly PublicKey[], date = new Date()): Promise<void> {
  const problems: RecipientProblem[] = [];
  for (const key of keys) {
    const reason = await problemWith(key, date);
    if (reason) problems.push({ address: await keyAddress(key), fingerprint: fingerprintHex(key), reason });
  }
  if (problems.length) throw new SealmailError('recipient_keys_unusable', { recipients: problems });
}

async function checkSender(sender: PrivateKey, date: Date): Promise<void> {
  if (!sender.isDecrypted()) throw new SealmailError('key_locked', { keyIds: [keyIdHex(sender)] });
  try {
    await sender.getSigningKey(undefined, date);
  } catch (error) {
    throw new SealmailError('signing_key_unusable', {
      fingerprint: fingerprintHex(sender),
      cause: (error as Error).message,
    });
  }
}

function uniqueByFingerprint(keys: PublicKey[]): PublicKey[] {
  const seen = new Set<string>();
  return keys.filter((key) => {
    const fingerprint = key.getFingerprint();
    if (seen.has(fingerprint)) return false;
    seen.add(fingerprint);
    return true;
  });
}

/**
 * Encrypts and signs `text`; returns the armored PGP MESSAGE. The text goes in as its UTF-8 bytes
 * in a binary literal packet, signed as binary: the same bytes every reader gets back (gpg prints
 * them as they are), without the copies a text packet costs (line ends made CRLF to write and
 * to sign, and made LF again to read).
 */
export async function seal(options: SealOptions): Promise<string> {
  const date = options.date ?? new Date();
  if (options.compress) {
    const message = await openpgp.createMessage({ binary: utf8(options.text), format: 'binary', date });
    return armorBytes('MESSAGE', await sealMessage(message, options, date, COMPRESSING));
  }
  return armorBytes('MESSAGE', await sealInPlace(utf8(options.text, HEAD_ROOM, SIGNATURE_ROOM), '', options, date));
}

/**
 * The UTF-8 bytes of `text`, written into a buffer a quarter larger than the text (room for the
 * accents of most Latin-script mail), with `before` and `after` bytes of room around them that
 * the packets of a message are then written into. `encodeInto` is two to three times quicker than
 * `encode` in Chromium, which sizes and copies its result. Text that needs more room (Greek,
 * Cyrillic, CJK) is encoded again the plain way.
 */
export function utf8(text: string, before = 0, after = 0): Uint8Array {
  const encoder = new TextEncoder();
  const out = new Uint8Array(before + text.length + (text.length >> 2) + 4 + after);
  const { read, written } = encoder.encodeInto(text, out.subarray(before, out.length - after));
  if (read === text.length) return out.subarray(before, before + written);
  const bytes = encoder.encode(text);
  if (before === 0 && after === 0) return bytes;
  const roomy = new Uint8Array(before + bytes.length + after);
  roomy.set(bytes, before);
  return roomy.subarray(before, before + bytes.length);
}

const COMPRESSING = { ...WRITE_CONFIG, preferredCompressionAlgorithm: openpgp.enums.compression.zlib };

/** Encrypts and signs a file, byte for byte; returns the binary OpenPGP message (what `gpg -d` reads from `name.pgp`). */
export async function sealFile(options: SealFileOptions): Promise<Uint8Array> {
  const date = options.date ?? new Date();
  // The file's own buffer is the caller's: the packets are written around a copy.
  return concat(await sealInPlace(options.file.bytes, options.file.name, options, date, false));
}

interface Sealing {
  encryptionKeys: PublicKey[];
  passwords: string[];
  sender: PrivateKey | undefined;
}

/** The keys and passwords to seal to, checked: every recipient key usable, the sender's key unlocked and able to sign. */
async function sealingFor(options: SealTo, date: Date): Promise<Sealing> {
  const recipients = options.recipients ?? [];
  const passwords = (options.passwords ?? []).filter((password) => password.length > 0);
  if (recipients.length === 0 && passwords.length === 0) throw new SealmailError('no_recipients');
  await checkRecipients(recipients, date);
  const sender = options.sender;
  if (sender) await checkSender(sender, date);
  return { encryptionKeys: uniqueByFingerprint([...recipients, ...(sender ? [sender.toPublic()] : [])]), passwords, sender };
}

async function sealMessage(message: openpgp.Message<Uint8Array | string>, options: SealTo, date: Date, config: PartialConfig): Promise<Uint8Array> {
  const { encryptionKeys, passwords, sender } = await sealingFor(options, date);
  return openpgp.encrypt({
    message,
    ...(encryptionKeys.length ? { encryptionKeys } : {}),
    ...(passwords.length ? { passwords } : {}),
    ...(sender ? { signingKeys: sender } : {}),
    date,
    format: 'binary',
    config,
  });
}

/** Room before a message's data for the packet headers that come before it: a v6 one-pass signature packet (72 bytes) and a literal data packet's headers (12 bytes, and the file name). */
const HEAD_ROOM = 96;
/** Room after a message's data for its signature packet: an RSA-16384 signature with its subpackets fits. */
const SIGNATURE_ROOM = 4096;

/**
 * `openpgp.sign` takes the recipients' keys too, whose preferences pick the hash as they do when
 * `openpgp.encrypt` signs; its typings do not list them.
 */
type SignFor = openpgp.SignOptions & { message: openpgp.Message<Uint8Array>; format: 'object'; recipientKeys: PublicKey[] };

/** What is used of OpenPGP.js's packet classes beyond their typings. */
interface LiteralPacket {
  writeHeader(): Uint8Array;
}
interface EncryptedDataPacket {
  packets: { write(): Uint8Array } | null;
  /** Whole for v1; for v2 the library's stream of AEAD chunks. */
  encrypted: Uint8Array | ChunkSource<Uint8Array> | null;
  encrypt(algorithm: openpgp.enums.symmetric, key: Uint8Array, config: openpgp.Config): Promise<boolean>;
  write(): Uint8Array;
}
const EncryptedData = openpgp.SymEncryptedIntegrityProtectedDataPacket as unknown as {
  fromObject(fields: { version: 1 | 2; aeadAlgorithm: openpgp.enums.aead | null }): EncryptedDataPacket;
};

/**
 * The message `openpgp.encrypt` writes, uncompressed, written without its copies of the data:
 * OpenPGP.js signs, picks the algorithms, makes and encrypts the session key and encrypts the
 * data (prefix, MDC and CFB, or AEAD where every key asks for it), each through its own API;
 * the packet headers are written here, into the room around `data` when `ownRoom` says the
 * buffer around it is ours to write. Returns the message in pieces, not joined.
 * The interop tests show gpg reads it, and the unit tests that its packets are the ones
 * `openpgp.encrypt` writes.
 */
async function sealInPlace(data: Uint8Array, filename: string, options: SealTo, date: Date, ownRoom = true): Promise<Uint8Array[]> {
  const { encryptionKeys, passwords, sender } = await sealingFor(options, date);
  const config = { ...openpgp.config, ...WRITE_CONFIG };
  let message = await openpgp.createMessage({ binary: data, filename, format: 'binary', date });
  if (sender) {
    const signing: SignFor = { message, signingKeys: sender, recipientKeys: encryptionKeys, date, format: 'object', config };
    message = await openpgp.sign(signing);
  }
  const packets = [...message.packets] as openpgp.BasePacket[];
  const expected = sender ? [openpgp.OnePassSignaturePacket, openpgp.LiteralDataPacket, openpgp.SignaturePacket] : [openpgp.LiteralDataPacket];
  if (packets.length !== expected.length || packets.some((packet, index) => !(packet instanceof expected[index]!))) {
    throw new Error('OpenPGP.js gave the message other packets than a one-pass signature, literal data and a signature, in that order');
  }
  const literalHeader = (packets[sender ? 1 : 0] as unknown as LiteralPacket).writeHeader();
  const head = [
    ...(sender ? whole(PACKET_TAG.onePassSignature, packets[0]!.write()) : []),
    packetHeader(PACKET_TAG.literalData, literalHeader.length + data.length),
    literalHeader,
  ];
  const tail = sender ? whole(PACKET_TAG.signature, packets[2]!.write()) : [];
  const inner = ownRoom ? around(data, head, tail) : concat([...head, data, ...tail]);

  const sessionKey = await openpgp.generateSessionKey({ encryptionKeys, date, config });
  const keyPackets = await openpgp.encryptSessionKey({ ...sessionKey, encryptionKeys, passwords, format: 'binary', date, config });
  const aead = sessionKey.aeadAlgorithm ? openpgp.enums.aead[sessionKey.aeadAlgorithm] : null;
  const packet = EncryptedData.fromObject({ version: aead === null ? 1 : 2, aeadAlgorithm: aead });
  packet.packets = { write: () => inner };
  await packet.encrypt(openpgp.enums.symmetric[sessionKey.algorithm], sessionKey.data, config);
  const encrypted = packet.encrypted instanceof Uint8Array ? [packet.encrypted] : await chunksOf(packet.encrypted!);
  // The packet's fields before its encrypted data (its version; for v2 its algorithms and salt): the packet written with no data.
  packet.encrypted = new Uint8Array(0);
  const fields = packet.write();
  const length = encrypted.reduce((sum, chunk) => sum + chunk.length, fields.length);
  return [keyPackets, packetHeader(PACKET_TAG.encryptedData, length), fields, ...encrypted];
}

function whole(tag: number, body: Uint8Array): Uint8Array[] {
  return [packetHeader(tag, body.length), body];
}

/**
 * `head`, `data`, `tail` one after the other: written into the room around `data` in its own
 * buffer, or copied into a new one when there is not room enough.
 */
export function around(data: Uint8Array, head: readonly Uint8Array[], tail: readonly Uint8Array[]): Uint8Array {
  const headLength = head.reduce((sum, piece) => sum + piece.length, 0);
  const tailLength = tail.reduce((sum, piece) => sum + piece.length, 0);
  const buffer = new Uint8Array(data.buffer, 0, data.buffer.byteLength);
  if (data.byteOffset < headLength || buffer.length - data.byteOffset - data.length < tailLength) return concat([...head, data, ...tail]);
  let at = data.byteOffset - headLength;
  const start = at;
  for (const piece of [...head, data, ...tail]) {
    if (piece !== data) buffer.set(piece, at);
    at += piece.length;
  }
  return buffer.subarray(start, at);
}
