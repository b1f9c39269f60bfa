/** The worker's keyring and session, driven through the same handlers the extension pages call. */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { KEYRING_KEY } from '../../src/background/keyring';
import { bucketOf, bucketText, KEY_RECORD_PREFIX, migrate, readBucket, upgrade, emptyKeyring, SCHEMA_VERSION } from '../../src/background/keyring-schema';
import { MemoryStore } from '../../src/background/store';
import { applyRevocation, armorKey, generateKey, readPrivateKey, unlockPrivateKey, type GeneratedKey } from '../../src/core/index';
import { call, worker } from '../support/worker';
import { rejectsWith } from '../support/assert';


/** A key's saved record: its text and description, in its bucket beside the index. */
const savedRecord = async (local: MemoryStore, fingerprint: string) => readBucket(await local.get(bucketOf(fingerprint)))[fingerprint];
const savedText = async (local: MemoryStore, fingerprint: string) => (await savedRecord(local, fingerprint))!.armored;
/** Changes a key's saved record in its bucket, as damage on disk would. */
const changeRecord = async (local: MemoryStore, fingerprint: string, record: { armored: string; info: string } | undefined) => {
  const records = readBucket(await local.get(bucketOf(fingerprint)));
  if (record) records[fingerprint] = record;
  else delete records[fingerprint];
  await local.set(bucketOf(fingerprint), bucketText(records));
};
/** The saved index (JSON text in storage). */
const savedIndex = async (store: MemoryStore): Promise<unknown> => JSON.parse((await store.get(KEYRING_KEY)) as string);
/** Everything saved, as one string (the JSON texts of the index and the buckets read out), for looking for what must never be saved. */
const everything = async (store: MemoryStore) => JSON.stringify(Object.values(await store.getMany(store.keys())).map((value) => (typeof value === 'string' && value.startsWith('{') ? JSON.parse(value) : value)));

const ME = { name: 'Mia', email: 'mia@example.org', passphrase: 'mia passphrase', algorithm: 'ecc' as const, expires: null };

describe('keyring schema', () => {
  it('starts empty when nothing is saved', () => {
    assert.deepEqual(migrate(undefined), emptyKeyring());
  });

  it('refuses a keyring saved by a newer version, and one that is not a keyring', () => {
    assert.throws(() => migrate({ version: SCHEMA_VERSION + 1, keys: [] }), rejectsWith('keyring_newer'));
    assert.throws(() => migrate({ version: 1, keys: 'nope' }), rejectsWith('keyring_corrupt'));
    assert.throws(() => migrate('text'), rejectsWith('keyring_corrupt'));
  });

  it('reads a version 1 keyring, keeping its keys and settings and adding the later settings with their defaults', () => {
    const v1 = { version: 1, keys: [{ fingerprint: 'A'.repeat(40), armored: 'x', secret: false, revocationCertificate: null, addedAt: '2026-01-01T00:00:00.000Z' }], defaultFingerprint: null, settings: { autoLockMinutes: 15 } };
    const upgraded = migrate(v1);
    assert.equal(upgraded.version, SCHEMA_VERSION);
    // Which key is confirmed for an address, and each key's facts, are worked out from the keys when the keyring loads.
    assert.deepEqual(upgraded.keys, v1.keys.map((key) => ({ ...key, confirmed: null, facts: null })));
    assert.deepEqual(upgraded.settings, { autoLockMinutes: 15, passwordMail: { note: true, readerUrl: '', attachKey: true }, composeMode: 'secure', keyServer: false, keyInMail: false });
  });

  it('upgrades step by step through every migration, keeping the data', () => {
    const migrations = {
      1: (old: Record<string, unknown>) => ({ ...old, contacts: [] }),
      2: (old: Record<string, unknown>) => ({ ...old, keys: (old.keys as string[]).map((k) => k.toUpperCase()) }),
    };
    assert.deepEqual(upgrade({ version: 1, keys: ['a'] }, migrations, 3), { version: 3, keys: ['A'], contacts: [] });
    assert.throws(() => upgrade({ version: 1, keys: [] }, { 2: migrations[2] }, 3), rejectsWith('keyring_corrupt'));
  });
});

