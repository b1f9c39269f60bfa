/**
 * The keyring: the user's own key pairs and their contacts' public keys. Every change is computed
 * in full first and then saved in one write, so a failure halfway leaves the saved keyring as it was.
 */
import { SealmailError, type ConflictDetail } from '../core/errors';
import { applyRevocation, importKeys, mergeKeys, protectKey, revokes, splitRevocations, type GeneratedKey, type KeyInfo, type KeyRecord, type RevocationCertificate } from '../core/keys';
import { confirmFor, conflictsWith, firstConfirmations, isConfirmed, type ConflictChoice, type KeyEntry } from './continuity';
import type { ComposeMode } from '../messaging/protocol';
import { migrate, type KeyringState, type PasswordMailSettings, type StoredKey } from './keyring-schema';
import type { Store } from './store';

export const KEYRING_KEY = 'keyring';
export type { KeyEntry };

/** `revoke`: a bare revocation certificate, applied to the key it names (already in the keyring). */
export type ImportAction = 'add' | 'update' | 'revoke';

export interface ImportPreviewItem {
  info: KeyInfo;
  action: ImportAction;
  /** A secret key without a passphrase: Sealmail protects it with one before saving it. */
  needsPassphrase: boolean;
  /** Addresses of this key that another key in the keyring already has: importing it needs a choice. */
  conflicts: ConflictDetail[];
}

export class Keyring {
  private state: KeyringState | null = null;
  private readonly infos = new Map<string, Promise<KeyInfo>>();

  constructor(private readonly store: Store) {}

  async load(): Promise<KeyringState> {
    if (this.state) return this.state;
    const state = migrate(await this.store.get(KEYRING_KEY));
    if (state.keys.every((key) => key.confirmed !== null)) return (this.state = state);
    // Upgraded from before confirmations: each key keeps the addresses no other key claims.
    const entries = await Promise.all(state.keys.map(async (stored) => ({ stored, info: await this.describe(stored) })));
    const confirmed = firstConfirmations(entries);
    await this.commit({ ...state, keys: state.keys.map((key, index) => ({ ...key, confirmed: confirmed[index] ?? [] })) });
    return this.state!;
  }

  private async commit(next: KeyringState): Promise<void> {
    await this.store.set(KEYRING_KEY, next);
    this.state = next;
  }

  /** Describes a stored key; descriptions are kept per armored text, which changes with the key. */
  private describe(stored: StoredKey): Promise<KeyInfo> {
    let info = this.infos.get(stored.armored);
    if (!info) {
      info = importKeys(stored.armored).then(([record]) => {
        if (!record) throw new SealmailError('keyring_corrupt');
        return record.info;
      });
      this.infos.set(stored.armored, info);
    }
    return info;
  }

  async entries(): Promise<KeyEntry[]> {
    const state = await this.load();
    return Promise.all(state.keys.map(async (stored) => ({ stored, info: await this.describe(stored) })));
  }

  async get(fingerprint: string): Promise<StoredKey> {
    const stored = (await this.load()).keys.find((key) => key.fingerprint === fingerprint);
    if (!stored) throw new SealmailError('key_not_found', { fingerprint });
    return stored;
  }

  async defaultFingerprint(): Promise<string | null> {
    return (await this.load()).defaultFingerprint;
  }

  async autoLockMinutes(): Promise<number> {
    return (await this.load()).settings.autoLockMinutes;
  }

  async addGenerated(generated: GeneratedKey): Promise<void> {
    const state = await this.load();
    const stored: StoredKey = {
      fingerprint: generated.info.fingerprint,
      armored: generated.armored,
      secret: true,
      revocationCertificate: generated.revocationCertificate,
      addedAt: new Date().toISOString(),
      confirmed: [],
    };
    // The user just made this key for these addresses: it is theirs.
    const keys = generated.info.emails.reduce((list, address) => confirmFor(list, stored.fingerprint, address), [...state.keys, stored]);
    await this.commit({
      ...state,
      keys,
      defaultFingerprint: state.defaultFingerprint ?? stored.fingerprint,
    });
  }

  /** The keys and the bare revocation certificates in pasted text; text with neither is refused as before. */
  private async readImport(text: string): Promise<{ records: KeyRecord[]; revocations: RevocationCertificate[] }> {
    const { keyText, revocations } = await splitRevocations(text);
    if (revocations.length === 0) return { records: await importKeys(text), revocations };
    return { records: keyText.trim() ? await importKeys(keyText) : [], revocations };
  }

