/**
 * The quick reading of the commonest public key, the kind GnuPG and OpenPGP.js make by default: a
 * v4 Ed25519 primary key (legacy EdDSA), its user IDs and its Curve25519 encryption subkeys, each
 * with the one self-signature that the rules in `validity` read.
 *
 * It is read from its bytes here. The fingerprint and the signed data are worked out as RFC 9580
 * (sections 5.5.4 and 5.2.4) and OpenPGP.js compute them, each signature is hashed here, and it
 * is checked by the platform's WebCrypto with the key imported once. OpenPGP.js does the same work
 * through its packet classes at about twice the cost, and a large import spends most of its time
 * there.
 *
 * Anything outside that shape gives null, and OpenPGP.js then reads the key and judges it:
 * - another algorithm, curve, version or hash;
 * - a packet or subpacket not listed here, or a critical notation;
 * - a length not given in its header, or a value not written the way OpenPGP.js writes it back;
 * - an issuer that is not the key itself, or a signature that does not check.
 * Tests hold both ways to the same records.
 */
import * as openpgp from 'openpgp';
import { sha1 } from '@noble/hashes/legacy.js';
import { sha256, sha384, sha512 } from '@noble/hashes/sha2.js';
import { PACKET_TAG, concat, uint32At, wholePackets } from './packets';
import { hexUpper } from './pgp';
import { plainRules, plainShape, wholeSecondsNow, type KeyPart, type SelfSignature, type Validity } from './validity';

type UserID = openpgp.UserIDPacket;

/** A plain public key as read here: what a description and the validity rules need. */
export interface QuickKey {
  /** Upper-case hex, as Sealmail shows them. */
  fingerprint: string;
  keyIds: string[];
  created: Date;
  users: Array<{ userID: UserID }>;
  /** The primary key's algorithm, then each subkey's. */
  algorithms: openpgp.AlgorithmInfo[];
  validity: Validity;
  /** The key as it was given. */
  bytes: Uint8Array;
}

const ALGORITHM = openpgp.enums.publicKey;
const ED25519_OID = Uint8Array.of(0x2b, 0x06, 0x01, 0x04, 0x01, 0xda, 0x47, 0x0f, 0x01);
const CURVE25519_OID = Uint8Array.of(0x2b, 0x06, 0x01, 0x04, 0x01, 0x97, 0x55, 0x01, 0x05, 0x01);
/** SHA-256 and up: the hashes OpenPGP.js takes for Ed25519 signatures. */
const HASHES: Readonly<Record<number, (data: Uint8Array) => Uint8Array>> = {
  [openpgp.enums.hash.sha256]: sha256,
  [openpgp.enums.hash.sha384]: sha384,
  [openpgp.enums.hash.sha512]: sha512,
};
const KDF_CIPHERS = new Set<number>([openpgp.enums.symmetric.aes128, openpgp.enums.symmetric.aes192, openpgp.enums.symmetric.aes256]);

/** Signature subpacket types (RFC 9580, section 5.2.3.7), as OpenPGP.js numbers them at run time; its type declarations leave them out. */
const SUBPACKET = {
  signatureCreationTime: 2,
  signatureExpirationTime: 3,
  keyExpirationTime: 9,
  preferredSymmetricAlgorithms: 11,
  issuerKeyID: 16,
  notationData: 20,
  preferredHashAlgorithms: 21,
  preferredCompressionAlgorithms: 22,
  keyServerPreferences: 23,
  primaryUserID: 25,
  keyFlags: 27,
  features: 30,
  embeddedSignature: 32,
  issuerFingerprint: 33,
  preferredAEADAlgorithms: 34,
  preferredCipherSuites: 39,
} as const;
/** Hashed subpackets OpenPGP.js reads that say nothing the validity depends on (preferences, features, key server). */
const IGNORED_SUBPACKETS = new Set<number>([
  SUBPACKET.preferredSymmetricAlgorithms,
  SUBPACKET.preferredHashAlgorithms,
  SUBPACKET.preferredCompressionAlgorithms,
  SUBPACKET.keyServerPreferences,
  SUBPACKET.features,
  SUBPACKET.preferredAEADAlgorithms,
  SUBPACKET.preferredCipherSuites,
]);

