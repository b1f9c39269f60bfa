/**
 * The keyring: the user's own key pairs and their contacts' public keys. Every change is computed
 * in full first and then saved in one write, so a failure halfway leaves the saved keyring as it was.
 * A worker start reads the index only; a key's text is read when the key is first handed out.
 */
import { SealmailError, type ConflictDetail } from '../core/errors';
import { applyRevocation, importKeys, mergeKeys, protectKey, revokes, splitRevocations, type GeneratedKey, type KeyInfo, type KeyReaderElsewhere, type KeyRecord, type RevocationCertificate } from '../core/keys';
import { confirmFor, conflictsWith, firstConfirmations, isConfirmed, type ConflictChoice, type KeyEntry } from './continuity';
import type { ComposeMode } from '../messaging/protocol';
import { bucketOf, bucketText, indexOf, isKeyRecordSaved, KEY_RECORD_PREFIX, migrate, readBucket, readKeyring, type KeyRecordSaved, type KeyFacts, type KeyringState, type PasswordMailSettings, type StoredKey } from './keyring-schema';
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

interface ImportRead {
  records: KeyRecord[];
  revocations: RevocationCertificate[];
}

/** How long what an import's text gave is kept for the import that follows its preview. */
const REREAD_AFTER_MS = 10 * 60 * 1000;

const factsOf = (record: KeyRecord): KeyFacts => ({ info: JSON.stringify(record.info), emails: record.info.emails, keyIds: record.keyIds, until: record.until });
function isJsonObject(text: string): boolean {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value);
  } catch {
    return false;
  }
}

/** Saved facts that still hold: none of the key's parts has expired since they were worked out. */
const current = (facts: KeyFacts | null): facts is KeyFacts => facts !== null && (facts.until === null || Date.parse(facts.until) > Date.now());

export class Keyring {
  private state: KeyringState | null = null;
  /** Each key's saved record (text and description), by fingerprint; null for one saved but not read yet. */
  private readonly savedTexts = new Map<string, KeyRecordSaved | null>();
  /** The buckets read (or written) by this worker: every record saved in them is in `savedTexts`. */
  private readonly bucketsRead = new Set<string>();
  private readonly parsed = new Map<string, Promise<KeyFacts>>();
  private readonly infos = new Map<string, KeyInfo>();

  /** The text last read for an import, and what it gave: the key manager previews an import, then makes it, with the same text. */
  private lastRead: { text: string; at: number; read: Promise<ImportRead> } | null = null;
  /** The first load under way, so that two callers at a worker's start load (and upgrade) the keyring once. */
  private loading: Promise<KeyringState> | null = null;
  /** The last change asked for: each change waits for the one before, so that it starts from the keyring that one saved. */
  private changing: Promise<unknown> = Promise.resolve();

  /** `elsewhere`: another thread that reads half of a large import of public keys at the same time. */
  constructor(
    private readonly store: Store,
    private readonly elsewhere?: KeyReaderElsewhere,
  ) {}

  /**
   * The saved keyring, read once per worker. Keys are not parsed: their facts are saved beside
   * them, and only facts that are missing (a record just upgraded) or stale (a key expired) are
   * worked out again, and saved.
   */
  async load(): Promise<KeyringState> {
    if (this.state) return this.state;
    this.loading ??= this.loadSaved().finally(() => {
      this.loading = null;
    });
    return this.loading;
  }

  private async loadSaved(): Promise<KeyringState> {
    const saved = readKeyring(await this.store.get(KEYRING_KEY));
    let state = saved.state;
    // Texts saved under a key each (version 8) are read now, to move into buckets with the first write below.
    const ownKeys = saved.from === 8 ? await this.readOwnKeys(state.keys) : [];
    // A description from an earlier version goes into its bucket as the JSON it is (see bucketText): one that is not JSON is worked out again.
    for (const key of state.keys) if (key.facts && key.facts.info !== '' && !isJsonObject(key.facts.info)) key.facts = null;
    // Texts saved apart are read when needed; those still in an index upgraded from before are moved out below.
    for (const key of state.keys) if (key.armored === '') this.savedTexts.set(key.fingerprint, null);
    const moved = state.keys.some((key) => key.armored !== '');
    const staleKeys = state.keys.filter((key) => !current(key.facts));
    const stale = staleKeys.length > 0;
    if (stale) {
      await this.readTexts(staleKeys);
      state = { ...state, keys: await Promise.all(state.keys.map(async (key) => (current(key.facts) ? key : { ...key, facts: await this.parse(key.armored) }))) };
    }
    if (state.keys.every((key) => key.confirmed !== null)) {
      if (stale || moved) await this.commit(state, ownKeys);
      return (this.state ??= state);
    }
    // Upgraded from before confirmations: each key keeps the addresses no other key claims.
    const confirmed = firstConfirmations(state.keys.map((stored) => ({ stored, info: this.infoOf(stored.facts!) })));
    await this.commit({ ...state, keys: state.keys.map((key, index) => ({ ...key, confirmed: confirmed[index] ?? [] })) }, ownKeys);
    return this.state!;
  }

