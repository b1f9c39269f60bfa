import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as openpgp from 'openpgp';
import { before, describe, it } from 'node:test';
import {
  dearmor,
  findArmorBlocks,
  openMessage,
  readPrivateKey,
  readPublicKey,
  seal,
  SealmailError,
  utf8,
  applyRevocation,
  armorBytes,
  type OpenResult,
} from '../../src/core/index';
import { around } from '../../src/core/seal';
import { concat, packetHeader, wholePackets } from '../../src/core/packets';
import { WRITE_CONFIG } from '../../src/core/pgp';
import { makeIdentity, type Identity } from '../support/identities';
import { rejectsWith } from '../support/assert';

const TEXT = 'Quarterly numbers attached.\nÜnïcödé survives: 日本語, emoji 🔐.\n';


/** Flips one bit in the middle of the encrypted data packet and re-armors the message. */
function tamper(armored: string): string {
  const bytes = dearmor(findArmorBlocks(armored)[0]!).bytes.slice();
  const index = bytes.length - 40;
  bytes[index] = bytes[index]! ^ 0x01;
  return armorBytes('MESSAGE', bytes);
}

describe('seal and open', () => {
  let alice: Identity;
  let bob: Identity;
  let carol: Identity;

  before(async () => {
    [alice, bob, carol] = await Promise.all([makeIdentity('Alice'), makeIdentity('Bob'), makeIdentity('Carol')]);
  });

  it('seals to the recipients and the sender, signed; each of them opens it and sees a valid signature from the sender', async () => {
    const armored = await seal({ text: TEXT, recipients: [bob.publicKey, carol.publicKey], sender: alice.privateKey });
    assert.match(armored, /^-----BEGIN PGP MESSAGE-----\n\n/);
    for (const reader of [alice, bob, carol]) {
      const opened = await openMessage({ input: armored, decryptionKeys: [reader.privateKey], verificationKeys: [alice.publicKey] });
      assert.equal(opened.text, TEXT);
      assert.equal(opened.encrypted, true);
      assert.equal(opened.signature.status, 'valid');
      assert.equal(opened.signature.fingerprint, alice.generated.info.fingerprint);
      assert.equal(opened.signature.userId, 'Alice <alice@example.org>');
    }
  });

  it('reports an unknown signer with the key ID and fingerprint the signature names', async () => {
    const armored = await seal({ text: TEXT, recipients: [bob.publicKey], sender: alice.privateKey });
    const opened = await openMessage({ input: armored, decryptionKeys: [bob.privateKey], verificationKeys: [carol.publicKey] });
    assert.equal(opened.text, TEXT);
    assert.equal(opened.signature.status, 'unknown_key');
    assert.equal(opened.signature.fingerprint, alice.generated.info.fingerprint);
    assert.equal(opened.signature.userId, null);
  });

  it('reports "none" for an unsigned message', async () => {
    const armored = await seal({ text: TEXT, recipients: [bob.publicKey] });
    const opened = await openMessage({ input: armored, decryptionKeys: [bob.privateKey], verificationKeys: [alice.publicKey] });
    assert.equal(opened.signature.status, 'none');
  });

  it('seals to a password alone, and to keys plus a password', async () => {
    const byPassword = await seal({ text: TEXT, passwords: ['correct horse'] });
    assert.equal((await openMessage({ input: byPassword, passwords: ['correct horse'] })).text, TEXT);
    const both = await seal({ text: TEXT, recipients: [bob.publicKey], passwords: ['correct horse'], sender: alice.privateKey });
    assert.equal((await openMessage({ input: both, passwords: ['correct horse'], verificationKeys: [alice.publicKey] })).signature.status, 'valid');
    assert.equal((await openMessage({ input: both, decryptionKeys: [bob.privateKey] })).text, TEXT);
  });

  it('refuses an expired, a revoked and an unusable recipient key, naming each address and key', async () => {
    const dave = await makeIdentity('Dave', 'ecc', new Date(Date.now() + 3600_000));
    const erin = await makeIdentity('Erin');
    const revokedErin = await readPublicKey((await applyRevocation(erin.generated.publicKey, erin.generated.revocationCertificate)).armored);
    const later = new Date(Date.now() + 7200_000);
    await assert.rejects(
      seal({ text: TEXT, recipients: [bob.publicKey, dave.publicKey, revokedErin], date: later }),
      rejectsWith('recipient_keys_unusable', (error) => {
        assert.deepEqual(error.details.recipients?.map((r) => [r.address, r.reason]), [
          ['dave@example.org', 'expired'],
          ['erin@example.org', 'revoked'],
        ]);
        assert.match(error.message, /the key of dave@example\.org \([0-9A-F ]{19}\) has expired/);
        assert.match(error.message, /erin@example\.org .* was revoked/);
      }),
    );
  });

  it('refuses to seal for nobody, or with a locked sender key', async () => {
    await assert.rejects(seal({ text: TEXT }), rejectsWith('no_recipients'));
    const locked = await readPrivateKey(alice.generated.armored);
    await assert.rejects(seal({ text: TEXT, recipients: [bob.publicKey], sender: locked }), rejectsWith('key_locked'));
  });
});

