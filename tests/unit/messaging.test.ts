import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { callerOf } from '../../src/messaging/caller';
import { PROTOCOL, type Caller } from '../../src/messaging/protocol';
import { INVALID } from '../../src/messaging/validate';

const ID = 'abcdefghijklmnopabcdefghijklmnop';
const ORIGIN = `chrome-extension://${ID}/`;

describe('caller policy', () => {
  it('tells extension pages, content scripts and everyone else apart', () => {
    const kind = (facts: Parameters<typeof callerOf>[0]) => callerOf(facts, ID, ORIGIN)?.kind ?? null;
    assert.equal(kind({ id: ID, url: `${ORIGIN}extension-ui/pages/options/index.html` }), 'extension');
    assert.equal(kind({ id: ID, url: `${ORIGIN}extension-ui/pages/options/index.html`, tab: {} }), 'extension');
    assert.equal(kind({ id: ID, url: 'https://mail.google.com/mail/u/0/', tab: {} }), 'content');
    assert.equal(callerOf({ id: 'another-extension', url: `${ORIGIN}x.html`, tab: {} }, ID, ORIGIN), null);
    assert.equal(callerOf({ id: ID, url: 'https://mail.google.com/' }, ID, ORIGIN), null);
    assert.equal(callerOf({ id: ID }, ID, ORIGIN), null);
  });

  it('says which tab, frame and document a caller is in, so that tokens and intents can be bound to them', () => {
    const viewer = callerOf({ id: ID, url: `${ORIGIN}extension-ui/pages/viewer/viewer.html`, tab: { id: 7 }, frameId: 3, documentId: 'D1' }, ID, ORIGIN);
    assert.deepEqual(viewer, { kind: 'extension', tabId: 7, frameId: 3, document: 'D1' });
    const page = callerOf({ id: ID, url: 'https://mail.yahoo.com/d/', tab: { id: 7 }, frameId: 0 }, ID, ORIGIN);
    assert.deepEqual(page, { kind: 'content', tabId: 7, frameId: 0, document: '7/0/https://mail.yahoo.com/d/' });
    assert.deepEqual(callerOf({ id: ID, url: `${ORIGIN}x.html` }, ID, ORIGIN), { kind: 'extension', tabId: null, frameId: null, document: null });
  });

  it('opens to content scripts only sealing (answered with ciphertext), letting go of a sent draft, where to write, registering a found block (under a token of its own) and naming the view a reply opened in (answered with nothing)', () => {
    const open = Object.entries(PROTOCOL).filter(([, spec]) => (spec.callers as readonly Caller[]).includes('content'));
    assert.deepEqual(open.map(([name]) => name), ['sealDraft', 'draftSent', 'sealOwnDraft', 'getComposeMode', 'registerBlock', 'claimReply']);
    assert.deepEqual([PROTOCOL.offerReply.callers, PROTOCOL.takeReply.callers], [['extension'], ['extension']]);
    assert.deepEqual(PROTOCOL.stageDraft.callers, ['extension']);
    assert.deepEqual(PROTOCOL.stageAttachments.callers, ['extension']);
    assert.deepEqual(PROTOCOL.openBlock.callers, ['extension']);
  });
});

describe('payload validation', () => {
  it('accepts what a method expects and refuses anything more, less or else', () => {
    const parse = PROTOCOL.exportPrivateKey.parse as (value: unknown) => unknown;
    const fingerprint = 'A'.repeat(40);
    assert.deepEqual(parse({ fingerprint, passphrase: 'p' }), { fingerprint, passphrase: 'p' });
    assert.equal(parse({ fingerprint, passphrase: 'p', extra: 1 }), INVALID);
    assert.equal(parse({ fingerprint }), INVALID);
    assert.equal(parse({ fingerprint: 'not hex', passphrase: 'p' }), INVALID);
    assert.equal(parse({ fingerprint, passphrase: '' }), INVALID);
    assert.equal(parse([fingerprint, 'p']), INVALID);
    assert.equal(parse(null), INVALID);
  });

  it('takes as a block token only a random UUID as crypto.randomUUID makes it', () => {
    const parse = PROTOCOL.registerBlock.parse as (value: unknown) => unknown;
    const token = crypto.randomUUID();
    assert.deepEqual(parse({ token, armor: 'a', sender: null }), { token, armor: 'a', sender: null });
    for (const bad of [undefined, '', 'x'.repeat(36), token.toUpperCase(), '00000000-0000-1000-8000-000000000000', `${token} `, 7]) {
      assert.equal(parse({ token: bad, armor: 'a', sender: null }), INVALID, String(bad));
    }
    assert.equal((PROTOCOL.openBlock.parse as (value: unknown) => unknown)({ token: token.replace(/-/g, '') }), INVALID);
  });

  it('treats optional fields as optional, and checks them when present', () => {
    const parse = PROTOCOL.importKeys.parse as (value: unknown) => unknown;
    assert.deepEqual(parse({ text: 'k' }), { text: 'k' });
    assert.deepEqual(parse({ text: 'k', protectPassphrase: 'p' }), { text: 'k', protectPassphrase: 'p' });
    assert.equal(parse({ text: 'k', protectPassphrase: 5 }), INVALID);
    assert.equal((PROTOCOL.setAutoLock.parse as (v: unknown) => unknown)({ minutes: 0 }), INVALID);
    assert.deepEqual((PROTOCOL.generateKey.parse as (v: unknown) => unknown)({ name: 'A', email: 'a@b.c', passphrase: 'p', algorithm: 'ecc', expires: null }), {
      name: 'A',
      email: 'a@b.c',
      passphrase: 'p',
      algorithm: 'ecc',
      expires: null,
    });
  });
});
