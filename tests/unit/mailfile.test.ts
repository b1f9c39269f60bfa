/** Which files the reader treats as binary OpenPGP, as a mail's source, or as text. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { looksLikeMime, parseMail, readMailFile } from '../../extension-ui/components/mailfile';
import { isBinaryOpenPgp } from '../../src/core/packets';
import { armorBytes, dearmor, findArmorBlocks, seal } from '../../src/core/index';

describe('mail files', () => {
  it('tells binary OpenPGP from text that merely begins with a byte above 127', async () => {
    const armored = await seal({ text: 'hi', passwords: ['pw'] });
    const binary = dearmor(findArmorBlocks(armored)[0]!).bytes;
    assert.equal(isBinaryOpenPgp(binary), true);
    assert.equal(isBinaryOpenPgp(new TextEncoder().encode('é is where this note begins')), false);
    assert.equal(isBinaryOpenPgp(new TextEncoder().encode(armored)), false);
    assert.equal((await readMailFile(binary)).text, armorBytes('MESSAGE', binary));
  });

  it('takes a mail source for MIME, and armor or a note for text', () => {
    assert.equal(looksLikeMime('From: a@example.org\r\nSubject: x\r\nContent-Type: text/plain\r\n\r\nbody'), true);
    assert.equal(looksLikeMime('Subject: hi\n folded\nMIME-Version: 1.0\n\nbody'), true);
    assert.equal(looksLikeMime('-----BEGIN PGP MESSAGE-----\n\nwcBM\n-----END PGP MESSAGE-----\n'), false);
    assert.equal(looksLikeMime('Note: read this\n\nand this'), false);
  });

  it('keeps a named file as a file to save, even when its first bytes look like an OpenPGP packet; finds OpenPGP data in parts named or typed for it', async () => {
    const binary = dearmor(findArmorBlocks(await seal({ text: 'hi', passwords: ['pw'] }))[0]!).bytes;
    // A file of another kind that happens to begin as an OpenPGP packet does (as one random file in several does).
    const lookalike = Uint8Array.from([...binary.subarray(0, 64), ...new Uint8Array(200).fill(7)]);
    assert.equal(isBinaryOpenPgp(lookalike), true);
    const part = (name: string | null, type: string, bytes: Uint8Array) =>
      `--b\r\nContent-Type: ${type}${name ? `; name="${name}"` : ''}\r\n${name ? `Content-Disposition: attachment; filename="${name}"\r\n` : ''}Content-Transfer-Encoding: base64\r\n\r\n${Buffer.from(bytes).toString('base64')}\r\n`;
    const mail = [
      'From: a@example.org\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n',
      '--b\r\nContent-Type: text/plain\r\n\r\nSee the files.\r\n',
      part('contract.bin', 'application/octet-stream', lookalike),
      part('encrypted.asc', 'application/octet-stream', binary),
      part('message.gpg', 'application/octet-stream', binary),
      '--b--\r\n',
    ].join('');
    const content = await parseMail(mail);
    assert.deepEqual(content.attachments.map((attachment) => [attachment.name, attachment.bytes.length]), [['contract.bin', lookalike.length]]);
    assert.equal(findArmorBlocks(content.text).length, 2);
  });

  it('decodes a quoted-printable body, so that armor with "=3D" in it is whole again', async () => {
    const armored = await seal({ text: 'hi', passwords: ['pw'] });
    const mail = `From: a@example.org\r\nMIME-Version: 1.0\r\nContent-Type: text/plain\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n${armored.replace(/=/g, '=3D')}`;
    const content = await parseMail(mail);
    assert.equal(findArmorBlocks(content.text)[0]?.armor.trim(), findArmorBlocks(armored)[0]?.armor.trim());
  });
});
