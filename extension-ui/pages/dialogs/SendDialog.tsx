import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { describeError, type RecipientProblemReason } from '../../../src/core/errors';
import { call } from '../../../src/messaging/client';
import type { SendCheck } from '../../../src/messaging/protocol';
import { browser } from '../../../src/platform/browser';
import { ImportKeys } from '../../components/ImportKeys';
import { KeyLookup } from '../../components/KeyLookup';
import { passphraseProblem, userWords } from '../../components/strength';
import { ErrorText, Field, Fingerprint, StrengthMeter, useAction } from '../../components/ui';
import { tellParent } from '../../components/parent';
import { requireVisible, useVisibilityGuard } from '../../components/visibility';
import { t, type MessageKey } from '../../../src/core/i18n';

const PROBLEM_WORDS: Record<RecipientProblemReason, MessageKey> = {
  missing: 'problemMissing',
  expired: 'problemExpired',
  revoked: 'problemRevoked',
  unusable: 'problemUnusable',
  unconfirmed: 'problemUnconfirmed',
};

type Recipient = SendCheck['recipients'][number];

/** Several keys for one address: the user picks the one to use (and it stays confirmed for that address). */
function ChooseKey({ recipient, allows, onChosen }: { recipient: Recipient; allows: (event: Event) => boolean; onChosen: () => void }) {
  const action = useAction();
  return (
    <div class="panel">
      <p>{t('chooseKeyIntro', recipient.address)}</p>
      <ul class="preview">
        {recipient.choices.map((choice) => (
          <li key={choice.fingerprint}>
            <strong>{choice.userId}</strong> <span class="muted">{t('keyMadeOn', new Date(choice.created).toLocaleDateString())}</span>
            <br />
            <Fingerprint value={choice.fingerprint} />{' '}
            <button
              type="button"
              onClick={(event) =>
                void action
                  .run(async () => {
                    requireVisible(allows, event);
                    await call('confirmKey', { fingerprint: choice.fingerprint, address: recipient.address });
                  })
                  .then((ok) => ok && onChosen())
              }
            >
              {t('useKeyFor', recipient.address)}
            </button>
          </li>
        ))}
      </ul>
      <ErrorText error={action.error} />
    </div>
  );
}

/** Tells the compose view what to do; only this frame can, and it says nothing else. */
function answer(outcome: 'retry' | 'cancel'): void {
  tellParent({ sealmailDialog: outcome });
}

/** Sending again is the user's intent for this compose view: recorded with the worker first, then told to the page. */
async function retry(viewId: string): Promise<void> {
  await call('approveSend', { viewId });
  answer('retry');
}

/** Protects this one send with a password for the recipients who have no key; the page never sees it. */
function PasswordForm({ sendId, viewId, allows, onCancel, people }: { sendId: string; viewId: string; allows: (event: Event) => boolean; onCancel: () => void; people: readonly string[] }) {
  // A guesser of this password knows who sent it and to whom.
  const userInputs = userWords(...people);
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [hint, setHint] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const action = useAction();
  async function submit(event: SubmitEvent) {
    event.preventDefault();
    if (!allows(event)) return setProblem(describeError('no_user_action'));
    const mistake = await passphraseProblem(password, repeat, userInputs);
    setProblem(mistake);
    if (mistake) return;
    await action.run(async () => {
      await call('protectWithPassword', { sendId, password, ...(hint.trim() ? { hint } : {}) });
      await retry(viewId);
    });
  }
  return (
    <form onSubmit={submit} aria-labelledby="password-heading">
      <h2 id="password-heading">{t('protectHeading')}</h2>
      <p>{t('protectAbout')}</p>
      <Field label={t('password')}>
        <input type="password" value={password} onInput={(e) => setPassword(e.currentTarget.value)} aria-describedby="password-strength" autocomplete="new-password" />
      </Field>
      <StrengthMeter value={password} id="password-strength" userInputs={userInputs} />
      <Field label={t('passwordAgain')}>
        <input type="password" value={repeat} onInput={(e) => setRepeat(e.currentTarget.value)} autocomplete="new-password" />
      </Field>
      <Field label={t('hintOptional')}>
        <input value={hint} onInput={(e) => setHint(e.currentTarget.value)} maxLength={200} />
      </Field>
      {problem && <p role="alert" class="error">{problem}</p>}
      <ErrorText error={action.error} />
      <div class="actions">
        <button type="submit" class="primary">
          {t('protectAndSend')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('back')}
        </button>
      </div>
    </form>
  );
}

