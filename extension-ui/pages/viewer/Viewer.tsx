import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { groupHex, toWireError, type ConflictDetail, type WireError } from '../../../src/core/errors';
import { call } from '../../../src/messaging/client';
import type { OpenedBlock } from '../../../src/messaging/protocol';
import { ImportKeys } from '../../components/ImportKeys';
import { ErrorText, Fingerprint, useAction } from '../../components/ui';
import { ConflictChoices, ConflictWarning, type ConflictChoice } from '../../components/KeyConflicts';
import { MessageBody } from '../../components/MessageBody';
import { decodeBase64 } from '../../../src/core/base64';
import { Unlock } from '../../components/Unlock';
import { tellParent } from '../../components/parent';
import { once, useLoaded } from '../../components/lazy';
import { requireVisible, useVisibilityGuard } from '../../components/visibility';
import { t, tParts } from '../../../src/core/i18n';

type Message = Extract<OpenedBlock, { kind: 'message' }>;
type KeyBlock = Extract<OpenedBlock, { kind: 'key' }>;

/** The colour of the verdict band: green only for a verified signature from the confirmed key of the sender shown. */
function verdictTone(message: Message): 'good' | 'bad' | 'neutral' {
  const { status, senderMatch } = message.signature;
  if (status === 'bad' || (status === 'valid' && senderMatch === 'other')) return 'bad';
  return status === 'valid' && senderMatch !== 'unconfirmed' ? 'good' : 'neutral';
}

function SignatureLine({ message, allows }: { message: Message; allows: (event: Event) => boolean }) {
  const { signature, sender } = message;
  if (signature.status === 'valid') {
    const match = signature.senderMatch;
    return (
      <p class={`signature ${match === 'other' ? 'bad' : match === 'unconfirmed' ? 'neutral' : 'good'}`} role="status">
        {t('verifiedFrom', signature.userId ?? signature.signerAddress ?? '')}
        {match === 'confirmed' && ` ${t('verifiedIsSender')}`}
        {match === 'unconfirmed' && (
          <>
            {' '}
            {tParts('verifiedUnconfirmed', sender ?? '', signature.fingerprint ? <Fingerprint value={signature.fingerprint} /> : t('fingerprintUnknown'))}
          </>
        )}
        {match === 'other' && ` ${t('verifiedOther', sender ?? '')}`}
      </p>
    );
  }
  if (signature.status === 'bad') {
    return (
      <p class="signature bad" role="status">
        {t('badSignature')}
      </p>
    );
  }
  if (signature.status === 'unknown_key') {
    return (
      <div>
        <p class="signature neutral" role="status">
          {tParts(
            'signedUnknownKey',
            signature.fingerprint ? <>{tParts('inParens', <Fingerprint value={signature.fingerprint} />)}</> : signature.keyId ? t('keyIdInParens', groupHex(signature.keyId)) : '',
          )}
        </p>
        <ImportKeys title={t('importSendersKey')} allows={allows} onDone={() => location.reload()} />
      </div>
    );
  }
  return (
    <p class="signature neutral" role="status">
      {t('notSigned')}
    </p>
  );
}

/** A key in a message: shown, then imported only on a visible, trusted confirmation, through the key-continuity rules. */
function KeyView({ block, allows }: { block: KeyBlock; allows: (event: Event) => boolean }) {
  const [conflicts, setConflicts] = useState<ConflictDetail[] | null>(null);
  const [done, setDone] = useState(false);
  const action = useAction();
  const review = (event: Event) =>
    action.run(async () => {
      requireVisible(allows, event);
      setConflicts((await call('previewImport', { text: block.armor })).keys.flatMap((item) => item.conflicts));
    });
  const importKey = (event: Event, choice?: ConflictChoice) =>
    action
      .run(async () => {
        requireVisible(allows, event);
        await call('importKeys', { text: block.armor, ...(choice ? { choice } : {}) });
      })
      .then((ok) => setDone(ok));
  return (
    <div>
      <p>
        {block.revokes
          ? t('holdsRevocation')
          : block.keys.length === 1 ? t('holdsOneKey') : t('holdsKeys', block.keys.length)}
      </p>
      <ul>
        {block.keys.map((key) => (
          <li key={key.fingerprint}>
            <strong>{key.primaryUserId ?? key.address}</strong>
            {t('inParens', key.revoked ? t('keyAlgorithmRevoked', key.algorithm) : key.expired ? t('keyAlgorithmExpired', key.algorithm) : key.algorithm)}
            <br />
            <Fingerprint value={key.fingerprint} />
          </li>
        ))}
      </ul>
      {done ? (
        <p role="status">{t(block.revokes ? 'appliedRevocation' : 'importedFor', block.keys[0]?.address ?? '')}</p>
      ) : conflicts === null ? (
        <button type="button" onClick={(event) => void review(event)}>
          {t(block.revokes ? 'applyRevocationMenu' : 'importThisKeyMenu')}
        </button>
      ) : conflicts.length === 0 ? (
        <p>
          {block.revokes
            ? t('revocationGenuine')
            : t('compareFingerprint')}{' '}
          <button type="button" class="primary" onClick={(event) => void importKey(event)}>
            {t(block.revokes ? 'yesApply' : 'yesImport')}
          </button>{' '}
          <button type="button" onClick={() => setConflicts(null)}>
            {t('cancel')}
          </button>
        </p>
      ) : (
        <div>
          <ConflictWarning conflicts={conflicts} />
          <ConflictChoices onChoose={(event, choice) => void importKey(event, choice)} busy={action.busy} />
          <button type="button" onClick={() => setConflicts(null)}>
            {t('cancel')}
          </button>
        </div>
      )}
      <ErrorText error={action.error} />
    </div>
  );
}

