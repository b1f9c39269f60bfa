/**
 * Key management: generate, describe, import, export, revoke, re-protect. Keys travel between
 * contexts as armored text; the functions here parse what they need.
 */
import * as openpgp from 'openpgp';
import type { Key, PrivateKey } from 'openpgp';
import { armorBytes, dearmor, findArmorBlocks } from './armor';
import { SealmailError } from './errors';
import { PACKET_TAG, firstPacketTag, splitKeys } from './packets';
import { validity, type Validity } from './validity';
import {
  WRITE_CONFIG,
  addressOf,
  fingerprintHex,
  hexUpper,
  inBatches,
  keyIdHex,
  keyPieces,
  readAnyKeys,
  readKeyPiece,
  readPrivateKey,
  userIdOf,
  type KeyUsers,
} from './pgp';
import { readQuickKey, type QuickKey } from './quick-key';

export type KeyAlgorithm = 'ecc' | 'rsa3072' | 'rsa4096';

export interface KeyInfo {
  fingerprint: string;
  keyId: string;
  userIds: string[];
  /** Every email address in the user IDs, lower case. */
  emails: string[];
  primaryUserId: string | null;
  /** The address to send to: the primary user ID's email. */
  address: string;
  /** In words, e.g. "Ed25519 / Curve25519" or "RSA 3072". */
  algorithm: string;
  version: number;
  created: string;
  /** ISO date, or null for a key that never expires. */
  expires: string | null;
  expired: boolean;
  revoked: boolean;
  secret: boolean;
  /** For secret keys: whether the secret material is protected by a passphrase. */
  passphraseProtected: boolean;
  canEncrypt: boolean;
  canSign: boolean;
}

export interface KeyRecord {
  info: KeyInfo;
  /** Armored key: the private key (still protected) for secret keys, else the public key. */
  armored: string;
  /** The key IDs of the key and its subkeys (hex, upper case), by which a signature names its signer. */
  keyIds: string[];
  /** When what `info` says may change without the key changing (the key or a subkey expires); null for never. */
  until: string | null;
}

export interface GenerateKeyOptions {
  name: string;
  email: string;
  passphrase: string;
  algorithm?: KeyAlgorithm;
  /** When the key stops being valid; omitted or null for never. */
  expires?: Date | null;
  /** Creation time; only tests set it. */
  date?: Date;
}

export interface GeneratedKey extends KeyRecord {
  publicKey: string;
  revocationCertificate: string;
}

const EMAIL = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;

const CURVE_NAMES: Record<string, string> = {
  ed25519Legacy: 'Ed25519',
  curve25519Legacy: 'Curve25519',
  ed25519: 'Ed25519',
  x25519: 'X25519',
  ed448: 'Ed448',
  x448: 'X448',
  nistP256: 'NIST P-256',
  nistP384: 'NIST P-384',
  nistP521: 'NIST P-521',
  secp256k1: 'secp256k1',
  brainpoolP256r1: 'Brainpool P-256',
  brainpoolP384r1: 'Brainpool P-384',
  brainpoolP512r1: 'Brainpool P-512',
};

function algorithmWords(info: openpgp.AlgorithmInfo): string {
  if (info.bits) return `${info.algorithm.startsWith('rsa') ? 'RSA' : info.algorithm.toUpperCase()} ${info.bits}`;
  if (info.curve) return CURVE_NAMES[info.curve] ?? info.curve;
  return CURVE_NAMES[info.algorithm] ?? info.algorithm;
}

function describeAlgorithm(infos: readonly openpgp.AlgorithmInfo[]): string {
  const names: string[] = [];
  for (const info of infos) {
    const words = algorithmWords(info);
    if (!names.includes(words)) names.push(words);
  }
  return names.join(' / ');
}

function isProtected(key: Key): boolean {
  if (!key.isPrivate()) return false;
  return [key, ...key.subkeys].some((part) => {
    const packet = part.keyPacket as { isDummy?: () => boolean; s2kUsage?: number };
    return !(packet.isDummy?.() ?? false) && (packet.s2kUsage ?? 0) !== 0;
  });
}

