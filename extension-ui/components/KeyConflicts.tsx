import type { ConflictDetail } from '../../src/core/errors';
import { Fingerprint } from './ui';

export type ConflictChoice = 'trust-new' | 'keep-current';

/** A key to import shares an address with a key already held: say so, with the held key's fingerprint. */
export function ConflictWarning({ conflicts }: { conflicts: readonly ConflictDetail[] }) {
  return (
    <div class="warning" role="alert">
      {conflicts.map((conflict) => (
        <p key={`${conflict.address}-${conflict.fingerprint}`}>
          You already have {conflict.mine ? 'your own key' : 'a different key'} for <strong>{conflict.address}</strong> (
          <Fingerprint value={conflict.fingerprint} />
          ). A second key for the same address may be an impostor's. Compare the new fingerprint with the person before you use it.
        </p>
      ))}
    </div>
  );
}

/** The two ways on from a conflict; neither is the default. */
export function ConflictChoices({ onChoose, busy }: { onChoose: (event: Event, choice: ConflictChoice) => void; busy: boolean }) {
  return (
    <>
      <button type="button" onClick={(event) => onChoose(event, 'keep-current')} disabled={busy}>
        Import, but keep using the current key
      </button>{' '}
      <button type="button" class="danger" onClick={(event) => onChoose(event, 'trust-new')} disabled={busy}>
        Import and use the new key instead
      </button>{' '}
    </>
  );
}
