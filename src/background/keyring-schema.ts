/**
 * The saved keyring: one versioned record (the index: every key's facts, confirmations and the
 * settings, saved as JSON text) under one storage key, and the keys' texts in buckets beside it
 * (by the first two digits of the fingerprint, each bucket one JSON text), so that a worker start
 * reads the index alone, and a Send reads the buckets of the keys it uses. Every change is one
 * atomic write of the index and the buckets it changed. Older versions are upgraded step by step;
 * a newer or unreadable one is refused and left untouched.
 */
import { SealmailError } from '../core/errors';
import { COMPOSE_MODES, type ComposeMode } from '../messaging/protocol';

export const SCHEMA_VERSION = 9;
export const DEFAULT_AUTO_LOCK_MINUTES = 30;

/**
 * What parsing a key tells, saved beside it, so that neither a worker start nor a lookup by
 * address parses keys: only the keys a message is sealed to or signed by are parsed.
 */
export interface KeyFacts {
  /**
   * The KeyInfo, as JSON: one string per key is cheap to save, load and copy, and is parsed only
   * for the keys a task needs. Saved with the key's text, not in the index; '' in memory until read.
   */
  info: string;
  /** The key's addresses (as in `info`), for finding keys by address without parsing `info`. */
  emails: string[];
  /** The key's and its subkeys' key IDs (hex, upper case). */
  keyIds: string[];
  /** After this time the facts are worked out again (the key or a subkey expires then); null: until the key changes. */
  until: string | null;
}

export interface StoredKey {
  fingerprint: string;
  /**
   * Public key, or passphrase-protected private key. Never an unprotected secret. Saved with the
   * key's `facts.info` under a storage key of its own (KEY_RECORD_PREFIX + fingerprint), not in the
   * index; in memory it is '' until the keyring has read it (it does before it hands the key out).
   */
  armored: string;
  secret: boolean;
  /** Made when the key was generated; null for imported keys until one is made. */
  revocationCertificate: string | null;
  addedAt: string;
  /**
   * The addresses the user has confirmed this key for (trust on first use, or an explicit choice).
   * At most one key is confirmed for an address. Null only in a record just upgraded from
   * version 2, until the keyring has worked it out from the keys themselves.
   */
  confirmed: string[] | null;
  /** Null only in a record just upgraded from version 6, until the keyring has parsed the key once. */
  facts: KeyFacts | null;
}

/** What a mail protected with a password carries besides the message. */
export interface PasswordMailSettings {
  /** A short plain-text note before the armor: who sent it and how to open it (never the password). */
  note: boolean;
  /** Where recipients find the reader; empty to leave the link out. */
  readerUrl: string;
  /** The sender's public key after the armor, so that the recipient can reply securely. */
  attachKey: boolean;
}

export interface KeyringState {
  version: typeof SCHEMA_VERSION;
  keys: StoredKey[];
  defaultFingerprint: string | null;
  /**
   * `keyServer`: whether a lookup may also ask keys.openpgp.org (the recipient's own domain is always asked first).
   * `keyInMail`: whether mail sealed to keys carries the sender's public key too (password mail has its own setting).
   */
  settings: { autoLockMinutes: number; passwordMail: PasswordMailSettings; composeMode: ComposeMode; keyServer: boolean; keyInMail: boolean };
}

/** Where version 8 saved each key's text and description: a storage key each, by fingerprint. */
export const KEY_RECORD_PREFIX = 'keyring/key/';

/**
 * Where each key's text and description are saved: in the bucket named by the first two digits
 * of its fingerprint. Ten thousand contacts make 256 buckets of about 40 keys: one storage write
 * of a few hundred JSON texts costs about half as much as one of ten thousand objects.
 */
export const KEY_BUCKET_PREFIX = 'keyring/keys/';

export function bucketOf(fingerprint: string): string {
  return KEY_BUCKET_PREFIX + fingerprint.slice(0, 2).toUpperCase();
}

/** A key's text and description, as saved in its bucket (and, in version 8, under a key of its own). */
export interface KeyRecordSaved {
  armored: string;
  info: string;
}

export function isKeyRecordSaved(value: unknown): value is KeyRecordSaved {
  const record = value as Partial<KeyRecordSaved> | null;
  return typeof record === 'object' && record !== null && typeof record.armored === 'string' && record.armored !== '' && typeof record.info === 'string' && record.info !== '';
}

