/**
 * Opening: decrypt with private keys and/or a password, verify signatures, and verify
 * cleartext-signed messages. Nothing is returned for a message that is refused.
 */
import * as openpgp from 'openpgp';
import type { KeyID, Message, PrivateKey, PublicKey } from 'openpgp';
import { dearmorLater, dearmorStream, findArmorBlocks, type ArmorBlock } from './armor';
import { SealmailError } from './errors';
import { PACKET_TAG, chunksOf, concat, firstPacketTag, packetBodyStart } from './packets';
import { fingerprintHex, hexUpper, primaryUserId } from './pgp';

export type SignatureStatus = 'valid' | 'bad' | 'unknown_key' | 'none';

export interface SignatureReport {
  status: SignatureStatus;
  /** The signing key's ID as the signature names it (16 hex digits). */
  keyId: string | null;
  /** The signer's fingerprint: of the known key, or as the signature names it. */
  fingerprint: string | null;
  /** The signer's primary user ID, when the key is known. */
  userId: string | null;
  /** Why a signature is bad, in the library's words (for logs and details). */
  reason?: string;
}

export interface OpenOptions {
  /** Armored text (possibly mangled by a read view, possibly with other text around) or binary. */
  input: string | Uint8Array;
  /** The user's private keys; locked ones are reported as `key_locked` when they are needed. */
  decryptionKeys?: readonly PrivateKey[];
  passwords?: readonly string[];
  verificationKeys?: readonly PublicKey[];
  /** The message is a file (an attachment, a .gpg file): keep its bytes exactly and its name. */
  asFile?: boolean;
}

export interface DecryptedFile {
  /** The name the sender's literal data packet gives, or '' when it gives none. */
  name: string;
  bytes: Uint8Array;
}

export interface OpenResult {
  /** The text, or for a file that is not UTF-8 text, ''. */
  text: string;
  /** Only when opened `asFile`: the bytes exactly as they were sealed. */
  file?: DecryptedFile;
  signature: SignatureReport;
  /** False for a signed-only or cleartext-signed message. */
  encrypted: boolean;
}

const NO_SIGNATURE: SignatureReport = { status: 'none', keyId: null, fingerprint: null, userId: null };

type Verification = Awaited<ReturnType<typeof openpgp.verify>>['signatures'][number];

function hex(bytes: Uint8Array | null | undefined): string | null {
  return bytes?.length ? hexUpper(bytes) : null;
}

async function reportOne(verification: Verification, keys: readonly PublicKey[]): Promise<SignatureReport> {
  const keyId = verification.keyID.toHex().toUpperCase();
  const signer = keys.find((key) => key.getKeys(verification.keyID).length > 0);
  if (!signer) {
    const packet = (await verification.signature).packets[0];
    return { status: 'unknown_key', keyId, fingerprint: hex(packet?.issuerFingerprint), userId: null };
  }
  const known = { keyId, fingerprint: fingerprintHex(signer), userId: await primaryUserId(signer) };
  try {
    await verification.verified;
    return { status: 'valid', ...known };
  } catch (error) {
    return { status: 'bad', ...known, reason: (error as Error).message };
  }
}

/** One report for the message: a valid signature wins, then a bad one, then an unknown signer. */
async function reportSignatures(
  verifications: readonly Verification[],
  keys: readonly PublicKey[],
): Promise<SignatureReport> {
  // Every `verified` promise must be observed, or a rejected one is reported as unhandled.
  for (const verification of verifications) verification.verified.catch(() => undefined);
  const reports = await Promise.all(verifications.map((verification) => reportOne(verification, keys)));
  const rank: Record<SignatureStatus, number> = { valid: 0, bad: 1, unknown_key: 2, none: 3 };
  return reports.sort((a, b) => rank[a.status] - rank[b.status])[0] ?? NO_SIGNATURE;
}

const MESSAGE_TYPES = new Set(['MESSAGE', 'SIGNED MESSAGE']);

