/**
 * Sealing: encrypt to recipients' keys and/or passwords, add the sender's own key so the sender
 * can read what they sent, sign with the sender's key, armor.
 */
import * as openpgp from 'openpgp';
import type { PrivateKey, PublicKey } from 'openpgp';
import { armorBytes } from './armor';
import { SealmailError, type RecipientProblem, type RecipientProblemReason } from './errors';
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
  const message = await openpgp.createMessage({ binary: utf8(options.text), format: 'binary', date });
  return armorBytes('MESSAGE', await sealMessage(message, options, date, options.compress ? COMPRESSING : WRITE_CONFIG));
}

/**
 * The UTF-8 bytes of `text`, written into a buffer a quarter larger than the text (room for the
 * accents of most Latin-script mail): `encodeInto` is two to three times quicker than `encode` in
 * Chromium, which sizes and copies its result. Text that needs more room (Greek, Cyrillic, CJK) is
 * encoded again the plain way.
 */
export function utf8(text: string): Uint8Array {
  const encoder = new TextEncoder();
  const out = new Uint8Array(text.length + (text.length >> 2) + 4);
  const { read, written } = encoder.encodeInto(text, out);
  return read === text.length ? out.subarray(0, written) : encoder.encode(text);
}

const COMPRESSING = { ...WRITE_CONFIG, preferredCompressionAlgorithm: openpgp.enums.compression.zlib };

/** Encrypts and signs a file, byte for byte; returns the binary OpenPGP message (what `gpg -d` reads from `name.pgp`). */
export async function sealFile(options: SealFileOptions): Promise<Uint8Array> {
  const date = options.date ?? new Date();
  const message = await openpgp.createMessage({ binary: options.file.bytes, filename: options.file.name, format: 'binary', date });
  return sealMessage(message, options, date);
}

async function sealMessage(message: openpgp.Message<Uint8Array | string>, options: SealTo, date: Date, config = WRITE_CONFIG): Promise<Uint8Array> {
  const recipients = options.recipients ?? [];
  const passwords = (options.passwords ?? []).filter((password) => password.length > 0);
  if (recipients.length === 0 && passwords.length === 0) throw new SealmailError('no_recipients');
  await checkRecipients(recipients, date);
  const sender = options.sender;
  if (sender) await checkSender(sender, date);
  const encryptionKeys = uniqueByFingerprint([...recipients, ...(sender ? [sender.toPublic()] : [])]);
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
