/** Reading in the worker: content scripts register found blocks; only extension pages open them. */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { armorBytes, dearmor, findArmorBlocks, generateKey, readPrivateKey, readPublicKey, seal, unlockPrivateKey, type GeneratedKey } from '../../src/core/index';
import { rejectsWith } from '../support/assert';
import { TOKEN_LIFETIME_MS } from '../../src/background/read';
import { call, inTab, worker, register } from '../support/worker';

const TEXT = 'Meet me at the station.\n\nBob\n';

describe('reading registered blocks', () => {
  let bob: GeneratedKey;

  before(async () => {
    bob = await generateKey({ name: 'Bob', email: 'bob@example.org', passphrase: 'bob pass' });
  });

  async function setUp() {
    const { handlers } = worker();
    const mia = await call(handlers, 'generateKey', { name: 'Mia', email: 'mia@example.org', passphrase: 'mia pass phrase', algorithm: 'ecc', expires: null });
    await call(handlers, 'importKeys', { text: bob.publicKey });
    const miaPublic = await readPublicKey((await call(handlers, 'exportPublicKey', { fingerprint: mia.fingerprint })).armored);
    const bobSender = await unlockPrivateKey(await readPrivateKey(bob.armored), 'bob pass');
    return { handlers, mia, miaPublic, bobSender };
  }

  async function open(handlers: ReturnType<typeof worker>['handlers'], armor: string, sender: string | null = 'bob@example.org') {
    const token = await register(handlers, { armor, sender }, 'content');
    return call(handlers, 'openBlock', { token });
  }

  it('decrypts a message for us and says who signed it and whether that is the sender the page shows', async () => {
    const { handlers, miaPublic, bobSender } = await setUp();
    const armor = await seal({ text: TEXT, recipients: [miaPublic], sender: bobSender });
    const opened = await open(handlers, armor);
    assert.equal(opened.kind, 'message');
    if (opened.kind !== 'message') return;
    assert.equal(opened.text, TEXT);
    assert.equal(opened.signature.status, 'valid');
    assert.equal(opened.signature.signerAddress, 'bob@example.org');
    assert.equal(opened.signature.senderMatch, 'confirmed');
    const spoofed = await open(handlers, armor, 'ceo@example.org');
    assert.equal(spoofed.kind === 'message' && spoofed.signature.senderMatch, 'other');
  });

  it('checks a signature by the key it names even when the page shows no sender, and names a signer it does not have', async () => {
    const { handlers, miaPublic, bobSender } = await setUp();
    const unshown = await open(handlers, await seal({ text: TEXT, recipients: [miaPublic], sender: bobSender }), null);
    assert.deepEqual(unshown.kind === 'message' && [unshown.signature.status, unshown.signature.signerAddress, unshown.signature.senderMatch], ['valid', 'bob@example.org', null]);
    const stranger = await generateKey({ name: 'Eve', email: 'eve@example.net', passphrase: 'eve pass' });
    const eve = await unlockPrivateKey(await readPrivateKey(stranger.armored), 'eve pass');
    const unknown = await open(handlers, await seal({ text: TEXT, recipients: [miaPublic], sender: eve }), 'bob@example.org');
    assert.deepEqual(unknown.kind === 'message' && [unknown.signature.status, unknown.signature.fingerprint], ['unknown_key', stranger.info.fingerprint]);
  });

  it('asks for the passphrase of a locked key, then opens', async () => {
    const { handlers, mia, miaPublic, bobSender } = await setUp();
    const armor = await seal({ text: TEXT, recipients: [miaPublic], sender: bobSender });
    await call(handlers, 'lockNow', {});
    const token = await register(handlers, { armor, sender: null }, 'content');
    await assert.rejects(call(handlers, 'openBlock', { token }), rejectsWith('key_locked'));
    await call(handlers, 'unlockKey', { fingerprint: mia.fingerprint, passphrase: 'mia pass phrase' });
    const opened = await call(handlers, 'openBlock', { token });
    assert.equal(opened.kind === 'message' && opened.text, TEXT);
  });

  it('refuses a message for someone else, a tampered one, and an unknown token, without plaintext', async () => {
    const { handlers, miaPublic, bobSender } = await setUp();
    const forBob = await seal({ text: TEXT, recipients: [await readPublicKey(bob.publicKey)], sender: bobSender });
    await assert.rejects(open(handlers, forBob), rejectsWith('message_not_for_you'));
    const forMia = await seal({ text: TEXT, recipients: [miaPublic], sender: bobSender });
    const bytes = dearmor(findArmorBlocks(forMia)[0]!).bytes.slice();
    bytes[bytes.length - 30] = bytes[bytes.length - 30]! ^ 1;
    await assert.rejects(open(handlers, armorBytes('MESSAGE', bytes)), rejectsWith('message_tampered'));
    await assert.rejects(call(handlers, 'openBlock', { token: '00000000-0000-4000-8000-000000000000' }), rejectsWith('block_expired'));
  });

  it('shows a public key block as a key to import, and refuses to register what is not armor', async () => {
    const { handlers } = await setUp();
    const opened = await open(handlers, bob.publicKey);
    assert.equal(opened.kind, 'key');
    assert.equal(opened.kind === 'key' && opened.keys[0]?.fingerprint, bob.info.fingerprint);
    await assert.rejects(register(handlers, { armor: 'hello', sender: null }), rejectsWith('no_armor'));
  });

  it('lets a viewer that asks before its block arrives wait for it, and refuses a token never registered, taken, or refused', async () => {
    const { handlers, miaPublic, bobSender } = await setUp();
    const armor = await seal({ text: TEXT, recipients: [miaPublic], sender: bobSender });
    // The content script puts the frame in the page as it sends the block: the frame may ask first.
    // It is answered when the block arrives, before a request made earlier for a token that never comes.
    const order: string[] = [];
    const never = call(handlers, 'openBlock', { token: crypto.randomUUID() }).finally(() => order.push('never registered'));
    const token = crypto.randomUUID();
    const early = call(handlers, 'openBlock', { token }).finally(() => order.push('early'));
    await call(handlers, 'registerBlock', { token, armor, sender: 'bob@example.org' }, 'content');
    const opened = await early;
    assert.equal(opened.kind === 'message' && opened.text, TEXT);
    await assert.rejects(never, rejectsWith('block_expired'));
    // A token held already is not registered again, and still opens what was registered first.
    await assert.rejects(call(handlers, 'registerBlock', { token, armor: bob.publicKey, sender: null }, 'content'), rejectsWith('caller_not_allowed'));
    assert.equal((await call(handlers, 'openBlock', { token })).kind, 'message');
    // A request for a token whose registration is refused is answered then, before one left to its wait.
    const refused = crypto.randomUUID();
    const left = call(handlers, 'openBlock', { token: crypto.randomUUID() }).finally(() => order.push('left to wait'));
    const waiting = call(handlers, 'openBlock', { token: refused }).finally(() => order.push('refused'));
    await assert.rejects(call(handlers, 'registerBlock', { token: refused, armor: 'hello', sender: null }, 'content'), rejectsWith('no_armor'));
    await assert.rejects(waiting, rejectsWith('block_expired'));
    await assert.rejects(left, rejectsWith('block_expired'));
    assert.deepEqual(order, ['early', 'never registered', 'refused', 'left to wait']);
    // Never registered: refused after the wait. Only so many wait at once; the next is refused at once.
    const many = Array.from({ length: 32 }, () => call(handlers, 'openBlock', { token: crypto.randomUUID() }));
    const settled: string[] = [];
    many.forEach((request) => request.catch(() => settled.push('waited')));
    await assert.rejects(call(handlers, 'openBlock', { token: crypto.randomUUID() }).finally(() => settled.push('at once')), rejectsWith('block_expired'));
    for (const request of many) await assert.rejects(request, rejectsWith('block_expired'));
    assert.deepEqual(settled, ['at once', ...Array(32).fill('waited')]);
  });

  it('opens a token only in the tab that registered it, in one frame only, and not after it expires', async () => {
    const { handlers, clock } = worker();
    const mia = await call(handlers, 'generateKey', { name: 'Mia', email: 'mia@example.org', passphrase: 'mia pass phrase', algorithm: 'ecc', expires: null });
    const miaPublic = await readPublicKey((await call(handlers, 'exportPublicKey', { fingerprint: mia.fingerprint })).armored);
    const bobSender = await unlockPrivateKey(await readPrivateKey(bob.armored), 'bob pass');
    const armor = await seal({ text: TEXT, recipients: [miaPublic], sender: bobSender });
    const token = await register(handlers, { armor, sender: null }, inTab('content', 'page', 1));
    // Another tab, and an extension page outside any tab (the toolbar popup), get nothing.
    await assert.rejects(call(handlers, 'openBlock', { token }, inTab('extension', 'viewer-in-tab-2', 2)), rejectsWith('caller_not_allowed'));
    await assert.rejects(call(handlers, 'openBlock', { token }, { kind: 'extension', tabId: null, frameId: null, document: null }), rejectsWith('caller_not_allowed'));
    const first = await call(handlers, 'openBlock', { token }, inTab('extension', 'viewer-a', 1));
    assert.equal(first.kind === 'message' && first.text, TEXT);
    // The same frame may read it again (after an unlock); a second frame in the same tab may not.
    assert.equal((await call(handlers, 'openBlock', { token }, inTab('extension', 'viewer-a', 1))).kind, 'message');
    await assert.rejects(call(handlers, 'openBlock', { token }, inTab('extension', 'viewer-b', 1)), rejectsWith('caller_not_allowed'));
    clock.now += TOKEN_LIFETIME_MS;
    await assert.rejects(call(handlers, 'openBlock', { token }, inTab('extension', 'viewer-a', 1)), rejectsWith('block_expired'));
  });
});