  /** Version 8: reads every key's record from its own storage key into the key; gives those storage keys, to remove once the buckets are saved. */
  private async readOwnKeys(keys: readonly StoredKey[]): Promise<string[]> {
    const names = keys.filter((key) => key.armored === '').map((key) => KEY_RECORD_PREFIX + key.fingerprint);
    const found = names.length ? await this.store.getMany(names) : {};
    for (const key of keys) {
      if (key.armored !== '') continue;
      const record = found[KEY_RECORD_PREFIX + key.fingerprint];
      if (!isKeyRecordSaved(record)) throw new SealmailError('keyring_corrupt', { cause: `the saved text of key ${key.fingerprint} is missing` });
      key.armored = record.armored;
      if (key.facts) key.facts.info = record.info;
    }
    return names;
  }

  /**
   * Reads the saved record (text and description) of each of these keys that has none in memory
   * yet, from the buckets not read yet, in one read, into the key itself (the same key in the
   * keyring in memory, so each record is read once per worker).
   */
  private async readTexts(keys: readonly StoredKey[]): Promise<void> {
    const missing = keys.filter((key) => key.armored === '' || key.facts?.info === '');
    if (missing.length === 0) return;
    await this.readBuckets(new Set(missing.map((key) => bucketOf(key.fingerprint))));
    for (const key of missing) {
      const record = this.savedTexts.get(key.fingerprint);
      if (!record) throw new SealmailError('keyring_corrupt', { cause: `the saved text of key ${key.fingerprint} is missing` });
      key.armored = record.armored;
      if (key.facts?.info === '') key.facts.info = record.info;
    }
  }

  /** Reads these buckets, those not read yet, in one read: the records of the keys the index holds. */
  private async readBuckets(buckets: ReadonlySet<string>): Promise<void> {
    const unread = [...buckets].filter((bucket) => !this.bucketsRead.has(bucket));
    if (unread.length === 0) return;
    const found = await this.store.getMany(unread);
    for (const bucket of unread) {
      for (const [fingerprint, record] of Object.entries(readBucket(found[bucket]))) {
        if (this.savedTexts.has(fingerprint) && bucketOf(fingerprint) === bucket) this.savedTexts.set(fingerprint, record);
      }
      this.bucketsRead.add(bucket);
    }
  }

