import { useCallback, useEffect, useState } from 'preact/hooks';
import type { RecipientProblemReason } from '../../../src/core/errors';
import { call } from '../../../src/messaging/client';
import type { SendCheck } from '../../../src/messaging/protocol';
import { browser } from '../../../src/platform/browser';
import { ImportKeys } from '../../components/ImportKeys';
import { ErrorText, Field, useAction } from '../../components/ui';

const PROBLEM_WORDS: Record<RecipientProblemReason, string> = {
  missing: 'has no key in your keyring',
  expired: 'has only an expired key',
  revoked: 'has only a revoked key',
  unusable: 'has a key that cannot be used for encryption',
};

/** Tells the compose view what to do; only this frame can, and it says nothing else. */
function answer(outcome: 'retry' | 'cancel'): void {
  const parentOrigin = location.ancestorOrigins?.[0] ?? '*';
  window.parent.postMessage({ sealmailDialog: outcome }, parentOrigin);
}

export function SendDialog({ recipients, sender }: { recipients: string[]; sender: string | null }) {
  const [check, setCheck] = useState<SendCheck | null>(null);
  const [passphrase, setPassphrase] = useState('');
  const load = useAction();
  const unlock = useAction();
  const reload = useCallback(() => load.run(async () => setCheck(await call('checkSend', { recipients, sender }))), [recipients, sender]);

  useEffect(() => {
    void reload();
    const onKey = (event: KeyboardEvent) => event.key === 'Escape' && answer('cancel');
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [reload]);

  const problems = check?.recipients.filter((recipient) => recipient.problem) ?? [];
  const ready = check !== null && check.own?.unlocked === true && problems.length === 0;

  return (
    <div class="backdrop">
      <div class="dialog" role="dialog" aria-modal="true" aria-labelledby="dialog-title">
        <h1 id="dialog-title">Before sending securely</h1>
        <ErrorText error={load.error} />
        {check && check.own === null && (
          <section>
            <p>You have no key of your own yet. Sealmail signs every secure message with your key, and keeps a copy you can read.</p>
            <button type="button" onClick={() => void browser.runtime.openOptionsPage()}>
              Open Sealmail to create a key
            </button>
          </section>
        )}
        {check?.own && !check.own.unlocked && (
          <form
            onSubmit={(event) => {
              event.preventDefault();
              void unlock.run(async () => {
                await call('unlockKey', { fingerprint: check.own!.fingerprint, passphrase });
                setPassphrase('');
                await reload();
              });
            }}
          >
            <p>Your key for {check.own.address} is locked.</p>
            <Field label="Passphrase of your key">
              <input type="password" value={passphrase} onInput={(e) => setPassphrase(e.currentTarget.value)} autocomplete="current-password" />
            </Field>
            <ErrorText error={unlock.error} />
            <button type="submit" class="primary">
              Unlock
            </button>
          </form>
        )}
        {problems.length > 0 && (
          <section aria-labelledby="recipients-heading">
            <h2 id="recipients-heading">Recipients without a usable key</h2>
            <ul>
              {problems.map((recipient) => (
                <li key={recipient.address}>
                  {recipient.address} {PROBLEM_WORDS[recipient.problem!]}.
                </li>
              ))}
            </ul>
            <ImportKeys title="Import their key" onDone={() => void reload()} />
          </section>
        )}
        {ready && <p role="status">Everything is ready: the message will be encrypted and signed.</p>}
        <div class="actions">
          <button type="button" class="primary" disabled={!ready} onClick={() => answer('retry')}>
            Continue
          </button>
          <button type="button" disabled aria-describedby="password-note">
            Send with a password instead
          </button>
          <button type="button" onClick={() => answer('cancel')}>
            Cancel
          </button>
        </div>
        <p id="password-note" class="hint">
          Sending with a password, for people without a key, is not available yet.
        </p>
      </div>
    </div>
  );
}