describe('open refuses bad input with its own code and no plaintext', () => {
  let alice: Identity;
  let bob: Identity;
  let carol: Identity;
  let forBob: string;

  before(async () => {
    [alice, bob, carol] = await Promise.all([makeIdentity('Alice'), makeIdentity('Bob'), makeIdentity('Carol')]);
    forBob = await seal({ text: TEXT, recipients: [bob.publicKey], sender: alice.privateKey });
  });

  async function refused(input: string | Uint8Array, code: string, extra: Partial<Parameters<typeof openMessage>[0]> = {}, check?: (e: SealmailError) => void) {
    let result: OpenResult | undefined;
    await assert.rejects(async () => {
      result = await openMessage({ input, decryptionKeys: [bob.privateKey], ...extra });
    }, rejectsWith(code, check));
    assert.equal(result, undefined);
  }

  it('tampered ciphertext', () => refused(tamper(forBob), 'message_tampered'));

  it('a message without integrity protection (SED, no MDC)', async () => {
    const noMdc = readFileSync(new URL('../fixtures/messages/no-mdc-password.asc', import.meta.url), 'utf8');
    await refused(noMdc, 'message_unauthenticated', { passwords: ['no-mdc password'] });
  });

  it('a message for someone else lists the key IDs it was for', () =>
    refused(forBob, 'message_not_for_you', { decryptionKeys: [carol.privateKey] }, (error) => {
      const subkeyIds = [bob, alice].map((who) => who.publicKey.subkeys[0]!.getKeyID().toHex().toUpperCase());
      assert.deepEqual([...(error.details.keyIds ?? [])].sort(), subkeyIds.sort());
      assert.match(error.message, /not encrypted for any of your keys \((?:[0-9A-F]{4} ){3}[0-9A-F]{4}, (?:[0-9A-F]{4} ){3}[0-9A-F]{4}\)\./);
    }));

  it('a wrong password', async () => {
    const byPassword = await seal({ text: TEXT, passwords: ['right'] });
    await refused(byPassword, 'wrong_password', { decryptionKeys: [], passwords: ['wrong'] });
    await refused(byPassword, 'password_required', { decryptionKeys: [] });
  });

  it('every wrong password is a wrong password, never a changed message, and a changed message with the right one is still changed', async () => {
    // A wrong password decrypts the encrypted session key to random bytes, which now and then name a
    // real cipher (about 1 in 85): without the quick check that was reported as a changed message.
    const byPassword = await seal({ text: TEXT, passwords: ['Marigold 1987'] });
    const codes = new Map<string, number>();
    for (let i = 0; i < 400; i++) {
      try {
        await openMessage({ input: byPassword, passwords: [`Marigold ${i}`] });
        codes.set('opened', (codes.get('opened') ?? 0) + 1);
      } catch (error) {
        const code = (error as SealmailError).code;
        codes.set(code, (codes.get(code) ?? 0) + 1);
      }
    }
    assert.deepEqual([...codes], [['wrong_password', 400]]);
    await refused(tamper(byPassword), 'message_tampered', { decryptionKeys: [], passwords: ['Marigold 1987'] });
  });

  it('a locked key asks for its passphrase', async () => {
    const locked = await readPrivateKey(bob.generated.armored);
    await refused(forBob, 'key_locked', { decryptionKeys: [locked] });
  });

  it('truncated armor', () => refused(forBob.split('\n').slice(0, 5).join('\n'), 'armor_truncated'));

  it('armor changed on the way: a message that no longer opens, with a checksum that disagrees, is armor_checksum', () => {
    const lines = forBob.split('\n');
    // A character in the middle of the data: the integrity check fails, and the checksum says why.
    const middle = Math.floor(lines.length / 2);
    lines[middle] = lines[middle]!.replace(/^./, (c) => (c === 'A' ? 'B' : 'A'));
    return refused(lines.join('\n'), 'armor_checksum');
  });

  it('a signed-only message whose text was changed on the way is armor_checksum, not a bad signature', async () => {
    const signed = await openpgp.sign({ message: await openpgp.createMessage({ text: `${TEXT}${'and more text. '.repeat(200)}` }), signingKeys: alice.privateKey });
    const intact = await openMessage({ input: signed, verificationKeys: [alice.publicKey] });
    assert.equal(intact.signature.status, 'valid');
    const lines = signed.split('\n');
    // A line in the middle of the literal data: it still parses, and only the signature (and the checksum) say it changed.
    const middle = Math.floor(lines.length / 2);
    lines[middle] = lines[middle]!.replace(/^./, (c: string) => (c === 'A' ? 'B' : 'A'));
    await refused(lines.join('\n'), 'armor_checksum', { verificationKeys: [alice.publicKey] });
  });

  it('a wrong checksum line alone does not refuse a message that opens whole (RFC 9580, section 6.1)', async () => {
    const badLine = forBob.replace(/\n=(.)/, (_m, c: string) => `\n=${c === 'A' ? 'B' : 'A'}`);
    assert.notEqual(badLine, forBob);
    const opened = await openMessage({ input: badLine, decryptionKeys: [bob.privateKey], verificationKeys: [alice.publicKey] });
    assert.equal(opened.text, TEXT);
    assert.equal(opened.signature.status, 'valid');
  });

  it('garbage', () => refused('Lorem ipsum dolor sit amet', 'no_armor'));

  it('garbage inside armor', () => refused('-----BEGIN PGP MESSAGE-----\n\nAAAA\n-----END PGP MESSAGE-----\n', 'armor_corrupt'));

  it('empty input', async () => {
    await refused('', 'empty_input');
    await refused('  \n ', 'empty_input');
    await refused(new Uint8Array(0), 'empty_input');
  });

  it('a key block offered as a message', async () => {
    await refused(alice.generated.publicKey, 'not_a_message');
    await refused((await readPublicKey(alice.generated.publicKey)).write(), 'not_a_message');
  });
});

