/**
 * The quick reading of a plain Ed25519 public key: its own packet reading, signed data and
 * WebCrypto checks. Every key it reads must come out as OpenPGP.js reads it; every key it must
 * not read (another kind, or one tampered with) is left to OpenPGP.js, whose record the import
 * then gives.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { before, describe, it } from 'node:test';
import * as openpgp from 'openpgp';
import { armorBytes, dearmor, findArmorBlocks } from '../../src/core/index';
import { importPublicKeys, recordOfKey } from '../../src/core/keys';
import { PACKET_TAG, wholePackets } from '../../src/core/packets';
import { readQuickKey } from '../../src/core/quick-key';
import { libraryValidity } from '../../src/core/validity';
import { flipped, selfSignature, usualSubpackets, type Subpacket } from '../support/packets';

const DAY = 24 * 60 * 60 * 1000;

async function generate(options: Partial<Parameters<typeof openpgp.generateKey>[0]> & { date?: Date } = {}): Promise<openpgp.PrivateKey> {
  const { privateKey } = await openpgp.generateKey({ userIDs: [{ name: 'Quinn', email: 'quinn@example.org' }], format: 'object', ...options } as Parameters<typeof openpgp.generateKey>[0] & { format: 'object' });
  return privateKey;
}

/** Packets written back one after another with new-format headers, as OpenPGP.js writes them. */
function packetsOf(parts: ReadonlyArray<{ tag: number; body: Uint8Array }>): Uint8Array {
  const out: number[] = [];
  for (const { tag, body } of parts) {
    if (body.length >= 8384) throw new Error('a test packet is longer than two length octets');
    const length = body.length < 192 ? [body.length] : [((body.length - 192) >> 8) + 192, (body.length - 192) & 0xff];
    out.push(0xc0 | tag, ...length, ...body);
  }
  return new Uint8Array(out);
}

/** The quick way reads the key, to the record and validity OpenPGP.js gives it. */
async function readsAsLibrary(bytes: Uint8Array, label: string): Promise<void> {
  const quick = await readQuickKey(bytes);
  assert.ok(quick, `${label}: read the quick way`);
  const key = await openpgp.readKey({ binaryKey: bytes });
  const library = await libraryValidity(key);
  assert.deepStrictEqual({ ...quick.validity, primary: quick.validity.primary?.userID }, { ...library, primary: library.primary?.userID }, `${label}: validity`);
  const [record] = await importPublicKeys(bytes);
  assert.deepStrictEqual({ ...record!, armored: '' }, { ...(await recordOfKey(key)), armored: '' }, `${label}: record`);
  const saved = await openpgp.readKey({ armoredKey: record!.armored });
  assert.deepEqual(saved.write(), key.write(), `${label}: the saved text is the same key`);
}

/** The quick way leaves the key to OpenPGP.js, and the import gives OpenPGP.js's record (or refuses a key OpenPGP.js cannot read). */
async function leftToLibrary(bytes: Uint8Array, label: string): Promise<void> {
  assert.equal(await readQuickKey(bytes), null, `${label}: not read the quick way`);
  let library: openpgp.Key;
  try {
    library = await openpgp.readKey({ binaryKey: bytes });
  } catch {
    await assert.rejects(importPublicKeys(bytes), { code: 'not_a_key' }, `${label}: refused, as OpenPGP.js cannot read it`);
    return;
  }
  const [record] = await importPublicKeys(bytes);
  assert.deepStrictEqual(record, await recordOfKey(library), `${label}: OpenPGP.js's record`);
}

/** The byte lengths of the r and s MPIs of each signature in the key. */
function signatureHalves(bytes: Uint8Array): Array<{ r: number; s: number }> {
  return wholePackets(bytes)!
    .filter(({ tag }) => tag === PACKET_TAG.signature)
    .map(({ body }) => {
      const hashedEnd = 6 + ((body[4]! << 8) | body[5]!);
      let at = hashedEnd + 2 + ((body[hashedEnd]! << 8) | body[hashedEnd + 1]!) + 2;
      const r = (((body[at]! << 8) | body[at + 1]!) + 7) >> 3;
      at += 2 + r;
      return { r, s: (((body[at]! << 8) | body[at + 1]!) + 7) >> 3 };
    });
}

