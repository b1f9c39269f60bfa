/**
 * What a key's self-signatures say now: its expiry, its primary user ID, whether it is revoked
 * and which of its parts can encrypt or sign.
 *
 * OpenPGP.js works this out through its Key methods, each of which walks the whole key again. A
 * large import spends most of its time there, so a plain public key (the shape GnuPG and
 * OpenPGP.js make: one self-signature per user ID and per subkey, no revocation, no signature
 * that expires, algorithms OpenPGP.js accepts) has its signatures checked once each, with
 * OpenPGP.js's own signature check, and the rest read from them by the rules of those methods.
 * Anything else, and any signature that does not check, is left to the methods themselves. Tests
 * hold both ways to the same answer.
 */
import * as openpgp from 'openpgp';
import type { Key, SignaturePacket } from 'openpgp';
import { primaryUser } from './pgp';

type UserID = NonNullable<Key['users'][number]['userID']>;

export interface Validity {
  /** As `key.getExpirationTime()`: a date, Infinity for never, null when the key has no valid self-signature. */
  expiration: Date | number | null;
  /** The valid primary user's ID; null when there is none. */
  primary: UserID | null;
  revoked: boolean;
  canEncrypt: boolean;
  canSign: boolean;
  /** As each subkey's `getExpirationTime()`, null for a subkey without a valid binding. */
  subkeyExpirations: Array<Date | number | null>;
}

async function usable(find: () => Promise<unknown>): Promise<boolean> {
  try {
    await find();
    return true;
  } catch {
    return false;
  }
}

/** The validity as OpenPGP.js's Key methods give it. */
export async function libraryValidity(key: Key): Promise<Validity> {
  return {
    expiration: await key.getExpirationTime(),
    primary: await primaryUser(key),
    revoked: await key.isRevoked(),
    canEncrypt: await usable(() => key.getEncryptionKey()),
    canSign: key.isPrivate() && (await usable(() => key.getSigningKey())),
    subkeyExpirations: await Promise.all(key.subkeys.map((subkey) => subkey.getExpirationTime().catch(() => null))),
  };
}

/** The validity, from the signatures themselves for a plain public key, else from OpenPGP.js's Key methods. */
export async function validity(key: Key): Promise<Validity> {
  return (await plainValidity(key)) ?? libraryValidity(key);
}

const { publicKey: ALGORITHM, signature: SIGNATURE, keyFlags: FLAGS } = openpgp.enums;
const SIGNING = new Set<number>([ALGORITHM.eddsaLegacy, ALGORITHM.ed25519, ALGORITHM.rsaEncryptSign, ALGORITHM.rsaSign]);
const ENCRYPTING = new Set<number>([ALGORITHM.ecdh, ALGORITHM.x25519, ALGORITHM.rsaEncryptSign, ALGORITHM.rsaEncrypt]);
const RSA = new Set<number>([ALGORITHM.rsaEncryptSign, ALGORITHM.rsaSign, ALGORITHM.rsaEncrypt]);

/** What the rules read of a key part, the primary key or a subkey: OpenPGP.js's key packets, or the quick reader's own account of one. */
export interface KeyPart {
  algorithm: number | openpgp.enums.publicKey;
  created: Date;
  getAlgorithmInfo(): { bits?: number; curve?: string };
}

/** What the rules read of a self-signature: OpenPGP.js's signature packets, or the quick reader's account of one. */
export interface SelfSignature {
  version: number;
  created: Date | null;
  signatureNeverExpires: boolean;
  keyNeverExpires: boolean | null;
  keyExpirationTime: number | null;
  isPrimaryUserID: boolean | null;
  keyFlags: ArrayLike<number> | null;
}

/** A public key's parts and their one self-signature each, whose signatures are yet to be checked. */
export interface PlainParts {
  primary: KeyPart;
  users: Array<{ userID: UserID; certificate: SelfSignature }>;
  subkeys: Array<{ packet: KeyPart; binding: SelfSignature }>;
}

/** An algorithm OpenPGP.js accepts for this use with its default settings (no weak RSA, no refused curve). */
function accepted(packet: KeyPart, algorithms: ReadonlySet<number>): boolean {
  const algorithm = packet.algorithm as unknown as number;
  if (!algorithms.has(algorithm) || openpgp.config.rejectPublicKeyAlgorithms.has(algorithm)) return false;
  const info = packet.getAlgorithmInfo();
  if (RSA.has(algorithm)) return (info.bits ?? 0) >= openpgp.config.minRSABits;
  const curveAllowed = !openpgp.config.rejectCurves.has(info.curve as unknown as openpgp.enums.curve);
  if (algorithm === ALGORITHM.eddsaLegacy) return info.curve === 'ed25519Legacy' && curveAllowed;
  if (algorithm === ALGORITHM.ecdh) return info.curve === 'curve25519Legacy' && curveAllowed;
  return true;
}

/** A v4 self-signature made by now that never expires and states key flags: one whose meaning does not move with time but by the key's own expiry. */
function plainSignature(signature: SelfSignature, now: Date): boolean {
  return signature.version === 4 && signature.signatureNeverExpires && signature.created !== null && signature.created <= now && signature.keyFlags !== null && signature.keyFlags.length > 0;
}

