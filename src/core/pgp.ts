/**
 * The OpenPGP settings Sealmail writes with, and small helpers over OpenPGP.js objects.
 * What we write, GnuPG 2.2 reads: v4 keys, SEIPD v1 unless every recipient key asks for v2,
 * iterated-and-salted S2K on protected keys, no AEAD key protection.
 */
import * as openpgp from 'openpgp';
import type { Key, PartialConfig, PrivateKey, PublicKey } from 'openpgp';
import { dearmor, findArmorBlocks, type ArmorType } from './armor';
import { SealmailError } from './errors';

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

/** The address a key is for: the email of its primary user ID, else the first user ID. */
export async function keyAddress(key: Key): Promise<string> {
  try {
    const primary = await key.getPrimaryUser();
    const userId = primary.user.userID;
    if (userId) return userId.email || userId.userID;
  } catch {
    // An expired or revoked key has no valid primary user; fall back to the first user ID.
  }
  const first = key.users.find((user) => user.userID)?.userID;
  return first ? first.email || first.userID : fingerprintHex(key);
}

export async function primaryUserId(key: Key): Promise<string | null> {
  try {
    const primary = await key.getPrimaryUser();
    if (primary.user.userID) return primary.user.userID.userID;
  } catch {
    // fall through to the first user ID
  }
  return key.getUserIDs()[0] ?? null;
}

const KEY_TYPES: readonly ArmorType[] = ['PUBLIC KEY BLOCK', 'PRIVATE KEY BLOCK'];

/** Reads every key in armored or binary input. */
export async function readAnyKeys(input: string | Uint8Array): Promise<Key[]> {
  if (typeof input !== 'string') {
    if (input.length === 0) throw new SealmailError('empty_input');
    return parseKeyBytes(input);
  }
  if (input.trim() === '') throw new SealmailError('empty_input');
  const blocks = findArmorBlocks(input).filter((block) => KEY_TYPES.includes(block.type));
  if (blocks.length === 0) throw new SealmailError('not_a_key');
  const keys: Key[] = [];
  for (const block of blocks) {
    const found = await parseKeyBytes(dearmor(block).bytes);
    // A public key block that carries a private key is a trick (it would be imported as one's own key), not a mistake to repair.
    if (block.type === 'PUBLIC KEY BLOCK' && found.some((key) => key.isPrivate())) throw new SealmailError('secret_in_public_block');
    keys.push(...found);
  }
  return keys;
}

async function parseKeyBytes(bytes: Uint8Array): Promise<Key[]> {
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
