import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { estimateStrength } from '../../extension-ui/components/strength';

describe('passphrase strength', () => {
  it('calls short, common and patterned passphrases weak', () => {
    for (const weak of ['', 'abc', 'password1', 'aaaaaaaaaaaaaaaa', 'abcdefghijklmnop', '12345678901234', 'Qwerty123!']) {
      assert.equal(estimateStrength(weak).level, 'weak', weak);
    }
  });

  it('ranks longer and more varied passphrases higher', () => {
    assert.equal(estimateStrength('correct horse battery staple').level, 'very strong');
    assert.equal(estimateStrength('sunflower7').level, 'fair');
    assert.equal(estimateStrength('tG7#kd9!Lq').level, 'strong');
    assert.ok(estimateStrength('tG7#kd9!Lq2$zP').bits > estimateStrength('tG7#kd9!Lq').bits);
  });
});
