/** Key continuity: a second key for an address is never used, trusted or let displace one's own key silently. */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { KEYRING_KEY } from '../../src/background/keyring';
import { SCHEMA_VERSION } from '../../src/background/keyring-schema';
import { MemoryStore } from '../../src/background/store';
import { armorBytes, generateKey, importKeys, openMessage, readPrivateKey, readPublicKey, seal, unlockPrivateKey, type GeneratedKey, type PrivateKey } from '../../src/core/index';
import { dearmor, findArmorBlocks } from '../../src/core/armor';
import { rejectsWith } from '../support/assert';
import { call, sealAsUser, worker, register } from '../support/worker';

const TEXT = 'The meeting moved to Thursday.\n';
const MIA = { name: 'Mia', email: 'mia@example.org', passphrase: 'mia pass phrase', algorithm: 'ecc' as const, expires: null };

describe('key continuity', () => {
  let bob: GeneratedKey;
  let impostor: GeneratedKey;
  let bobReader: PrivateKey;
  let impostorReader: PrivateKey;

  before(async () => {
    bob = await generateKey({ name: 'Bob', email: 'bob@example.org', passphrase: 'bob pass' });
    impostor = await generateKey({ name: 'Bob', email: 'bob@example.org', passphrase: 'eve pass' });
    bobReader = await unlockPrivateKey(await readPrivateKey(bob.armored), 'bob pass');
    impostorReader = await unlockPrivateKey(await readPrivateKey(impostor.armored), 'eve pass');
  });

  async function withBob() {
    const local = new MemoryStore();
    const { handlers } = worker(local);
    const mia = await call(handlers, 'generateKey', MIA);
    await call(handlers, 'importKeys', { text: bob.publicKey });
    return { handlers, local, mia };
  }

  const sealTo = (handlers: Awaited<ReturnType<typeof withBob>>['handlers'], address = 'bob@example.org') =>
    sealAsUser(handlers, { text: TEXT, recipients: [address], sender: 'mia@example.org' });

  async function opensWith(armor: string, key: PrivateKey): Promise<boolean> {
    try {
      return (await openMessage({ input: armor, decryptionKeys: [key] })).text === TEXT;
    } catch {
      return false;
    }
  }

  it('confirms the first key seen for an address, and says so', async () => {
    const { handlers } = await withBob();
    const contact = (await call(handlers, 'listKeys', {})).keys.find((key) => key.fingerprint === bob.info.fingerprint);
    assert.deepEqual(contact?.confirmedFor, ['bob@example.org']);
  });

  it('refuses a second key for a known address unless the user chooses, and shows the conflict in the preview', async () => {
    const { handlers, local } = await withBob();
    const preview = await call(handlers, 'previewImport', { text: impostor.publicKey });
    assert.deepEqual(preview.keys[0]?.conflicts, [{ address: 'bob@example.org', fingerprint: bob.info.fingerprint, mine: false }]);
    const before = await local.get(KEYRING_KEY);
    await assert.rejects(
      call(handlers, 'importKeys', { text: impostor.publicKey }),
      rejectsWith('key_conflict', (error) => {
        assert.equal(error.details.conflicts?.[0]?.fingerprint, bob.info.fingerprint);
        assert.match(error.message, /bob@example\.org/);
      }),
    );
    assert.deepEqual(await local.get(KEYRING_KEY), before, 'nothing was imported');
  });

  it('"keep the current key": the new key is stored but mail to the address still goes to the confirmed key only', async () => {
    const { handlers } = await withBob();
    await call(handlers, 'importKeys', { text: impostor.publicKey, choice: 'keep-current' });
    const { mail } = await sealTo(handlers);
    assert.equal(await opensWith(mail, bobReader), true);
    assert.equal(await opensWith(mail, impostorReader), false);
  });

  it('"use the new key": the user\'s explicit choice moves the address to the new key', async () => {
    const { handlers } = await withBob();
    await call(handlers, 'importKeys', { text: impostor.publicKey, choice: 'trust-new' });
    const { mail } = await sealTo(handlers);
    assert.equal(await opensWith(mail, impostorReader), true);
    assert.equal(await opensWith(mail, bobReader), false);
  });

  it('asks which key when an address has two usable keys and none confirmed, then uses the one chosen', async () => {
    const { handlers } = await withBob();
    await call(handlers, 'importKeys', { text: impostor.publicKey, choice: 'keep-current' });
    // Two look-alike keys remain once the confirmed one is deleted: neither is picked without asking.
    const third = await generateKey({ name: 'Bob', email: 'bob@example.org', passphrase: 'third' });
    await call(handlers, 'importKeys', { text: third.publicKey, choice: 'keep-current' });
    await call(handlers, 'deleteKey', { fingerprint: bob.info.fingerprint });
    await assert.rejects(
      sealTo(handlers),
      rejectsWith('recipient_keys_unusable', (error) => assert.deepEqual(error.details.recipients?.map((r) => r.reason), ['unconfirmed'])),
    );
    const check = await call(handlers, 'checkSend', { recipients: ['bob@example.org'], sender: null });
    assert.deepEqual(
      check.recipients[0]?.choices.map((choice) => choice.fingerprint).sort(),
      [impostor.info.fingerprint, third.info.fingerprint].sort(),
    );
    await call(handlers, 'confirmKey', { fingerprint: impostor.info.fingerprint, address: 'bob@example.org' });
    assert.equal(await opensWith((await sealTo(handlers)).mail, impostorReader), true);
  });

  it('says "this is the sender shown" only for the confirmed key; a look-alike key is "new for this address"', async () => {
    const { handlers, mia } = await withBob();
    await call(handlers, 'importKeys', { text: impostor.publicKey, choice: 'keep-current' });
    const miaPublic = await readPublicKey((await call(handlers, 'exportPublicKey', { fingerprint: mia.fingerprint })).armored);
    const read = async (signer: PrivateKey) => {
      const armor = await seal({ text: TEXT, recipients: [miaPublic], sender: signer });
      const token = await register(handlers, { armor, sender: 'bob@example.org' }, 'content');
      const opened = await call(handlers, 'openBlock', { token });
      assert.equal(opened.kind, 'message');
      return opened.kind === 'message' ? opened.signature : null;
    };
    const genuine = await read(bobReader);
    assert.deepEqual([genuine?.status, genuine?.senderMatch], ['valid', 'confirmed']);
    const forged = await read(impostorReader);
    assert.deepEqual([forged?.status, forged?.senderMatch], ['valid', 'unconfirmed']);
  });

  it('never lets an imported key displace one\'s own key for signing', async () => {
    const { handlers, mia } = await withBob();
    const other = await generateKey({ name: 'Mia', email: 'mia@example.org', passphrase: 'other mia pass' });
    const preview = await call(handlers, 'previewImport', { text: other.armored });
    assert.deepEqual(preview.keys[0]?.conflicts.map((c) => [c.address, c.mine]), [['mia@example.org', true]]);
    await assert.rejects(call(handlers, 'importKeys', { text: other.armored }), rejectsWith('key_conflict'));
    await call(handlers, 'importKeys', { text: other.armored, choice: 'keep-current' });
    await call(handlers, 'unlockKey', { fingerprint: other.info.fingerprint, passphrase: 'other mia pass' });
    const { mail } = await sealTo(handlers);
    const signer = await readPublicKey((await call(handlers, 'exportPublicKey', { fingerprint: mia.fingerprint })).armored);
    const opened = await openMessage({ input: mail, decryptionKeys: [bobReader], verificationKeys: [signer] });
    assert.equal(opened.signature.fingerprint, mia.fingerprint);
    const keys = (await call(handlers, 'listKeys', {})).keys;
    assert.equal(keys.find((key) => key.isDefault)?.fingerprint, mia.fingerprint);
  });

  it('refuses a PUBLIC KEY BLOCK that carries a private key, wherever it comes from', async () => {
    const { handlers, local } = await withBob();
    const secretBytes = dearmor(findArmorBlocks(impostor.armored)[0]!).bytes;
    const disguised = armorBytes('PUBLIC KEY BLOCK', secretBytes);
    await assert.rejects(importKeys(disguised), rejectsWith('secret_in_public_block'));
    const before = await local.get(KEYRING_KEY);
    await assert.rejects(call(handlers, 'importKeys', { text: disguised, choice: 'trust-new' }), rejectsWith('secret_in_public_block'));
    assert.deepEqual(await local.get(KEYRING_KEY), before);
    const token = await register(handlers, { armor: disguised, sender: 'bob@example.org' }, 'content');
    await assert.rejects(call(handlers, 'openBlock', { token }), rejectsWith('secret_in_public_block'));
  });

  it('upgrades a keyring from before confirmations: each key keeps the addresses no other key has', async () => {
    const mia = await generateKey({ name: 'Mia', email: 'mia@example.org', passphrase: 'p' });
    const stored = (key: GeneratedKey, armored: string, secret: boolean) => ({
      fingerprint: key.info.fingerprint,
      armored,
      secret,
      revocationCertificate: null,
      addedAt: '2026-01-01T00:00:00.000Z',
    });
    const v2 = {
      version: 2,
      keys: [stored(mia, mia.armored, true), stored(bob, bob.publicKey, false), stored(impostor, impostor.publicKey, false)],
      defaultFingerprint: mia.info.fingerprint,
      settings: { autoLockMinutes: 30, passwordMail: { note: true, readerUrl: '', attachKey: true } },
    };
    const local = new MemoryStore();
    await local.set(KEYRING_KEY, v2);
    const { handlers } = worker(local);
    const keys = (await call(handlers, 'listKeys', {})).keys;
    assert.deepEqual(keys.map((key) => key.confirmedFor), [['mia@example.org'], [], []]);
    assert.equal((JSON.parse((await local.get(KEYRING_KEY)) as string) as { version: number }).version, SCHEMA_VERSION);
  });
});