  /**
   * Saves in one write: the index, and each bucket holding a key that is new, changed or gone
   * (a bucket is saved whole, so its other records are read first; an emptied bucket is removed
   * after the write, as are `alsoRemove`). A key whose text changed (facts set to null) is parsed
   * once first.
   */
  private async commit(next: KeyringState, alsoRemove: readonly string[] = []): Promise<void> {
    await this.readTexts(next.keys.filter((key) => key.facts === null));
    const keys = next.keys.some((key) => key.facts === null) ? await Promise.all(next.keys.map(async (key) => (key.facts ? key : { ...key, facts: await this.parse(key.armored) }))) : next.keys;
    const state = keys === next.keys ? next : { ...next, keys };
    const changed = new Map<string, KeyRecordSaved>();
    for (const key of state.keys) {
      if (key.armored === '') {
        if (!this.savedTexts.has(key.fingerprint)) throw new SealmailError('internal', { cause: `key ${key.fingerprint} has no text to save` });
        continue;
      }
      const saved = this.savedTexts.get(key.fingerprint);
      if (saved?.armored !== key.armored || saved.info !== key.facts!.info) changed.set(key.fingerprint, { armored: key.armored, info: key.facts!.info });
    }
    const held = new Set(state.keys.map((key) => key.fingerprint));
    const gone = [...this.savedTexts.keys()].filter((fingerprint) => !held.has(fingerprint));
    const touched = new Set([...changed.keys(), ...gone].map(bucketOf));
    // Only a bucket with a saved record not read yet needs reading before it is saved whole.
    const unread = new Set<string>();
    for (const [fingerprint, record] of this.savedTexts) if (record === null && touched.has(bucketOf(fingerprint))) unread.add(bucketOf(fingerprint));
    await this.readBuckets(unread);
    const buckets = new Map<string, Record<string, KeyRecordSaved>>([...touched].map((bucket) => [bucket, {}]));
    for (const key of state.keys) {
      const records = buckets.get(bucketOf(key.fingerprint));
      if (!records) continue;
      const record = changed.get(key.fingerprint) ?? this.savedTexts.get(key.fingerprint);
      if (!record) throw new SealmailError('keyring_corrupt', { cause: `the saved text of key ${key.fingerprint} is missing` });
      records[key.fingerprint] = record;
    }
    const values: Record<string, unknown> = { [KEYRING_KEY]: indexOf(state) };
    const emptied: string[] = [];
    for (const [bucket, records] of buckets) {
      if (Object.keys(records).length) values[bucket] = bucketText(records);
      else emptied.push(bucket);
    }
    await this.store.setMany(values, [...emptied, ...alsoRemove]);
    for (const [fingerprint, record] of changed) this.savedTexts.set(fingerprint, record);
    for (const fingerprint of gone) this.savedTexts.delete(fingerprint);
    for (const bucket of touched) this.bucketsRead.add(bucket);
    this.state = state;
  }

  /**
   * Runs a change of the keyring after every change asked for before it: a change reads the
   * keyring, works out the next one and saves it, and one that started from a keyring another
   * change was about to replace would undo that change. Reading (listing, finding keys) does not wait.
   */
  private change<T>(work: () => Promise<T>): Promise<T> {
    const done = this.changing.then(work);
    this.changing = done.catch(() => undefined);
    return done;
  }

  /** Parses a key for its facts, once per armored text (which changes with the key). */
  private parse(armored: string): Promise<KeyFacts> {
    let facts = this.parsed.get(armored);
    if (!facts) {
      facts = importKeys(armored).then(([record]) => {
        if (!record) throw new SealmailError('keyring_corrupt');
        return factsOf(record);
      });
      this.parsed.set(armored, facts);
    }
    return facts;
  }

  private infoOf(facts: KeyFacts): KeyInfo {
    let info = this.infos.get(facts.info);
    if (!info) {
      info = JSON.parse(facts.info) as KeyInfo;
      this.infos.set(facts.info, info);
    }
    return info;
  }

  private async describe(stored: StoredKey): Promise<KeyInfo> {
    return this.infoOf(current(stored.facts) ? stored.facts : await this.parse(stored.armored));
  }

  /** The user's own keys, the keys carrying any of these addresses and those with these fingerprints: all a Send or an import needs, without the rest. */
  async forAddresses(addresses: readonly string[], fingerprints: readonly string[] = []): Promise<KeyEntry[]> {
    const wanted = new Set(addresses);
    const named = new Set(fingerprints);
    const state = await this.load();
    const found = state.keys.filter((stored) => stored.secret || named.has(stored.fingerprint) || (stored.facts?.emails ?? []).some((address) => wanted.has(address)) || !stored.facts);
    await this.readTexts(found);
    return Promise.all(found.map(async (stored) => ({ stored, info: await this.describe(stored) })));
  }

  /** Keys one of whose parts has this key ID (hex): the candidates for a signature's signer. */
  async withKeyId(keyId: string): Promise<KeyEntry[]> {
    const wanted = keyId.toUpperCase();
    const state = await this.load();
    const found = state.keys.filter((stored) => (stored.facts?.keyIds ?? []).includes(wanted) || stored.fingerprint.endsWith(wanted));
    await this.readTexts(found);
    return Promise.all(found.map(async (stored) => ({ stored, info: await this.describe(stored) })));
  }

  /** Every key, with its text. */
  async entries(): Promise<KeyEntry[]> {
    const state = await this.load();
    await this.readTexts(state.keys);
    return Promise.all(state.keys.map(async (stored) => ({ stored, info: await this.describe(stored) })));
  }

  async get(fingerprint: string): Promise<StoredKey> {
    const stored = (await this.load()).keys.find((key) => key.fingerprint === fingerprint);
    if (!stored) throw new SealmailError('key_not_found', { fingerprint });
    await this.readTexts([stored]);
    return stored;
  }

