/**
 * Sealmail's editor over a compose view. What the user writes here stays in extension pages and
 * the worker: the webmail page gets only the draft sealed to the user's own key, and at Send the
 * message sealed to the recipients.
 */
import { render } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { describeError, toWireError, type WireError } from '../../../src/core/errors';
import { call } from '../../../src/messaging/client';
import { tellParent } from '../../components/parent';
import { Unlock } from '../../components/Unlock';
import { useVisibilityGuard } from '../../components/visibility';
import { t } from '../../../src/core/i18n';

const params = new URLSearchParams(location.search);
const viewId = params.get('v') ?? '';
const draftToken = params.get('t');
/** What the app's editor held when Sealmail's editor opened over it (known to the page already). */
const seed = new URLSearchParams(location.hash.slice(1)).get('seed') ?? '';
/** Hands the text to the worker this soon after typing pauses (and at once when the editor loses focus). */
const STAGE_AFTER_MS = 150;

/** A draft reopens only when it is the user's own: encrypted to them and signed by one of their keys. */
async function ownDraft(token: string): Promise<string | null> {
  const opened = await call('openBlock', { token });
  if (opened.kind !== 'message' || opened.signature.status !== 'valid') return null;
  const { keys } = await call('listKeys', {});
  return keys.some((key) => key.secret && key.fingerprint === opened.signature.fingerprint) ? opened.text : null;
}

function Editor() {
  const [text, setText] = useState('');
  const [notice, setNotice] = useState<string | null>(null);
  const [locked, setLocked] = useState<WireError | null>(null);
  const root = useRef<HTMLElement>(null);
  const allows = useVisibilityGuard(root);
  const pending = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const latest = useRef('');

  const stage = () => {
    clearTimeout(pending.current);
    pending.current = undefined;
    void call('stageDraft', { viewId, text: latest.current }).then(() => tellParent({ sealmailEditor: 'changed' }));
  };

  /** Starts from `initial`; text carried over from the app's editor is saved as an encrypted draft at once. */
  const take = (initial: string, save: boolean) => {
    latest.current = initial;
    setText(initial);
    void call('stageDraft', { viewId, text: initial }).then(() => save && tellParent({ sealmailEditor: 'changed' }));
  };

  const reopen = () => {
    if (!draftToken) return void (seed && take(seed, true));
    setLocked(null);
    ownDraft(draftToken).then(
      (draft) => {
        if (draft === null) return setNotice(t('notYourDraft'));
        take(draft, false);
      },
      (error) => {
        const wire = toWireError(error);
        if (wire.code === 'key_locked') setLocked(wire);
        else setNotice(t('draftNotOpened', wire.message));
      },
    );
  };
  useEffect(reopen, []);

  return (
    <main class="secure-editor" ref={root} aria-label={t('secureEditorLabel')}>
      {locked && <Unlock error={locked} submit={t('unlockAndOpenDraft')} onUnlocked={reopen} />}
      <textarea
        aria-label={t('secureEditorText')}
        value={text}
        spellcheck
        onInput={(event) => {
          latest.current = event.currentTarget.value;
          setText(latest.current);
          clearTimeout(pending.current);
          pending.current = setTimeout(stage, STAGE_AFTER_MS);
        }}
        onBlur={() => pending.current !== undefined && stage()}
      />
      <div class="bar">
        <span class="muted">{t('secureEditorAbout')}</span>
        <button
          type="button"
          onClick={(event) => {
            if (!allows(event)) return setNotice(describeError('no_user_action'));
            tellParent({ sealmailEditor: 'native' });
          }}
        >
          {t('useAppEditor')}
        </button>
      </div>
      {notice && <p role="status">{notice}</p>}
    </main>
  );
}

const app = document.getElementById('app');
if (app) render(<Editor />, app);
document.title = t('titleSecureEditor');
