/** The recovery kit: the code, the sealed file, and a keyring brought back from it in a fresh worker. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openMessage, readPrivateKey, seal, unlockPrivateKey, readPublicKey } from '../../src/core/index';
import { newRecoveryCode, normaliseRecoveryCode, openRecoveryKit, readRecoveryKit, sealRecoveryKit, type RecoveryKit } from '../../src/core/recovery';
import type { CallerContext } from '../../src/messaging/caller';
import { rejectsWith } from '../support/assert';
import { call, worker } from '../support/worker';

/** Cheap argon2id settings where a test only needs the format; one test below uses the real ones. */
const QUICK = { m: 256, t: 1, p: 1 };
const KEY_MANAGER: CallerContext = { kind: 'extension', tabId: 7, frameId: 0, document: 'options' };
const MIA = { name: 'Mia', email: 'mia@example.org', passphrase: 'mia long passphrase', algorithm: 'ecc' as const, expires: null };

describe('recovery code', () => {
  it('is 8 groups of 4 characters from an alphabet without I, L, O or U, and new each time', () => {
    const codes = Array.from({ length: 50 }, () => newRecoveryCode());
    for (const code of codes) assert.match(code, /^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){7}$/);
    assert.equal(new Set(codes).size, codes.length);
  });

  it('is read back however it is typed: any case, spaces, O for 0, I or L for 1; anything else is refused', () => {
    const code = newRecoveryCode(new Uint8Array(32).map((_, index) => index));
    assert.equal(code, '0123-4567-89AB-CDEF-GHJK-MNPQ-RSTV-WXYZ');
    assert.equal(normaliseRecoveryCode(' o123 4567 89ab cdef ghjk mnpq rstv wxyz '), normaliseRecoveryCode(code));
    assert.equal(normaliseRecoveryCode('0I23-4567-89AB-CDEF-GHJK-MNPQ-RSTV-WXYZ'), normaliseRecoveryCode('0123-4567-89AB-CDEF-GHJK-MNPQ-RSTV-WXYZ'.replace('1', 'L')));
    assert.throws(() => normaliseRecoveryCode('0123-4567'), rejectsWith('recovery_code_malformed'));
    assert.throws(() => normaliseRecoveryCode('U123-4567-89AB-CDEF-GHJK-MNPQ-RSTV-WXYZ'), rejectsWith('recovery_code_malformed'));
  });
});

describe('recovery kit file', () => {
  it('opens with its code under the real argon2id settings (64 MiB, 3 passes), and with no other code', async () => {
    const code = newRecoveryCode();
    const kit = readRecoveryKit(JSON.stringify(await sealRecoveryKit('{"keys":["secret"]}', code, 'about')));
    assert.deepEqual([kit.kdf.m, kit.kdf.t, kit.kdf.p], [65536, 3, 1]);
    assert.equal(await openRecoveryKit(kit, code.toLowerCase()), '{"keys":["secret"]}');
    await assert.rejects(openRecoveryKit(kit, newRecoveryCode()), rejectsWith('wrong_recovery_code'));
  });

  it('holds nothing readable: the payload is not in the file', async () => {
    const file = JSON.stringify(await sealRecoveryKit('{"armored":"PRIVATE KEY"}', newRecoveryCode(), 'about', QUICK));
    assert.doesNotMatch(file, /PRIVATE KEY|armored/);
  });

  it('refuses a kit changed anywhere: a ciphertext byte, the salt, the settings, the date', async () => {
    const code = newRecoveryCode();
    const kit = await sealRecoveryKit('payload', code, 'about', QUICK);
    const flip = (value: string) => (value[4] === 'A' ? `${value.slice(0, 4)}B${value.slice(5)}` : `${value.slice(0, 4)}A${value.slice(5)}`);
    const changed: RecoveryKit[] = [
      { ...kit, ciphertext: flip(kit.ciphertext) },
      { ...kit, kdf: { ...kit.kdf, salt: flip(kit.kdf.salt) } },
      { ...kit, kdf: { ...kit.kdf, t: 2 } },
      { ...kit, created: '2020-01-01T00:00:00.000Z' },
    ];
    for (const other of changed) await assert.rejects(openRecoveryKit(readRecoveryKit(JSON.stringify(other)), code), rejectsWith('wrong_recovery_code'));
  });

  it('refuses what is not a kit, and a kit that asks argon2id for more than any real kit would', async () => {
    const kit = await sealRecoveryKit('payload', newRecoveryCode(), 'about', QUICK);
    for (const text of ['', 'not json', '{}', JSON.stringify({ ...kit, version: 2 }), JSON.stringify({ ...kit, kdf: { ...kit.kdf, m: 64 * 1024 * 1024 } })]) {
      assert.throws(() => readRecoveryKit(text), rejectsWith('not_a_recovery_kit'));
    }
  });
});