/** When the key part expires by this signature (Infinity for never), as OpenPGP.js reads it. */
function expiryBy(packet: KeyPart, signature: SelfSignature): Date | number {
  if (signature.keyNeverExpires !== false) return Infinity;
  const time = packet.created.getTime() + (signature.keyExpirationTime ?? 0) * 1000;
  return time ? new Date(time) : Infinity;
}

/** Valid at `now` by this signature: created by then, not yet expired. */
function validAt(packet: KeyPart, signature: SelfSignature, now: Date): boolean {
  return packet.created <= now && now < expiryBy(packet, signature);
}

function canEncryptBy(packet: KeyPart, signature: SelfSignature): boolean {
  return ENCRYPTING.has(packet.algorithm as unknown as number) && (signature.keyFlags![0]! & (FLAGS.encryptCommunication | FLAGS.encryptStorage)) !== 0;
}

/** Now in whole seconds, as OpenPGP.js compares times. */
export function wholeSecondsNow(): Date {
  return new Date(Math.floor(Date.now() / 1000) * 1000);
}

/**
 * Whether the parts make a plain key: a signing primary key and parts of algorithms OpenPGP.js
 * accepts, at least one user ID, each self-signature plain (see `plainSignature`).
 */
export function plainShape(parts: PlainParts, now: Date): boolean {
  return (
    accepted(parts.primary, SIGNING) &&
    parts.users.length > 0 &&
    parts.users.every(({ certificate }) => plainSignature(certificate, now)) &&
    parts.subkeys.every(({ packet, binding }) => plainSignature(binding, now) && (accepted(packet, ENCRYPTING) || accepted(packet, SIGNING)))
  );
}

/** The validity of a plain key whose every signature checked, by the rules of OpenPGP.js's Key methods. */
export function plainRules(parts: PlainParts, now: Date): Validity {
  const primaryPacket = parts.primary;
  // The primary user as OpenPGP.js picks it: the primary user ID flag first, then the latest self-signature; the last of equals.
  const chosen = [...parts.users].sort((a, b) => Number(a.certificate.isPrimaryUserID) - Number(b.certificate.isPrimaryUserID) || a.certificate.created!.getTime() - b.certificate.created!.getTime()).pop()!;
  const certificate = chosen.certificate;
  const expiration = expiryBy(primaryPacket, certificate);

  let canEncrypt = false;
  if (validAt(primaryPacket, certificate, now)) {
    canEncrypt = parts.subkeys.some(({ packet, binding }) => validAt(packet, binding, now) && accepted(packet, ENCRYPTING) && canEncryptBy(packet, binding)) || canEncryptBy(primaryPacket, certificate);
  }
  return {
    expiration,
    primary: chosen.userID,
    revoked: false,
    canEncrypt,
    canSign: false,
    subkeyExpirations: parts.subkeys.map(({ packet, binding }) => expiryBy(packet, binding)),
  };
}

/** Checks the signature with OpenPGP.js (digest, algorithm, issuer, dates); false when it does not check. */
async function checks(signature: SignaturePacket, primary: Key['keyPacket'], type: number, data: object, now: Date): Promise<boolean> {
  try {
    await signature.verify(primary, type, data, now, false, openpgp.config);
    return true;
  } catch {
    return false;
  }
}

/**
 * The validity of a plain public key, worked out from its signatures; null for any other key,
 * or when a signature does not check (OpenPGP.js then decides what that means for the key).
 */
export async function plainValidity(key: Key): Promise<Validity | null> {
  const now = wholeSecondsNow();
  const primaryPacket = key.keyPacket;
  const direct = (key as unknown as { directSignatures?: unknown[] }).directSignatures ?? [];
  if (key.isPrivate() || primaryPacket.version !== 4 || key.revocationSignatures.length || direct.length) return null;
  if (key.users.some((user) => !user.userID || user.revocationSignatures.length || user.selfCertifications.length !== 1)) return null;
  if (key.subkeys.some((subkey) => subkey.revocationSignatures.length || subkey.bindingSignatures.length !== 1)) return null;
  const parts: PlainParts = {
    primary: primaryPacket,
    users: key.users.map((user) => ({ userID: user.userID!, certificate: user.selfCertifications[0]! })),
    subkeys: key.subkeys.map((subkey) => ({ packet: subkey.keyPacket, binding: subkey.bindingSignatures[0]! })),
  };
  if (!plainShape(parts, now)) return null;
  const verified = await Promise.all([
    ...key.users.map((user) => checks(user.selfCertifications[0]!, primaryPacket, SIGNATURE.certGeneric, { userID: user.userID, key: primaryPacket }, now)),
    ...key.subkeys.map((subkey) => checks(subkey.bindingSignatures[0]!, primaryPacket, SIGNATURE.subkeyBinding, { key: primaryPacket, bind: subkey.keyPacket }, now)),
  ]);
  return verified.includes(false) ? null : plainRules(parts, now);
}