  async defaultFingerprint(): Promise<string | null> {
    return (await this.load()).defaultFingerprint;
  }

  async autoLockMinutes(): Promise<number> {
    return (await this.load()).settings.autoLockMinutes;
  }

  addGenerated(generated: GeneratedKey): Promise<void> {
    const stored: StoredKey = {
      fingerprint: generated.info.fingerprint,
      armored: generated.armored,
      secret: true,
      revocationCertificate: generated.revocationCertificate,
      addedAt: new Date().toISOString(),
      confirmed: [],
      facts: factsOf(generated),
    };
    return this.change(async () => {
      const state = await this.load();
      // The user just made this key for these addresses: it is theirs.
      const keys = generated.info.emails.reduce((list, address) => confirmFor(list, stored.fingerprint, address), [...state.keys, stored]);
      await this.commit({ ...state, keys, defaultFingerprint: state.defaultFingerprint ?? stored.fingerprint });
    });
  }

  /**
   * The keys and the bare revocation certificates in pasted text; text with neither is refused as
   * before. The same text read again within a few minutes (an import right after its preview)
   * gives what it gave then, without reading thousands of keys twice.
   */
  private readImport(text: string): Promise<ImportRead> {
    if (this.lastRead?.text === text && Date.now() - this.lastRead.at < REREAD_AFTER_MS) return this.lastRead.read;
    const read = this.readImportNow(text);
    const last = { text, at: Date.now(), read };
    this.lastRead = last;
    read.catch(() => {
      if (this.lastRead === last) this.lastRead = null;
    });
    return read;
  }

  private async readImportNow(text: string): Promise<ImportRead> {
    const { keyText, revocations } = await splitRevocations(text);
    if (revocations.length === 0) return { records: await importKeys(text, this.elsewhere), revocations };
    return { records: keyText.trim() ? await importKeys(keyText, this.elsewhere) : [], revocations };
  }

  /** Each revocation applied to the key it names, among `keys`; one for a key Sealmail does not have is `key_not_found`. */
  private async revoked(keys: readonly StoredKey[], revocations: readonly RevocationCertificate[]): Promise<Array<{ index: number; record: KeyRecord }>> {
    const out: Array<{ index: number; record: KeyRecord }> = [];
    for (const revocation of revocations) {
      const index = keys.findIndex((key) => revokes(revocation, key.fingerprint));
      if (index < 0) throw new SealmailError('key_not_found', { fingerprint: revocation.fingerprint ?? revocation.keyId, cause: 'a revocation certificate for a key not in the keyring' });
      await this.readTexts([keys[index]!]);
      out.push({ index, record: await applyRevocation(keys[index]!.armored, revocation.certificate) });
    }
    return out;
  }

  async previewImport(text: string): Promise<ImportPreviewItem[]> {
    const state = await this.load();
    const { records, revocations } = await this.readImport(text);
    // Only keys sharing an address with the incoming ones can conflict with them: the rest are not read.
    const known = new KnownKeys(await this.forAddresses(records.flatMap((record) => record.info.emails), records.map((record) => record.info.fingerprint)));
    const revokedItems = (await this.revoked(state.keys, revocations)).map(({ record }): ImportPreviewItem => ({ info: record.info, action: 'revoke', needsPassphrase: false, conflicts: [] }));
    return [...records.map((record) => {
      const item: ImportPreviewItem = {
        info: record.info,
        action: known.has(record.info.fingerprint) ? 'update' : 'add',
        needsPassphrase: record.info.secret && !record.info.passphraseProtected,
        conflicts: known.newConflicts(record.info),
      };
      known.add(placeholder(record.info));
      return item;
    }), ...revokedItems];
  }

  /**
   * Imports every key in `text` or none: a bad block anywhere leaves the keyring unchanged. A key
   * sharing an address with another key is refused (`key_conflict`) unless `choice` says which
   * one is confirmed for it; a key alone for its address is confirmed for it. However many keys
   * the text holds, the keyring is saved once, and no key already held is parsed.
   */
  async importKeys(text: string, protectPassphrase?: string, choice?: ConflictChoice): Promise<string[]> {
    // A damaged keyring is refused before any key is read.
    await this.load();
    // The keys are read (the long part) before the change waits its turn: other changes go on meanwhile.
    const read = await this.readImport(text);
    return this.change(() => this.importRead(read, protectPassphrase, choice));
  }

