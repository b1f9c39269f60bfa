import { useState } from 'preact/hooks';
import type { WireError } from '../../src/core/errors';
import { call } from '../../src/messaging/client';
import { ErrorText, Field, useAction } from './ui';
import { t } from '../../src/core/i18n';

/** Unlocks the key a `key_locked` error names, right here in the extension's frame. */
export function Unlock({ error, submit, onUnlocked }: { error: WireError; submit: string; onUnlocked: () => void }) {
  const [passphrase, setPassphrase] = useState('');
  const action = useAction();
  async function unlock(event: Event) {
    event.preventDefault();
    const ok = await action.run(async () => {
      const keyIds = error.details?.keyIds ?? [];
      const { keys } = await call('listKeys', {});
      const key = keys.find((candidate) => candidate.secret && keyIds.includes(candidate.keyId));
      if (!key) throw error;
      await call('unlockKey', { fingerprint: key.fingerprint, passphrase });
    });
    if (ok) onUnlocked();
  }
  return (
    <form onSubmit={unlock}>
      <p>{error.message}</p>
      <Field label={t('passphraseOfYourKey')}>
        <input type="password" value={passphrase} onInput={(e) => setPassphrase(e.currentTarget.value)} autocomplete="current-password" />
      </Field>
      <ErrorText error={action.error} />
      <button type="submit" class="primary">
        {submit}
      </button>
    </form>
  );
}
