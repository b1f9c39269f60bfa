/** RFC 9580 Appendix A: every sample opens as the standard says. */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { importKeys, openMessage, readPrivateKey, readPublicKey, SealmailError, unlockPrivateKey } from '../../src/core/index';

const DIR = fileURLToPath(new URL('../fixtures/rfc9580/', import.meta.url));
const SHARED = fileURLToPath(new URL('../../../shared/testdata/rfc9580/', import.meta.url));
const FINGERPRINT = 'CB186C4F0609A697E4D52DFA6C722B0C1F1E27C18A56708F6525EC27BAD9ACC9';
const GROCERIES = 'What we need from the grocery store:\n\n- tofu\n- vegetables\n- noodles\n';

const read = (name: string) => readFileSync(DIR + name, 'utf8');

describe('RFC 9580 sample data', () => {
  it('the repository copy matches the shared test data', { skip: !existsSync(SHARED) && 'no shared test data beside this checkout' }, () => {
    const names = readdirSync(SHARED).filter((n) => n.startsWith('A.')).sort();
    assert.deepEqual(readdirSync(DIR).filter((n) => n.startsWith('A.')).sort(), names);
    for (const name of names) assert.equal(read(name), readFileSync(SHARED + name, 'utf8'), name);
  });

  it('A.3: the v6 certificate parses, its self-signatures verify, fingerprint as printed', async () => {
    const key = await readPublicKey(read('A.3.transferable-pubkey-v6.asc'));
    await key.verifyPrimaryKey();
    const [record] = await importKeys(read('A.3.transferable-pubkey-v6.asc'));
    assert.equal(record!.info.fingerprint, FINGERPRINT);
    assert.equal(record!.info.version, 6);
    assert.equal(record!.info.secret, false);
  });

  it('A.4: the unprotected v6 secret key has the same fingerprint', async () => {
    const [record] = await importKeys(read('A.4.transferable-seckey-v6.asc'));
    assert.equal(record!.info.fingerprint, FINGERPRINT);
    assert.equal(record!.info.secret, true);
    assert.equal(record!.info.passphraseProtected, false);
  });

  it('A.5: the Argon2 + AEAD locked key unlocks with its passphrase', async () => {
    const key = await readPrivateKey(read('A.5.sample-locked-v6-seckey-argon2-aead.asc'));
    assert.equal(key.isDecrypted(), false);
    const unlocked = await unlockPrivateKey(key, 'correct horse battery staple');
    assert.equal(unlocked.isDecrypted(), true);
  });

  for (const name of ['A.6.-sample-cleartext-signed-message.asc', 'A.7.-sample-inline-signed-message.asc']) {
    it(`${name.slice(0, 4)}: the signed message verifies against A.3`, async () => {
      const signer = await readPublicKey(read('A.3.transferable-pubkey-v6.asc'));
      const opened = await openMessage({ input: read(name), verificationKeys: [signer] });
      assert.equal(opened.text, GROCERIES);
      assert.equal(opened.encrypted, false);
      assert.equal(opened.signature.status, 'valid');
      assert.equal(opened.signature.fingerprint, FINGERPRINT);
    });
  }

  it('A.8.5: X25519 PKESK v6 + SEIPD v2 (OCB) decrypts with A.4', async () => {
    const key = await readPrivateKey(read('A.4.transferable-seckey-v6.asc'));
    const opened = await openMessage({ input: read('A.8.5-v6pkesk-v2seipd'), decryptionKeys: [key] });
    assert.equal(opened.text, 'Hello, world!');
  });

  // The Argon2 samples use 2 GiB of memory per attempt, so only the AEAD ones are also tried wrongly.
  for (const [name, tryWrong] of [
    ['A.9.5.v6_skesk_eax.asc', true],
    ['A.10.5.v6_skesk_ocb.asc', true],
    ['A.12.1.v4-skesk-argon2-aes128.asc', false],
    ['A.12.2.v4-skesk-argon2-aes192.asc', false],
    ['A.12.3.v4-skesk-argon2-aes256.asc', false],
  ] as const) {
    it(`${name}: opens with the password "password"`, async () => {
      assert.equal((await openMessage({ input: read(name), passwords: ['password'] })).text, 'Hello, world!');
      if (!tryWrong) return;
      await assert.rejects(openMessage({ input: read(name), passwords: ['drowssap'] }), (e: unknown) => e instanceof SealmailError && e.code === 'wrong_password');
    });
  }

  it('every sample file is covered by a test above', () => {
    const covered = readFileSync(fileURLToPath(import.meta.url), 'utf8');
    for (const name of readdirSync(DIR).filter((n) => n.startsWith('A.'))) assert.ok(covered.includes(name), name);
  });
});
