/**
 * The quick way through a large import: public keys read packet by packet, and a plain key's
 * validity worked out from its signatures. Both must give what OpenPGP.js's own readKeys and Key
 * methods give, for keys that take the quick way and for keys that must not.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { before, describe, it } from 'node:test';
import * as openpgp from 'openpgp';
import { armorBytes, dearmor, findArmorBlocks, importKeys } from '../../src/core/index';
import { readPlainPublicKey } from '../../src/core/pgp';
import { libraryValidity, plainValidity } from '../../src/core/validity';
import { flipped } from '../support/packets';

const DAY = 24 * 60 * 60 * 1000;
const binary = (armored: string) => dearmor(findArmorBlocks(armored)[0]!).bytes;

async function generate(options: Partial<Parameters<typeof openpgp.generateKey>[0]> & { date?: Date } = {}): Promise<openpgp.PrivateKey> {
  const { privateKey } = await openpgp.generateKey({ userIDs: [{ name: 'Vera', email: 'vera@example.org' }], format: 'object', ...options } as Parameters<typeof openpgp.generateKey>[0] & { format: 'object' });
  return privateKey;
}

/** Both ways agree; `quick` says whether the key must take the quick way (a plain key) or be left to OpenPGP.js. */
async function agrees(key: openpgp.Key, quick: boolean, label: string): Promise<void> {
  const plain = await plainValidity(key);
  assert.equal(plain !== null, quick, `${label}: ${quick ? 'should' : 'should not'} take the quick way`);
  if (plain) assert.deepStrictEqual(plain, await libraryValidity(key), label);
}