/** What a description reads of a key besides its validity: an OpenPGP.js key, or a key read the quick way. */
interface KeyView {
  users: KeyUsers;
  fingerprint: string;
  keyId: string;
  /** The primary key's algorithm, then each subkey's. */
  algorithms: readonly openpgp.AlgorithmInfo[];
  version: number;
  created: Date;
  secret: boolean;
  passphraseProtected: boolean;
}

function viewOf(key: Key): KeyView {
  return {
    users: key.users,
    fingerprint: fingerprintHex(key),
    keyId: keyIdHex(key),
    algorithms: [key, ...key.subkeys].map((part) => part.getAlgorithmInfo()),
    version: key.keyPacket.version,
    created: key.getCreationTime(),
    secret: key.isPrivate(),
    passphraseProtected: isProtected(key),
  };
}

function quickView(key: QuickKey): KeyView {
  return {
    users: key.users,
    fingerprint: key.fingerprint,
    keyId: key.keyIds[0]!,
    algorithms: key.algorithms,
    version: 4,
    created: key.created,
    secret: false,
    passphraseProtected: false,
  };
}

function describe(key: KeyView, facts: Validity): KeyInfo {
  const expires = facts.expiration instanceof Date ? facts.expiration : null;
  const primary = facts.primary;
  return {
    fingerprint: key.fingerprint,
    keyId: key.keyId,
    userIds: key.users.flatMap((user) => (user.userID ? [user.userID.userID] : [])),
    emails: [...new Set(key.users.flatMap((user) => (user.userID?.email ? [user.userID.email.toLowerCase()] : [])))],
    primaryUserId: userIdOf(key.users, primary),
    address: addressOf(key.users, primary, key.fingerprint),
    algorithm: describeAlgorithm(key.algorithms),
    version: key.version,
    created: key.created.toISOString(),
    expires: expires ? expires.toISOString() : null,
    expired: expires !== null && expires.getTime() <= Date.now(),
    revoked: facts.revoked,
    secret: key.secret,
    passphraseProtected: key.passphraseProtected,
    canEncrypt: facts.canEncrypt,
    canSign: facts.canSign,
  };
}

export function armorKey(key: Key): string {
  return armorBytes(key.isPrivate() ? 'PRIVATE KEY BLOCK' : 'PUBLIC KEY BLOCK', key.write());
}

/** The earliest time after now at which the key or one of its subkeys expires. */
function nextExpiry(facts: Validity): string | null {
  const now = Date.now();
  const times = [facts.expiration, ...facts.subkeyExpirations];
  const future = times.filter((time): time is Date => time instanceof Date && time.getTime() > now).map((time) => time.getTime());
  return future.length ? new Date(Math.min(...future)).toISOString() : null;
}

/** The record of a key as OpenPGP.js parsed it: the way of every key not read the quick way. */
export async function recordOfKey(key: Key): Promise<KeyRecord> {
  const facts = await validity(key);
  return {
    info: describe(viewOf(key), facts),
    armored: armorKey(key),
    keyIds: [key, ...key.subkeys].map((part) => part.getKeyID().toHex().toUpperCase()),
    until: nextExpiry(facts),
  };
}

/** The record of a key read the quick way: its text is the key as it was given. */
function quickRecord(key: QuickKey): KeyRecord {
  return {
    info: describe(quickView(key), key.validity),
    armored: armorBytes('PUBLIC KEY BLOCK', key.bytes),
    keyIds: key.keyIds,
    until: nextExpiry(key.validity),
  };
}

function validateUserId(name: string, email: string): { name?: string; email?: string } {
  const trimmedName = name.trim();
  const trimmedEmail = email.trim();
  if (!trimmedName && !trimmedEmail) throw new SealmailError('invalid_user_id');
  if (trimmedEmail && !EMAIL.test(trimmedEmail)) throw new SealmailError('invalid_user_id');
  if (/[<>]/.test(trimmedName)) throw new SealmailError('invalid_user_id');
  return { ...(trimmedName ? { name: trimmedName } : {}), ...(trimmedEmail ? { email: trimmedEmail } : {}) };
}

