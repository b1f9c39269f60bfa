import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { estimateStrength, loadEstimator, passphraseProblem, userWords, type Estimator } from '../../extension-ui/components/strength';

let estimator: Estimator;
const rate = (value: string, userInputs?: readonly string[]) => estimateStrength(estimator, value, userInputs);

describe('passphrase strength (zxcvbn)', () => {
  before(async () => {
    estimator = await loadEstimator();
  });

  it('calls short, common, patterned and dressed-up common passwords weak', () => {
    for (const weak of ['', 'abc', 'password1', 'aaaaaaaaaaaaaaaa', 'abcdefghijklmnop', '12345678901234', 'Qwerty123!', 'qazwsxedcrfv', 'P@ssw0rd2024', 'iloveyou2023']) {
      assert.equal(rate(weak).level, 'weak', weak);
    }
  });

  it('rates the user\'s own name and address as weak once it knows them', async () => {
    const mine = userWords('Mia Example', 'mia.example@example.org');
    assert.ok(mine.includes('mia.example@example.org') && mine.includes('example'), String(mine));
    // Without the user's words, zxcvbn sees an address as somewhat random; with them, as what it is.
    assert.notEqual(rate('mia.example@example.org').level, 'weak');
    assert.equal(rate('mia.example@example.org', mine).level, 'weak');
    assert.equal(rate('MiaExample2024', mine).level, 'weak');
    assert.equal(await passphraseProblem('mia.example@example.org', 'mia.example@example.org', mine), 'This passphrase is too easy to guess. Use a longer one, for example four or five unrelated words.');
  });

  it('rates long and unusual passphrases strong, and more guesses higher', async () => {
    assert.equal(rate('correct horse battery staple violet').level, 'very strong');
    assert.equal(rate('violet tractor pillow harbour').level, 'very strong');
    assert.equal(rate('lantern orbit saffron').level, 'strong');
    assert.ok(rate('tG7#kd9!Lq2$zP').bits > rate('tG7#kd9!Lq').bits);
    assert.equal(await passphraseProblem('lantern orbit saffron', 'lantern orbit saffron'), null);
    assert.equal(await passphraseProblem('lantern orbit saffron', 'lantern orbit saffro'), 'The two passphrases are not the same.');
  });
});