  /** Each revocation applied to the key it names, among `keys`; one for a key Sealmail does not have is `key_not_found`. */
  private static async revoked(keys: readonly StoredKey[], revocations: readonly RevocationCertificate[]): Promise<Array<{ index: number; record: KeyRecord }>> {
    const out: Array<{ index: number; record: KeyRecord }> = [];
    for (const revocation of revocations) {
      const index = keys.findIndex((key) => revokes(revocation, key.fingerprint));
      if (index < 0) throw new SealmailError('key_not_found', { fingerprint: revocation.fingerprint ?? revocation.keyId, cause: 'a revocation certificate for a key not in the keyring' });
      out.push({ index, record: await applyRevocation(keys[index]!.armored, revocation.certificate) });
    }
    return out;
  }

  async previewImport(text: string): Promise<ImportPreviewItem[]> {
    const state = await this.load();
    const { records, revocations } = await this.readImport(text);
    const known = await this.entries();
    const revokedItems = (await Keyring.revoked(state.keys, revocations)).map(({ record }): ImportPreviewItem => ({ info: record.info, action: 'revoke', needsPassphrase: false, conflicts: [] }));
    return [...records.map((record) => {
      const item: ImportPreviewItem = {
        info: record.info,
        action: state.keys.some((key) => key.fingerprint === record.info.fingerprint) ? 'update' : 'add',
        needsPassphrase: record.info.secret && !record.info.passphraseProtected,
        conflicts: newConflicts(known, record.info),
      };
      known.push(placeholder(record.info));
      return item;
    }), ...revokedItems];
  }

  /**
   * Imports every key in `text` or none: a bad block anywhere leaves the keyring unchanged. A key
   * sharing an address with another key is refused (`key_conflict`) unless `choice` says which
   * one is confirmed for it; a key alone for its address is confirmed for it.
   */
  async importKeys(text: string, protectPassphrase?: string, choice?: ConflictChoice): Promise<string[]> {
    const state = await this.load();
    const { records, revocations } = await this.readImport(text);
    const known = await this.entries();
    const conflicts = records.flatMap((record) => {
      const found = newConflicts(known, record.info);
      known.push(placeholder(record.info));
      return found;
    });
    if (conflicts.length && !choice) throw new SealmailError('key_conflict', { conflicts });
    let keys = [...state.keys];
    for (const record of records) {
      const incoming = await this.protected(record, protectPassphrase);
      const fingerprint = record.info.fingerprint;
      const index = keys.findIndex((key) => key.fingerprint === fingerprint);
      const existing = keys[index];
      if (existing) {
        const merged = await mergeKeys(existing.armored, incoming.armored);
        keys[index] = { ...existing, armored: merged.armored, secret: merged.info.secret };
      } else {
        keys.push({ fingerprint, armored: incoming.armored, secret: record.info.secret, revocationCertificate: null, addedAt: new Date().toISOString(), confirmed: [] });
      }
      for (const address of record.info.emails) {
        const claimed = keys.some((key) => key.fingerprint !== fingerprint && isConfirmed(key, address));
        const contested = conflicts.some((conflict) => conflict.address === address);
        if ((!claimed && !contested) || (contested && choice === 'trust-new')) keys = confirmFor(keys, fingerprint, address);
      }
    }
    const revoked = await Keyring.revoked(keys, revocations);
    for (const { index, record } of revoked) keys[index] = { ...keys[index]!, armored: record.armored };
    const firstSecret = keys.find((key) => key.secret)?.fingerprint ?? null;
    await this.commit({ ...state, keys, defaultFingerprint: state.defaultFingerprint ?? firstSecret });
    return [...records.map((record) => record.info.fingerprint), ...revoked.map(({ record }) => record.info.fingerprint)];
  }

  /** The user's explicit choice: this key is the one for this address. */
  async confirm(fingerprint: string, address: string): Promise<void> {
    const state = await this.load();
    const stored = await this.get(fingerprint);
    if (!(await this.describe(stored)).emails.includes(address)) throw new SealmailError('key_not_found', { fingerprint });
    await this.commit({ ...state, keys: confirmFor(state.keys, fingerprint, address) });
  }

  private async protected(record: KeyRecord, passphrase: string | undefined): Promise<KeyRecord> {
    if (!record.info.secret || record.info.passphraseProtected) return record;
    if (!passphrase) throw new SealmailError('passphrase_required');
    return protectKey(record.armored, passphrase);
  }

