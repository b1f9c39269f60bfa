/**
 * The OpenPGP settings Sealmail writes with, and small helpers over OpenPGP.js objects.
 * What we write, GnuPG 2.2 reads: v4 keys, SEIPD v1 unless every recipient key asks for v2,
 * iterated-and-salted S2K on protected keys, no AEAD key protection.
 */
import * as openpgp from 'openpgp';
import type { Key, PartialConfig, PrivateKey, PublicKey } from 'openpgp';
import { dearmor, findArmorBlocks, type ArmorType } from './armor';
import { SealmailError } from './errors';
import { PACKET_TAG, splitKeys, wholePackets } from './packets';

export type { Key, PrivateKey, PublicKey };

export const WRITE_CONFIG: PartialConfig = {
  v6Keys: false,
  aeadProtect: false,
  s2kType: openpgp.enums.s2k.iterated,
  preferredSymmetricAlgorithm: openpgp.enums.symmetric.aes256,
  preferredHashAlgorithm: openpgp.enums.hash.sha512,
  preferredCompressionAlgorithm: openpgp.enums.compression.uncompressed,
  showVersion: false,
  showComment: false,
};

/** Key IDs as people and GnuPG print them: 16 upper-case hex digits. */
export function keyIdHex(key: { getKeyID(): { toHex(): string } }): string {
  return key.getKeyID().toHex().toUpperCase();
}

export function fingerprintHex(key: { getFingerprint(): string }): string {
  return key.getFingerprint().toUpperCase();
}

const HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0').toUpperCase());

/** Bytes in upper-case hex, as fingerprints and key IDs are shown. */
export function hexUpper(bytes: ArrayLike<number>): string {
  let text = '';
  for (let i = 0; i < bytes.length; i++) text += HEX[bytes[i]!]!;
  return text;
}

type UserID = NonNullable<Key['users'][number]['userID']>;

/** The user ID of the key's valid primary user; null for an expired or revoked key, which has none. */
export async function primaryUser(key: Key): Promise<UserID | null> {
  try {
    return (await key.getPrimaryUser()).user.userID;
  } catch {
    return null;
  }
}

/** A key's user IDs, as the address and the user ID shown are read from them (an OpenPGP.js key's `users`, or the quick reader's). */
export type KeyUsers = ReadonlyArray<{ userID: UserID | null }>;

/** The address a key is for: the email of its primary user ID, else the first user ID. */
export async function keyAddress(key: Key, primary?: UserID | null): Promise<string> {
  return addressOf(key.users, primary === undefined ? await primaryUser(key) : primary, fingerprintHex(key));
}

/** `keyAddress` from a key's user IDs, its primary one, and its fingerprint for a key with none. */
export function addressOf(users: KeyUsers, primary: UserID | null, fingerprint: string): string {
  if (primary) return primary.email || primary.userID;
  const first = users.find((user) => user.userID)?.userID;
  return first ? first.email || first.userID : fingerprint;
}

/** The primary user ID as written, else the first user ID. */
export async function primaryUserId(key: Key, primary?: UserID | null): Promise<string | null> {
  return userIdOf(key.users, primary === undefined ? await primaryUser(key) : primary);
}

/** `primaryUserId` from a key's user IDs and its primary one. */
export function userIdOf(users: KeyUsers, primary: UserID | null): string | null {
  return primary ? primary.userID : (users.find((user) => user.userID)?.userID?.userID ?? null);
}

const KEY_TYPES: readonly ArmorType[] = ['PUBLIC KEY BLOCK', 'PRIVATE KEY BLOCK'];

/** How many keys are parsed at a time: a whole keyring export is not held parsed at once. */
const KEY_BATCH = 64;

/**
 * Every key in armored or binary input, a few at a time. Input with no key, or with a piece that
 * is not one, is `not_a_key`, whichever batch it is in: callers keep nothing until the last.
 */
export async function* keyBatches(input: string | Uint8Array): AsyncGenerator<Key[]> {
  for (const { pieces, publicBlock } of keyPieces(input)) yield* pieceBatches(pieces, publicBlock);
}

/** The keys of armored or binary input, one piece of bytes a key, block by block; `publicBlock` for a PUBLIC KEY BLOCK's. */
export function keyPieces(input: string | Uint8Array): Array<{ pieces: Uint8Array[]; publicBlock: boolean }> {
  if (typeof input !== 'string') {
    if (input.length === 0) throw new SealmailError('empty_input');
    return [{ pieces: splitKeys(input), publicBlock: false }];
  }
  if (input.trim() === '') throw new SealmailError('empty_input');
  const blocks = findArmorBlocks(input).filter((block) => KEY_TYPES.includes(block.type));
  if (blocks.length === 0) throw new SealmailError('not_a_key');
  return blocks.map((block) => ({ pieces: splitKeys(dearmor(block).bytes), publicBlock: block.type === 'PUBLIC KEY BLOCK' }));
}

