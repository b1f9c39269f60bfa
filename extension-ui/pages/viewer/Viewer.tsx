import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { groupHex, toWireError, type ConflictDetail, type WireError } from '../../../src/core/errors';
import { call } from '../../../src/messaging/client';
import type { OpenedBlock } from '../../../src/messaging/protocol';
import { ImportKeys } from '../../components/ImportKeys';
import { ErrorText, Fingerprint, useAction } from '../../components/ui';
import { ConflictChoices, ConflictWarning, type ConflictChoice } from '../../components/KeyConflicts';
import { MessageBody } from '../../components/MessageBody';
import { Unlock } from '../../components/Unlock';
import { requireVisible, useVisibilityGuard } from '../../components/visibility';

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
        Verified signature from {signature.userId ?? signature.signerAddress}.
        {match === 'confirmed' && ' This is the sender shown.'}
        {match === 'unconfirmed' && (
          <>
            {' '}
            Careful: this key is new for {sender}: you have not confirmed it as theirs. Compare its fingerprint (
            {signature.fingerprint ? <Fingerprint value={signature.fingerprint} /> : 'unknown'}) with the sender before you trust this message,
            then confirm the key in Sealmail's key manager.
          </>
        )}
        {match === 'other' && ` Warning: the page shows this mail as from ${sender}, but it was signed by someone else.`}
      </p>
    );
  }
  if (signature.status === 'bad') {
    return (
      <p class="signature bad" role="status">
        Bad signature: this message was changed, or was not signed by the key it names. Do not trust it.
      </p>
    );
  }
  if (signature.status === 'unknown_key') {
    return (
      <div>
        <p class="signature neutral" role="status">
          Signed by a key you do not have{signature.fingerprint ? <> (<Fingerprint value={signature.fingerprint} />)</> : signature.keyId ? ` (key ${groupHex(signature.keyId)})` : ''}.
          Import the sender's key to check the signature.
        </p>
        <ImportKeys title="Import the sender's key" allows={allows} onDone={() => location.reload()} />
      </div>
    );
  }
  return (
    <p class="signature neutral" role="status">
      Not signed: anyone could have written this message.
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
          ? 'This message holds a revocation certificate: the owner of this key says it must no longer be used.'
          : `This message holds ${block.keys.length === 1 ? 'a public key' : `${block.keys.length} public keys`}:`}
      </p>
      <ul>
        {block.keys.map((key) => (
          <li key={key.fingerprint}>
            <strong>{key.primaryUserId ?? key.address}</strong> ({key.algorithm}
            {key.revoked ? ', revoked' : key.expired ? ', expired' : ''})<br />
            <Fingerprint value={key.fingerprint} />
          </li>
        ))}
      </ul>
      {done ? (
        <p role="status">{block.revokes ? `Applied: the key of ${block.keys[0]?.address} is now marked revoked.` : `Imported. You can now send secure mail to ${block.keys[0]?.address}.`}</p>
      ) : conflicts === null ? (
        <button type="button" onClick={(event) => void review(event)}>
          {block.revokes ? 'Apply this revocation…' : 'Import this key…'}
        </button>
      ) : conflicts.length === 0 ? (
        <p>
          {block.revokes
            ? 'Only the key itself can make its revocation, so this one is genuine.'
            : 'Compare the fingerprint with the sender (for example by phone) before you rely on it.'}{' '}
          <button type="button" class="primary" onClick={(event) => void importKey(event)}>
            {block.revokes ? 'Yes, apply' : 'Yes, import'}
          </button>{' '}
          <button type="button" onClick={() => setConflicts(null)}>
            Cancel
          </button>
        </p>
      ) : (
        <div>
          <ConflictWarning conflicts={conflicts} />
          <ConflictChoices onChoose={(event, choice) => void importKey(event, choice)} busy={action.busy} />
          <button type="button" onClick={() => setConflicts(null)}>
            Cancel
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
          The mail gives this password hint: <q>{hint}</q>
        </p>
      )}
      <label>
        Password for this message
        <input type="password" value={password} autocomplete="off" onInput={(event) => setPassword(event.currentTarget.value)} />
      </label>{' '}
      <button type="submit" class="primary" disabled={busy || !password}>
        {busy ? 'Opening…' : 'Open'}
      </button>
    </form>
  );
}

export function Viewer({ token }: { token: string }) {
  const frame = useRef<HTMLElement>(null);
  const allows = useVisibilityGuard(frame);
  const [opened, setOpened] = useState<OpenedBlock | null>(null);
  const [error, setError] = useState<WireError | null>(null);
  const load = useCallback(
    async (password?: string) => {
      if (!password) setError(null);
      try {
        setOpened(await call('openBlock', { token, ...(password ? { password } : {}) }));
        setError(null);
      } catch (caught) {
        setError(toWireError(caught));
      }
    },
    [token],
  );
  useEffect(() => void load(), [load]);

  return (
    <main class="viewer" aria-label="Decrypted by Sealmail" ref={frame}>
      {!opened && !error && <p>Decrypting…</p>}
      {error?.code === 'key_locked' && <Unlock error={error} submit="Unlock and read" onUnlocked={() => void load()} />}
      {error && wantsPassword(error) && <PasswordForm error={error} onOpen={load} />}
      {error && error.code !== 'key_locked' && !wantsPassword(error) && <p role="alert">{error.message}</p>}
      {opened?.kind === 'message' && (
        <>
          {/* Sealmail's verdict stands above and outside the message: nothing the sender writes can reach this band. */}
          <header class={`verdict ${verdictTone(opened)}`} aria-label="Checked by Sealmail">
            <svg class="verdict-icon" viewBox="0 0 24 24" width="20" height="20" aria-hidden="true">
              <path d="M12 2 4 5v6c0 5 3.4 9.4 8 11 4.6-1.6 8-6 8-11V5l-8-3z" />
            </svg>
            <SignatureLine message={opened} allows={allows} />
          </header>
          <section class="message-area" aria-label="The message, as the sender wrote it">
            <MessageBody text={opened.text} remoteImagesAllowed />
          </section>
        </>
      )}
      {opened?.kind === 'key' && <KeyView block={opened} allows={allows} />}
    </main>
  );
}