describe('the text goes in as its UTF-8 bytes, whatever its script', () => {
  const samples: Record<string, string> = {
    empty: '',
    ASCII: 'Meet at seven.\n'.repeat(1000),
    'Latin with accents': 'Café, über, naïve, señor. '.repeat(500),
    // Two bytes a character: more than the first buffer holds, so the plain encoder takes over.
    Greek: 'Καλημέρα κόσμε. '.repeat(500),
    'Japanese (three bytes a character)': '日本語のメール。'.repeat(500),
    'emoji (surrogate pairs)': '🔐📨 '.repeat(500),
    'a lone surrogate (made U+FFFD)': `a\ud800b${'x'.repeat(100)}`,
    // 100 characters get a buffer of 129 bytes: 29 accents fill it exactly, 30 need one byte more.
    'accents filling the first buffer exactly': `${'é'.repeat(29)}${'a'.repeat(71)}`,
    'accents one byte past the first buffer': `${'é'.repeat(30)}${'a'.repeat(70)}`,
  };
  let alice: Identity;
  let bob: Identity;
  before(async () => {
    [alice, bob] = await Promise.all([makeIdentity('Alice'), makeIdentity('Bob')]);
  });
  for (const [name, text] of Object.entries(samples)) {
    it(`${name}: the bytes TextEncoder gives, with the room asked for around them`, () => {
      assert.deepEqual(Buffer.from(utf8(text)), Buffer.from(new TextEncoder().encode(text)));
      const roomy = utf8(text, 96, 4096);
      assert.deepEqual(Buffer.from(roomy), Buffer.from(new TextEncoder().encode(text)));
      assert.ok(roomy.byteOffset >= 96 && roomy.buffer.byteLength - roomy.byteOffset - roomy.length >= 4096);
    });
  }

  it('a Greek and a Japanese message open to the same text', async () => {
    for (const text of [samples.Greek!, samples['Japanese (three bytes a character)']!]) {
      const sealed = await seal({ text, recipients: [bob.publicKey], sender: alice.privateKey });
      assert.equal((await openMessage({ input: sealed, decryptionKeys: [bob.privateKey] })).text, text);
    }
  });
});

