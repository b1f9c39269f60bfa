/**
 * A large import of public keys is read in two halves at once, one of them elsewhere (another
 * thread in the extension; here, the same core called beside): the same records in the same
 * order, a key refused there refused as it would be here, a thread that fails replaced by reading
 * its share here, and private keys never handed over. An import right after its preview reads its
 * text once.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { Keyring } from '../../src/background/keyring';
import { MemoryStore } from '../../src/background/store';
import {
  armorBytes,
  dearmor,
  findArmorBlocks,
  importKeys,
  importPublicKeys,
  SealmailError,
  SHARED_IMPORT_FROM,
  type KeyReaderElsewhere,
  type KeyRecord,
} from '../../src/core/index';
import { fromOwnServiceWorker } from '../../src/platform/helper-messages';
import { rejectsWith } from '../support/assert';
import { BROKEN_KEY, contactKeys, publicBlock } from '../support/contacts';
import { makeIdentity, type Identity } from '../support/identities';

/** Enough contacts for a share to be read elsewhere. */
const COUNT = SHARED_IMPORT_FROM + 52;

/** Reads its share with the core, as the helper thread does, and notes what it was handed. */
function beside(): { reader: KeyReaderElsewhere; shares: Uint8Array[] } {
  const shares: Uint8Array[] = [];
  const reader: KeyReaderElsewhere = async (share) => {
    shares.push(share.slice());
    return { records: importPublicKeys(share.slice()) };
  };
  return { reader, shares };
}

const fingerprints = (records: KeyRecord[]) => records.map((record) => record.info.fingerprint);

describe('a large import is read in two halves at once', () => {
  let CONTACTS: string;
  let keys: Uint8Array[];
  let alone: KeyRecord[];
  let mia: Identity;
  const pieces = () => [...keys];

  before(async () => {
    keys = await contactKeys(COUNT);
    CONTACTS = publicBlock(keys);
    alone = await importKeys(CONTACTS);
    mia = await makeIdentity('Mia');
  });

  it('gives the same records in the same order as reading every key here, half of them read elsewhere', async () => {
    const { reader, shares } = beside();
    const shared = await importKeys(CONTACTS, reader);
    assert.deepEqual(shared, alone);
    assert.equal(shares.length, 1);
    const handed = fingerprints(await importPublicKeys(shares[0]!));
    assert.ok(handed.length > COUNT / 4 && handed.length < COUNT / 2, `${handed.length} of ${COUNT} keys were handed over`);
    assert.deepEqual(handed, fingerprints(alone).slice(COUNT - handed.length));
  });

  it("hands over fewer keys than half by the reader's own lead, and still gives every record in order", async () => {
    for (const lead of [0, 600]) {
      const { reader, shares } = beside();
      assert.deepEqual(fingerprints(await importKeys(CONTACTS, Object.assign(reader, { lead }))), fingerprints(alone));
      assert.equal((await importPublicKeys(shares[0]!)).length, COUNT - ((COUNT + lead) >> 1), `the share with a lead of ${lead}`);
    }
  });

  it('reads a small import here alone', async () => {
    const { reader, shares } = beside();
    assert.equal((await importKeys(publicBlock(pieces().slice(0, SHARED_IMPORT_FROM - 1)), reader)).length, SHARED_IMPORT_FROM - 1);
    assert.equal(shares.length, 0);
  });

  it('refuses the whole import for a key that is not one in the half read elsewhere', async () => {
    const parts = pieces();
    parts[COUNT - 20] = BROKEN_KEY;
    const { reader, shares } = beside();
    await assert.rejects(importKeys(publicBlock(parts), reader), rejectsWith('not_a_key'));
    assert.equal(shares.length, 1);
  });

  it('refuses a private key among the public keys of the half read elsewhere, as it does here', async () => {
    const parts = pieces();
    parts.splice(COUNT - 30, 1, dearmor(findArmorBlocks(mia.generated.armored)[0]!).bytes);
    const { reader, shares } = beside();
    await assert.rejects(importKeys(publicBlock(parts), reader), rejectsWith('secret_in_public_block'));
    assert.equal(shares.length, 1);
  });

  it('reads the share here when the other thread fails, or cannot be started', async () => {
    const failing: KeyReaderElsewhere = async () => ({ records: Promise.reject(new SealmailError('internal', { cause: 'the helper thread failed' })) });
    assert.deepEqual(await importKeys(CONTACTS, failing), alone);
    const unstartable: KeyReaderElsewhere = () => Promise.reject(new Error('no offscreen document'));
    assert.deepEqual(await importKeys(CONTACTS, unstartable), alone);
  });

  it('never hands a private key block over', async () => {
    const privateBlock = armorBytes('PRIVATE KEY BLOCK', Buffer.concat([...pieces(), dearmor(findArmorBlocks(mia.generated.armored)[0]!).bytes]));
    const { reader, shares } = beside();
    const records = await importKeys(privateBlock, reader);
    assert.equal(records.length, COUNT + 1);
    assert.equal(shares.length, 0);
  });

  it('reads an import once when it follows its preview, and again for the next import', async () => {
    const { reader, shares } = beside();
    const keyring = new Keyring(new MemoryStore(), reader);
    const preview = await keyring.previewImport(CONTACTS);
    assert.equal(preview.length, COUNT);
    assert.deepEqual(await keyring.importKeys(CONTACTS), fingerprints(alone));
    assert.equal(shares.length, 1);
    assert.equal((await keyring.previewImport(CONTACTS)).every((item) => item.action === 'update'), true);
    assert.equal(shares.length, 2);
  });
});

describe('the helper page listens to its own service worker only', () => {
  const origin = 'chrome-extension://abcdefghijklmnop';
  it("takes a request from the extension's service worker", () => {
    assert.equal(fromOwnServiceWorker({ scriptURL: `${origin}/src/background/index.js` }, origin), true);
  });
  it("takes nothing from another origin's worker, from a page, or without a source", () => {
    assert.equal(fromOwnServiceWorker({ scriptURL: 'https://mail.google.com/sw.js' }, origin), false);
    assert.equal(fromOwnServiceWorker({ scriptURL: `${origin}.evil.example/sw.js` }, origin), false);
    assert.equal(fromOwnServiceWorker({ url: `${origin}/extension-ui/pages/options/index.html` }, origin), false);
    assert.equal(fromOwnServiceWorker(null, origin), false);
    assert.equal(fromOwnServiceWorker(undefined, origin), false);
  });
});