  /** Replaces a key's saved text (after a revocation or a passphrase change). */
  async update(fingerprint: string, changes: Partial<Pick<StoredKey, 'armored' | 'revocationCertificate'>>): Promise<void> {
    const state = await this.load();
    await this.get(fingerprint);
    await this.commit({
      ...state,
      keys: state.keys.map((key) => (key.fingerprint === fingerprint ? { ...key, ...changes } : key)),
    });
  }

  async remove(fingerprint: string): Promise<void> {
    const state = await this.load();
    await this.get(fingerprint);
    const keys = state.keys.filter((key) => key.fingerprint !== fingerprint);
    const defaultFingerprint =
      state.defaultFingerprint === fingerprint ? (keys.find((key) => key.secret)?.fingerprint ?? null) : state.defaultFingerprint;
    await this.commit({ ...state, keys, defaultFingerprint });
  }

  async setDefault(fingerprint: string): Promise<void> {
    const stored = await this.get(fingerprint);
    if (!stored.secret) throw new SealmailError('not_a_private_key');
    await this.commit({ ...(await this.load()), defaultFingerprint: fingerprint });
  }

  async passwordMail(): Promise<PasswordMailSettings> {
    return (await this.load()).settings.passwordMail;
  }

  async setPasswordMail(settings: PasswordMailSettings): Promise<void> {
    const state = await this.load();
    await this.commit({ ...state, settings: { ...state.settings, passwordMail: settings } });
  }

  async composeMode(): Promise<ComposeMode> {
    return (await this.load()).settings.composeMode;
  }

  async setComposeMode(mode: ComposeMode): Promise<void> {
    const state = await this.load();
    await this.commit({ ...state, settings: { ...state.settings, composeMode: mode } });
  }

  async keyServer(): Promise<boolean> {
    return (await this.load()).settings.keyServer;
  }

  async setKeyServer(allowed: boolean): Promise<void> {
    const state = await this.load();
    await this.commit({ ...state, settings: { ...state.settings, keyServer: allowed } });
  }

  async keyInMail(): Promise<boolean> {
    return (await this.load()).settings.keyInMail;
  }

  async setKeyInMail(on: boolean): Promise<void> {
    const state = await this.load();
    await this.commit({ ...state, settings: { ...state.settings, keyInMail: on } });
  }

  async setAutoLockMinutes(minutes: number): Promise<void> {
    const state = await this.load();
    await this.commit({ ...state, settings: { ...state.settings, autoLockMinutes: minutes } });
  }

  /** The whole saved record, for a recovery kit: private keys stay under their passphrases. */
  async snapshot(): Promise<KeyringState> {
    return structuredClone(await this.load());
  }

  /**
   * Brings back a keyring from a recovery kit, in one write. Its settings and keys come back; a
   * key this browser already holds is kept as it is here (it may be newer), and a key from the kit
   * keeps only the confirmations no key here already holds, so that no address gains a second key.
   */
  async restore(saved: unknown): Promise<{ added: number }> {
    const kit = migrate(saved);
    for (const stored of kit.keys) await this.describe(stored);
    const state = await this.load();
    const held = new Set(state.keys.map((key) => key.fingerprint));
    const claimed = new Set(state.keys.flatMap((key) => key.confirmed ?? []));
    const added = kit.keys
      .filter((key) => !held.has(key.fingerprint))
      .map((key) => ({ ...key, confirmed: (key.confirmed ?? []).filter((address) => !claimed.has(address)) }));
    const keys = [...state.keys, ...added];
    const defaultFingerprint = state.defaultFingerprint ?? (keys.some((key) => key.fingerprint === kit.defaultFingerprint) ? kit.defaultFingerprint : null);
    await this.commit({ ...state, keys, defaultFingerprint, settings: kit.settings });
    return { added: added.length };
  }
}

/** Conflicts that need a choice: an address the incoming key is not already confirmed for, held by another key. */
function newConflicts(known: readonly KeyEntry[], incoming: KeyInfo): ConflictDetail[] {
  const current = known.find((entry) => entry.stored.fingerprint === incoming.fingerprint);
  return conflictsWith(known, incoming).filter((conflict) => !(current && isConfirmed(current.stored, conflict.address)));
}

/** A key of the same import, standing in for the keyring entry it will become. */
function placeholder(info: KeyInfo): KeyEntry {
  const stored: StoredKey = { fingerprint: info.fingerprint, armored: '', secret: info.secret, revocationCertificate: null, addedAt: '', confirmed: [] };
  return { stored, info };
}