/**
 * A message's packets as OpenPGP.js reads them: the outer ones by tag and version (lengths are
 * left out: a signature's or an RSA session key's numbers lose a byte when their first one is
 * zero, one time in 256); those inside the encryption; and the signatures, checked against the
 * signer's key.
 */
async function packetsOf(armored: string, key: openpgp.PrivateKey | null, password: string | null, signer: openpgp.PublicKey | null) {
  const outer = wholePackets(dearmor(findArmorBlocks(armored)[0]!).bytes)!.map(({ tag, body }) => ({ tag, version: body[0] }));
  const message = await openpgp.readMessage({ armoredMessage: armored });
  const inner = await message.decrypt(key ? [key] : [], password ? [password] : undefined);
  const verifications = await inner.verify(signer ? [signer] : []);
  const packets = [...inner.packets].map((packet) => {
    if (packet instanceof openpgp.LiteralDataPacket) {
      const literal = packet as unknown as { getBytes(): Uint8Array; getFilename(): string; date: Date };
      return { literal: Buffer.from(literal.getBytes()).toString('hex'), name: literal.getFilename(), date: literal.date.getTime() };
    }
    const ops = packet as unknown as { version: number; signatureType: number; hashAlgorithm: number; publicKeyAlgorithm: number; issuerKeyID: openpgp.KeyID; flags: number };
    return { onePass: [packet.constructor.name, ops.version, ops.signatureType, ops.hashAlgorithm, ops.publicKeyAlgorithm, ops.issuerKeyID.toHex(), ops.flags] };
  });
  const signatures = await Promise.all(
    verifications.map(async ({ signature, verified }) => {
      const [packet] = (await signature).packets;
      return [packet!.version, packet!.signatureType, packet!.hashAlgorithm, packet!.publicKeyAlgorithm, packet!.issuerKeyID.toHex(), await verified];
    }),
  );
  return { outer, packets, signatures };
}

