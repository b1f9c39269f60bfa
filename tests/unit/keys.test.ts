import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import {
  applyRevocation,
  armorBytes,
  changePassphrase,
  exportPrivateKey,
  exportPublicKey,
  generateKey,
  importKeys,
  openMessage,
  readPrivateKey,
  readPublicKeys,
  seal,
  unlockPrivateKey,
} from '../../src/core/index';
import { makeIdentity, type Identity } from '../support/identities';
import { rejectsWith } from '../support/assert';


describe('keys', () => {
  let alice: Identity;
  let bob: Identity;

  before(async () => {
    [alice, bob] = await Promise.all([makeIdentity('Alice'), makeIdentity('Bob')]);
  });

  it('generates a protected v4 Ed25519/Curve25519 key by default, with its revocation certificate', async () => {
    const info = alice.generated.info;
    assert.equal(info.version, 4);
    assert.equal(info.algorithm, 'Ed25519 / Curve25519');
    assert.deepEqual(info.userIds, ['Alice <alice@example.org>']);
    assert.equal(info.address, 'alice@example.org');
    assert.equal(info.secret, true);
    assert.equal(info.passphraseProtected, true);
    assert.equal(info.expires, null);
    assert.equal(info.revoked, false);
    assert.ok(info.canEncrypt && info.canSign);
    assert.match(info.fingerprint, /^[0-9A-F]{40}$/);
    assert.match(alice.generated.revocationCertificate, /BEGIN PGP PUBLIC KEY BLOCK/);
    assert.doesNotMatch(alice.generated.publicKey, /PRIVATE/);
  });

  it('generates RSA 3072 on request, with an expiry', async () => {
    const expires = new Date(Date.now() + 365 * 86400_000);
    const rsa = await generateKey({ name: 'Rita', email: 'rita@example.org', passphrase: 'p', algorithm: 'rsa3072', expires });
    assert.equal(rsa.info.algorithm, 'RSA 3072');
    assert.ok(rsa.info.expires);
    assert.ok(Math.abs(Date.parse(rsa.info.expires) - expires.getTime()) < 2000);
    assert.equal(rsa.info.expired, false);
  });

  it('refuses a key without a passphrase or with an invalid address', async () => {
    await assert.rejects(generateKey({ name: 'A', email: 'a@example.org', passphrase: '' }), rejectsWith('passphrase_required'));
    await assert.rejects(generateKey({ name: 'A', email: 'not an address', passphrase: 'p' }), rejectsWith('invalid_user_id'));
    await assert.rejects(generateKey({ name: '', email: '', passphrase: 'p' }), rejectsWith('invalid_user_id'));
  });

  it('imports many keys at once, public and secret, and reports each', async () => {
    const text = `${alice.generated.publicKey}\n${bob.generated.armored}`;
    const records = await importKeys(text);
    assert.deepEqual(records.map((r) => [r.info.address, r.info.secret]), [['alice@example.org', false], ['bob@example.org', true]]);
    assert.equal(records[0]!.info.fingerprint, alice.generated.info.fingerprint);
  });

  it('imports binary keys', async () => {
    const [key] = await readPublicKeys(alice.generated.publicKey);
    const records = await importKeys(key!.write());
    assert.equal(records[0]!.info.fingerprint, alice.generated.info.fingerprint);
  });

  it('imports a keyring export of many keys read a few at a time: every key in order, or nothing when one is bad', async () => {
    const carol = await makeIdentity('Carol');
    const keys = await readPublicKeys(`${alice.generated.publicKey}\n${bob.generated.publicKey}\n${carol.generated.publicKey}`);
    const binaries = keys.map((key) => key.write());
    const joined = (parts: Uint8Array[]) => Uint8Array.from(parts.flatMap((part) => [...part]));
    // 150 keys: more than two of the batches the reader parses at once.
    const ring = Array.from({ length: 150 }, (_, index) => binaries[index % 3]!);
    const records = await importKeys(armorBytes('PUBLIC KEY BLOCK', joined(ring)));
    assert.deepEqual(records.map((record) => record.info.address), ring.map((_, index) => ['alice@example.org', 'bob@example.org', 'carol@example.org'][index % 3]));
    // A key packet that is not one, as the 140th key: the whole import is refused.
    const broken = [...ring.slice(0, 139), Uint8Array.from([0xc6, 5, 4, 1, 2, 3, 4]), ...ring.slice(139)];
    await assert.rejects(importKeys(joined(broken)), rejectsWith('not_a_key'));
    // A secret key among them in a PUBLIC KEY BLOCK, in the last batch: refused, not imported as one's own.
    const secret = (await readPrivateKey(bob.generated.armored)).write();
    const disguised = [...ring.slice(0, 140), secret, ...ring.slice(140)];
    await assert.rejects(importKeys(armorBytes('PUBLIC KEY BLOCK', joined(disguised))), rejectsWith('secret_in_public_block'));
  });

  it('exports the public key alone', async () => {
    const exported = await exportPublicKey(alice.generated.armored);
    const [record] = await importKeys(exported);
    assert.equal(record!.info.secret, false);
    assert.equal(record!.info.fingerprint, alice.generated.info.fingerprint);
  });

  it('exports the private key still protected, only with the right passphrase', async () => {
    await assert.rejects(exportPrivateKey(alice.generated.armored, 'wrong'), rejectsWith('wrong_passphrase'));
    const exported = await exportPrivateKey(alice.generated.armored, alice.passphrase);
    const key = await readPrivateKey(exported);
    assert.equal(key.isDecrypted(), false);
    await unlockPrivateKey(key, alice.passphrase);
  });

  it('changes the passphrase: the old one stops working, the new one opens mail', async () => {
    const changed = await changePassphrase(bob.generated.armored, bob.passphrase, 'a new passphrase');
    const key = await readPrivateKey(changed.armored);
    await assert.rejects(unlockPrivateKey(key, bob.passphrase), rejectsWith('wrong_passphrase'));
    const unlocked = await unlockPrivateKey(key, 'a new passphrase');
    const sealed = await seal({ text: 'hi', recipients: [bob.publicKey] });
    assert.equal((await openMessage({ input: sealed, decryptionKeys: [unlocked] })).text, 'hi');
  });

  it('applies a revocation certificate to the public and the private key', async () => {
    const carol = await makeIdentity('Carol');
    const revokedPublic = await applyRevocation(carol.generated.publicKey, carol.generated.revocationCertificate);
    assert.equal(revokedPublic.info.revoked, true);
    assert.equal(revokedPublic.info.secret, false);
    const revokedPrivate = await applyRevocation(carol.generated.armored, carol.generated.revocationCertificate);
    assert.equal(revokedPrivate.info.revoked, true);
    assert.equal(revokedPrivate.info.secret, true);
  });

  it("refuses another key's revocation certificate", async () => {
    await assert.rejects(applyRevocation(alice.generated.publicKey, bob.generated.revocationCertificate), rejectsWith('revocation_mismatch'));
  });

  it('refuses a private key where a public key is expected, and text that is not a key', async () => {
    await assert.rejects(readPublicKeys(alice.generated.armored), rejectsWith('not_a_public_key'));
    await assert.rejects(importKeys('hello there'), rejectsWith('not_a_key'));
    await assert.rejects(importKeys(''), rejectsWith('empty_input'));
    const message = await seal({ text: 'x', recipients: [alice.publicKey] });
    await assert.rejects(importKeys(message), rejectsWith('not_a_key'));
  });
});
