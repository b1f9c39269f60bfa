import type { ConflictDetail } from '../../src/core/errors';
import { Fingerprint } from './ui';
import { t, tParts } from '../../src/core/i18n';

export type ConflictChoice = 'trust-new' | 'keep-current';

/** A key to import shares an address with a key already held: say so, with the held key's fingerprint. */
export function ConflictWarning({ conflicts }: { conflicts: readonly ConflictDetail[] }) {
  return (
    <div class="warning" role="alert">
      {conflicts.map((conflict) => (
        <p key={`${conflict.address}-${conflict.fingerprint}`}>
          {tParts(conflict.mine ? 'conflictWarningMine' : 'conflictWarning', <strong>{conflict.address}</strong>, <Fingerprint value={conflict.fingerprint} />)}
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
        {t('conflictKeepCurrent')}
      </button>{' '}
      <button type="button" class="danger" onClick={(event) => onChoose(event, 'trust-new')} disabled={busy}>
        {t('conflictTrustNew')}
      </button>{' '}
    </>
  );
}