function pickMessageBlock(text: string): ArmorBlock {
  if (text.trim() === '') throw new SealmailError('empty_input');
  const blocks = findArmorBlocks(text);
  if (blocks.length === 0) throw new SealmailError('no_armor');
  const block = blocks.find((candidate) => MESSAGE_TYPES.has(candidate.type));
  if (!block) throw new SealmailError('not_a_message');
  return block;
}

const KEY_PACKET_TAGS = new Set<number>([PACKET_TAG.publicKey, PACKET_TAG.secretKey, PACKET_TAG.signature]);

/**
 * What a message is read from: its bytes, or for a large armored one a stream of them, which lets
 * each piece go once it is decrypted; `head` is its first bytes either way.
 */
interface MessageSource {
  head: Uint8Array;
  binary: Uint8Array | ReadableStream<Uint8Array>;
}

async function parseMessage(source: MessageSource): Promise<Message<Uint8Array>> {
  const tag = firstPacketTag(source.head);
  if (tag === null) throw new SealmailError('armor_corrupt');
  if (KEY_PACKET_TAGS.has(tag)) throw new SealmailError('not_a_message');
  try {
    return (await openpgp.readMessage({ binaryMessage: source.binary as Uint8Array })) as Message<Uint8Array>;
  } catch (error) {
    throw new SealmailError('armor_corrupt', { cause: (error as Error).message });
  }
}

function hasPacket(message: Message<Uint8Array>, tag: number): boolean {
  return message.packets.some((packet) => (packet.constructor as { tag?: number }).tag === tag);
}

const ENCRYPTED_DATA_TAGS = [
  openpgp.enums.packet.symEncryptedIntegrityProtectedData,
  openpgp.enums.packet.aeadEncryptedData,
  openpgp.enums.packet.symmetricallyEncryptedData,
];

function isWildcard(keyId: KeyID): boolean {
  return /^0+$/.test(keyId.toHex());
}

interface KeyChoice {
  unlocked: PrivateKey[];
  locked: PrivateKey[];
}

function chooseKeys(message: Message<Uint8Array>, keys: readonly PrivateKey[]): KeyChoice {
  const ids = message.getEncryptionKeyIDs();
  const wildcard = ids.some(isWildcard);
  const matching = keys.filter((key) => wildcard || ids.some((id) => key.getKeys(id).length > 0));
  return {
    unlocked: matching.filter((key) => key.isDecrypted()),
    locked: matching.filter((key) => !key.isDecrypted()),
  };
}

/** Refuses, before any decryption, what cannot or must not be opened with what we were given. */
function checkOpenable(message: Message<Uint8Array>, choice: KeyChoice, passwords: readonly string[]): void {
  if (hasPacket(message, openpgp.enums.packet.symmetricallyEncryptedData)) {
    throw new SealmailError('message_unauthenticated');
  }
  const keyIds = message
    .getEncryptionKeyIDs()
    .filter((id) => !isWildcard(id))
    .map((id) => id.toHex().toUpperCase());
  const passwordPossible = hasPacket(message, openpgp.enums.packet.symEncryptedSessionKey);
  if (choice.unlocked.length > 0 || (passwordPossible && passwords.length > 0)) return;
  if (choice.locked.length > 0) {
    throw new SealmailError('key_locked', { keyIds: choice.locked.map((key) => key.getKeyID().toHex().toUpperCase()) });
  }
  if (passwordPossible && keyIds.length === 0) throw new SealmailError('password_required');
  throw new SealmailError('message_not_for_you', { keyIds, passwordPossible });
}

/**
 * Whether a password, if wrong, can only show as an integrity failure: GnuPG's `gpg -c` writes
 * SKESK packets without an encrypted session key, so the password-derived key is the session key
 * and nothing confirms it before the data fails to decrypt.
 */
function passwordUnconfirmable(message: Message<Uint8Array>): boolean {
  const skesks = message.packets.filterByTag(openpgp.enums.packet.symEncryptedSessionKey) as unknown as Array<{ encrypted: Uint8Array | null }>;
  return skesks.length > 0 && skesks.every((packet) => packet.encrypted === null);
}

