/** Small shared pieces of the extension's pages. */
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { groupHex, toWireError, type WireError } from '../../src/core/errors';
import { estimateStrength, loadEstimator } from './strength';
import { useLoaded } from './lazy';
import { t } from '../../src/core/i18n';

export function ErrorText({ error }: { error: WireError | null }) {
  return error ? <p role="alert" class="error">{error.message}</p> : null;
}

/** A fingerprint in groups of four, for reading aloud and comparing. */
export function Fingerprint({ value }: { value: string }) {
  return (
    <code class="fingerprint" aria-label={t('fingerprintLabel', groupHex(value))}>
      {groupHex(value)}
    </code>
  );
}

/** `userInputs`: the user's own words (name, address), which make a passphrase weak (see `userWords`). */
export function StrengthMeter({ value, id, userInputs = [] }: { value: string; id: string; userInputs?: readonly string[] }) {
  const estimator = useLoaded(loadEstimator);
  // Nothing is rated until zxcvbn has loaded (a moment, the first time).
  const level = estimator && value ? estimateStrength(estimator, value, userInputs).level : null;
  const score = level ? { weak: 1, fair: 2, strong: 3, 'very strong': 4 }[level] : 0;
  const words = level ? { weak: t('strengthWeak'), fair: t('strengthFair'), strong: t('strengthStrong'), 'very strong': t('strengthVeryStrong') }[level] : t('strengthNone');
  return (
    <div class="strength" id={id}>
      <meter min={0} max={4} low={2} high={3} optimum={4} value={score} aria-label={t('strengthLabel')} />
      <span>{words}</span>
    </div>
  );
}

/** Runs an async action, keeping whether it is busy and the error it ended with, if any. */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<WireError | null>(null);
  async function run(action: () => Promise<void>): Promise<boolean> {
    setBusy(true);
    setError(null);
    try {
      await action();
      return true;
    } catch (caught) {
      setError(toWireError(caught));
      return false;
    } finally {
      setBusy(false);
    }
  }
  return { run, busy, error, setError };
}

/** A labelled control; the hint stays outside the label so that the control's name is the label alone. */
export function Field(props: { label: string; children: ComponentChildren; hint?: string }) {
  return (
    <div class="field">
      <label>
        <span class="label">{props.label}</span>
        {props.children}
      </label>
      {props.hint && <span class="hint">{props.hint}</span>}
    </div>
  );
}