const ALGORITHM_OPTIONS: Record<KeyAlgorithm, { type: 'ecc' | 'rsa'; rsaBits?: number }> = {
  ecc: { type: 'ecc' },
  rsa3072: { type: 'rsa', rsaBits: 3072 },
  rsa4096: { type: 'rsa', rsaBits: 4096 },
};

/** Generates a passphrase-protected v4 key pair and its revocation certificate. */
export async function generateKey(options: GenerateKeyOptions): Promise<GeneratedKey> {
  if (!options.passphrase) throw new SealmailError('passphrase_required');
  const userId = validateUserId(options.name, options.email);
  const date = options.date ?? new Date();
  const lifetime = options.expires ? Math.floor((options.expires.getTime() - date.getTime()) / 1000) : 0;
  const algorithm = ALGORITHM_OPTIONS[options.algorithm ?? 'ecc'];
  const generated = await openpgp.generateKey({
    ...algorithm,
    ...(algorithm.type === 'ecc' ? { curve: 'curve25519Legacy' as const } : {}),
    userIDs: [userId],
    passphrase: options.passphrase,
    keyExpirationTime: Math.max(lifetime, 0),
    date,
    format: 'object',
    config: WRITE_CONFIG,
  });
  const record = await recordOfKey(generated.privateKey);
  return {
    ...record,
    publicKey: armorKey(generated.publicKey),
    revocationCertificate: generated.revocationCertificate,
  };
}

/**
 * Another thread that reads a public key block's data as `importPublicKeys` does, for a share of a
 * large import to be read at the same time as the rest. It resolves once the share is handed over
 * (before this thread gets busy with its own share), with the records still to come.
 */
export type KeyReaderElsewhere = ((publicKeys: Uint8Array) => Promise<{ records: Promise<KeyRecord[]> }>) & {
  /** How many keys fewer than half it is handed: what this thread reads while the other one starts and hands its records back. */
  readonly lead?: number;
};

/**
 * From this many keys in a public key block, a share of them is read elsewhere when there is
 * somewhere. Below it, starting the other thread costs as much as it saves (in Chromium, about
 * half a second to make its page and start its worker, whose first keys are read slowly).
 */
export const SHARED_IMPORT_FROM = 2048;
/** The lead of a reader elsewhere that does not give its own. */
const KEYS_WHILE_STARTING = 512;

/**
 * Reads every key in armored or binary input and describes each one, a batch at a time. With
 * `elsewhere`, nearly half of a large public key block is read there at the same time; private keys are
 * only ever read here. A share that cannot be read elsewhere (no thread, a thread that failed)
 * is read here instead; a key refused there is refused as it would be here.
 */
export async function importKeys(input: string | Uint8Array, elsewhere?: KeyReaderElsewhere): Promise<KeyRecord[]> {
  const records: KeyRecord[] = [];
  for (const { pieces, publicBlock } of keyPieces(input)) {
    const kept = elsewhere && publicBlock && pieces.length >= SHARED_IMPORT_FROM ? (pieces.length + (elsewhere.lead ?? KEYS_WHILE_STARTING)) >> 1 : pieces.length;
    const there = kept < pieces.length ? await handOver(elsewhere!, pieces.slice(kept)) : null;
    const [here, rest] = await Promise.all([describePieces(pieces.slice(0, kept), publicBlock), there?.() ?? []]);
    records.push(...here, ...rest);
  }
  return records;
}

/** The records of a public key block's data: every key in it, a private one refused (`secret_in_public_block`). */
export function importPublicKeys(bytes: Uint8Array): Promise<KeyRecord[]> {
  return describePieces(splitKeys(bytes), true);
}