interface Part extends KeyPart {
  getAlgorithmInfo(): openpgp.AlgorithmInfo;
  /** The part as its fingerprint and signatures hash it (see `hashedPart`). */
  hashed: Uint8Array;
  point: Uint8Array;
  fingerprint: Uint8Array;
}

interface Signature extends SelfSignature {
  type: number;
  hash: number;
  /** The hashed part of the packet: version to the end of the hashed subpackets. */
  hashed: Uint8Array;
  leftBits: Uint8Array;
  /** r and s, each 32 bytes. */
  rs: Uint8Array<ArrayBuffer>;
}

const same = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((byte, index) => byte === b[index]);

const uint32Bytes = (value: number) => [24, 16, 8, 0].map((shift) => (value >>> shift) & 0xff);

/** The bytes a key part is hashed as, in its fingerprint and in signatures: 0x99, two bytes of length, the packet body. */
function hashedPart(body: Uint8Array): Uint8Array {
  return concat([Uint8Array.of(0x99, body.length >> 8, body.length & 0xff), body]);
}

/**
 * A v4 Ed25519 (legacy EdDSA) primary key or Curve25519 (legacy ECDH) subkey. The point must be
 * an MPI of 263 bits (0x40 and 32 bytes), as OpenPGP.js writes it back when it hashes the key.
 */
function readPart(body: Uint8Array, primary: boolean): Part | null {
  const algorithm = primary ? ALGORITHM.eddsaLegacy : ALGORITHM.ecdh;
  const oid = primary ? ED25519_OID : CURVE25519_OID;
  if (body.length < 6 || body[0] !== 4 || body[5] !== algorithm || body[6] !== oid.length || !same(body.subarray(7, 7 + oid.length), oid)) return null;
  let at = 7 + oid.length;
  if (body[at] !== 0x01 || body[at + 1] !== 0x07 || body[at + 2] !== 0x40) return null;
  const point = body.subarray(at + 3, at + 35);
  at += 35;
  if (!primary) {
    // The subkey's KDF parameters: version 1, a SHA-2 hash, an AES key wrap.
    if (body[at] !== 3 || body[at + 1] !== 1 || !HASHES[body[at + 2]!] || !KDF_CIPHERS.has(body[at + 3]!)) return null;
    at += 4;
  }
  if (point.length !== 32 || at !== body.length) return null;
  const curve = primary ? 'ed25519Legacy' : 'curve25519Legacy';
  const hashed = hashedPart(body);
  return {
    algorithm,
    created: new Date(uint32At(body, 1) * 1000),
    getAlgorithmInfo: () => ({ algorithm: primary ? 'eddsaLegacy' : 'ecdh', curve }) as openpgp.AlgorithmInfo,
    hashed,
    point,
    fingerprint: sha1(hashed),
  };
}

/**
 * Calls `each` with every subpacket between `from` and `end` (type without the critical bit,
 * critical, data), lengths read as OpenPGP.js reads them; false when one runs past the end, is
 * empty, or `each` refuses it.
 */
function subpackets(body: Uint8Array, from: number, end: number, each: (type: number, critical: boolean, data: Uint8Array) => boolean): boolean {
  let at = from;
  while (at < end) {
    const first = body[at]!;
    let length: number;
    if (first < 192) [length, at] = [first, at + 1];
    else if (first < 255) [length, at] = [((first - 192) << 8) + body[at + 1]! + 192, at + 2];
    else [length, at] = [uint32At(body, at + 1), at + 5];
    if (length === 0 || at + length > end) return false;
    if (!each(body[at]! & 0x7f, (body[at]! & 0x80) !== 0, body.subarray(at + 1, at + length))) return false;
    at += length;
  }
  return at === end;
}