describe('restoring a keyring from a kit', () => {
  it('brings back every key, confirmation and setting in a fresh worker; old mail opens again with the passphrase', async () => {
    const old = worker().handlers;
    const mia = await call(old, 'generateKey', MIA, KEY_MANAGER);
    await call(old, 'setAutoLock', { minutes: 120 }, KEY_MANAGER);
    await call(old, 'setComposeMode', { mode: 'native' }, KEY_MANAGER);
    await call(old, 'setPasswordMail', { note: false, readerUrl: 'https://example.org/r.html', attachKey: false }, KEY_MANAGER);
    const miaPublic = (await call(old, 'exportPublicKey', { fingerprint: mia.fingerprint }, KEY_MANAGER)).armored;
    const mail = await seal({ text: 'the old mail', recipients: [await readPublicKey(miaPublic)] });
    const before = await call(old, 'listKeys', {}, KEY_MANAGER);

    const { code, kit, fileName } = await call(old, 'makeRecoveryKit', {}, KEY_MANAGER);
    assert.match(fileName, /^sealmail-recovery-kit-\d{4}-\d{2}-\d{2}\.json$/);

    const fresh = worker().handlers;
    await assert.rejects(call(fresh, 'restoreRecoveryKit', { kit, code: newRecoveryCode() }, KEY_MANAGER), rejectsWith('wrong_recovery_code'));
    assert.equal((await call(fresh, 'listKeys', {}, KEY_MANAGER)).keys.length, 0, 'a wrong code changes nothing');
    assert.deepEqual(await call(fresh, 'restoreRecoveryKit', { kit, code }, KEY_MANAGER), { added: 1 });
    const after = await call(fresh, 'listKeys', {}, KEY_MANAGER);
    // The same keys, confirmations and settings; a restored key starts locked, as after any restart.
    assert.deepEqual(after, { ...before, keys: before.keys.map((key) => ({ ...key, unlocked: false })) });

    const exported = (await call(fresh, 'exportPrivateKey', { fingerprint: mia.fingerprint, passphrase: MIA.passphrase }, KEY_MANAGER)).armored;
    const key = await unlockPrivateKey(await readPrivateKey(exported), MIA.passphrase);
    assert.equal((await openMessage({ input: mail, decryptionKeys: [key] })).text, 'the old mail');
  });

  it('keeps the keys a browser already holds, and gives no address a second confirmed key', async () => {
    const old = worker().handlers;
    await call(old, 'generateKey', MIA, KEY_MANAGER);
    const { code, kit } = await call(old, 'makeRecoveryKit', {}, KEY_MANAGER);
    const current = worker().handlers;
    const here = await call(current, 'generateKey', MIA, KEY_MANAGER);
    assert.deepEqual(await call(current, 'restoreRecoveryKit', { kit, code }, KEY_MANAGER), { added: 1 });
    const keys = (await call(current, 'listKeys', {}, KEY_MANAGER)).keys;
    assert.equal(keys.length, 2);
    assert.deepEqual(keys.filter((key) => key.confirmedFor.includes(MIA.email)).map((key) => key.fingerprint), [here.fingerprint]);
    assert.equal(keys.find((key) => key.isDefault)?.fingerprint, here.fingerprint);
  });

  it('is refused to the extension\'s frames inside a webmail page', async () => {
    const handlers = worker().handlers;
    await assert.rejects(call(handlers, 'makeRecoveryKit', {}, 'extension'), rejectsWith('caller_not_allowed'));
    await assert.rejects(call(handlers, 'restoreRecoveryKit', { kit: '{}', code: 'x' }, 'extension'), rejectsWith('caller_not_allowed'));
  });
});
