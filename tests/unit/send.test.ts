/** Sealing a draft in the worker: keys picked by address, refusals that say who and why. */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { applyRevocation, findMailParts, generateKey, openMessage, readPrivateKey, readPublicKey, unlockPrivateKey, type GeneratedKey } from '../../src/core/index';
import { COMMAND_LIFETIME_MS, INTENT_LIFETIME_MS } from '../../src/background/intents';
import { call, inTab, READER_BYTES, sealAsUser, worker } from '../support/worker';
import { rejectsWith } from '../support/assert';


const TEXT = 'Hello Bob,\nthe plan is on.\n';

describe('sealing a draft', () => {
  let bob: GeneratedKey;
  let carol: GeneratedKey;

  before(async () => {
    bob = await generateKey({ name: 'Bob', email: 'bob@example.org', passphrase: 'bob pass' });
    carol = await generateKey({ name: 'Carol', email: 'Carol@Example.org', passphrase: 'carol pass' });
  });

  async function setUp() {
    const { handlers } = worker();
    const mine = await call(handlers, 'generateKey', { name: 'Mia', email: 'mia@example.org', passphrase: 'mia pass phrase', algorithm: 'ecc', expires: null });
    const work = await call(handlers, 'generateKey', { name: 'Mia', email: 'mia@work.example', passphrase: 'work pass phrase', algorithm: 'ecc', expires: null });
    await call(handlers, 'importKeys', { text: `${bob.publicKey}\n${carol.publicKey}` });
    return { handlers, mine, work };
  }

  it('seals to every recipient and the sender, signed by the key of the address the page shows', async () => {
    const { handlers, work } = await setUp();
    const { mail: armor } = await sealAsUser(handlers, { text: TEXT, recipients: ['bob@example.org', 'carol@example.org'], sender: 'Mia@Work.example' });
    for (const [key, passphrase] of [[bob, 'bob pass'], [carol, 'carol pass']] as const) {
      const reader = await unlockPrivateKey(await readPrivateKey(key.armored), passphrase);
      const signer = await readPublicKey((await call(handlers, 'exportPublicKey', { fingerprint: work.fingerprint })).armored);
      const opened = await openMessage({ input: armor, decryptionKeys: [reader], verificationKeys: [signer] });
      assert.equal(opened.text, TEXT);
      assert.equal(opened.signature.status, 'valid');
      assert.equal(opened.signature.fingerprint, work.fingerprint);
    }
    const self = await unlockPrivateKey(await readPrivateKey((await call(handlers, 'exportPrivateKey', { fingerprint: work.fingerprint, passphrase: 'work pass phrase' })).armored), 'work pass phrase');
    assert.equal((await openMessage({ input: armor, decryptionKeys: [self] })).text, TEXT);
  });

  it('uses the default key when the page shows no address of ours', async () => {
    const { handlers, mine } = await setUp();
    const { mail: armor } = await sealAsUser(handlers, { text: TEXT, recipients: ['bob@example.org'], sender: null });
    const signer = await readPublicKey((await call(handlers, 'exportPublicKey', { fingerprint: mine.fingerprint })).armored);
    const reader = await unlockPrivateKey(await readPrivateKey(bob.armored), 'bob pass');
    assert.equal((await openMessage({ input: armor, decryptionKeys: [reader], verificationKeys: [signer] })).signature.fingerprint, mine.fingerprint);
  });

  it('refuses, naming each recipient, when a key is missing, revoked or expired', async () => {
    const { handlers } = await setUp();
    const dave = await generateKey({ name: 'Dave', email: 'dave@example.org', passphrase: 'p' });
    const past = new Date(Date.now() - 10 * 86400_000);
    const old = await generateKey({ name: 'Old', email: 'old@example.org', passphrase: 'p', date: past, expires: new Date(past.getTime() + 86400_000) });
    await call(handlers, 'importKeys', { text: `${(await applyRevocation(dave.publicKey, dave.revocationCertificate)).armored}\n${old.publicKey}` });
    await assert.rejects(
      sealAsUser(handlers, { text: TEXT, recipients: ['bob@example.org', 'eve@example.org', 'dave@example.org', 'old@example.org'], sender: null }),
      rejectsWith('recipient_keys_unusable', (error) => {
        assert.deepEqual(error.details.recipients?.map((r) => [r.address, r.reason]), [
          ['eve@example.org', 'missing'],
          ['dave@example.org', 'revoked'],
          ['old@example.org', 'expired'],
        ]);
        assert.match(error.message, /eve@example\.org has no key in your keyring/);
      }),
    );
    const check = await call(handlers, 'checkSend', { recipients: ['bob@example.org', 'eve@example.org'], sender: null });
    assert.deepEqual(check.recipients.map((r) => [r.address, r.problem]), [['bob@example.org', null], ['eve@example.org', 'missing']]);
  });

  it('asks for the passphrase when the sending key is locked, and refuses without a key of ones own', async () => {
    const { handlers } = await setUp();
    await call(handlers, 'lockNow', {});
    await assert.rejects(sealAsUser(handlers, { text: TEXT, recipients: ['bob@example.org'], sender: null }), rejectsWith('key_locked'));
    const empty = worker().handlers;
    await call(empty, 'importKeys', { text: bob.publicKey });
    await assert.rejects(sealAsUser(empty, { text: TEXT, recipients: ['bob@example.org'], sender: null }), rejectsWith('no_own_key'));
    await assert.rejects(sealAsUser(empty, { text: TEXT, recipients: [], sender: null }), rejectsWith('no_recipients'));
  });
});