/**
 * The records in a saved bucket, by fingerprint; none for nothing saved. Anything else is
 * `keyring_corrupt`. A description is saved as the JSON it is (see `bucketText`) and held as text.
 */
export function readBucket(saved: unknown): Record<string, KeyRecordSaved> {
  if (saved === undefined) return {};
  let parsed: unknown;
  try {
    parsed = typeof saved === 'string' ? JSON.parse(saved) : null;
  } catch {
    parsed = null;
  }
  const records: Record<string, KeyRecordSaved> = {};
  const entries = typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? Object.entries(parsed) : null;
  for (const [fingerprint, value] of entries ?? []) {
    const { armored, info } = (value ?? {}) as { armored?: unknown; info?: unknown };
    const record = { armored, info: typeof info === 'object' && info !== null && !Array.isArray(info) ? JSON.stringify(info) : null };
    if (!isKeyRecordSaved(record)) return damaged();
    records[fingerprint] = record;
  }
  return entries ? records : damaged();
}

function damaged(): never {
  throw new SealmailError('keyring_corrupt', { cause: 'a saved bucket of key texts is damaged' });
}

/**
 * A bucket as saved: one JSON text, in which each description (itself JSON text) is written as
 * the JSON it is rather than as a string inside it, which would escape each of its quotes twice.
 */
export function bucketText(records: Record<string, KeyRecordSaved>): string {
  return `{${Object.entries(records).map(([fingerprint, record]) => `${JSON.stringify(fingerprint)}:{"armored":${JSON.stringify(record.armored)},"info":${record.info}}`).join(',')}}`;
}

export const DEFAULT_PASSWORD_MAIL: PasswordMailSettings = { note: true, readerUrl: '', attachKey: true };

/** Upgrades a saved record of version N to version N + 1. */
export type Migration = (old: Record<string, unknown>) => Record<string, unknown>;

/** MIGRATIONS[n] upgrades version n to n + 1. Version 1 is the first saved shape. */
export const MIGRATIONS: Readonly<Record<number, Migration>> = {
  // Version 2: settings for mail protected with a password.
  1: (old) => ({ ...old, settings: { ...(old.settings as object), passwordMail: { ...DEFAULT_PASSWORD_MAIL } } }),
  // Version 3: which key the user confirmed for each address (worked out on load, see Keyring).
  2: (old) => ({ ...old, keys: Array.isArray(old.keys) ? old.keys.map((key: unknown) => (typeof key === 'object' && key ? { ...key, confirmed: null } : key)) : old.keys }),
  // Version 4: where secure mail is written; Sealmail's own editor unless the user chooses otherwise.
  3: (old) => ({ ...old, settings: { ...(old.settings as object), composeMode: 'secure' } }),
  // Version 5: key lookups may ask keys.openpgp.org only when the user allows it; off until then.
  4: (old) => ({ ...old, settings: { ...(old.settings as object), keyServer: false } }),
  // Version 6: the sender's key in mail sealed to keys, off until the user chooses it.
  5: (old) => ({ ...old, settings: { ...(old.settings as object), keyInMail: false } }),
  // Version 7: each key's parsed facts beside it (worked out once on load, see Keyring).
  6: (old) => ({ ...old, keys: Array.isArray(old.keys) ? old.keys.map((key: unknown) => (typeof key === 'object' && key ? { ...key, facts: null } : key)) : old.keys }),
  // Version 8: each key's text and description under a storage key of its own. Those still in the index move out at the first load (see Keyring).
  7: (old) => old,
  // Version 9: the texts and descriptions in buckets. Those under a key of their own move at the first load (see Keyring).
  8: (old) => old,
};

export function emptyKeyring(): KeyringState {
  return {
    version: SCHEMA_VERSION,
    keys: [],
    defaultFingerprint: null,
    settings: { autoLockMinutes: DEFAULT_AUTO_LOCK_MINUTES, passwordMail: { ...DEFAULT_PASSWORD_MAIL }, composeMode: 'secure', keyServer: false, keyInMail: false },
  };
}