function decryptionError(error: unknown, usedPasswordOnly: boolean, unconfirmable = false): SealmailError {
  const cause = (error as Error).message ?? String(error);
  if (/not authenticated|missing MDC/i.test(cause)) return new SealmailError('message_unauthenticated', { cause });
  // A password nothing could confirm that fails in any way at all: a wrong one gives a random key, and the data it
  // decrypts to fails wherever it first looks wrong (a random key can name a cipher with no quick check, such as Twofish).
  if (usedPasswordOnly && unconfirmable) return new SealmailError('wrong_password', { cause, unconfirmed: true });
  if (/Modification detected|tag mismatch|Authentication tag|integrity/i.test(cause)) {
    return new SealmailError('message_tampered', { cause });
  }
  if (/Session key decryption failed/i.test(cause) && usedPasswordOnly) {
    return new SealmailError('wrong_password', { cause });
  }
  if (/Session key decryption failed|Decryption error|Invalid session key/i.test(cause)) {
    return new SealmailError('message_tampered', { cause });
  }
  if (/parse|packet|Malformed|unexpected|Invalid/i.test(cause)) return new SealmailError('armor_corrupt', { cause });
  if (/not supported|Unsupported|Unknown/i.test(cause)) return new SealmailError('unsupported', { cause });
  return new SealmailError('internal', { cause });
}

const AES_KEY_BYTES: Partial<Record<string, number>> = { aes128: 16, aes192: 24, aes256: 32 };

/** AES of one block, from WebCrypto: CBC with a zero IV over one block is the raw cipher. */
async function aesBlock(key: CryptoKey, block: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-CBC', iv: new Uint8Array(16) }, key, block.slice())).subarray(0, 16);
}

/**
 * The "quick check" of RFC 9580 5.13.1 for a SEIPD v1 packet: in CFB with a zero IV, the last two
 * bytes of the random prefix repeat. A wrong session key passes it with odds of 1 in 65,536;
 * a right one always does, however the rest of the data was changed.
 */
async function quickCheck(sessionKey: openpgp.DecryptedSessionKey, data: Uint8Array): Promise<boolean | null> {
  const length = sessionKey.algorithm ? AES_KEY_BYTES[sessionKey.algorithm] : undefined;
  if (!length || sessionKey.data.length !== length || data.length < 18) return null;
  const key = await crypto.subtle.importKey('raw', sessionKey.data.slice(), { name: 'AES-CBC' }, false, ['encrypt']);
  const first = (await aesBlock(key, new Uint8Array(16))).map((byte, i) => byte ^ data[i]!);
  const second = (await aesBlock(key, data.subarray(0, 16))).map((byte, i) => byte ^ data[16 + i]!);
  return first[14] === second[0] && first[15] === second[1];
}

/**
 * For a message opened by password alone: the session keys the passwords give that pass the quick
 * check. Without it a wrong password is easily taken for a changed message: GnuPG's SKESK packets
 * carry no encrypted session key, so the password's key is the session key; and a wrong password
 * on an encrypted session key yields random bytes that now and then name a real cipher. Throws
 * `wrong_password` when no key passes; null when the check cannot be made (not SEIPD v1, not AES).
 */
async function confirmedSessionKeys(message: Message<Uint8Array>, head: Uint8Array, passwords: string[]): Promise<openpgp.SessionKey[] | null> {
  // The packet's data as sent (the library may hold it as a stream): its version octet, then the prefix.
  const start = packetBodyStart(head, openpgp.enums.packet.symEncryptedIntegrityProtectedData, 33);
  if (!start || start[0] !== 1 || start.length < 33) return null;
  const data = start.subarray(1);
  let candidates: openpgp.DecryptedSessionKey[];
  try {
    candidates = await openpgp.decryptSessionKeys({ message, passwords });
  } catch (error) {
    // The packets parsed: what fails to decrypt a session key here is the password.
    throw new SealmailError('wrong_password', { cause: (error as Error).message ?? String(error) });
  }
  const checked = await Promise.all(candidates.map((candidate) => quickCheck(candidate, data)));
  const passing = candidates.filter((_, i) => checked[i] === true);
  if (passing.length === 0 && checked.every((result) => result === false)) {
    // An encrypted session key that decrypted to a key failing the check: most likely the password, possibly a changed prefix.
    throw new SealmailError('wrong_password', passwordUnconfirmable(message) ? {} : { unconfirmed: true });
  }
  if (passing.length === 0) return null;
  return passing.map((candidate) => ({ data: candidate.data, algorithm: candidate.algorithm! }));
}