describe('keyring through the worker handlers', () => {
  let friend: GeneratedKey;

  before(async () => {
    friend = await generateKey({ name: 'Fred', email: 'fred@example.org', passphrase: 'fred passphrase' });
  });

  /** A keyring saved with Mia's own key and her friend's, and the keys as the key manager lists them. */
  async function miaAndFriend() {
    const local = new MemoryStore();
    const { handlers } = worker(local, new MemoryStore());
    const mia = await call(handlers, 'generateKey', ME);
    await call(handlers, 'importKeys', { text: friend.publicKey });
    const listed = (await call(handlers, 'listKeys', {})).keys.map(({ unlocked: _, ...rest }) => rest);
    return { local, mia, listed };
  }

  it('generates a key: saved passphrase-protected, the passphrase nowhere in storage, default and unlocked', async () => {
    const local = new MemoryStore();
    const session = new MemoryStore();
    const { handlers } = worker(local, session);
    const key = await call(handlers, 'generateKey', ME);
    assert.equal(key.isDefault, true);
    assert.equal(key.unlocked, true);
    assert.equal(key.hasRevocationCertificate, true);
    assert.equal((await readPrivateKey(await savedText(local, key.fingerprint))).isDecrypted(), false);
    for (const store of [local, session]) assert.doesNotMatch(await everything(store), /mia passphrase/);
  });

  it('keeps the keyring across a worker restart but no unlocked key: nothing decrypted is in any storage', async () => {
    const local = new MemoryStore();
    const session = new MemoryStore();
    const first = worker(local, session);
    const key = await call(first.handlers, 'generateKey', ME);
    assert.equal((await call(first.handlers, 'listKeys', {})).keys[0]?.unlocked, true);
    for (const store of [local, session]) {
      {
        const saved = await everything(store);
        for (const armored of saved.match(/-----BEGIN PGP PRIVATE KEY BLOCK-----[^"]*?-----END PGP PRIVATE KEY BLOCK-----/g) ?? []) {
          assert.equal((await readPrivateKey(armored.replace(/\\n/g, '\n'))).isDecrypted(), false);
        }
      }
    }
    assert.equal(await session.get('unlockedKeys'), undefined);
    const restarted = worker(local, session);
    const [again] = (await call(restarted.handlers, 'listKeys', {})).keys;
    assert.equal(again?.fingerprint, key.fingerprint);
    assert.equal(again?.unlocked, false);
  });

  it('removes unlocked keys an earlier version left in session storage', async () => {
    const session = new MemoryStore();
    await session.set('unlockedKeys', { ABC: 'left over' });
    const { handlers } = worker(new MemoryStore(), session);
    await call(handlers, 'generateKey', ME);
    assert.equal(await session.get('unlockedKeys'), undefined);
  });

  it('locks after the idle time, and on "Lock now"; unlocking needs the right passphrase', async () => {
    const { handlers, clock } = worker(new MemoryStore(), new MemoryStore());
    const key = await call(handlers, 'generateKey', ME);
    await call(handlers, 'setAutoLock', { minutes: 5 });
    clock.now += 4 * 60_000;
    assert.equal((await call(handlers, 'listKeys', {})).keys[0]?.unlocked, true);
    clock.now += 5 * 60_000 + 1;
    assert.equal((await call(handlers, 'listKeys', {})).keys[0]?.unlocked, false);
    await assert.rejects(call(handlers, 'unlockKey', { fingerprint: key.fingerprint, passphrase: 'wrong' }), rejectsWith('wrong_passphrase'));
    await call(handlers, 'unlockKey', { fingerprint: key.fingerprint, passphrase: ME.passphrase });
    assert.equal((await call(handlers, 'listKeys', {})).keys[0]?.unlocked, true);
    await call(handlers, 'lockNow', {});
    assert.equal((await call(handlers, 'listKeys', {})).keys[0]?.unlocked, false);
  });

  it('previews an import, then imports a contact; importing a public key that matches a secret key keeps the secret', async () => {
    const { handlers } = worker(new MemoryStore(), new MemoryStore());
    const mine = await call(handlers, 'generateKey', ME);
    const myPublic = (await call(handlers, 'exportPublicKey', { fingerprint: mine.fingerprint })).armored;
    const preview = await call(handlers, 'previewImport', { text: `${friend.publicKey}\n${myPublic}` });
    assert.deepEqual(preview.keys.map((k) => [k.info.address, k.action, k.needsPassphrase]), [
      ['fred@example.org', 'add', false],
      ['mia@example.org', 'update', false],
    ]);
    assert.equal((await call(handlers, 'listKeys', {})).keys.length, 1, 'a preview changes nothing');
    await call(handlers, 'importKeys', { text: `${friend.publicKey}\n${myPublic}` });
    const keys = (await call(handlers, 'listKeys', {})).keys;
    assert.deepEqual(keys.map((k) => [k.address, k.secret]), [['mia@example.org', true], ['fred@example.org', false]]);
    await assert.rejects(call(handlers, 'setDefaultKey', { fingerprint: friend.info.fingerprint }), rejectsWith('not_a_private_key'));
  });

  it('imports all or nothing: a damaged block after a good one leaves the keyring as it was', async () => {
    const local = new MemoryStore();
    const { handlers } = worker(local, new MemoryStore());
    await call(handlers, 'generateKey', ME);
    const before = await local.get(KEYRING_KEY);
    const damaged = friend.publicKey.replace(/\n([A-Za-z0-9+/]{10})/, '\n!!!!!!!!!!');
    await assert.rejects(call(handlers, 'importKeys', { text: `${friend.publicKey}\n${damaged}` }), rejectsWith('armor_corrupt'));
    assert.deepEqual(await local.get(KEYRING_KEY), before);
    assert.equal((await call(handlers, 'listKeys', {})).keys.length, 1);
  });

  it('a failed write leaves both the saved and the shown keyring as they were', async () => {
    const local = new MemoryStore();
    const { handlers } = worker(local, new MemoryStore());
    await call(handlers, 'generateKey', ME);
    const before = await local.get(KEYRING_KEY);
    local.setMany = async () => {
      throw new Error('disk full');
    };
    await assert.rejects(call(handlers, 'importKeys', { text: friend.publicKey }), /disk full/);
    assert.equal(await savedRecord(local, friend.info.fingerprint), undefined);
    assert.deepEqual(await local.get(KEYRING_KEY), before);
    assert.equal((await call(handlers, 'listKeys', {})).keys.length, 1);
  });

  it('protects a secret key that came without a passphrase before saving it', async () => {
    const local = new MemoryStore();
    const { handlers } = worker(local, new MemoryStore());
    const unprotected = armorKey(await unlockPrivateKey(await readPrivateKey(friend.armored), 'fred passphrase'));
    const preview = await call(handlers, 'previewImport', { text: unprotected });
    assert.equal(preview.keys[0]?.needsPassphrase, true);
    await assert.rejects(call(handlers, 'importKeys', { text: unprotected }), rejectsWith('passphrase_required'));
    assert.equal(await local.get(KEYRING_KEY), undefined);
    await call(handlers, 'importKeys', { text: unprotected, protectPassphrase: 'new protection' });
    const saved = (await savedIndex(local)) as { keys: Array<{ fingerprint: string; armored?: string }> };
    assert.equal(saved.keys[0]!.armored, undefined, 'the index holds no key text');
    const stored = await readPrivateKey(await savedText(local, saved.keys[0]!.fingerprint));
    assert.equal(stored.isDecrypted(), false);
    await unlockPrivateKey(stored, 'new protection');
  });

  it('saves each key\'s facts beside it: a restarted worker answers without parsing keys, and a bulk import is one write', async () => {
    const local = new MemoryStore();
    let writes = 0;
    const set = local.set.bind(local);
    const setMany = local.setMany.bind(local);
    local.set = async (key, value) => {
      writes++;
      return set(key, value);
    };
    local.setMany = async (values, removals) => {
      writes++;
      return setMany(values, removals);
    };
    const { handlers } = worker(local, new MemoryStore());
    await call(handlers, 'generateKey', ME);
    const contacts = await Promise.all(['ann', 'ben', 'cat', 'dan'].map((name) => generateKey({ name, email: `${name}@example.net`, passphrase: 'p' })));
    writes = 0;
    await call(handlers, 'importKeys', { text: contacts.map((key) => key.publicKey).join('\n') });
    assert.equal(writes, 1);
    const facts = (keys: Array<{ unlocked: boolean }>) => keys.map(({ unlocked: _, ...rest }) => rest);
    const listed = facts((await call(handlers, 'listKeys', {})).keys);
    // The saved text of every contact key is made unreadable: only a worker that parses keys would notice.
    for (const contact of contacts) await changeRecord(local, contact.info.fingerprint, { ...(await savedRecord(local, contact.info.fingerprint))!, armored: 'not a key' });
    let reads = 0;
    const getMany = local.getMany.bind(local);
    local.getMany = async (keys) => {
      reads += keys.length;
      return getMany(keys);
    };
    const restarted = worker(local, new MemoryStore());
    // A worker start reads the index alone, no key's record.
    await call(restarted.handlers, 'getComposeMode', {}, 'content');
    assert.equal(reads, 0, 'no key record was read at start');
    assert.deepEqual(facts((await call(restarted.handlers, 'listKeys', {})).keys), listed);
  });

  it('keeps a change made while an import is being read: neither the import nor the change is lost, saved or shown', async () => {
    const { local, mia } = await miaAndFriend();
    const { handlers } = worker(local, new MemoryStore());
    const contacts = await Promise.all(['ann', 'ben', 'cat'].map((name) => generateKey({ name, email: `${name}@example.net`, passphrase: 'p' })));
    // The import is under way (its keys being read) when the setting changes and Fred's key is deleted.
    const importing = call(handlers, 'importKeys', { text: contacts.map((key) => key.publicKey).join('\n') });
    await call(handlers, 'setComposeMode', { mode: 'native' });
    await call(handlers, 'deleteKey', { fingerprint: friend.info.fingerprint });
    await importing;
    const expected = [mia.fingerprint, ...contacts.map((key) => key.info.fingerprint)].sort();
    for (const seen of [handlers, worker(local, new MemoryStore()).handlers]) {
      assert.equal((await call(seen, 'getComposeMode', {}, 'content')).mode, 'native');
      assert.deepEqual((await call(seen, 'listKeys', {})).keys.map((key) => key.fingerprint).sort(), expected);
    }
  });

  it('moves the key texts and descriptions of a version 7 keyring (all in one record) to their buckets at the first load', async () => {
    const { local, mia, listed } = await miaAndFriend();
    // The same keyring as version 7 saved it: each key's text inside the one record.
    const index = (await savedIndex(local)) as { keys: Array<{ fingerprint: string; facts: object }> };
    const recordOf = async (fingerprint: string) => (await savedRecord(local, fingerprint))!;
    const v7 = {
      ...index,
      version: 7,
      keys: await Promise.all(index.keys.map(async (key) => ({ ...key, armored: (await recordOf(key.fingerprint)).armored, facts: { ...key.facts, info: (await recordOf(key.fingerprint)).info } }))),
    };
    const old = new MemoryStore();
    await old.set(KEYRING_KEY, v7);
    const upgraded = worker(old, new MemoryStore());
    assert.deepEqual((await call(upgraded.handlers, 'listKeys', {})).keys.map(({ unlocked: _, ...rest }) => rest), listed);
    const saved = (await savedIndex(old)) as { version: number; keys: Array<{ armored?: string; facts: { info?: string } }> };
    assert.equal(saved.version, SCHEMA_VERSION);
    assert.ok(saved.keys.every((key) => key.armored === undefined && key.facts.info === undefined), 'the index holds no key text or description');
    assert.equal(await savedText(old, friend.info.fingerprint), await savedText(local, friend.info.fingerprint));
    // Sealing to the friend reads the friend's text; deleting the key removes it from storage.
    const restarted = worker(old, new MemoryStore());
    assert.equal((await call(restarted.handlers, 'exportPublicKey', { fingerprint: friend.info.fingerprint })).armored.includes('BEGIN PGP PUBLIC KEY BLOCK'), true);
    await call(restarted.handlers, 'deleteKey', { fingerprint: friend.info.fingerprint });
    assert.equal(await savedRecord(old, friend.info.fingerprint), undefined);
    assert.ok(await savedRecord(old, mia.fingerprint));
  });

  it('moves the records of a version 8 keyring (a storage key each) into buckets at the first load, and removes the old storage keys', async () => {
    const { local, mia, listed } = await miaAndFriend();
    // The same keyring as version 8 saved it.
    const index = (await savedIndex(local)) as { keys: Array<{ fingerprint: string }> };
    const old = new MemoryStore();
    await old.set(KEYRING_KEY, JSON.stringify({ ...index, version: 8 }));
    for (const key of index.keys) await old.set(KEY_RECORD_PREFIX + key.fingerprint, await savedRecord(local, key.fingerprint));
    // A description that is not JSON is worked out again from the key, not carried into the bucket.
    await old.set(KEY_RECORD_PREFIX + friend.info.fingerprint, { ...(await savedRecord(local, friend.info.fingerprint))!, info: 'not JSON' });
    let writes = 0;
    const setMany = old.setMany.bind(old);
    old.setMany = async (values, removals) => {
      writes++;
      return setMany(values, removals);
    };
    const upgraded = worker(old, new MemoryStore());
    // Two callers at once at the worker's start: the keyring is loaded and upgraded once, in one write.
    const [first, second] = await Promise.all([call(upgraded.handlers, 'listKeys', {}), call(upgraded.handlers, 'listKeys', {})]);
    assert.equal(writes, 1);
    assert.deepEqual(second, first);
    assert.deepEqual(first.keys.map(({ unlocked: _, ...rest }) => rest), listed);
    assert.equal(((await savedIndex(old)) as { version: number }).version, SCHEMA_VERSION);
    assert.deepEqual(old.keys().filter((name) => name.startsWith(KEY_RECORD_PREFIX)), [], 'no record is left under a storage key of its own');
    for (const fingerprint of [mia.fingerprint, friend.info.fingerprint]) assert.deepEqual(await savedRecord(old, fingerprint), await savedRecord(local, fingerprint));
    // A version 8 keyring whose record of a key is missing is damaged, and is left as it was.
    const damaged = new MemoryStore();
    await damaged.set(KEYRING_KEY, JSON.stringify({ ...index, version: 8 }));
    await damaged.set(KEY_RECORD_PREFIX + mia.fingerprint, await savedRecord(local, mia.fingerprint));
    await assert.rejects(call(worker(damaged, new MemoryStore()).handlers, 'listKeys', {}), rejectsWith('keyring_corrupt'));
    assert.equal(((await savedIndex(damaged)) as { version: number }).version, 8);
  });

  it('saves a bucket whole: adding or deleting a key after a restart keeps the other keys of its bucket', async () => {
    const local = new MemoryStore();
    const { handlers } = worker(local, new MemoryStore());
    await call(handlers, 'generateKey', ME);
    // Contacts until two of them share a bucket (the first two digits of the fingerprint).
    const seen = new Map<string, GeneratedKey>();
    let pair: [GeneratedKey, GeneratedKey] | null = null;
    for (let i = 0; !pair; i++) {
      const contact = await generateKey({ name: `C${i}`, email: `c${i}@example.net`, passphrase: 'p' });
      const other = seen.get(bucketOf(contact.info.fingerprint));
      if (other) pair = [other, contact];
      seen.set(bucketOf(contact.info.fingerprint), contact);
    }
    const [gone, kept] = pair;
    const exported = async (fingerprint: string) => (await call(worker(local, new MemoryStore()).handlers, 'exportPublicKey', { fingerprint })).armored;
    await call(handlers, 'importKeys', { text: kept.publicKey });
    // After a restart nothing of the bucket is read: a new key in it must not drop the key already there.
    await call(worker(local, new MemoryStore()).handlers, 'importKeys', { text: gone.publicKey });
    assert.ok(await savedRecord(local, kept.info.fingerprint), 'the key already in the bucket is still saved');
    assert.match(await exported(kept.info.fingerprint), /BEGIN PGP PUBLIC KEY BLOCK/);
    assert.match(await exported(gone.info.fingerprint), /BEGIN PGP PUBLIC KEY BLOCK/);
    // Deleting one, after a restart, keeps the other.
    await call(worker(local, new MemoryStore()).handlers, 'deleteKey', { fingerprint: gone.info.fingerprint });
    assert.equal(await savedRecord(local, gone.info.fingerprint), undefined);
    assert.match(await exported(kept.info.fingerprint), /BEGIN PGP PUBLIC KEY BLOCK/);
    // Deleting the last key of a bucket removes the bucket.
    await call(worker(local, new MemoryStore()).handlers, 'deleteKey', { fingerprint: kept.info.fingerprint });
    assert.equal(await local.get(bucketOf(kept.info.fingerprint)), undefined);
  });

  it('refuses, as a damaged keyring, a key whose saved text is missing, and changes nothing', async () => {
    const local = new MemoryStore();
    const { handlers } = worker(local, new MemoryStore());
    await call(handlers, 'importKeys', { text: friend.publicKey });
    await changeRecord(local, friend.info.fingerprint, undefined);
    const before = await local.get(KEYRING_KEY);
    const restarted = worker(local, new MemoryStore());
    await assert.rejects(call(restarted.handlers, 'exportPublicKey', { fingerprint: friend.info.fingerprint }), rejectsWith('keyring_corrupt'));
    assert.deepEqual(await local.get(KEYRING_KEY), before);
  });

  it('works a key\'s facts out again once a part of it has expired since they were saved', async () => {
    const local = new MemoryStore();
    const { handlers } = worker(local, new MemoryStore());
    const soon = await generateKey({ name: 'Soon', email: 'soon@example.org', passphrase: 'p', date: new Date(Date.now() - 86400_000), expires: new Date(Date.now() + 86400_000) });
    await call(handlers, 'importKeys', { text: soon.publicKey });
    const saved = (await savedIndex(local)) as { keys: Array<{ facts: { until: string | null } }> };
    assert.equal(saved.keys[0]!.facts.until, soon.info.expires);
    const info = async () => JSON.parse((await savedRecord(local, soon.info.fingerprint))!.info) as { expired: boolean };
    assert.equal((await info()).expired, false);
    // As if the facts had been saved a while ago and the key has expired since: a worker start sees the change.
    const stale = { ...saved, keys: saved.keys.map((key) => ({ ...key, facts: { ...key.facts, until: new Date(Date.now() - 1000).toISOString() } })) };
    await local.set(KEYRING_KEY, stale);
    const restarted = worker(local, new MemoryStore());
    const [key] = (await call(restarted.handlers, 'listKeys', {})).keys;
    assert.equal(key!.address, 'soon@example.org');
    const resaved = (await savedIndex(local)) as { keys: Array<{ facts: { until: string | null } }> };
    assert.equal(resaved.keys[0]!.facts.until, soon.info.expires);
  });

  it('imports expired and revoked keys, flagged as such', async () => {
    const { handlers } = worker(new MemoryStore(), new MemoryStore());
    const past = new Date(Date.now() - 10 * 86400_000);
    const old = await generateKey({ name: 'Old', email: 'old@example.org', passphrase: 'p', date: past, expires: new Date(past.getTime() + 86400_000) });
    const gone = await generateKey({ name: 'Gone', email: 'gone@example.org', passphrase: 'p' });
    const revoked = await applyRevocation(gone.publicKey, gone.revocationCertificate);
    await call(handlers, 'importKeys', { text: `${old.publicKey}\n${revoked.armored}` });
    const keys = (await call(handlers, 'listKeys', {})).keys;
    assert.deepEqual(keys.map((k) => [k.address, k.expired, k.revoked, k.canEncrypt]), [
      ['old@example.org', true, false, false],
      ['gone@example.org', false, true, false],
    ]);
  });

  it('exports the private key only with its passphrase; revokes; changes the passphrase; deletes', async () => {
    const { handlers } = worker(new MemoryStore(), new MemoryStore());
    const key = await call(handlers, 'generateKey', ME);
    const fingerprint = key.fingerprint;
    await assert.rejects(call(handlers, 'exportPrivateKey', { fingerprint, passphrase: 'nope' }), rejectsWith('wrong_passphrase'));
    assert.match((await call(handlers, 'exportPrivateKey', { fingerprint, passphrase: ME.passphrase })).armored, /PRIVATE KEY BLOCK/);
    assert.match((await call(handlers, 'getRevocationCertificate', { fingerprint })).armored, /PUBLIC KEY BLOCK/);
    await call(handlers, 'changePassphrase', { fingerprint, oldPassphrase: ME.passphrase, newPassphrase: 'changed' });
    await assert.rejects(call(handlers, 'exportPrivateKey', { fingerprint, passphrase: ME.passphrase }), rejectsWith('wrong_passphrase'));
    assert.equal((await call(handlers, 'revokeKey', { fingerprint })).revoked, true);
    await call(handlers, 'deleteKey', { fingerprint });
    assert.deepEqual((await call(handlers, 'listKeys', {})).keys, []);
    await assert.rejects(call(handlers, 'exportPublicKey', { fingerprint }), rejectsWith('key_not_found'));
  });

  it('makes a revocation certificate for an imported secret key only with its passphrase', async () => {
    const { handlers } = worker(new MemoryStore(), new MemoryStore());
    await call(handlers, 'importKeys', { text: friend.armored });
    const fingerprint = friend.info.fingerprint;
    await assert.rejects(call(handlers, 'getRevocationCertificate', { fingerprint }), rejectsWith('key_locked'));
    const { armored } = await call(handlers, 'getRevocationCertificate', { fingerprint, passphrase: 'fred passphrase' });
    assert.equal((await applyRevocation(friend.publicKey, armored)).info.revoked, true);
  });
});
