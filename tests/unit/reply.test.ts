/** Reply securely in the worker: the quote goes from the viewer frame that showed the message to the editor of the reply the content script opened, once. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { generateKey, readPrivateKey, readPublicKey, seal, unlockPrivateKey } from '../../src/core/index';
import { MAX_QUOTE_LENGTH, quoteReply } from '../../src/core/mail';
import { REPLY_LIFETIME_MS } from '../../src/background/replies';
import { rejectsWith } from '../support/assert';
import { call, inTab, worker, register } from '../support/worker';

const VIEW = '9e0c8f4a-1b2c-4d3e-8f90-0a1b2c3d4e5f';
const OTHER_VIEW = '0e0c8f4a-1b2c-4d3e-8f90-0a1b2c3d4e5f';

describe('quoting a message for a reply', () => {
  it('leaves room to write above, names the author, and nests quotes already there', () => {
    assert.equal(quoteReply('Hi,\r\n\r\n> earlier\nBob\n\n', 'Bob wrote:'), '\n\nBob wrote:\n> Hi,\n>\n>> earlier\n> Bob\n');
  });

  it('quotes a very long message up to the limit and says it was cut', () => {
    const quoted = quoteReply('x'.repeat(MAX_QUOTE_LENGTH + 10), 'Bob wrote:');
    assert.ok(quoted.length < MAX_QUOTE_LENGTH + 200);
    assert.match(quoted, /> \(The quote stops here: the message goes on\.\)\n$/);
  });
});

describe('Reply securely', () => {
  async function setUp() {
    const { handlers, clock } = worker();
    const bob = await generateKey({ name: 'Bob Example', email: 'bob@example.org', passphrase: 'bob pass' });
    const mia = await call(handlers, 'generateKey', { name: 'Mia', email: 'mia@example.org', passphrase: 'mia pass phrase', algorithm: 'ecc', expires: null });
    await call(handlers, 'importKeys', { text: bob.publicKey });
    const miaPublic = await readPublicKey((await call(handlers, 'exportPublicKey', { fingerprint: mia.fingerprint })).armored);
    const armor = await seal({ text: 'The papers are signed.\n', recipients: [miaPublic], sender: await unlockPrivateKey(await readPrivateKey(bob.armored), 'bob pass') });
    const token = await register(handlers, { armor, sender: 'bob@example.org' }, 'content');
    const viewer = inTab('extension', 'viewer-frame');
    await call(handlers, 'openBlock', { token }, viewer);
    return { handlers, clock, token, viewer };
  }

  it('hands the quote, with the verified author, to the editor of the view the content script names, once', async () => {
    const { handlers, token, viewer } = await setUp();
    await call(handlers, 'offerReply', { token }, viewer);
    await call(handlers, 'claimReply', { viewId: VIEW }, 'content');
    const editor = inTab('extension', 'editor-frame');
    await assert.rejects(call(handlers, 'takeReply', { viewId: OTHER_VIEW }, editor), rejectsWith('no_user_action'));
    assert.equal((await call(handlers, 'takeReply', { viewId: VIEW }, editor)).quote, '\n\nBob Example <bob@example.org> wrote:\n> The papers are signed.\n');
    await assert.rejects(call(handlers, 'takeReply', { viewId: VIEW }, editor), rejectsWith('no_user_action'));
  });

  it('offers only from the frame that showed the message, in its tab; a content script can neither offer nor take', async () => {
    const { handlers, token, viewer } = await setUp();
    await assert.rejects(call(handlers, 'offerReply', { token }, inTab('extension', 'another-frame')), rejectsWith('caller_not_allowed'));
    await assert.rejects(call(handlers, 'offerReply', { token }, inTab('extension', 'viewer-frame', 2)), rejectsWith('caller_not_allowed'));
    await assert.rejects(call(handlers, 'offerReply', { token }, 'content'), rejectsWith('caller_not_allowed'));
    await call(handlers, 'offerReply', { token }, viewer);
    await assert.rejects(call(handlers, 'claimReply', { viewId: VIEW }, inTab('content', 'content-document', 2)), rejectsWith('no_user_action'));
    await call(handlers, 'claimReply', { viewId: VIEW }, 'content');
    await assert.rejects(call(handlers, 'claimReply', { viewId: OTHER_VIEW }, 'content'), rejectsWith('no_user_action'));
    await assert.rejects(call(handlers, 'takeReply', { viewId: VIEW }, 'content'), rejectsWith('caller_not_allowed'));
  });

  it('forgets a quote no reply claimed within its lifetime', async () => {
    const { handlers, clock, token, viewer } = await setUp();
    await call(handlers, 'offerReply', { token }, viewer);
    clock.now += REPLY_LIFETIME_MS + 1;
    await assert.rejects(call(handlers, 'claimReply', { viewId: VIEW }, 'content'), rejectsWith('no_user_action'));
  });
});