function isStoredKey(value: unknown): value is StoredKey {
  const key = value as Partial<StoredKey> | null;
  return (
    typeof key === 'object' &&
    key !== null &&
    typeof key.fingerprint === 'string' &&
    (key.armored === undefined || typeof key.armored === 'string') &&
    typeof key.secret === 'boolean' &&
    (key.revocationCertificate === null || typeof key.revocationCertificate === 'string') &&
    typeof key.addedAt === 'string' &&
    (key.confirmed === null || (Array.isArray(key.confirmed) && key.confirmed.every((address) => typeof address === 'string'))) &&
    (key.facts === null || (typeof key.facts === 'object' && (key.facts.info === undefined || typeof key.facts.info === 'string') && Array.isArray(key.facts.emails) && Array.isArray(key.facts.keyIds) && (key.facts.until === null || typeof key.facts.until === 'string')))
  );
}

function isCurrent(value: Record<string, unknown>): value is Record<string, unknown> & KeyringState {
  const settings = value.settings as { autoLockMinutes?: unknown; passwordMail?: Partial<PasswordMailSettings>; composeMode?: unknown; keyServer?: unknown; keyInMail?: unknown } | undefined;
  const mail = settings?.passwordMail;
  return (
    value.version === SCHEMA_VERSION &&
    Array.isArray(value.keys) &&
    value.keys.every(isStoredKey) &&
    (value.defaultFingerprint === null || typeof value.defaultFingerprint === 'string') &&
    typeof settings?.autoLockMinutes === 'number' &&
    typeof settings.keyServer === 'boolean' &&
    typeof settings.keyInMail === 'boolean' &&
    (COMPOSE_MODES as readonly unknown[]).includes(settings.composeMode) &&
    typeof mail?.note === 'boolean' &&
    typeof mail.readerUrl === 'string' &&
    typeof mail.attachKey === 'boolean'
  );
}

/**
 * Upgrades a saved record step by step to version `target`. Separate from `migrate` so that the
 * path can be tested before a second version exists.
 */
export function upgrade(saved: unknown, migrations: Readonly<Record<number, Migration>>, target: number): Record<string, unknown> {
  if (typeof saved !== 'object' || saved === null || Array.isArray(saved)) throw new SealmailError('keyring_corrupt');
  let record = saved as Record<string, unknown>;
  const version = record.version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) throw new SealmailError('keyring_corrupt');
  if (version > target) throw new SealmailError('keyring_newer');
  for (let from = version; from < target; from++) {
    const step = migrations[from];
    if (!step) throw new SealmailError('keyring_corrupt', { cause: `no migration from version ${from}` });
    record = { ...step(record), version: from + 1 };
  }
  return record;
}

/**
 * Reads a saved record of any known version into the current shape; nothing saved is an empty
 * keyring. A key whose text is saved apart has `armored` and `facts.info` '' here; one upgraded
 * from before version 8 still has them.
 */
export function migrate(saved: unknown): KeyringState {
  return readKeyring(saved).state;
}

/** The saved record in the current shape, and the version it was saved in (null for nothing saved). */
export function readKeyring(saved: unknown): { state: KeyringState; from: number | null } {
  if (saved === undefined || saved === null) return { state: emptyKeyring(), from: null };
  let parsed: unknown = saved;
  if (typeof saved === 'string') {
    try {
      parsed = JSON.parse(saved);
    } catch {
      throw new SealmailError('keyring_corrupt');
    }
  }
  const record = upgrade(parsed, MIGRATIONS, SCHEMA_VERSION);
  if (!isCurrent(record)) throw new SealmailError('keyring_corrupt');
  // In place: the record is this call's own (parsed here, or a copy from storage), and a copy of 10,000 keys costs a worker start.
  for (const key of record.keys) {
    key.armored ??= '';
    if (key.facts) key.facts.info ??= '';
  }
  return { state: record, from: (parsed as { version: number }).version };
}

/**
 * The index as saved: the keys without their texts and descriptions, as one JSON string (a
 * storage area copies one string far faster than ten thousand small objects).
 */
export function indexOf(state: KeyringState): string {
  return JSON.stringify({ ...state, keys: state.keys.map(({ armored: _, facts, ...rest }) => ({ ...rest, facts: facts && { emails: facts.emails, keyIds: facts.keyIds, until: facts.until } })) });
}