/** The records of every key in the pieces, a batch at a time: the quick way where it reads the key, else through OpenPGP.js. */
async function describePieces(pieces: readonly Uint8Array[], publicBlock: boolean): Promise<KeyRecord[]> {
  const records: KeyRecord[] = [];
  const read = async (piece: Uint8Array) => {
    const quick = await readQuickKey(piece);
    return quick ? [quickRecord(quick)] : Promise.all((await readKeyPiece(piece, publicBlock)).map(recordOfKey));
  };
  for await (const batch of inBatches(pieces, read)) records.push(...batch);
  return records;
}

/**
 * Hands a share over to be read elsewhere (the pieces lie next to each other in the block's data,
 * so they go as one view of it), and gives what waits for its records. A share that cannot be
 * read there is read here instead; a key refused there is refused.
 */
async function handOver(elsewhere: KeyReaderElsewhere, pieces: readonly Uint8Array[]): Promise<() => Promise<KeyRecord[]>> {
  const first = pieces[0]!;
  const last = pieces[pieces.length - 1]!;
  const share = new Uint8Array(first.buffer, first.byteOffset, last.byteOffset + last.length - first.byteOffset);
  const readHere = (error: unknown) => {
    if (error instanceof SealmailError && error.code !== 'internal') throw error;
    return describePieces(pieces, true);
  };
  try {
    const { records } = await elsewhere(share);
    // Observed now, so that a failure there while this thread reads its own share is not reported as unhandled.
    const settled = records.then((value) => ({ value }), (error: unknown) => ({ error }));
    return async () => {
      const outcome = await settled;
      return 'value' in outcome ? outcome.value : readHere(outcome.error);
    };
  } catch (error) {
    return () => readHere(error);
  }
}

export async function exportPublicKey(input: string | Uint8Array): Promise<string> {
  const [key] = await readAnyKeys(input);
  if (!key) throw new SealmailError('not_a_key');
  return armorKey(key.toPublic());
}

/** Unlocks a private key; a wrong passphrase is `wrong_passphrase`. */
export async function unlockPrivateKey(key: PrivateKey, passphrase: string): Promise<PrivateKey> {
  if (key.isDecrypted()) return key;
  try {
    return await openpgp.decryptKey({ privateKey: key, passphrase });
  } catch (error) {
    throw new SealmailError('wrong_passphrase', { cause: (error as Error).message });
  }
}

async function protect(key: PrivateKey, passphrase: string): Promise<PrivateKey> {
  if (!passphrase) throw new SealmailError('passphrase_required');
  return openpgp.encryptKey({ privateKey: key, passphrase, config: WRITE_CONFIG });
}

/**
 * Exports a private key protected by `passphrase`, re-encrypted with the iterated S2K that
 * GnuPG 2.2 reads whatever protection the stored copy had.
 */
export async function exportPrivateKey(armored: string, passphrase: string): Promise<string> {
  const key = await readPrivateKey(armored);
  const unlocked = await unlockPrivateKey(key, passphrase);
  const reprotected = await protect(unlocked, passphrase);
  return armorKey(reprotected);
}

/** Protects a private key with a passphrase, or replaces the passphrase it has. */
export async function changePassphrase(armored: string, oldPassphrase: string, newPassphrase: string): Promise<KeyRecord> {
  const key = await readPrivateKey(armored);
  const unlocked = await unlockPrivateKey(key, oldPassphrase);
  return recordOfKey(await protect(unlocked, newPassphrase));
}

/** Applies a revocation certificate to a key (public or private) and returns the revoked key. */
export async function applyRevocation(armored: string, revocationCertificate: string): Promise<KeyRecord> {
  const [key] = await readAnyKeys(armored);
  if (!key) throw new SealmailError('not_a_key');
  let revoked: Key;
  try {
    // One call serves both kinds: for a public key the library returns `privateKey: null`.
    const result = await openpgp.revokeKey({ key: key as PrivateKey, revocationCertificate, format: 'object' });
    revoked = key.isPrivate() ? result.privateKey : result.publicKey;
  } catch (error) {
    throw new SealmailError('revocation_mismatch', { cause: (error as Error).message });
  }
  if (!(await revoked.isRevoked())) throw new SealmailError('revocation_mismatch');
  return recordOfKey(revoked);
}