export function SendDialog({ recipients, sender, sendId, viewId }: { recipients: string[]; sender: string | null; sendId: string | null; viewId: string }) {
  const box = useRef<HTMLDivElement>(null);
  const allows = useVisibilityGuard(box);
  const proceed = useAction();
  const [withPassword, setWithPassword] = useState(false);
  const [check, setCheck] = useState<SendCheck | null>(null);
  const [passphrase, setPassphrase] = useState('');
  const load = useAction();
  const unlock = useAction();
  const reload = useCallback(() => load.run(async () => setCheck(await call('checkSend', { recipients, sender }))), [recipients, sender]);

  useEffect(() => {
    void reload();
    // The dialog takes the focus when it opens; Tab and Shift+Tab go round its controls and never leave it.
    box.current?.focus();
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') return answer('cancel');
      if (event.key !== 'Tab' || !box.current) return;
      const controls = [...box.current.querySelectorAll<HTMLElement>('button, input, select, textarea, a[href], [tabindex="0"]')].filter((element) => !element.hasAttribute('disabled') && element.getClientRects().length > 0);
      if (controls.length === 0) return event.preventDefault();
      const first = controls[0]!;
      const last = controls.at(-1)!;
      const at = document.activeElement;
      if (event.shiftKey && (at === first || at === box.current)) {
        event.preventDefault();
        last.focus();
      } else if (!event.shiftKey && at === last) {
        event.preventDefault();
        first.focus();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [reload]);

  const problems = check?.recipients.filter((recipient) => recipient.problem) ?? [];
  const ready = check !== null && check.own?.unlocked === true && problems.length === 0;
  // A password helps with recipients' keys, not with one's own: that must be there and unlocked.
  const canUsePassword = sendId !== null && check?.own?.unlocked === true && problems.length > 0;

  return (
    <div class="backdrop">
      <div class="dialog" role="dialog" aria-modal="true" aria-labelledby="dialog-title" ref={box} tabIndex={-1}>
        <h1 id="dialog-title">{t('dialogTitle')}</h1>
        <ErrorText error={load.error} />
        {check && check.own === null && (
          <section>
            <p>{t('noOwnKeyYet')}</p>
            <button type="button" onClick={() => void browser.runtime.openOptionsPage()}>
              {t('openToCreateKey')}
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
            <p>{t('ownKeyLocked', check.own.address)}</p>
            <Field label={t('passphraseOfYourKey')}>
              <input type="password" value={passphrase} onInput={(e) => setPassphrase(e.currentTarget.value)} autocomplete="current-password" />
            </Field>
            <ErrorText error={unlock.error} />
            <button type="submit" class="primary">
              {t('unlock')}
            </button>
          </form>
        )}
        {problems.length > 0 && (
          <section aria-labelledby="recipients-heading">
            <h2 id="recipients-heading">{t('recipientsWithoutKey')}</h2>
            <ul>
              {problems.map((recipient) => (
                <li key={recipient.address}>
                  {t(PROBLEM_WORDS[recipient.problem!], recipient.address)}
                  {recipient.problem === 'unconfirmed' && <ChooseKey recipient={recipient} allows={allows} onChosen={() => void reload()} />}
                  {recipient.problem !== 'unconfirmed' && check && <KeyLookup address={recipient.address} keyServer={check.keyServer} allows={allows} onImported={() => void reload()} />}
                </li>
              ))}
            </ul>
            <ImportKeys title={t('importTheirKey')} allows={allows} onDone={() => void reload()} />
          </section>
        )}
        {ready && <p role="status">{t('everythingReady')}</p>}
        <ErrorText error={proceed.error} />
        {withPassword && sendId ? (
          <PasswordForm sendId={sendId} viewId={viewId} allows={allows} onCancel={() => setWithPassword(false)} people={[...recipients, ...(sender ? [sender] : [])]} />
        ) : (
          <div class="actions">
            <button
              type="button"
              class="primary"
              disabled={!ready}
              onClick={(event) => void proceed.run(async () => {
                requireVisible(allows, event);
                await retry(viewId);
              })}
            >
              {t('continue')}
            </button>
            <button type="button" disabled={!canUsePassword} onClick={() => setWithPassword(true)}>
              {t('sendWithPassword')}
            </button>
            <button type="button" onClick={() => answer('cancel')}>
              {t('cancel')}
            </button>
          </div>
        )}
      </div>
    </div>
  );
}
