/**
 * The recovery kit: everything in the keyring (private keys still under their passphrases,
 * contacts' keys, confirmations, settings) sealed with a recovery code that only the user holds.
 * The code is 160 random bits, written as 8 groups of 4 characters; argon2id (RFC 9106's second
 * recommended setting, 64 MiB) turns it into an AES-256-GCM key, and the kit's header is bound
 * to the ciphertext, so a changed setting or a changed byte fails as loudly as a wrong code.
 */
import { argon2id } from '@noble/hashes/argon2.js';
import { decodeBase64, encodeBase64Lines } from './base64';
import { SealmailError } from './errors';

export const KIT_FORMAT = 'sealmail-recovery-kit';
/** Crockford's base 32: no I, L, O or U, so that a code read aloud or written by hand stays unambiguous. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const GROUPS = 8;
const GROUP_LENGTH = 4;
const CODE_LENGTH = GROUPS * GROUP_LENGTH;

export interface KdfSettings {
  name: 'argon2id';
  /** Memory in KiB, passes, lanes. */
  m: number;
  t: number;
  p: number;
  salt: string;
}

export interface RecoveryKit {
  format: typeof KIT_FORMAT;
  version: 1;
  about: string;
  created: string;
  kdf: KdfSettings;
  cipher: 'AES-256-GCM';
  iv: string;
  ciphertext: string;
}

export const DEFAULT_KDF = { m: 64 * 1024, t: 3, p: 1 } as const;
/** The most a kit may ask for: a forged kit cannot make opening it cost more than this. */
const MAX_KDF = { m: 1024 * 1024, t: 10, p: 4 } as const;

const base64 = (bytes: Uint8Array) => encodeBase64Lines(bytes).replace(/\n/g, '');
const random = (length: number) => crypto.getRandomValues(new Uint8Array(length));

/** A new recovery code: 8 groups of 4 characters, 5 random bits each. */
export function newRecoveryCode(bytes: Uint8Array = random(CODE_LENGTH)): string {
  if (bytes.length !== CODE_LENGTH) throw new RangeError('one random byte per character');
  const characters = [...bytes].map((byte) => ALPHABET[byte & 31]!);
  return Array.from({ length: GROUPS }, (_, group) => characters.slice(group * GROUP_LENGTH, (group + 1) * GROUP_LENGTH).join('')).join('-');
}

/** A code as typed: any case, spaces or dashes anywhere, O for 0 and I or L for 1. Anything else is `recovery_code_malformed`. */
export function normaliseRecoveryCode(typed: string): string {
  const compact = typed.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  if (compact.length !== CODE_LENGTH || [...compact].some((character) => !ALPHABET.includes(character))) {
    throw new SealmailError('recovery_code_malformed');
  }
  return compact;
}

/** The header, exactly as it is bound to the ciphertext. */
function header(kit: Pick<RecoveryKit, 'format' | 'version' | 'created' | 'kdf' | 'cipher'>): Uint8Array<ArrayBuffer> {
  const { format, version, created, kdf, cipher } = kit;
  return new TextEncoder().encode(JSON.stringify({ format, version, created, kdf: { name: kdf.name, m: kdf.m, t: kdf.t, p: kdf.p, salt: kdf.salt }, cipher }));
}

async function keyFrom(code: string, kdf: KdfSettings): Promise<CryptoKey> {
  const salt = decodeBase64(kdf.salt);
  if (!salt || salt.length < 16) throw new SealmailError('not_a_recovery_kit');
  const raw = argon2id(normaliseRecoveryCode(code), salt, { m: kdf.m, t: kdf.t, p: kdf.p, dkLen: 32 });
  return crypto.subtle.importKey('raw', raw, 'AES-GCM', false, ['encrypt', 'decrypt']);
}

/** Seals `payload` (the keyring, as JSON) with `code`. */
export async function sealRecoveryKit(payload: string, code: string, about: string, kdf: { m: number; t: number; p: number } = DEFAULT_KDF): Promise<RecoveryKit> {
  const settings: KdfSettings = { name: 'argon2id', ...kdf, salt: base64(random(16)) };
  const iv = random(12);
  const unsealed = { format: KIT_FORMAT, version: 1, created: new Date().toISOString(), kdf: settings, cipher: 'AES-256-GCM' } as const;
  const key = await keyFrom(code, settings);
  const ciphertext = new Uint8Array(
    await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: header(unsealed) }, key, new TextEncoder().encode(payload)),
  );
  return { ...unsealed, about, iv: base64(iv), ciphertext: base64(ciphertext) };
}

/** Reads a kit file's text; anything that is not a kit this version can open is `not_a_recovery_kit`. */
export function readRecoveryKit(text: string): RecoveryKit {
  let kit: Partial<RecoveryKit>;
  try {
    kit = JSON.parse(text) as Partial<RecoveryKit>;
  } catch {
    throw new SealmailError('not_a_recovery_kit');
  }
  const kdf = kit?.kdf;
  const within = (value: unknown, max: number) => typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= max;
  if (
    kit?.format !== KIT_FORMAT ||
    kit.version !== 1 ||
    kit.cipher !== 'AES-256-GCM' ||
    typeof kit.created !== 'string' ||
    typeof kit.iv !== 'string' ||
    typeof kit.ciphertext !== 'string' ||
    kdf?.name !== 'argon2id' ||
    typeof kdf.salt !== 'string' ||
    !within(kdf.m, MAX_KDF.m) ||
    !within(kdf.t, MAX_KDF.t) ||
    !within(kdf.p, MAX_KDF.p) ||
    kdf.m < 8 * kdf.p
  ) {
    throw new SealmailError('not_a_recovery_kit');
  }
  return kit as RecoveryKit;
}

/** The payload of a kit; a wrong code, or a kit changed in any byte, is `wrong_recovery_code`. */
export async function openRecoveryKit(kit: RecoveryKit, code: string): Promise<string> {
  const key = await keyFrom(code, kit.kdf);
  const iv = decodeBase64(kit.iv);
  const ciphertext = decodeBase64(kit.ciphertext);
  if (!iv || iv.length !== 12 || !ciphertext) throw new SealmailError('not_a_recovery_kit');
  const data = new Uint8Array(ciphertext);
  try {
    const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: new Uint8Array(iv), additionalData: header(kit) }, key, data);
    return new TextDecoder('utf-8', { fatal: true }).decode(plain);
  } catch {
    throw new SealmailError('wrong_recovery_code');
  }
}
