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
import { encodeBase64 } from '../../../src/core/base64';
import { MAX_ATTACHMENT_BYTES } from '../../../src/messaging/protocol';

const params = new URLSearchParams(location.search);
const viewId = params.get('v') ?? '';
const draftToken = params.get('t');
/** Opened over the app's reply by Reply securely: the quote waits in the worker for this view. */
const isReply = params.get('r') === '1';
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

interface Picked {
  name: string;
  size: number;
  data: string;
}

/** Reads chosen files here, in the extension's page, reporting how far it got (0 to 1). */
async function readFiles(files: readonly File[], progress: (done: number) => void): Promise<Picked[]> {
  const total = files.reduce((sum, file) => sum + file.size, 0) || 1;
  let done = 0;
  const out: Picked[] = [];
  for (const file of files) {
    const bytes = new Uint8Array(await file.arrayBuffer());
    out.push({ name: file.name, size: file.size, data: encodeBase64(bytes) });
    done += file.size;
    progress(done / total);
  }
  return out;
}

/**
 * Files attached in Sealmail's editor: read here, handed to the worker for this view only, and at
 * Send Secure each is sealed on its own as `name.pgp`. The page never sees them unsealed.
 */
function Attachments({ allows, say }: { allows: (event: Event) => boolean; say: (notice: string | null) => void }) {
  const [files, setFiles] = useState<Picked[]>([]);
  const [progress, setProgress] = useState<number | null>(null);
  const picker = useRef<HTMLInputElement>(null);

  const stage = async (next: Picked[]) => {
    try {
      await call('stageAttachments', { viewId, files: next.map(({ name, data }) => ({ name, data })) });
      setFiles(next);
    } catch (error) {
      say(toWireError(error).message);
    }
  };

  const add = async (chosen: File[]) => {
    say(null);
    const size = [...files, ...chosen].reduce((sum, file) => sum + file.size, 0);
    if (size > MAX_ATTACHMENT_BYTES) return say(describeError('attachments_too_large'));
    setProgress(0);
    try {
      await stage([...files, ...(await readFiles(chosen, setProgress))]);
    } finally {
      setProgress(null);
    }
  };

  return (
    <section class="attachments" aria-label={t('attachFilesLabel')}>
      <input
        ref={picker}
        type="file"
        multiple
        hidden
        aria-label={t('attachFilesLabel')}
        onChange={(event) => {
          const chosen = [...(event.currentTarget.files ?? [])];
          event.currentTarget.value = '';
          if (chosen.length) void add(chosen);
        }}
      />
      <button
        type="button"
        disabled={progress !== null}
        onClick={(event) => {
          if (!allows(event)) return say(describeError('no_user_action'));
          picker.current?.click();
        }}
      >
        {t('attachFiles')}
      </button>
      {progress !== null && <progress value={progress} max={1} aria-label={t('attachFilesLabel')} />}
      {files.length > 0 && (
        <ul>
          {files.map((file, index) => (
            <li key={`${index}:${file.name}`}>
              <span>{t('attachmentWillSeal', file.name, String(Math.max(1, Math.round(file.size / 1024))), `${file.name}.pgp`)}</span>{' '}
              <button
                type="button"
                aria-label={t('attachmentRemove', file.name)}
                onClick={(event) => {
                  if (!allows(event)) return say(describeError('no_user_action'));
                  void stage(files.filter((_, other) => other !== index));
                }}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
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

  const textarea = useRef<HTMLTextAreaElement>(null);

  /**
   * Text from the worker (a reopened draft, a reply's quote) goes below whatever was typed while
   * it was on its way, with the cursor where the typing left off. The field and its cursor are set
   * at once, not on a later frame, so that no key pressed in between lands elsewhere. Returns what
   * had been typed.
   */
  const arrive = (incoming: string, focus: boolean): string => {
    const typed = latest.current;
    latest.current = typed + incoming;
    const field = textarea.current;
    if (field && (focus || typed !== '')) {
      field.value = latest.current;
      if (focus) field.focus();
      field.setSelectionRange(typed.length, typed.length);
    }
    setText(latest.current);
    return typed;
  };

  /** Starts from `initial`; text carried over from the app's editor, or typed while a draft was on its way, is saved as an encrypted draft at once. */
  const take = (initial: string, save: boolean) => {
    const typed = arrive(initial, false);
    void call('stageDraft', { viewId, text: latest.current }).then(() => (save || typed !== '') && tellParent({ sealmailEditor: 'changed' }));
  };

  /** The quote of the message replied to, from the worker; the user writes above it. */
  const quote = () =>
    call('takeReply', { viewId }).then(
      ({ quote: quoted }) => {
        arrive(quoted, true);
        tellParent({ sealmailEditor: 'changed' });
      },
      () => setNotice(t('replyQuoteMissing')),
    );

  const reopen = () => {
    if (isReply) return void quote();
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
        ref={textarea}
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
      <Attachments allows={allows} say={setNotice} />
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
