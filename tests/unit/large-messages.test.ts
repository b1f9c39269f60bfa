/**
 * Messages whose armor is larger than STREAM_FROM are read as a stream of decoded pieces: the
 * same text, signature and refusals as a message read whole, with line ends and multi-byte
 * characters that fall across pieces.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import * as openpgp from 'openpgp';
import {
  armorBytes,
  dearmorStream,
  findArmorBlocks,
  openMessage,
  seal,
  STREAM_FROM,
  utf8,
  type OpenOptions,
  type OpenResult,
} from '../../src/core/index';
import { decodeBase64 } from '../../src/core/base64';
import { rejectsWith } from '../support/assert';
import { makeIdentity, type Identity } from '../support/identities';

/**
 * Text over STREAM_FROM once sealed, with a CRLF, accented letters, CJK and an emoji on every
 * short line, so that some of them fall across the pieces the data comes in; numbered, so that it
 * does not repeat.
 */
function largeText(): string {
  const lines: string[] = [];
  let length = 0;
  for (let i = 0; length < STREAM_FROM * 0.8; i++) {
    const line = `${i} Grüße, café, 日本語 🔐 ${'x'.repeat(i % 23)}\r\n`;
    lines.push(line);
    length += line.length;
  }
  return lines.join('');
}

/** The message's data decoded whole (as a test sees it), changed by `change`, armored again. */
function rewritten(armored: string, change: (bytes: Uint8Array) => void): string {
  const data = armored.split('\n\n')[1]!.split('\n=')[0]!.replace(/\n/g, '');
  const bytes = decodeBase64(data)!.slice();
  change(bytes);
  return armorBytes('MESSAGE', bytes);
}

const flip = (bytes: Uint8Array, at: number) => bytes.set([bytes[at]! ^ 1], at);

describe('large messages are read as a stream', () => {
  let alice: Identity;
  let bob: Identity;
  let carol: Identity;
  let text: string;
  let expected: string;
  let armored: string;

  before(async () => {
    [alice, bob, carol] = await Promise.all([makeIdentity('Alice'), makeIdentity('Bob'), makeIdentity('Carol')]);
    text = largeText();
    expected = text.replace(/\r\n/g, '\n');
    armored = await seal({ text, recipients: [bob.publicKey], sender: alice.privateKey });
    assert.ok(armored.length > STREAM_FROM, 'the sealed test message is not large enough to be streamed');
  });

  async function refused(input: string, code: string, extra: Partial<OpenOptions> = {}) {
    let result: OpenResult | undefined;
    await assert.rejects(async () => {
      result = await openMessage({ input, decryptionKeys: [bob.privateKey], verificationKeys: [alice.publicKey], ...extra });
    }, rejectsWith(code));
    assert.equal(result, undefined);
  }

  it('finds the block undecoded and gives its data as a stream', () => {
    const [block] = findArmorBlocks(armored);
    assert.equal(block?.type, 'MESSAGE');
    assert.equal(block!.problem, undefined);
    assert.notEqual(dearmorStream(block!), null);
  });

  it('reads a small message whole', async () => {
    const small = await seal({ text: 'A short note.\n', recipients: [bob.publicKey], sender: alice.privateKey });
    assert.equal(dearmorStream(findArmorBlocks(small)[0]!), null);
  });

  it('opens to the same text as the same bytes read whole, with a valid signature', async () => {
    const streamed = await openMessage({ input: armored, decryptionKeys: [bob.privateKey], verificationKeys: [alice.publicKey] });
    assert.ok(streamed.text === expected, 'the streamed text differs from what was sealed');
    assert.equal(streamed.signature.status, 'valid');
    assert.equal(streamed.signature.fingerprint, alice.generated.info.fingerprint);
    const bytes = (await openpgp.unarmor(armored)).data as Uint8Array;
    const whole = await openMessage({ input: bytes, decryptionKeys: [bob.privateKey], verificationKeys: [alice.publicKey] });
    assert.ok(whole.text === streamed.text, 'the whole reading and the streamed one differ');
  });

  it('opened as a file, gives the bytes exactly as sealed', async () => {
    const opened = await openMessage({ input: armored, decryptionKeys: [bob.privateKey], verificationKeys: [alice.publicKey], asFile: true });
    assert.ok(Buffer.from(opened.file!.bytes).equals(Buffer.from(utf8(text))));
    assert.equal(opened.signature.status, 'valid');
  });

  it('opens a large message sealed by password alone, and says so for a wrong password', async () => {
    const byPassword = await seal({ text, passwords: ['a long shared password'] });
    assert.ok(byPassword.length > STREAM_FROM);
    const opened = await openMessage({ input: byPassword, passwords: ['a long shared password'] });
    assert.ok(opened.text === expected);
    await refused(byPassword, 'wrong_password', { decryptionKeys: [], passwords: ['a wrong password'] });
  });

  it('verifies a large signed-only message', async () => {
    const signed = await openpgp.sign({ message: await openpgp.createMessage({ text: expected }), signingKeys: alice.privateKey });
    assert.ok(signed.length > STREAM_FROM);
    const opened = await openMessage({ input: signed, verificationKeys: [alice.publicKey] });
    assert.ok(opened.text === expected);
    assert.equal(opened.encrypted, false);
    assert.equal(opened.signature.status, 'valid');
  });

  it('refuses a message changed near its end, its checksum made to match: tampered, no text', () =>
    refused(
      rewritten(armored, (bytes) => {
        flip(bytes, bytes.length - 200);
      }),
      'message_tampered',
    ));

  it('refuses a message changed in the middle, its checksum made to match: tampered, no text', () =>
    refused(
      rewritten(armored, (bytes) => {
        flip(bytes, bytes.length >> 1);
      }),
      'message_tampered',
    ));

  it('refuses a changed message whose checksum disagrees as damaged on the way', async () => {
    const lines = armored.split('\n');
    const middle = lines.length >> 1;
    lines[middle] = (lines[middle]![0] === 'A' ? 'B' : 'A') + lines[middle]!.slice(1);
    await refused(lines.join('\n'), 'armor_checksum');
  });

  it('refuses data with a character that is not base64 deep inside as corrupt', async () => {
    const lines = armored.split('\n');
    const late = lines.length - 100;
    lines[late] = `${lines[late]!.slice(0, 30)}*${lines[late]!.slice(31)}`;
    await refused(lines.join('\n'), 'armor_corrupt');
  });

  it('refuses a large message for someone else, naming the keys it is for', () => refused(armored, 'message_not_for_you', { decryptionKeys: [carol.privateKey] }));
});
