/** Files sealed on their own (`name.pgp`), both ways with GnuPG 2.2: byte for byte, name kept, signed. */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openMessage, readPublicKey, sealFile } from '../../src/core/index';
import { GpgHome, statusLines } from '../support/gpg';
import { makeIdentity, type Identity } from '../support/identities';

describe('files sealed as name.pgp', () => {
  let home: GpgHome;
  let mia: Identity;
  let bob: string;

  before(async () => {
    home = new GpgHome();
    mia = await makeIdentity('Mia');
    bob = home.generate('Bob <bob@example.org>', 'ecc');
    home.import(mia.generated.publicKey);
  });
  after(() => home.close());

  it('gpg decrypts a file Sealmail sealed to it, byte for byte, with its name and a valid signature', async () => {
    const bytes = randomBytes(300_000);
    const sealed = await sealFile({ file: { name: 'scan.pdf', bytes }, recipients: [await readPublicKey(home.exportPublic(bob))], sender: mia.privateKey });
    const result = home.run(['--status-fd', '2', '--decrypt'], sealed);
    assert.equal(result.status, 0, result.stderr);
    assert.ok(result.stdout.equals(bytes));
    const status = statusLines(result.stderr);
    assert.ok(status.some((line) => line[0] === 'VALIDSIG' && line[1] === mia.generated.info.fingerprint));
    assert.ok(status.some((line) => line[0] === 'PLAINTEXT' && line[3] === 'scan.pdf'));
  });

  it('Sealmail opens a file gpg sealed, byte for byte, with the name gpg wrote', async () => {
    const bytes = randomBytes(200_000);
    const path = join(home.dir, 'photo.jpg');
    writeFileSync(path, bytes);
    const sealed = home.ok(['--sign', '--encrypt', '--local-user', bob, '--recipient', mia.generated.info.fingerprint, '--output', '-', path]).stdout;
    const opened = await openMessage({ input: sealed, decryptionKeys: [mia.privateKey], verificationKeys: [await readPublicKey(home.exportPublic(bob))], asFile: true });
    assert.ok(Buffer.from(opened.file!.bytes).equals(bytes));
    assert.equal(opened.file!.name, 'photo.jpg');
    assert.equal(opened.signature.status, 'valid');
    assert.equal(opened.text, '');
  });
});