describe('a sealed message has the packets OpenPGP.js writes', () => {
  let alice: Identity;
  let bob: Identity;
  let carol: Identity;
  let rsa: Identity;
  before(async () => {
    [alice, bob, carol, rsa] = await Promise.all([makeIdentity('Alice'), makeIdentity('Bob'), makeIdentity('Carol'), makeIdentity('Rita', 'rsa3072')]);
  });

  async function same(options: { recipients?: openpgp.PublicKey[]; passwords?: string[]; sender?: openpgp.PrivateKey }, reader: openpgp.PrivateKey | null, password?: string) {
    const text = `${TEXT}${'Long enough for a five-octet length. '.repeat(300)}`;
    // Whole seconds, as packets hold them; the keys were made before it.
    const date = new Date(Math.floor(Date.now() / 1000) * 1000);
    const ours = await seal({ text, ...options, date });
    const encryptionKeys = [...(options.recipients ?? []), ...(options.sender ? [options.sender.toPublic()] : [])];
    const theirs = await openpgp.encrypt({
      message: await openpgp.createMessage({ binary: new TextEncoder().encode(text), format: 'binary', date }),
      ...(encryptionKeys.length ? { encryptionKeys } : {}),
      ...(options.passwords ? { passwords: options.passwords } : {}),
      ...(options.sender ? { signingKeys: options.sender } : {}),
      date,
      config: WRITE_CONFIG,
    });
    const signer = options.sender?.toPublic() ?? null;
    const [mine, library] = [await packetsOf(ours, reader, password ?? null, signer), await packetsOf(theirs, reader, password ?? null, signer)];
    assert.deepEqual(mine, library);
    return mine;
  }

  it('signed, to two ed25519/cv25519 keys and the sender: the same packets and fields', async () => {
    const found = await same({ recipients: [bob.publicKey, carol.publicKey], sender: alice.privateKey }, bob.privateKey);
    assert.deepEqual(found.outer.map(({ tag }) => tag), [1, 1, 1, 18]);
    assert.deepEqual(found.packets.map((packet) => Object.keys(packet)[0]), ['onePass', 'literal']);
    assert.deepEqual(found.signatures.map((fields) => fields.at(-1)), [true]);
  });

  it('signed with RSA-3072, to an ECC key and the RSA sender', async () => {
    await same({ recipients: [bob.publicKey], sender: rsa.privateKey }, bob.privateKey);
  });

  it('unsigned, to a password alone: the literal data packet alone inside', async () => {
    const found = await same({ passwords: ['correct horse'] }, null, 'correct horse');
    assert.deepEqual(found.outer.map(({ tag }) => tag), [3, 18]);
    assert.deepEqual(found.packets.map((packet) => Object.keys(packet)[0]), ['literal']);
    assert.deepEqual(found.signatures, []);
  });

  it('to v6 keys that ask for AEAD (RFC 9580 sample key): SEIPD v2, a v6 one-pass signature, and it opens', async () => {
    const v6 = await readPrivateKey(readFileSync(new URL('../fixtures/rfc9580/A.4.transferable-seckey-v6.asc', import.meta.url), 'utf8'));
    const armored = await seal({ text: TEXT, recipients: [v6.toPublic()], sender: v6 });
    const found = await packetsOf(armored, v6, null, v6.toPublic());
    assert.deepEqual(found.outer.map(({ tag, version }) => [tag, version]), [[1, 6], [18, 2]]);
    assert.deepEqual((found.packets[0] as { onePass: unknown[] }).onePass.slice(0, 2), ['OnePassSignaturePacket', 6]);
    assert.deepEqual(found.signatures.map((fields) => [fields[0], fields.at(-1)]), [[6, true]]);
    const opened = await openMessage({ input: armored, decryptionKeys: [v6], verificationKeys: [v6.toPublic()] });
    assert.equal(opened.text, TEXT);
    assert.equal(opened.signature.status, 'valid');
  });
});

describe('packets written around data', () => {
  it('headers of every length form read back as the packets they head', () => {
    for (const length of [0, 1, 191, 192, 193, 8383, 8384, 70_000]) {
      const body = new Uint8Array(length).fill(7);
      const bytes = concat([packetHeader(11, length), body, packetHeader(2, 3), new Uint8Array([1, 2, 3])]);
      assert.deepEqual(wholePackets(bytes)?.map(({ tag, body }) => [tag, body.length]), [[11, length], [2, 3]], `${length} bytes`);
    }
    assert.deepEqual([...packetHeader(18, 0xfedcba98)], [0xd2, 255, 0xfe, 0xdc, 0xba, 0x98]);
  });

  const head = [new Uint8Array([1, 2]), new Uint8Array([3])];
  const tail = [new Uint8Array([7, 8, 9])];

  it('go into the room around the data in its own buffer', () => {
    const buffer = new Uint8Array(12).fill(0xee);
    buffer.set([4, 5, 6], 4);
    const joined = around(buffer.subarray(4, 7), head, tail);
    assert.deepEqual([...joined], [1, 2, 3, 4, 5, 6, 7, 8, 9]);
    assert.equal(joined.buffer, buffer.buffer);
  });

  it('go into a new buffer, the data copied, when the room is too small before or after', () => {
    for (const [start, size] of [[2, 12], [4, 8]] as const) {
      const buffer = new Uint8Array(size).fill(0xee);
      buffer.set([4, 5, 6], start);
      const before = [...buffer];
      const joined = around(buffer.subarray(start, start + 3), head, tail);
      assert.deepEqual([...joined], [1, 2, 3, 4, 5, 6, 7, 8, 9]);
      assert.notEqual(joined.buffer, buffer.buffer);
      assert.deepEqual([...buffer], before);
    }
  });
});