  private async importRead({ records, revocations }: ImportRead, protectPassphrase?: string, choice?: ConflictChoice): Promise<string[]> {
    const state = await this.load();
    // Only keys sharing an address with the incoming ones can conflict with them: the rest are not read.
    const known = new KnownKeys(await this.forAddresses(records.flatMap((record) => record.info.emails), records.map((record) => record.info.fingerprint)));
    const conflicts = records.flatMap((record) => {
      const found = known.newConflicts(record.info);
      known.add(placeholder(record.info));
      return found;
    });
    if (conflicts.length && !choice) throw new SealmailError('key_conflict', { conflicts });
    const contested = new Set(conflicts.map((conflict) => conflict.address));
    const keys = [...state.keys];
    const position = new Map(keys.map((key, index) => [key.fingerprint, index]));
    const confirmedBy = new Map<string, number>();
    keys.forEach((key, index) => key.confirmed?.forEach((address) => confirmedBy.set(address, index)));
    /** Confirms the key at `index` for `address`, taking the address from the key that had it. */
    const confirm = (index: number, address: string) => {
      const before = confirmedBy.get(address);
      if (before !== undefined && before !== index) keys[before] = { ...keys[before]!, confirmed: (keys[before]!.confirmed ?? []).filter((item) => item !== address) };
      const own = keys[index]!.confirmed ?? [];
      if (!own.includes(address)) keys[index] = { ...keys[index]!, confirmed: [...own, address] };
      confirmedBy.set(address, index);
    };
    for (const record of records) {
      const incoming = await this.protected(record, protectPassphrase);
      const fingerprint = record.info.fingerprint;
      let index = position.get(fingerprint);
      if (index !== undefined) {
        await this.readTexts([keys[index]!]);
        const merged = await mergeKeys(keys[index]!.armored, incoming.armored);
        keys[index] = { ...keys[index]!, armored: merged.armored, secret: merged.info.secret, facts: factsOf(merged) };
      } else {
        index = keys.push({ fingerprint, armored: incoming.armored, secret: record.info.secret, revocationCertificate: null, addedAt: new Date().toISOString(), confirmed: [], facts: factsOf(incoming) }) - 1;
        position.set(fingerprint, index);
      }
      for (const address of record.info.emails) {
        const holder = confirmedBy.get(address);
        const claimed = holder !== undefined && holder !== index;
        const isContested = contested.has(address);
        if ((!claimed && !isContested) || (isContested && choice === 'trust-new')) confirm(index, address);
      }
    }
    const revoked = await this.revoked(keys, revocations);
    for (const { index, record } of revoked) keys[index] = { ...keys[index]!, armored: record.armored, facts: factsOf(record) };
    const firstSecret = keys.find((key) => key.secret)?.fingerprint ?? null;
    await this.commit({ ...state, keys, defaultFingerprint: state.defaultFingerprint ?? firstSecret });
    this.lastRead = null;
    return [...records.map((record) => record.info.fingerprint), ...revoked.map(({ record }) => record.info.fingerprint)];
  }

  /** The user's explicit choice: this key is the one for this address. */
  confirm(fingerprint: string, address: string): Promise<void> {
    return this.change(async () => {
      const state = await this.load();
      const stored = await this.get(fingerprint);
      if (!(await this.describe(stored)).emails.includes(address)) throw new SealmailError('key_not_found', { fingerprint });
      await this.commit({ ...state, keys: confirmFor(state.keys, fingerprint, address) });
    });
  }

  private async protected(record: KeyRecord, passphrase: string | undefined): Promise<KeyRecord> {
    if (!record.info.secret || record.info.passphraseProtected) return record;
    if (!passphrase) throw new SealmailError('passphrase_required');
    return protectKey(record.armored, passphrase);
  }

  /** Replaces a key's saved text (after a revocation or a passphrase change). */
  update(fingerprint: string, changes: Partial<Pick<StoredKey, 'armored' | 'revocationCertificate'>>): Promise<void> {
    return this.change(async () => {
      const state = await this.load();
      await this.get(fingerprint);
      await this.commit({
        ...state,
        keys: state.keys.map((key) => (key.fingerprint === fingerprint ? { ...key, ...changes, ...(changes.armored ? { facts: null } : {}) } : key)),
      });
    });
  }

