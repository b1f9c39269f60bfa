/**
 * A passphrase strength estimate: rough bits of guessing work from length and character variety,
 * with penalties for the patterns guessers try first. An indication, not a guarantee.
 */
import { t } from '../../src/core/i18n';

export type StrengthLevel = 'weak' | 'fair' | 'strong' | 'very strong';

export interface Strength {
  bits: number;
  level: StrengthLevel;
}

const COMMON = /password|passwort|qwerty|azerty|letmein|welcome|iloveyou|admin|secret|123456|abc123|monkey|dragon/i;

function poolSize(value: string): number {
  let pool = 0;
  if (/[a-z]/.test(value)) pool += 26;
  if (/[A-Z]/.test(value)) pool += 26;
  if (/[0-9]/.test(value)) pool += 10;
  if (/[^a-zA-Z0-9]/.test(value)) pool += 33;
  return Math.max(pool, 1);
}

/** Characters that add little: repeats of the previous one, or the next in a run (abc, 123). */
function predictableCount(value: string): number {
  let count = 0;
  for (let i = 1; i < value.length; i++) {
    const step = value.charCodeAt(i) - value.charCodeAt(i - 1);
    if (step === 0 || step === 1 || step === -1) count++;
  }
  return count;
}

export function estimateStrength(value: string): Strength {
  const effectiveLength = value.length - predictableCount(value) * 0.75;
  let bits = Math.max(0, effectiveLength) * Math.log2(poolSize(value));
  if (COMMON.test(value)) bits /= 2;
  bits = Math.round(bits);
  const level: StrengthLevel = bits < 40 ? 'weak' : bits < 60 ? 'fair' : bits < 80 ? 'strong' : 'very strong';
  return { bits, level };
}

/** A mistake with a new passphrase, said before anything is sent to the worker. */
export function passphraseProblem(passphrase: string, repeat: string): string | null {
  if (passphrase !== repeat) return t('passphrasesDiffer');
  if (estimateStrength(passphrase).level === 'weak') {
    return t('passphraseTooWeak');
  }
  return null;
}