describe('the quick way through an import', () => {
  const keys: Record<string, openpgp.PublicKey> = {};

  before(async () => {
    const now = Date.now();
    keys.ecc = (await generate()).toPublic();
    keys.rsa = (await generate({ type: 'rsa', rsaBits: 2048 })).toPublic();
    keys.expiring = (await generate({ keyExpirationTime: 30 * 24 * 3600 })).toPublic();
    keys.expired = (await generate({ date: new Date(now - 3 * DAY), keyExpirationTime: 24 * 3600 })).toPublic();
    keys.expiredPrimary = (await generate({ date: new Date(now - 3 * DAY), keyExpirationTime: 24 * 3600, subkeys: [{ keyExpirationTime: 0 }] })).toPublic();
    keys.twoUsers = (await generate({ userIDs: [{ email: 'first@example.org' }, { name: 'Second', email: 'second@example.org' }] })).toPublic();
    const withSubkeys = await generate();
    keys.signingSubkey = (await withSubkeys.addSubkey({ sign: true })).toPublic();
    keys.expiringSubkey = (await (await generate()).addSubkey({ keyExpirationTime: 3600 })).toPublic();
    keys.expiredSubkey = (await generate({ date: new Date(now - 3 * DAY), subkeys: [{ keyExpirationTime: 3600 }] })).toPublic();
    const revocable = await generate();
    keys.revoked = (await openpgp.revokeKey({ key: revocable, format: 'object' })).publicKey;
    keys.future = (await generate({ date: new Date(now + 2 * DAY) })).toPublic();
  });

  it('gives a plain key the validity OpenPGP.js gives it', async () => {
    for (const name of ['ecc', 'rsa', 'expiring', 'expired', 'expiredPrimary', 'twoUsers', 'signingSubkey', 'expiringSubkey', 'expiredSubkey']) await agrees(keys[name]!, true, name);
    const expired = (await plainValidity(keys.expired!))!;
    assert.equal(expired.canEncrypt, false, 'an expired key cannot encrypt');
    assert.ok(expired.expiration instanceof Date && expired.expiration.getTime() < Date.now());
    assert.equal((await plainValidity(keys.expiredPrimary!))!.canEncrypt, false, 'an expired key cannot encrypt, though its subkey does not expire');
    assert.equal((await plainValidity(keys.expiredSubkey!))!.canEncrypt, false, 'a key whose only encryption subkey expired cannot encrypt');
    assert.equal((await plainValidity(keys.twoUsers!))!.primary?.email, 'first@example.org');
  });

  it('leaves revoked keys, keys dated in the future, v6 keys and private keys to OpenPGP.js', async () => {
    await agrees(keys.revoked!, false, 'revoked');
    await agrees(keys.future!, false, 'future');
    const v6 = await openpgp.readKey({ armoredKey: readFileSync('tests/fixtures/rfc9580/A.3.transferable-pubkey-v6.asc', 'utf8') });
    await agrees(v6, false, 'v6');
    await agrees(await generate(), false, 'private');
  });

  it('leaves a key with a changed user ID or a changed subkey to OpenPGP.js, which refuses that part', async () => {
    const bytes = keys.ecc!.write();
    const changedUser = await openpgp.readKey({ binaryKey: flipped(bytes, 13) });
    await agrees(changedUser, false, 'changed user ID');
    assert.equal((await libraryValidity(changedUser)).primary, null, 'a user ID whose signature fails is not the primary user');
    const changedSubkey = await openpgp.readKey({ binaryKey: flipped(bytes, 14) });
    await agrees(changedSubkey, false, 'changed subkey');
    assert.equal((await libraryValidity(changedSubkey)).canEncrypt, false);
    // A user ID added by someone else, without a signature, is not the key owner's.
    const added = new openpgp.UserIDPacket();
    added.read(new TextEncoder().encode('Mallory <mallory@example.net>'));
    const list = keys.ecc!.toPacketList();
    list.push(added);
    await agrees(new openpgp.PublicKey(list), false, 'unsigned user ID');
    // Two self-signatures on one user ID: OpenPGP.js picks the newest that checks.
    const twice = keys.ecc!.toPacketList();
    twice.splice(2, 0, twice[2]!);
    const doubled = new openpgp.PublicKey(twice);
    assert.equal(doubled.users[0]!.selfCertifications.length, 2);
    await agrees(doubled, false, 'two self-signatures');
  });

  it('reads a public key packet by packet to the same key as readKeys, and leaves anything else to readKeys', async () => {
    for (const name of ['ecc', 'rsa', 'twoUsers', 'signingSubkey']) {
      const bytes = keys[name]!.write();
      const quick = await readPlainPublicKey(bytes);
      assert.ok(quick, `${name} is read packet by packet`);
      assert.deepEqual(quick.write(), (await openpgp.readKey({ binaryKey: bytes })).write(), name);
    }
    // A trust packet (12) is skipped by readKeys: left to it.
    const withTrust = new Uint8Array([...keys.ecc!.write(), 0xc0 | 12, 2, 0, 0]);
    assert.equal(await readPlainPublicKey(withTrust), null);
    assert.equal(await readPlainPublicKey((await generate()).write()), null, 'a private key');
    assert.equal(await readPlainPublicKey(keys.ecc!.write().subarray(0, 40)), null, 'a cut key');
  });

  it('imports a mix of plain and other keys to the records the OpenPGP.js way gives', async () => {
    const all = Object.values(keys);
    const block = armorBytes('PUBLIC KEY BLOCK', new Uint8Array(all.flatMap((key) => [...key.write()])));
    const records = await importKeys(block);
    assert.deepEqual(records.map((record) => record.info.fingerprint), all.map((key) => key.getFingerprint().toUpperCase()));
    const byName = Object.fromEntries(Object.keys(keys).map((name, index) => [name, records[index]!]));
    assert.equal(byName.ecc!.info.canEncrypt, true);
    assert.equal(byName.expired!.info.expired, true);
    assert.equal(byName.revoked!.info.revoked, true);
    assert.equal(byName.revoked!.info.canEncrypt, false);
    assert.deepEqual(byName.twoUsers!.info.emails, ['first@example.org', 'second@example.org']);
    assert.equal(byName.expiringSubkey!.until, new Date(keys.expiringSubkey!.subkeys[1]!.getCreationTime().getTime() + 3600_000).toISOString());
    for (const [index, key] of all.entries()) assert.deepEqual(binary(records[index]!.armored), key.write(), 'the key is saved as OpenPGP.js writes it');
  });
});