/**
 * A v4 EdDSA self-signature issued by `primary`: every subpacket one OpenPGP.js reads the same
 * way and the rules either read or may ignore, none of those read given twice, and an issuer
 * that names the primary key and nothing else.
 */
function readSignature(body: Uint8Array, primary: Part): Signature | null {
  const hash = body[3]!;
  if (body.length < 6 || body[0] !== 4 || body[2] !== ALGORITHM.eddsaLegacy || !HASHES[hash] || openpgp.config.rejectHashAlgorithms.has(hash)) return null;
  const hashedEnd = 6 + ((body[4]! << 8) | body[5]!);
  if (hashedEnd + 2 > body.length) return null;
  const keyId = primary.fingerprint.subarray(12);
  const signature: Signature = {
    version: 4,
    type: body[1]!,
    hash,
    created: null,
    signatureNeverExpires: true,
    keyNeverExpires: null,
    keyExpirationTime: null,
    isPrimaryUserID: null,
    keyFlags: null,
    hashed: body.subarray(0, hashedEnd),
    leftBits: new Uint8Array(0),
    rs: new Uint8Array(64),
  };
  const seen = new Set<number>();
  let issued = false;
  const issuer = (type: number, data: Uint8Array) => {
    issued = true;
    return type === SUBPACKET.issuerKeyID ? same(data, keyId) : data[0] === 4 && same(data.subarray(1), primary.fingerprint);
  };
  const hashedRead = subpackets(body, 6, hashedEnd, (type, critical, data) => {
    if (seen.has(type) && !IGNORED_SUBPACKETS.has(type) && type !== SUBPACKET.notationData) return false;
    seen.add(type);
    switch (type) {
      case SUBPACKET.signatureCreationTime:
        signature.created = new Date(uint32At(data, 0) * 1000);
        return data.length === 4;
      case SUBPACKET.signatureExpirationTime:
        return data.length === 4 && uint32At(data, 0) === 0;
      case SUBPACKET.keyExpirationTime:
        signature.keyExpirationTime = uint32At(data, 0);
        signature.keyNeverExpires = signature.keyExpirationTime === 0;
        return data.length === 4;
      case SUBPACKET.primaryUserID:
        signature.isPrimaryUserID = data[0] !== 0;
        return data.length === 1;
      case SUBPACKET.keyFlags:
        signature.keyFlags = data;
        return data.length > 0;
      case SUBPACKET.issuerKeyID:
      case SUBPACKET.issuerFingerprint:
        return issuer(type, data);
      case SUBPACKET.notationData:
        return !critical;
      default:
        return IGNORED_SUBPACKETS.has(type);
    }
  });
  if (!hashedRead || signature.created === null) return null;
  // Of the unhashed subpackets OpenPGP.js reads only the issuer and an embedded signature.
  const unhashedEnd = hashedEnd + 2 + ((body[hashedEnd]! << 8) | body[hashedEnd + 1]!);
  if (unhashedEnd + 2 > body.length) return null;
  const unhashedRead = subpackets(body, hashedEnd + 2, unhashedEnd, (type, _critical, data) => {
    if (type === SUBPACKET.issuerKeyID || type === SUBPACKET.issuerFingerprint) return issuer(type, data);
    return type !== SUBPACKET.embeddedSignature;
  });
  if (!unhashedRead || !issued) return null;
  signature.leftBits = body.subarray(unhashedEnd, unhashedEnd + 2);
  // r and s: two MPIs of at most 32 bytes each, placed at the right of their halves.
  let at = unhashedEnd + 2;
  for (const half of [0, 32]) {
    if (at + 2 > body.length) return null;
    const length = (((body[at]! << 8) | body[at + 1]!) + 7) >> 3;
    if (length > 32 || at + 2 + length > body.length) return null;
    signature.rs.set(body.subarray(at + 2, at + 2 + length), half + 32 - length);
    at += 2 + length;
  }
  return at === body.length ? signature : null;
}