/** Literal data as text, as the library's own text output gives it: UTF-8, and "\r\n" line ends as "\n". */
function textOf(data: Uint8Array): string {
  // CR before LF dropped in place, a run of bytes at a time: the data is this call's own.
  let kept = 0;
  for (let from = 0; from < data.length; ) {
    const cr = data.indexOf(13, from);
    const stop = cr < 0 ? data.length : cr;
    if (kept !== from) data.copyWithin(kept, from, stop);
    kept += stop - from;
    if (cr < 0) break;
    if (data[cr + 1] !== 10) data[kept++] = 13;
    from = cr + 1;
  }
  return new TextDecoder().decode(data.subarray(0, kept));
}

/**
 * A streamed message's plaintext is handed on as it is decrypted, not gathered by the library
 * first (which would hold it twice at the end): it is only gathered here, and nothing is returned
 * unless the message reads to its end with its integrity check and signatures holding.
 */
const STREAM_CONFIG: openpgp.PartialConfig = { allowUnauthenticatedStream: true };

/**
 * The text of literal data that comes a piece at a time, as `textOf` gives it whole. Each piece is
 * let go once decoded; the pieces are not changed in place, as the signature check reads them too.
 */
async function streamedText(data: ReadableStream<Uint8Array>): Promise<string> {
  const decoder = new TextDecoder();
  const reader = data.getReader();
  let text = '';
  let pending = '';
  for (let next = await reader.read(); !next.done; next = await reader.read()) {
    // A CR at a piece's end waits for the next piece, which may begin with its LF.
    const part = pending + decoder.decode(next.value, { stream: true });
    pending = part.endsWith('\r') ? '\r' : '';
    text += withoutCR(pending ? part.slice(0, -1) : part);
  }
  return text + withoutCR(pending + decoder.decode());
}

const withoutCR = (text: string) => (text.includes('\r') ? text.replace(/\r\n/g, '\n') : text);

async function decryptMessage(message: Message<Uint8Array>, source: MessageSource, options: OpenOptions): Promise<OpenResult> {
  const passwords = (options.passwords ?? []).filter((password) => password.length > 0);
  const choice = chooseKeys(message, options.decryptionKeys ?? []);
  checkOpenable(message, choice, passwords);
  const verificationKeys = [...(options.verificationKeys ?? [])];
  const passwordOnly = choice.unlocked.length === 0 && passwords.length > 0;
  const sessionKeys = passwordOnly ? await confirmedSessionKeys(message, source.head, passwords) : null;
  // By password alone, with no session key the quick check confirmed: a failure may be the password as much as a change.
  const unconfirmed = passwordOnly && !sessionKeys;
  const streamed = !(source.binary instanceof Uint8Array);
  let result;
  let read: { text: string } | { bytes: Uint8Array };
  try {
    result = await openpgp.decrypt({
      message,
      ...(choice.unlocked.length ? { decryptionKeys: choice.unlocked } : {}),
      ...(sessionKeys ? { sessionKeys } : passwords.length ? { passwords } : {}),
      verificationKeys,
      expectSigned: false,
      // Bytes, decoded below with the platform's UTF-8 decoder: several times faster than the library's own text path for large messages.
      format: 'binary',
      // A password that nothing confirmed is read whole first, its integrity checked before its data is: a wrong one's
      // random data, read as it is decrypted, could leave the library's stream waiting for good (seen with Twofish).
      ...(streamed && !unconfirmed ? { config: STREAM_CONFIG } : {}),
    });
    // Read to its end before the signatures are asked about: they are checked as the data goes by.
    const data = result.data as Uint8Array | ReadableStream<Uint8Array>;
    if (!(data instanceof ReadableStream)) read = { bytes: data };
    else read = options.asFile ? { bytes: concat(await chunksOf<Uint8Array>(data)) } : { text: await streamedText(data) };
  } catch (error) {
    // A session key that passed the quick check was the right one: a failure now is a changed message.
    throw decryptionError(error, passwordOnly, unconfirmed);
  }
  const signature = await reportSignatures(result.signatures, verificationKeys);
  if ('text' in read) return { text: read.text, signature, encrypted: true };
  const data = read.bytes;
  if (!options.asFile) return { text: textOf(data), signature, encrypted: true };
  let text = '';
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(data);
  } catch {
    // Not text: only the file is shown.
  }
  return { text, file: { name: result.filename ?? '', bytes: data }, signature, encrypted: true };
}