describe('the quick reading of a plain Ed25519 key', () => {
  const keys: Record<string, Uint8Array> = {};

  before(async () => {
    const now = Date.now();
    keys.plain = (await generate()).toPublic().write();
    keys.expiring = (await generate({ keyExpirationTime: 30 * 24 * 3600 })).toPublic().write();
    keys.expired = (await generate({ date: new Date(now - 3 * DAY), keyExpirationTime: 24 * 3600 })).toPublic().write();
    keys.expiredPrimary = (await generate({ date: new Date(now - 3 * DAY), keyExpirationTime: 24 * 3600, subkeys: [{ keyExpirationTime: 0 }] })).toPublic().write();
    keys.twoUsers = (await generate({ userIDs: [{ email: 'first@example.org' }, { name: 'Second', email: 'second@example.org' }] })).toPublic().write();
    keys.nameOnly = (await generate({ userIDs: [{ name: 'Just A Name' }] })).toPublic().write();
    keys.expiringSubkey = (await (await generate()).addSubkey({ keyExpirationTime: 3600 })).toPublic().write();
    keys.expiredSubkey = (await generate({ date: new Date(now - 3 * DAY), subkeys: [{ keyExpirationTime: 3600 }] })).toPublic().write();
    keys.noSubkey = (await generate({ subkeys: [] })).toPublic().write();
  });

  it('reads plain keys to the record and validity OpenPGP.js gives them', async () => {
    for (const [name, bytes] of Object.entries(keys)) await readsAsLibrary(bytes, name);
    const expired = (await readQuickKey(keys.expired!))!;
    assert.equal(expired.validity.canEncrypt, false, 'an expired key cannot encrypt');
    assert.equal((await readQuickKey(keys.expiredSubkey!))!.validity.canEncrypt, false, 'nor one whose only encryption subkey expired');
    assert.equal((await readQuickKey(keys.plain!))!.validity.canEncrypt, true);
    assert.equal((await readQuickKey(keys.twoUsers!))!.validity.primary?.email, 'first@example.org');
  });

  it('places an r or s shorter than 32 bytes at the right of its half', async () => {
    // About one signature in 128 has a leading zero byte in r or s, which its MPI leaves out.
    let short: Uint8Array | null = null;
    for (let tries = 0; tries < 2000 && !short; tries++) {
      const bytes = (await generate({ userIDs: [{ email: `short${tries}@example.org` }] })).toPublic().write();
      if (signatureHalves(bytes).some(({ r, s }) => r < 32 || s < 32)) short = bytes;
    }
    assert.ok(short, 'a key with a short r or s');
    await readsAsLibrary(short, 'short r or s');
  });

  it('leaves other kinds of key to OpenPGP.js', async () => {
    const revocable = await generate();
    const v6 = dearmor(findArmorBlocks(readFileSync('tests/fixtures/rfc9580/A.3.transferable-pubkey-v6.asc', 'utf8'))[0]!).bytes;
    const others: Record<string, Uint8Array> = {
      rsa: (await generate({ type: 'rsa', rsaBits: 2048 })).toPublic().write(),
      'Ed25519 (RFC 9580 algorithm)': (await generate({ type: 'curve25519' })).toPublic().write(),
      'NIST P-256': (await generate({ type: 'ecc', curve: 'nistP256' })).toPublic().write(),
      revoked: (await openpgp.revokeKey({ key: revocable, format: 'object' })).publicKey.write(),
      'dated in the future': (await generate({ date: new Date(Date.now() + 2 * DAY) })).toPublic().write(),
      'signing subkey': (await (await generate()).addSubkey({ sign: true })).toPublic().write(),
      v6,
    };
    for (const [name, bytes] of Object.entries(others)) await leftToLibrary(bytes, name);
    assert.equal(await readQuickKey((await generate()).write()), null, 'a private key');
  });

  it('leaves a key with a critical notation to OpenPGP.js, which refuses its signatures', async () => {
    const { privateKey } = await openpgp.reformatKey({
      privateKey: await generate(),
      userIDs: [{ email: 'noted@example.org' }],
      signatureNotations: [{ name: 'unknown@example.org', value: new TextEncoder().encode('x'), humanReadable: true, critical: true }],
      format: 'object',
    });
    const bytes = privateKey.toPublic().write();
    await leftToLibrary(bytes, 'critical notation');
    const [record] = await importPublicKeys(bytes);
    assert.equal(record!.info.canEncrypt, false);
  });

  it('leaves every key that was tampered with to OpenPGP.js', async () => {
    const plain = keys.plain!;
    const twoUsers = keys.twoUsers!;
    const packets = wholePackets(twoUsers)!;
    // [primary, first user ID, its signature, second user ID, its signature, subkey, binding]
    assert.deepEqual(packets.map(({ tag }) => tag), [6, 13, 2, 13, 2, 14, 2]);
    const [primary, first, firstSignature, second, secondSignature, subkey, binding] = packets;
    const other = wholePackets((await generate()).toPublic().write())!;
    const tampered: Record<string, Uint8Array> = {
      'a user ID changed': flipped(plain, PACKET_TAG.userId),
      'a subkey changed': flipped(plain, PACKET_TAG.publicSubkey),
      'a self-signature changed': flipped(plain, PACKET_TAG.signature),
      'a binding signature changed': flipped(plain, PACKET_TAG.signature, 1),
      'the user IDs swapped under their signatures': packetsOf([primary!, second!, firstSignature!, first!, secondSignature!, subkey!, binding!]),
      'a user ID added without a signature': packetsOf([primary!, first!, firstSignature!, second!, subkey!, binding!]),
      "a user ID given another user ID's signature": packetsOf([primary!, first!, firstSignature!, second!, firstSignature!, subkey!, binding!]),
      "another key's subkey and binding": packetsOf([primary!, first!, firstSignature!, other[3]!, other[4]!]),
      "another key's subkey under this key's binding": packetsOf([primary!, first!, firstSignature!, other[3]!, binding!]),
      'a binding under a user ID': packetsOf([primary!, first!, binding!, subkey!, binding!]),
      'a user ID signature under the subkey': packetsOf([primary!, first!, firstSignature!, subkey!, firstSignature!]),
      'the subkey without its binding': packetsOf([primary!, first!, firstSignature!, subkey!]),
      'a trust packet after the key': new Uint8Array([...plain, 0xc0 | 12, 2, 0, 0]),
    };
    assert.deepEqual(other.map(({ tag }) => tag), [6, 13, 2, 14, 2]);
    for (const [name, bytes] of Object.entries(tampered)) await leftToLibrary(bytes, name);
    // What OpenPGP.js makes of some of them: the quick way must not have said otherwise.
    const swapped = (await importPublicKeys(tampered['the user IDs swapped under their signatures']!))[0]!;
    assert.equal(swapped.info.canEncrypt, false, 'no user ID of the swapped key is valid');
    const foreign = (await importPublicKeys(tampered["another key's subkey under this key's binding"]!))[0]!;
    assert.equal(foreign.info.canEncrypt, false, 'a subkey bound to another key does not encrypt for this one');
  });

  it('imports a block of quick and other keys in order', async () => {
    const rsa = (await generate({ type: 'rsa', rsaBits: 2048 })).toPublic().write();
    const order = [keys.plain!, rsa, keys.twoUsers!, flipped(keys.plain!, PACKET_TAG.userId), keys.expired!];
    const records = await importPublicKeys(new Uint8Array(order.flatMap((bytes) => [...bytes])));
    const expected = await Promise.all(order.map(async (bytes) => recordOfKey(await openpgp.readKey({ binaryKey: bytes }))));
    assert.deepStrictEqual(records.map((record) => ({ ...record, armored: '' })), expected.map((record) => ({ ...record, armored: '' })));
    const armored = armorBytes('PUBLIC KEY BLOCK', order[0]!);
    assert.equal(records[0]!.armored, armored, 'a key read the quick way is saved as it was given');
  });

  it('reads or leaves self-signatures OpenPGP.js would not make as OpenPGP.js judges them', async () => {
    const owner = await generate();
    const [primary, userId, , subkey, binding] = wholePackets(owner.toPublic().write())!;
    const hashedPrimary = new Uint8Array([0x99, primary!.body.length >> 8, primary!.body.length & 0xff, ...primary!.body]);
    const boundUserId = new Uint8Array([0xb4, 0, 0, 0, userId!.body.length, ...userId!.body]);
    const seed = (owner.keyPacket as unknown as { privateParams: { seed: Uint8Array } }).privateParams.seed;
    const point = (owner.keyPacket as unknown as { publicParams: { Q: Uint8Array } }).publicParams.Q.subarray(1);
    const fingerprint = new Uint8Array(Buffer.from(owner.getFingerprint(), 'hex'));
    const stranger = await generate();
    const strangerFingerprint = new Uint8Array(Buffer.from(stranger.getFingerprint(), 'hex'));
    const usual = usualSubpackets(fingerprint, 0x03);
    const [created, flags] = usual;
    const keyWith = async (hashed: Subpacket[], unhashed: Subpacket[] = []) =>
      packetsOf([primary!, userId!, { tag: PACKET_TAG.signature, body: await selfSignature(seed, point, hashedPrimary, boundUserId, 0x13, hashed, unhashed) }, subkey!, binding!]);
    const read: Record<string, Uint8Array> = {
      'the usual subpackets': await keyWith(usual),
      'critical key flags and creation time': await keyWith([{ type: 0x80 | 2, data: created!.data }, { type: 0x80 | 27, data: [0x03] }, usual[2]!]),
      'a primary user ID flag': await keyWith([...usual, { type: 25, data: [1] }]),
      'a key expiry': await keyWith([...usual, { type: 9, data: [0, 0x0d, 0x2f, 0x00] }]),
      'the issuer named in both areas': await keyWith(usual, [{ type: 16, data: fingerprint.subarray(12) }]),
      'a signature expiry of zero (never)': await keyWith([...usual, { type: 3, data: [0, 0, 0, 0] }]),
    };
    for (const [name, bytes] of Object.entries(read)) await readsAsLibrary(bytes, name);
    const left: Record<string, Uint8Array> = {
      'no issuer': await keyWith([created!, flags!]),
      "another key's issuer fingerprint": await keyWith([created!, flags!, { type: 33, data: [4, ...strangerFingerprint] }]),
      "another key's issuer key ID, unhashed": await keyWith(usual, [{ type: 16, data: strangerFingerprint.subarray(12) }]),
      'the creation time twice': await keyWith([...usual, created!]),
      'no creation time': await keyWith([flags!, usual[2]!]),
      'no key flags': await keyWith([created!, usual[2]!]),
      'a critical subpacket OpenPGP.js does not know': await keyWith([...usual, { type: 0x80 | 100, data: [1] }]),
      'a subpacket the quick way does not read': await keyWith([...usual, { type: 26, data: [...new TextEncoder().encode('https://example.org/policy')] }]),
      'a signature that expires': await keyWith([...usual, { type: 3, data: [0, 0x01, 0x51, 0x80] }]),
      'a designated revoker': await keyWith([...usual, { type: 12, data: [0x80, 22, ...strangerFingerprint] }]),
      'a signature made two days from now': await keyWith(usualSubpackets(fingerprint, 0x03, new Date(Date.now() + 2 * DAY))),
    };
    for (const [name, bytes] of Object.entries(left)) await leftToLibrary(bytes, name);
    for (const name of ['no issuer', "another key's issuer fingerprint", 'a critical subpacket OpenPGP.js does not know']) {
      assert.equal((await importPublicKeys(left[name]!))[0]!.info.canEncrypt, false, `${name}: OpenPGP.js finds no valid user ID`);
    }
  });
});