describe('long drafts', () => {
  it('are compressed from 64 KiB on, and gpg-style readers get the same text back', async () => {
    const { handlers } = worker();
    await call(handlers, 'generateKey', { name: 'Mia', email: 'mia@example.org', passphrase: 'mia pass phrase', algorithm: 'ecc', expires: null });
    const bob = await generateKey({ name: 'Bob', email: 'bob@example.org', passphrase: 'bob pass' });
    await call(handlers, 'importKeys', { text: bob.publicKey });
    const reader = await unlockPrivateKey(await readPrivateKey(bob.armored), 'bob pass');
    const prose = Array.from({ length: 4000 }, (_, line) => `Line ${line}: the figures for region ${line % 17} are in the shared folder.`).join('\n');
    const { mail } = await sealAsUser(handlers, { text: prose, recipients: ['bob@example.org'], sender: null });
    assert.ok(mail.length < prose.length / 3, `armor of ${mail.length} characters for ${prose.length} of text`);
    assert.equal((await openMessage({ input: mail, decryptionKeys: [reader] })).text, prose);
    const { mail: short } = await sealAsUser(handlers, { text: 'short '.repeat(100), recipients: ['bob@example.org'], sender: null });
    assert.ok(short.length > 600, 'a short draft is not compressed');
  });

  it('over 25 MB are refused as draft_too_large before any key is looked at', async () => {
    const { handlers } = worker();
    await assert.rejects(sealAsUser(handlers, { text: 'x'.repeat(25 * 1024 * 1024 + 1), recipients: ['nobody@example.org'], sender: null }), rejectsWith('draft_too_large', (error) => assert.match(error.message, /more than 25 MB/)));
  });
});