/** The digest a self-signature signs: the primary key, what it binds (a user ID or a subkey), the signature's hashed part and its trailer. */
function digestOf(signature: Signature, primary: Part, bound: Uint8Array): Uint8Array {
  const trailer = Uint8Array.of(0x04, 0xff, ...uint32Bytes(signature.hashed.length));
  return HASHES[signature.hash]!(concat([primary.hashed, bound, signature.hashed, trailer]));
}

/** A user ID as a certification hashes it: 0xB4, four bytes of length, the UTF-8 that OpenPGP.js writes back. */
function hashedUserId(userID: UserID): Uint8Array {
  const bytes = userID.write();
  return concat([Uint8Array.of(0xb4, ...uint32Bytes(bytes.length)), bytes]);
}

function readUserId(body: Uint8Array): UserID | null {
  const userID = new openpgp.UserIDPacket();
  try {
    userID.read(body);
  } catch {
    return null;
  }
  return userID;
}

/** Checks each signature over its digest with the primary key, imported once; false for any that fails, or without WebCrypto's Ed25519. */
async function allCheck(primary: Part, signed: ReadonlyArray<{ signature: Signature; digest: Uint8Array }>): Promise<boolean> {
  if (signed.some(({ signature, digest }) => signature.leftBits[0] !== digest[0] || signature.leftBits[1] !== digest[1])) return false;
  try {
    const subtle = globalThis.crypto.subtle;
    const key = await subtle.importKey('raw', primary.point.slice(), { name: 'Ed25519' }, false, ['verify']);
    const results = await Promise.all(signed.map(({ signature, digest }) => subtle.verify({ name: 'Ed25519' }, key, signature.rs, digest.slice())));
    return results.every(Boolean);
  } catch {
    return false;
  }
}

/** The key in `bytes` read the quick way, with its validity; null for any key that is not of the plain kind described above. */
export async function readQuickKey(bytes: Uint8Array): Promise<QuickKey | null> {
  const packets = wholePackets(bytes);
  if (!packets || packets[0]?.tag !== PACKET_TAG.publicKey) return null;
  const primary = readPart(packets[0].body, true);
  if (!primary) return null;
  const users: Array<{ userID: UserID; certificate: Signature }> = [];
  const subkeys: Array<{ packet: Part; binding: Signature }> = [];
  let at = 1;
  for (; packets[at]?.tag === PACKET_TAG.userId && packets[at + 1]?.tag === PACKET_TAG.signature; at += 2) {
    const userID = readUserId(packets[at]!.body);
    const certificate = readSignature(packets[at + 1]!.body, primary);
    // Positive, casual, persona or generic certification.
    if (!userID || !certificate || certificate.type < 0x10 || certificate.type > 0x13) return null;
    users.push({ userID, certificate });
  }
  for (; packets[at]?.tag === PACKET_TAG.publicSubkey && packets[at + 1]?.tag === PACKET_TAG.signature; at += 2) {
    const packet = readPart(packets[at]!.body, false);
    const binding = readSignature(packets[at + 1]!.body, primary);
    if (!packet || !binding || binding.type !== openpgp.enums.signature.subkeyBinding) return null;
    subkeys.push({ packet, binding });
  }
  const now = wholeSecondsNow();
  const parts = { primary, users, subkeys };
  if (at !== packets.length || !plainShape(parts, now)) return null;
  const signed = [
    ...users.map(({ userID, certificate }) => ({ signature: certificate, digest: digestOf(certificate, primary, hashedUserId(userID)) })),
    ...subkeys.map(({ packet, binding }) => ({ signature: binding, digest: digestOf(binding, primary, packet.hashed) })),
  ];
  if (!(await allCheck(primary, signed))) return null;
  const keyParts = [primary, ...subkeys.map(({ packet }) => packet)];
  return {
    fingerprint: hexUpper(primary.fingerprint),
    keyIds: keyParts.map((part) => hexUpper(part.fingerprint.subarray(12))),
    created: primary.created,
    users: users.map(({ userID }) => ({ userID })),
    algorithms: keyParts.map((part) => part.getAlgorithmInfo()),
    validity: plainRules(parts, now),
    bytes,
  };
}