  remove(fingerprint: string): Promise<void> {
    return this.change(async () => {
      const state = await this.load();
      await this.get(fingerprint);
      const keys = state.keys.filter((key) => key.fingerprint !== fingerprint);
      const defaultFingerprint =
        state.defaultFingerprint === fingerprint ? (keys.find((key) => key.secret)?.fingerprint ?? null) : state.defaultFingerprint;
      await this.commit({ ...state, keys, defaultFingerprint });
    });
  }

  setDefault(fingerprint: string): Promise<void> {
    return this.change(async () => {
      const stored = await this.get(fingerprint);
      if (!stored.secret) throw new SealmailError('not_a_private_key');
      await this.commit({ ...(await this.load()), defaultFingerprint: fingerprint });
    });
  }

  async passwordMail(): Promise<PasswordMailSettings> {
    return (await this.load()).settings.passwordMail;
  }

  setPasswordMail(settings: PasswordMailSettings): Promise<void> {
    return this.setting({ passwordMail: settings });
  }

  async composeMode(): Promise<ComposeMode> {
    return (await this.load()).settings.composeMode;
  }

  setComposeMode(mode: ComposeMode): Promise<void> {
    return this.setting({ composeMode: mode });
  }

  async keyServer(): Promise<boolean> {
    return (await this.load()).settings.keyServer;
  }

  setKeyServer(allowed: boolean): Promise<void> {
    return this.setting({ keyServer: allowed });
  }

  async keyInMail(): Promise<boolean> {
    return (await this.load()).settings.keyInMail;
  }

  setKeyInMail(on: boolean): Promise<void> {
    return this.setting({ keyInMail: on });
  }

  setAutoLockMinutes(minutes: number): Promise<void> {
    return this.setting({ autoLockMinutes: minutes });
  }

  private setting(changed: Partial<KeyringState['settings']>): Promise<void> {
    return this.change(async () => {
      const state = await this.load();
      await this.commit({ ...state, settings: { ...state.settings, ...changed } });
    });
  }

  /** The whole saved record, for a recovery kit: private keys stay under their passphrases. */
  async snapshot(): Promise<KeyringState> {
    const state = await this.load();
    await this.readTexts(state.keys);
    return structuredClone(state);
  }

  /**
   * Brings back a keyring from a recovery kit, in one write. Its settings and keys come back; a
   * key this browser already holds is kept as it is here (it may be newer), and a key from the kit
   * keeps only the confirmations no key here already holds, so that no address gains a second key.
   */
  async restore(saved: unknown): Promise<{ added: number }> {
    const kit = migrate(saved);
    // Every key of the kit is parsed once: its text must be a key, and its facts are worked out here, not trusted.
    kit.keys = await Promise.all(kit.keys.map(async (stored) => ({ ...stored, facts: await this.parse(stored.armored) })));
    return this.change(() => this.restoreKit(kit));
  }

  private async restoreKit(kit: KeyringState): Promise<{ added: number }> {
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

/** The keys already held and those earlier in the same import, by fingerprint and by address. */
class KnownKeys {
  private readonly byFingerprint = new Map<string, KeyEntry>();
  private readonly byAddress = new Map<string, KeyEntry[]>();

  constructor(entries: readonly KeyEntry[]) {
    entries.forEach((entry) => this.add(entry));
  }

  has(fingerprint: string): boolean {
    return this.byFingerprint.has(fingerprint);
  }

  add(entry: KeyEntry): void {
    if (!this.byFingerprint.has(entry.stored.fingerprint)) this.byFingerprint.set(entry.stored.fingerprint, entry);
    for (const address of entry.info.emails) {
      const list = this.byAddress.get(address);
      if (list) list.push(entry);
      else this.byAddress.set(address, [entry]);
    }
  }

  /** Conflicts that need a choice: an address the incoming key is not already confirmed for, held by another key. */
  newConflicts(incoming: KeyInfo): ConflictDetail[] {
    const held = this.byFingerprint.get(incoming.fingerprint);
    const sharing = [...new Set(incoming.emails.flatMap((address) => this.byAddress.get(address) ?? []))];
    return conflictsWith(sharing, incoming).filter((conflict) => !(held && isConfirmed(held.stored, conflict.address)));
  }
}

/** A key of the same import, standing in for the keyring entry it will become. */
function placeholder(info: KeyInfo): KeyEntry {
  const stored: StoredKey = { fingerprint: info.fingerprint, armored: '', secret: info.secret, revocationCertificate: null, addedAt: '', confirmed: [], facts: null };
  return { stored, info };
}
