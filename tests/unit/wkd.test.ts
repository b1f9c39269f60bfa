/** The Web Key Directory's addresses: the hash against the examples the specification and GnuPG publish. */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { vksUrl, wkdAddress, wkdUrls, zbase32 } from '../../src/core/wkd';
import { rejectsWith } from '../support/assert';

/** Debian's GnuPG package puts it here, outside PATH. */
const WKS_CLIENT = process.env.SEALMAIL_GPG_WKS_CLIENT ?? '/usr/lib/gnupg/gpg-wks-client';

describe('WKD', () => {
  it('hashes the local part as draft-koch-openpgp-webkey-service section 3.1 shows (Joe.Doe@Example.ORG)', () => {
    assert.deepEqual(wkdAddress('Joe.Doe@Example.ORG'), { local: 'Joe.Doe', domain: 'example.org', hash: 'iy9q119eutrkn8s1mk4r39qejnbu3n5q' });
  });

  it('matches the hashes GnuPG\'s `gpg-wks-client --print-wkd-hash` prints, for fixed and random addresses', () => {
    const addresses = ['me@example.org', 'alice@example.org', 'Mixed.Case+tag@Example.COM', ...Array.from({ length: 20 }, (_, i) => `${randomBytes(6 + i).toString('hex')}@example.net`)];
    const printed = execFileSync(WKS_CLIENT, ['--print-wkd-hash'], { input: `${addresses.join('\n')}\n` }).toString().trim().split('\n');
    assert.deepEqual(
      addresses.map((address) => `${wkdAddress(address).hash} ${address.toLowerCase()}`),
      printed,
    );
    assert.equal(wkdAddress('me@example.org').hash, 's8y7oh5xrdpu9psba3i5ntk64ohouhga');
  });

  it('names the advanced URL, then the direct one, keeping the local part as typed in the query', () => {
    assert.deepEqual(wkdUrls('Joe.Doe@Example.ORG'), [
      'https://openpgpkey.example.org/.well-known/openpgpkey/example.org/hu/iy9q119eutrkn8s1mk4r39qejnbu3n5q?l=Joe.Doe',
      'https://example.org/.well-known/openpgpkey/hu/iy9q119eutrkn8s1mk4r39qejnbu3n5q?l=Joe.Doe',
    ]);
    assert.equal(vksUrl('bob+mail@example.org'), 'https://keys.openpgp.org/vks/v1/by-email/bob%2Bmail%40example.org');
  });

  it('encodes z-base-32 most significant bit first, padding the last group', () => {
    assert.equal(zbase32(new Uint8Array([0])), 'yy');
    assert.equal(zbase32(new Uint8Array([0xff])), '9h');
    assert.equal(zbase32(new Uint8Array(20)).length, 32);
  });

  it('refuses what is not an address, so that nothing odd is put into a URL', () => {
    for (const bad of ['bob', '@example.org', 'bob@localhost', 'a/b@example.org', 'bob@exa mple.org']) {
      assert.throws(() => wkdAddress(bad), rejectsWith('invalid_user_id'), bad);
    }
  });
});