async function verifySignedMessage(message: Message<Uint8Array>, options: OpenOptions): Promise<OpenResult> {
  const verificationKeys = [...(options.verificationKeys ?? [])];
  try {
    const result = await openpgp.verify({ message, verificationKeys, format: 'utf8' });
    const text = result.data instanceof ReadableStream ? (await chunksOf(result.data)).join('') : result.data;
    return { text, signature: await reportSignatures(result.signatures, verificationKeys), encrypted: false };
  } catch (error) {
    throw decryptionError(error, false);
  }
}

async function verifyCleartextBlock(block: ArmorBlock, options: OpenOptions): Promise<OpenResult> {
  if (block.problem === 'truncated') throw new SealmailError('armor_truncated');
  if (block.problem === 'corrupt') throw new SealmailError('armor_corrupt');
  let message;
  try {
    message = await openpgp.readCleartextMessage({ cleartextMessage: block.armor });
  } catch (error) {
    const cause = (error as Error).message;
    throw new SealmailError(/checksum/i.test(cause) ? 'armor_checksum' : 'armor_corrupt', { cause });
  }
  const verificationKeys = [...(options.verificationKeys ?? [])];
  const result = await openpgp.verify({ message, verificationKeys });
  return { text: result.data, signature: await reportSignatures(result.signatures, verificationKeys), encrypted: false };
}

/** Opens the first encrypted or signed message in `input`. */
export async function openMessage(options: OpenOptions): Promise<OpenResult> {
  if (typeof options.input !== 'string') {
    if (options.input.length === 0) throw new SealmailError('empty_input');
    return openBytes(options.input, options);
  }
  const block = pickMessageBlock(options.input);
  if (block.type === 'SIGNED MESSAGE') return verifyCleartextBlock(block, options);
  // A large message is read as a stream of its decoded pieces, a small one decoded whole.
  const data = dearmorStream(block) ?? dearmorLater(block);
  const source = 'stream' in data ? { head: data.head, binary: data.stream } : { head: data.bytes, binary: data.bytes };
  // A message that opens whole (its integrity check and signature hold) is not refused for its
  // armor checksum; one that fails with a checksum that disagrees was damaged on the way.
  let result: OpenResult;
  try {
    result = await openSource(source, options);
  } catch (error) {
    if ('corrupt' in data && data.corrupt()) throw new SealmailError('armor_corrupt');
    if (!data.checksumMatches()) throw new SealmailError('armor_checksum', { cause: (error as Error).message });
    throw error;
  }
  if (result.signature.status === 'bad' && !data.checksumMatches()) throw new SealmailError('armor_checksum');
  return result;
}

async function openBytes(bytes: Uint8Array, options: OpenOptions): Promise<OpenResult> {
  return openSource({ head: bytes, binary: bytes }, options);
}

async function openSource(source: MessageSource, options: OpenOptions): Promise<OpenResult> {
  const message = await parseMessage(source);
  const encrypted = ENCRYPTED_DATA_TAGS.some((tag) => hasPacket(message, tag));
  return encrypted ? decryptMessage(message, source, options) : verifySignedMessage(message, options);
}