/** The keys in `pieces`, a batch at a time; a private key among those of a public key block is refused. */
export function pieceBatches(pieces: readonly Uint8Array[], publicBlock: boolean): AsyncGenerator<Key[]> {
  return inBatches(pieces, (piece) => readKeyPiece(piece, publicBlock));
}

/** What `read` makes of each piece, `KEY_BATCH` pieces at a time, in order. */
export async function* inBatches<T>(pieces: readonly Uint8Array[], read: (piece: Uint8Array) => Promise<T[]>): AsyncGenerator<T[]> {
  for (let at = 0; at < pieces.length; at += KEY_BATCH) yield (await Promise.all(pieces.slice(at, at + KEY_BATCH).map(read))).flat();
}

/** The keys in one piece; a private key in a public key block is refused. */
export async function readKeyPiece(piece: Uint8Array, publicBlock: boolean): Promise<Key[]> {
  const keys = await parseKeyBytes(piece);
  // A public key block that carries a private key is a trick (it would be imported as one's own key), not a mistake to repair.
  if (publicBlock && keys.some((key) => key.isPrivate())) throw new SealmailError('secret_in_public_block');
  return keys;
}

/** Reads every key in armored or binary input. */
export async function readAnyKeys(input: string | Uint8Array): Promise<Key[]> {
  const keys: Key[] = [];
  for await (const batch of keyBatches(input)) keys.push(...batch);
  return keys;
}

/** The packets a public key is made of, by tag; any other packet sends the key to `openpgp.readKeys`. */
const PUBLIC_KEY_PACKETS: Readonly<Record<number, new () => openpgp.AnyKeyPacket | openpgp.UserIDPacket | openpgp.UserAttributePacket | openpgp.SignaturePacket>> = {
  [PACKET_TAG.signature]: openpgp.SignaturePacket,
  [PACKET_TAG.publicKey]: openpgp.PublicKeyPacket,
  [PACKET_TAG.userId]: openpgp.UserIDPacket,
  [PACKET_TAG.publicSubkey]: openpgp.PublicSubkeyPacket,
  [PACKET_TAG.userAttribute]: openpgp.UserAttributePacket,
};

/**
 * One public key read packet by packet with OpenPGP.js's own packet classes, as `readKeys` reads
 * it but without its stream machinery (which costs more than the packets themselves). Null for
 * anything but the plain case (a private key, another packet, a length that is not in its header,
 * a packet the library refuses or skips), which `readKeys` then reads and judges.
 */
export async function readPlainPublicKey(bytes: Uint8Array): Promise<PublicKey | null> {
  const found = wholePackets(bytes);
  if (!found || found[0]?.tag !== PACKET_TAG.publicKey || found.some(({ tag }, index) => !PUBLIC_KEY_PACKETS[tag] || (tag === PACKET_TAG.publicKey && index > 0))) return null;
  const list = new openpgp.PacketList<openpgp.AnyPacket>();
  try {
    for (const { tag, body } of found) {
      const packet = new PUBLIC_KEY_PACKETS[tag]!();
      await (packet as { read(bytes: Uint8Array, config: openpgp.Config): unknown }).read(body, openpgp.config);
      list.push(packet);
    }
    return new openpgp.PublicKey(list);
  } catch {
    return null;
  }
}

async function parseKeyBytes(bytes: Uint8Array): Promise<Key[]> {
  const plain = await readPlainPublicKey(bytes);
  if (plain) return [plain];
  try {
    const keys = await openpgp.readKeys({ binaryKeys: bytes });
    if (keys.length === 0) throw new SealmailError('not_a_key');
    return keys;
  } catch (error) {
    if (error instanceof SealmailError) throw error;
    throw new SealmailError('not_a_key', { cause: (error as Error).message });
  }
}

/** Reads one or more public keys, refusing private keys where only public ones belong. */
export async function readPublicKeys(input: string | Uint8Array): Promise<PublicKey[]> {
  const keys = await readAnyKeys(input);
  if (keys.some((key) => key.isPrivate())) throw new SealmailError('not_a_public_key');
  return keys as PublicKey[];
}

export async function readPublicKey(input: string | Uint8Array): Promise<PublicKey> {
  const [key] = await readPublicKeys(input);
  if (!key) throw new SealmailError('not_a_key');
  return key;
}

export async function readPrivateKey(input: string | Uint8Array): Promise<PrivateKey> {
  const keys = await readAnyKeys(input);
  const key = keys[0];
  if (!key) throw new SealmailError('not_a_key');
  if (!key.isPrivate()) throw new SealmailError('not_a_private_key');
  return key;
}