const PASSWORD_CODES = new Set(['password_required', 'wrong_password']);

/** Whether the message can be opened with a password the user types here. */
function wantsPassword(error: WireError): boolean {
  return PASSWORD_CODES.has(error.code) || (error.code === 'message_not_for_you' && error.details?.passwordPossible === true);
}

/** The password of a password message, typed here in the extension's frame, never in the page. */
function PasswordForm({ error, onOpen }: { error: WireError; onOpen: (password: string) => Promise<void> }) {
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  async function submit(event: Event) {
    event.preventDefault();
    if (!password) return;
    setBusy(true);
    await onOpen(password);
    setBusy(false);
  }
  const hint = error.details?.hint;
  return (
    <form class="password" onSubmit={(event) => void submit(event)}>
      <p role={error.code === 'wrong_password' ? 'alert' : undefined}>{error.message}</p>
      {hint && (
        <p class="hint">
          {tParts('passwordHintGiven', <q>{hint}</q>)}
        </p>
      )}
      <label>
        {t('passwordForMessage')}
        <input type="password" value={password} autocomplete="off" onInput={(event) => setPassword(event.currentTarget.value)} />
      </label>{' '}
      <button type="submit" class="primary" disabled={busy || !password}>
        {busy ? t('opening') : t('open')}
      </button>
    </form>
  );
}

/**
 * Reply securely: the worker keeps the quote for the reply the content script opens with the app's
 * own Reply, and Sealmail's editor over that reply takes it. The page learns only that a reply was
 * asked for.
 */
function ReplyBar({ token, allows }: { token: string; allows: (event: Event) => boolean }) {
  const action = useAction();
  const [asked, setAsked] = useState(false);
  const reply = (event: Event) =>
    action
      .run(async () => {
        requireVisible(allows, event);
        await call('offerReply', { token });
        tellParent({ sealmailViewer: 'reply' });
      })
      .then((ok) => setAsked(ok));
  return (
    <footer class="reply-bar">
      <button type="button" class="primary" disabled={action.busy} onClick={(event) => void reply(event)}>
        {t('replySecurely')}
      </button>{' '}
      <span class="muted">{asked ? t('replyOffered') : t('replySecurelyAbout')}</span>
      <ErrorText error={action.error} />
    </footer>
  );
}

/** What shows a decrypted file (and a mail inside it, with postal-mime): loaded only for an attachment. */
const loadOpenedContent = once(() => import('../../components/OpenedContent').then((module) => module.OpenedContent));

/** `first`: the opening of the token, begun before the first render so that it runs while the page draws. */
export function Viewer({ token, first }: { token: string; first?: Promise<OpenedBlock> }) {
  const frame = useRef<HTMLElement>(null);
  const allows = useVisibilityGuard(frame);
  const [opened, setOpened] = useState<OpenedBlock | null>(null);
  const [error, setError] = useState<WireError | null>(null);
  const load = useCallback(
    async (password?: string, begun?: Promise<OpenedBlock>) => {
      if (!password) setError(null);
      try {
        setOpened(await (begun ?? call('openBlock', { token, ...(password ? { password } : {}) })));
        setError(null);
      } catch (caught) {
        setError(toWireError(caught));
      }
    },
    [token],
  );
  useEffect(() => void load(undefined, first), [load]);
  // An attachment's bytes, decoded once (they can be 25 MB), not on every render.
  const file = useMemo(() => (opened?.kind === 'message' && opened.file ? { name: opened.file.name, bytes: decodeBase64(opened.file.data) ?? new Uint8Array() } : null), [opened]);
  const OpenedContent = useLoaded(loadOpenedContent, file !== null);

  return (
    <main class="viewer" aria-label={t('viewerLabel')} ref={frame}>
      {/* For screen readers, each decrypted message is a heading to move to; not drawn. */}
      <h1 class="visually-hidden">{t('viewerLabel')}</h1>
      {!opened && !error && <p>{t('decrypting')}</p>}
      {error?.code === 'key_locked' && <Unlock error={error} submit={t('unlockAndRead')} onUnlocked={() => void load()} />}
      {error && wantsPassword(error) && <PasswordForm error={error} onOpen={load} />}
      {error && error.code !== 'key_locked' && !wantsPassword(error) && <p role="alert">{error.message}</p>}
      {opened?.kind === 'message' && (
        <>
          {/* Sealmail's verdict stands above and outside the message: nothing the sender writes can reach this band. */}
          <header class={`verdict ${verdictTone(opened)}`} aria-label={t('checkedBySealmail')}>
            <svg class="verdict-icon" viewBox="0 0 24 24" width="20" height="20" aria-hidden="true">
              <path d="M12 2 4 5v6c0 5 3.4 9.4 8 11 4.6-1.6 8-6 8-11V5l-8-3z" />
            </svg>
            <SignatureLine message={opened} allows={allows} />
          </header>
          <section class="message-area" aria-label={t('messageAsWritten')}>
            {file ? (
              OpenedContent && <OpenedContent text={opened.text} file={file} remoteImagesAllowed />
            ) : (
              <MessageBody text={opened.text} remoteImagesAllowed />
            )}
          </section>
          {!file && <ReplyBar token={token} allows={allows} />}
        </>
      )}
      {opened?.kind === 'key' && <KeyView block={opened} allows={allows} />}
    </main>
  );
}
