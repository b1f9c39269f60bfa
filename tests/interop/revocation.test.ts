/** A contact's bare revocation certificate, made by GnuPG 2.2, imported into Sealmail's keyring: it revokes the key it names. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { GpgHome } from '../support/gpg';
import { rejectsWith } from '../support/assert';
import { call, sealAsUser, worker } from '../support/worker';

describe('a bare revocation certificate from gpg', () => {
  const peer = new GpgHome();
  let bob: string;
  let carol: string;

  before(() => {
    bob = peer.generate('Bob Example <bob@example.org>', 'ecc');
    carol = peer.generate('Carol Example <carol@example.org>', 'rsa');
  });
  after(() => peer.close());

  async function withBob() {
    const made = worker();
    await call(made.handlers, 'generateKey', { name: 'Mia', email: 'mia@example.org', passphrase: 'mia pass phrase', algorithm: 'ecc', expires: null });
    await call(made.handlers, 'importKeys', { text: peer.exportPublic(bob) });
    return made.handlers;
  }
  const bobIn = async (handlers: Awaited<ReturnType<typeof withBob>>) => (await call(handlers, 'listKeys', {})).keys.find((key) => key.fingerprint === bob)!;

  it('is shown as a revocation of the key in the keyring, then applied to it: Bob can no longer be sent to', async () => {
    const handlers = await withBob();
    const certificate = peer.revocationCertificate(bob);
    assert.match(certificate, /-----BEGIN PGP PUBLIC KEY BLOCK-----/);
    const { keys } = await call(handlers, 'previewImport', { text: `Bob's revocation:\n\n${certificate}` });
    assert.deepEqual(keys.map((item) => [item.action, item.info.fingerprint, item.info.revoked]), [['revoke', bob, true]]);
    assert.equal((await bobIn(handlers)).revoked, false, 'a preview changes nothing');
    const { fingerprints } = await call(handlers, 'importKeys', { text: certificate });
    assert.deepEqual(fingerprints, [bob]);
    assert.equal((await bobIn(handlers)).revoked, true);
    await assert.rejects(
      sealAsUser(handlers, { text: 'hello', recipients: ['bob@example.org'], sender: null }),
      rejectsWith('recipient_keys_unusable', (error) => assert.equal(error.details.recipients?.[0]?.reason, 'revoked')),
    );
    // gpg agrees: the key Sealmail now holds is revoked.
    const check = new GpgHome();
    try {
      check.import((await call(handlers, 'exportPublicKey', { fingerprint: bob })).armored);
      assert.match(check.ok(['--with-colons', '--list-keys', bob]).stdout.toString(), /^pub:r:/m);
    } finally {
      check.close();
    }
  });

  it('applies with a key in the same paste, and refuses one for a key Sealmail does not have, changing nothing', async () => {
    const handlers = await withBob();
    const { fingerprints } = await call(handlers, 'importKeys', { text: `${peer.exportPublic(carol)}\n${peer.revocationCertificate(carol)}` });
    assert.deepEqual(fingerprints, [carol, carol]);
    assert.equal((await call(handlers, 'listKeys', {})).keys.find((key) => key.fingerprint === carol)!.revoked, true);

    const stranger = new GpgHome();
    try {
      const dave = stranger.generate('Dave <dave@example.org>', 'ecc');
      const before = await call(handlers, 'listKeys', {});
      await assert.rejects(
        call(handlers, 'importKeys', { text: `${peer.exportPublic(bob)}\n${stranger.revocationCertificate(dave)}` }),
        rejectsWith('key_not_found', (error) => assert.equal(error.details.fingerprint, dave)),
      );
      assert.deepEqual(await call(handlers, 'listKeys', {}), before);
    } finally {
      stranger.close();
    }
  });
});
