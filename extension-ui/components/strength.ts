/**
 * Passphrase and password strength, as zxcvbn estimates it: the guesses an attacker who knows
 * common passwords, English words, keyboard patterns, dates, l33t substitutions and the user's own
 * name and address would need. An indication, not a guarantee.
 */
import type { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { t } from '../../src/core/i18n';
import { once } from './lazy';

export type StrengthLevel = 'weak' | 'fair' | 'strong' | 'very strong';

export interface Strength {
  /** log2 of the guesses zxcvbn estimates. */
  bits: number;
  level: StrengthLevel;
}

export type Estimator = ZxcvbnFactory;

/**
 * zxcvbn and its dictionaries, fetched the first time a page needs them: the viewer, the editor and
 * the dialogs share components with the forms that do, and should not all carry 1.6 MB.
 */
export const loadEstimator = once(() => import('./zxcvbn').then((module) => module.estimator));

/** The words a guesser tries first for this user: their name, their address and its parts. */
export function userWords(...values: ReadonlyArray<string | null | undefined>): string[] {
  const words = new Set<string>();
  for (const value of values) {
    if (!value) continue;
    words.add(value.toLowerCase());
    for (const part of value.toLowerCase().split(/[^\p{L}\p{N}]+/u)) if (part.length >= 3) words.add(part);
  }
  return [...words];
}

/**
 * Levels by zxcvbn's guesses rather than its score, which is tuned to web logins that limit tries:
 * a passphrase guards a private key file and a password a message, both open to guessing offline
 * (slowed by the key derivation), so "strong" asks for more. Under 2^36 guesses is weak (zxcvbn's
 * score 3 starts at 10^8, about 2^27).
 */
function levelOf(bits: number): StrengthLevel {
  return bits < 36 ? 'weak' : bits < 48 ? 'fair' : bits < 60 ? 'strong' : 'very strong';
}

/** `userInputs`: the words a guesser tries first for this user (see `userWords`). */
export function estimateStrength(estimator: Estimator, value: string, userInputs: readonly string[] = []): Strength {
  if (!value) return { bits: 0, level: 'weak' };
  const bits = Math.round(estimator.check(value, [...userInputs]).guessesLog10 * Math.log2(10));
  return { bits, level: levelOf(bits) };
}

/** A mistake with a new passphrase, said before anything is sent to the worker. */
export async function passphraseProblem(passphrase: string, repeat: string, userInputs: readonly string[] = []): Promise<string | null> {
  if (passphrase !== repeat) return t('passphrasesDiffer');
  if (estimateStrength(await loadEstimator(), passphrase, userInputs).level === 'weak') return t('passphraseTooWeak');
  return null;
}
