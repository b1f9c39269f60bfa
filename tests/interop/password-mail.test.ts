/** A whole password mail, as Send Secure writes it for a recipient without a key, read by GnuPG 2.2 and by Sealmail's reader code. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { findKeyFooter, findMailParts, openMessage, readPublicKey } from '../../src/core/index';
import { GpgHome } from '../support/gpg';
import { call, sealAsUser, worker } from '../support/worker';

const TEXT = 'Hello Ana,\nthe code is 4417-PLUM.\n';
const SEND = '11111111-2222-4333-8444-555555555555';
const PASSWORD = 'Marigold 1987';
const crlf = (text: string) => text.replace(/\r\n/g, '\n');

describe('a whole password mail read by gpg', () => {
  const homes: GpgHome[] = [];
  let mail: string;
  let mia: string;
  const home = () => {
    const made = new GpgHome();
    homes.push(made);
    return made;
  };

  before(async () => {
    const { handlers } = worker();
    mia = (await call(handlers, 'generateKey', { name: 'Mia', email: 'mia@example.org', passphrase: 'mia pass phrase', algorithm: 'ecc', expires: null })).fingerprint;
    await call(handlers, 'setPasswordMail', { note: true, readerUrl: '', attachKey: true });
    await call(handlers, 'protectWithPassword', { sendId: SEND, password: PASSWORD, hint: 'the boat' });
    mail = (await sealAsUser(handlers, { text: TEXT, recipients: ['ana@example.org'], sender: null, sendId: SEND })).mail;
  });
  after(() => homes.forEach((made) => made.close()));

  it('carries the key in a footer, not as an armor block after the message', () => {
    assert.doesNotMatch(mail, /BEGIN PGP PUBLIC KEY BLOCK/);
    assert.match(mail, /-----END PGP MESSAGE-----\n\n-- \nThe public key of Mia <mia@example.org>, to write back securely\./);
    assert.match(mail, new RegExp(`Fingerprint: ${mia.replace(/(.{4})(?=.)/g, '$1 ')}\n`));
    assert.match(mail, /\nAutocrypt: addr=mia@example\.org; keydata=\n([A-Za-z0-9+/=]{1,64}\n)+$/);
  });

  it('gpg -d on the whole mail exits 0 for a reader who has the sender\'s key (taken from the footer)', () => {
    const ana = home();
    // What the README tells a GnuPG user to do with the footer, run as it says.
    const footer = spawnSync('sh', ['-c', "sed -n '/^Autocrypt: /,/^$/p' | tail -n +2 | base64 -di"], { input: mail });
    assert.equal(footer.status, 0, footer.stderr.toString());
    assert.deepEqual(new Uint8Array(footer.stdout), findKeyFooter(mail));
    ana.ok(['--import'], footer.stdout);
    const result = ana.decrypt(mail, PASSWORD);
    assert.equal(result.exit, 0, result.status.map((line) => line.join(' ')).join('\n'));
    assert.equal(crlf(result.text), TEXT);
    assert.ok(result.status.some((line) => line[0] === 'VALIDSIG' && line[1] === mia));
    assert.ok(!result.status.some((line) => line[0] === 'UNEXPECTED' || line[0] === 'FAILURE'));
  });

  it('a reader without the key gets the text; gpg\'s only complaint is the signer it cannot check', () => {
    const result = home().decrypt(mail, PASSWORD);
    assert.equal(crlf(result.text), TEXT);
    assert.ok(result.status.some((line) => line[0] === 'DECRYPTION_OKAY'));
    assert.ok(result.status.some((line) => line[0] === 'NO_PUBKEY'));
    assert.equal(result.exit, 2);
    assert.ok(!result.status.some((line) => line[0] === 'UNEXPECTED' || line[0] === 'FAILURE'));
  });

  it('Sealmail\'s reader finds the message and the key, and the signature checks with it', async () => {
    const parts = findMailParts(mail);
    assert.ok(parts.senderKey);
    const key = await readPublicKey(parts.senderKey);
    assert.equal(key.getFingerprint().toUpperCase(), mia);
    const opened = await openMessage({ input: mail, passwords: [PASSWORD], verificationKeys: [key] });
    assert.equal(opened.text, TEXT);
    assert.equal(opened.signature.status, 'valid');
  });

  it('the footer survives the way read views show it: quoted, with NBSP indents and CRLF', () => {
    const shown = mail.replace(/\n([A-Za-z0-9])/g, '\n\u00a0$1').replace(/\n/g, '\r\n').split('\r\n').map((line) => `> ${line}`).join('\r\n');
    assert.deepEqual(findKeyFooter(shown), findKeyFooter(mail));
  });
});
