/**
 * Sealing: encrypt to recipients' keys and/or passwords, add the sender's own key so the sender
 * can read what they sent, sign with the sender's key, armor.
 */
import * as openpgp from 'openpgp';
import type { PrivateKey, PublicKey } from 'openpgp';
import { armorBytes } from './armor';
import { SealmailError, type RecipientProblem, type RecipientProblemReason } from './errors';
import { WRITE_CONFIG, fingerprintHex, keyAddress, keyIdHex } from './pgp';

export interface SealOptions {
  text: string;
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

/** Encrypts and signs `text`; returns the armored PGP MESSAGE. */
export async function seal(options: SealOptions): Promise<string> {
  const date = options.date ?? new Date();
  const recipients = options.recipients ?? [];
  const passwords = (options.passwords ?? []).filter((password) => password.length > 0);
  if (recipients.length === 0 && passwords.length === 0) throw new SealmailError('no_recipients');
  await checkRecipients(recipients, date);
  const sender = options.sender;
  if (sender) await checkSender(sender, date);
  const encryptionKeys = uniqueByFingerprint([...recipients, ...(sender ? [sender.toPublic()] : [])]);
  const message = await openpgp.createMessage({ text: options.text, date });
  const bytes = await openpgp.encrypt({
    message,
    ...(encryptionKeys.length ? { encryptionKeys } : {}),
    ...(passwords.length ? { passwords } : {}),
    ...(sender ? { signingKeys: sender } : {}),
    date,
    format: 'binary',
    config: WRITE_CONFIG,
  });
  return armorBytes('MESSAGE', bytes);
}