/** A bare revocation certificate (a key revocation signature alone, as `gpg --gen-revoke` writes it) and the key it names. */
export interface RevocationCertificate {
  /** The certificate as armor, for `applyRevocation`. */
  certificate: string;
  /** The revoked key's ID and, when the signature names it, its fingerprint (upper-case hex). */
  keyId: string;
  fingerprint: string | null;
}

/** A bare revocation certificate in one key block's bytes, or null when the block holds anything else. */
async function revocationIn(bytes: Uint8Array): Promise<RevocationCertificate | null> {
  if (firstPacketTag(bytes) !== PACKET_TAG.signature) return null;
  let signature;
  try {
    signature = await openpgp.readSignature({ binarySignature: bytes });
  } catch {
    return null;
  }
  const [packet, ...more] = signature.packets;
  if (!packet || more.length > 0 || packet.signatureType !== openpgp.enums.signature.keyRevocation) return null;
  const fingerprint = packet.issuerFingerprint?.length ? hexUpper(packet.issuerFingerprint) : null;
  return { certificate: armorBytes('PUBLIC KEY BLOCK', bytes), keyId: packet.issuerKeyID.toHex().toUpperCase(), fingerprint };
}

/**
 * Separates bare revocation certificates from keys in pasted text: the keys' armor (empty when
 * there are none) and each certificate. A revocation is applied to the key it names, never kept alone.
 */
export async function splitRevocations(text: string): Promise<{ keyText: string; revocations: RevocationCertificate[] }> {
  const kept: string[] = [];
  const revocations: RevocationCertificate[] = [];
  for (const block of findArmorBlocks(text)) {
    if (block.type !== 'PUBLIC KEY BLOCK' || block.problem) {
      kept.push(block.armor);
      continue;
    }
    const revocation = await revocationIn(dearmor(block).bytes);
    if (revocation) revocations.push(revocation);
    else kept.push(block.armor);
  }
  return { keyText: revocations.length ? kept.join('\n') : text, revocations };
}

/** Whether a revocation certificate names this key (by fingerprint, or by key ID when that is all it gives). */
export function revokes(revocation: RevocationCertificate, fingerprint: string): boolean {
  return revocation.fingerprint ? revocation.fingerprint === fingerprint.toUpperCase() : fingerprint.toUpperCase().endsWith(revocation.keyId);
}

/**
 * Merges what `incoming` knows about a key (new signatures, user IDs, subkeys, revocations) into
 * `existing`. A secret key stays secret when its public half is imported again.
 */
export async function mergeKeys(existing: string, incoming: string): Promise<KeyRecord> {
  const [current] = await readAnyKeys(existing);
  const [update] = await readAnyKeys(incoming);
  if (!current || !update) throw new SealmailError('not_a_key');
  if (current.getFingerprint() !== update.getFingerprint()) throw new SealmailError('not_a_key', { cause: 'different keys' });
  const merged = current.isPrivate() || !update.isPrivate() ? await current.update(update) : await update.update(current);
  return recordOfKey(merged);
}

/** Protects a secret key that came without a passphrase. */
export async function protectKey(armored: string, passphrase: string): Promise<KeyRecord> {
  const key = await readPrivateKey(armored);
  if (!key.isDecrypted()) return recordOfKey(key);
  return recordOfKey(await protect(key, passphrase));
}

/** Makes a revocation certificate for a secret key (for keys imported without one). */
export async function createRevocationCertificate(armored: string, passphrase: string): Promise<string> {
  const key = await unlockPrivateKey(await readPrivateKey(armored), passphrase);
  const { publicKey } = await openpgp.revokeKey({
    key,
    reasonForRevocation: { flag: openpgp.enums.reasonForRevocation.noReason },
    format: 'object',
  });
  const certificate = await publicKey.getRevocationCertificate();
  if (typeof certificate !== 'string') throw new SealmailError('internal', { cause: 'no revocation certificate' });
  return certificate;
}