describe('sealing with a password', () => {
  it('opens with the password for recipients without a key; the note, the hint and the key follow the settings', async () => {
    const { handlers } = worker();
    await call(handlers, 'generateKey', { name: 'Mia', email: 'mia@example.org', passphrase: 'mia pass phrase', algorithm: 'ecc', expires: null });
    const sendId = '11111111-2222-4333-8444-555555555555';
    await assert.rejects(sealAsUser(handlers, { text: TEXT, recipients: ['ana@example.org'], sender: null, sendId }), rejectsWith('recipient_keys_unusable'));
    await call(handlers, 'setPasswordMail', { note: true, readerUrl: 'https://example.org/reader.html', attachKey: true });
    await call(handlers, 'protectWithPassword', { sendId, password: 'a long password', hint: 'the usual' });
    const { mail } = await sealAsUser(handlers, { text: TEXT, recipients: ['ana@example.org'], sender: null, sendId });
    assert.match(mail, /^Mia <mia@example.org> sent you an encrypted message with Sealmail\.\nTo read it, open the Sealmail reader \(https:\/\/example\.org\/reader\.html\)/);
    assert.match(mail, /Password hint: the usual\n/);
    assert.doesNotMatch(mail, /a long password/);
    assert.match(mail, /\nAutocrypt: addr=mia@example\.org; keydata=\n[A-Za-z0-9+/]/);
    assert.ok(findMailParts(mail).senderKey);
    assert.equal((await openMessage({ input: mail, passwords: ['a long password'] })).text, TEXT);
    // The password was for that one send: it is not used again.
    await assert.rejects(sealAsUser(handlers, { text: TEXT, recipients: ['ana@example.org'], sender: null, sendId }), rejectsWith('recipient_keys_unusable'));
    await call(handlers, 'setPasswordMail', { note: false, readerUrl: '', attachKey: false });
    await call(handlers, 'protectWithPassword', { sendId, password: 'a long password' });
    const bare = (await sealAsUser(handlers, { text: TEXT, recipients: ['ana@example.org'], sender: null, sendId })).mail;
    assert.match(bare, /^-----BEGIN PGP MESSAGE-----/);
    assert.doesNotMatch(bare, /PUBLIC KEY BLOCK|Autocrypt:/);
    assert.equal(findMailParts(bare).senderKey, null);
  });

  it('carries the fallback reader as an attachment by default, and says in one sentence what to do with it', async () => {
    for (const [reader, expected] of [[READER_BYTES, 'attached'], [null, 'ask']] as const) {
      const { handlers } = worker(undefined, undefined, undefined, reader);
      await call(handlers, 'generateKey', { name: 'Mia', email: 'mia@example.org', passphrase: 'mia pass phrase', algorithm: 'ecc', expires: null });
      const sendId = '11111111-2222-4333-8444-555555555555';
      await call(handlers, 'protectWithPassword', { sendId, password: 'a long password' });
      const { mail, attachments } = await sealAsUser(handlers, { text: TEXT, recipients: ['ana@example.org'], sender: null, sendId });
      if (expected === 'attached') {
        assert.deepEqual(attachments.map((file) => [file.name, file.type]), [['sealmail-reader.html', 'text/html']]);
        assert.deepEqual(Buffer.from(attachments[0]!.data, 'base64'), Buffer.from(READER_BYTES));
        assert.match(mail, /\nTo read it, open the attached file sealmail-reader\.html in your browser \(the Sealmail reader: it needs no internet and installs nothing\) and paste this whole email into it\.\n/);
      } else {
        // A package without the reader (it could not be read): nothing attached, and the note says to ask the sender.
        assert.deepEqual(attachments, []);
        assert.match(mail, /open the Sealmail reader \(the sender can send it to you/);
      }
    }
    // Mail sealed to keys alone carries no reader.
    const { handlers } = worker();
    await call(handlers, 'generateKey', { name: 'Mia', email: 'mia@example.org', passphrase: 'mia pass phrase', algorithm: 'ecc', expires: null });
    await call(handlers, 'importKeys', { text: (await generateKey({ name: 'Bob', email: 'bob@example.org', passphrase: 'p' })).publicKey });
    assert.deepEqual((await sealAsUser(handlers, { text: TEXT, recipients: ['bob@example.org'], sender: null })).attachments, []);
  });
});

describe('sealing only on the user\'s word', () => {
  const VIEW = '99999999-8888-4777-8666-555555555555';
  const OTHER_VIEW = '99999999-8888-4777-8666-444444444444';
  const draft = { text: TEXT, recipients: ['bob@example.org'], sender: null, viewId: VIEW };

  async function setUp() {
    const made = worker();
    await call(made.handlers, 'generateKey', { name: 'Mia', email: 'mia@example.org', passphrase: 'mia pass phrase', algorithm: 'ecc', expires: null });
    await call(made.handlers, 'importKeys', { text: (await generateKey({ name: 'Bob', email: 'bob@example.org', passphrase: 'b' })).publicKey });
    return made;
  }

  it('refuses a content script that asks without a click in the extension\'s frame', async () => {
    const { handlers } = await setUp();
    await assert.rejects(call(handlers, 'sealDraft', draft, 'content'), rejectsWith('no_user_action'));
  });

  it('takes one intent for one send: the same view, the same tab, once, before it expires', async () => {
    const { handlers, clock } = await setUp();
    const approve = (viewId = VIEW, tabId = 1) => call(handlers, 'approveSend', { viewId }, inTab('extension', 'button-frame', tabId));
    await approve();
    assert.match((await call(handlers, 'sealDraft', draft, 'content')).mail, /BEGIN PGP MESSAGE/);
    await assert.rejects(call(handlers, 'sealDraft', draft, 'content'), rejectsWith('no_user_action'), 'used once');
    await approve(OTHER_VIEW);
    await assert.rejects(call(handlers, 'sealDraft', draft, 'content'), rejectsWith('no_user_action'), 'another view');
    await approve(VIEW, 2);
    await assert.rejects(call(handlers, 'sealDraft', draft, 'content'), rejectsWith('no_user_action'), 'another tab');
    await approve();
    clock.now += INTENT_LIFETIME_MS;
    await assert.rejects(call(handlers, 'sealDraft', draft, 'content'), rejectsWith('no_user_action'), 'expired');
  });

  it('lets only extension frames inside a tab give the word, and the keyboard shortcut for the active tab', async () => {
    const { handlers, intents, clock } = await setUp();
    await assert.rejects(call(handlers, 'approveSend', { viewId: VIEW }, { kind: 'extension', tabId: null, frameId: null, document: null }), rejectsWith('caller_not_allowed'));
    intents.approveCommand(1);
    assert.match((await call(handlers, 'sealDraft', draft, 'content')).mail, /BEGIN PGP MESSAGE/);
    intents.approveCommand(1);
    clock.now += COMMAND_LIFETIME_MS;
    await assert.rejects(call(handlers, 'sealDraft', draft, 'content'), rejectsWith('no_user_action'));
  });
});

describe('the sender\'s key in mail sealed to keys', () => {
  it('is left out until the user chooses it in the key manager; then it travels in a footer that gives the key back', async () => {
    const { handlers } = worker();
    const mia = await call(handlers, 'generateKey', { name: 'Mia', email: 'mia@example.org', passphrase: 'mia pass phrase', algorithm: 'ecc', expires: null });
    const bob = await generateKey({ name: 'Bob', email: 'bob@example.org', passphrase: 'bob pass' });
    await call(handlers, 'importKeys', { text: bob.publicKey });
    const plain = await sealAsUser(handlers, { text: TEXT, recipients: ['bob@example.org'], sender: null });
    assert.equal(findMailParts(plain.mail).senderKey, null);
    // Not from a frame inside a webmail page: the key manager is a top-level extension page.
    await assert.rejects(call(handlers, 'setKeyInMail', { on: true }, 'extension'), rejectsWith('caller_not_allowed'));
    await call(handlers, 'setKeyInMail', { on: true }, { kind: 'extension', tabId: 7, frameId: 0, document: 'options' });
    assert.equal((await call(handlers, 'listKeys', {})).keyInMail, true);
    const { mail } = await sealAsUser(handlers, { text: TEXT, recipients: ['bob@example.org'], sender: null });
    const parts = findMailParts(mail);
    assert.equal((await readPublicKey(parts.senderKey!)).getFingerprint().toUpperCase(), mia.fingerprint);
    const bobKey = await unlockPrivateKey(await readPrivateKey(bob.armored), 'bob pass');
    assert.equal((await openMessage({ input: parts.message.armor, decryptionKeys: [bobKey] })).text, TEXT);
  });
});

describe('writing in Sealmail\'s editor', () => {
  const VIEW = '77777777-8888-4777-8666-555555555555';
  const SECRET = 'The merger closes on Friday.\n';

  it('seals drafts to the user alone and sends what the editor holds, never text from the page', async () => {
    const { handlers } = worker();
    const mia = await call(handlers, 'generateKey', { name: 'Mia', email: 'mia@example.org', passphrase: 'mia pass phrase', algorithm: 'ecc', expires: null });
    const bob = await generateKey({ name: 'Bob', email: 'bob@example.org', passphrase: 'bob pass' });
    await call(handlers, 'importKeys', { text: bob.publicKey });
    const editorFrame = inTab('extension', 'editor-frame');
    await assert.rejects(call(handlers, 'sealOwnDraft', { viewId: VIEW, sender: null }, 'content'), rejectsWith('empty_input'));
    await call(handlers, 'stageDraft', { viewId: VIEW, text: SECRET }, editorFrame);
    // Another tab's content script has nothing staged for this view.
    await assert.rejects(call(handlers, 'sealOwnDraft', { viewId: VIEW, sender: null }, inTab('content', 'other', 2)), rejectsWith('empty_input'));

    const { armor } = await call(handlers, 'sealOwnDraft', { viewId: VIEW, sender: null }, 'content');
    const miaKey = await unlockPrivateKey(await readPrivateKey((await call(handlers, 'exportPrivateKey', { fingerprint: mia.fingerprint, passphrase: 'mia pass phrase' })).armored), 'mia pass phrase');
    const draft = await openMessage({ input: armor, decryptionKeys: [miaKey], verificationKeys: [miaKey.toPublic()] });
    assert.deepEqual([draft.text, draft.signature.status], [SECRET, 'valid']);
    const bobKey = await unlockPrivateKey(await readPrivateKey(bob.armored), 'bob pass');
    await assert.rejects(openMessage({ input: armor, decryptionKeys: [bobKey] }), rejectsWith('message_not_for_you'));

    await call(handlers, 'approveSend', { viewId: VIEW }, inTab('extension', 'button-frame'));
    const { mail } = await call(handlers, 'sealDraft', { text: 'what the page put in its editor', recipients: ['bob@example.org'], sender: null, viewId: VIEW, fromEditor: true }, 'content');
    assert.equal((await openMessage({ input: mail, decryptionKeys: [bobKey] })).text, SECRET);
    // Sealed but not yet sent (the page may still refuse the armor): the text is kept for another try.
    await call(handlers, 'sealOwnDraft', { viewId: VIEW, sender: null }, 'content');
    // Sent: the worker no longer holds the text.
    await call(handlers, 'draftSent', { viewId: VIEW }, 'content');
    await assert.rejects(call(handlers, 'sealOwnDraft', { viewId: VIEW, sender: null }, 'content'), rejectsWith('empty_input'));
  });

  it('seals each file attached in the editor on its own as name.pgp, and takes files from the editor frame only', async () => {
    const { handlers } = worker();
    const mia = await call(handlers, 'generateKey', { name: 'Mia', email: 'mia@example.org', passphrase: 'mia pass phrase', algorithm: 'ecc', expires: null });
    const bob = await generateKey({ name: 'Bob', email: 'bob@example.org', passphrase: 'bob pass' });
    await call(handlers, 'importKeys', { text: bob.publicKey });
    const editorFrame = inTab('extension', 'editor-frame');
    const report = Uint8Array.from({ length: 70_000 }, (_, i) => (i * 31) & 0xff);
    const files = [
      { name: 'report.pdf', data: Buffer.from(report).toString('base64') },
      { name: '../notes/plan.txt', data: Buffer.from('the plan\n').toString('base64') },
    ];
    // A content script (the page's side) cannot stage files for a view.
    await assert.rejects(call(handlers, 'stageAttachments', { viewId: VIEW, files }, 'content'), rejectsWith('caller_not_allowed'));
    await call(handlers, 'stageDraft', { viewId: VIEW, text: SECRET }, editorFrame);
    await call(handlers, 'stageAttachments', { viewId: VIEW, files }, editorFrame);
    await call(handlers, 'approveSend', { viewId: VIEW }, inTab('extension', 'button-frame'));
    const { attachments } = await call(handlers, 'sealDraft', { text: '', recipients: ['bob@example.org'], sender: null, viewId: VIEW, fromEditor: true }, 'content');
    assert.deepEqual(attachments.map((file) => file.name), ['report.pdf.pgp', '.._notes_plan.txt.pgp']);
    const bobKey = await unlockPrivateKey(await readPrivateKey(bob.armored), 'bob pass');
    const opened = await openMessage({ input: Buffer.from(attachments[0]!.data, 'base64'), decryptionKeys: [bobKey], verificationKeys: [await readPublicKey((await call(handlers, 'exportPublicKey', { fingerprint: mia.fingerprint })).armored)], asFile: true });
    assert.deepEqual([opened.file?.name, Buffer.compare(Buffer.from(opened.file!.bytes), Buffer.from(report)), opened.signature.status], ['report.pdf', 0, 'valid']);

    const tooLarge = Buffer.alloc(13 * 1024 * 1024).toString('base64');
    await assert.rejects(call(handlers, 'stageAttachments', { viewId: VIEW, files: [{ name: 'a', data: tooLarge }, { name: 'b', data: tooLarge }] }, editorFrame), rejectsWith('attachments_too_large'));
  });

  it('keeps where the user writes as a setting, Sealmail\'s editor unless they choose otherwise', async () => {
    const { handlers } = worker();
    assert.deepEqual(await call(handlers, 'getComposeMode', {}, 'content'), { mode: 'secure' });
    await call(handlers, 'setComposeMode', { mode: 'native' });
    assert.deepEqual(await call(handlers, 'getComposeMode', {}, 'content'), { mode: 'native' });
  });
});
