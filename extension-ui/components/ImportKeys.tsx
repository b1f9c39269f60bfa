import { useState } from 'preact/hooks';
import { describeError } from '../../src/core/errors';
import { call } from '../../src/messaging/client';
import type { ImportPreview } from '../../src/messaging/protocol';
import { readKeyFile } from './files';
import { ConflictChoices, ConflictWarning, type ConflictChoice } from './KeyConflicts';
import { passphraseProblem, userWords } from './strength';
import { ErrorText, Field, Fingerprint, StrengthMeter, useAction } from './ui';
import { t } from '../../src/core/i18n';

type Item = ImportPreview['keys'][number];

function flags(item: Item): string {
  if (item.action === 'revoke') return t('importFlagRevoke');
  const words = [t(item.info.secret ? 'importFlagPrivate' : 'importFlagPublic')];
  if (item.info.revoked) words.push(t('importFlagRevoked'));
  else if (item.info.expired) words.push(t('importFlagExpired'));
  if (item.action === 'update') words.push(t('importFlagUpdate'));
  return words.join(t('listSeparator'));
}

/** Paste or open keys, see what they are, then confirm. Nothing is saved before the confirmation. */
/**
 * `allows`, in frames over a webmail page: whether the click that imports came from a person who
 * could see the frame (a page can make a frame invisible to harvest clicks).
 */
export function ImportKeys({ onDone, title, allows }: { onDone: () => void; title: string; allows?: (event: Event) => boolean }) {
  const [text, setText] = useState('');
  const [preview, setPreview] = useState<Item[] | null>(null);
  const [protect, setProtect] = useState('');
  const [protectRepeat, setProtectRepeat] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const action = useAction();
  const needsPassphrase = preview?.some((item) => item.needsPassphrase) ?? false;
  const onlyRevocations = preview !== null && preview.length > 0 && preview.every((item) => item.action === 'revoke');

  async function review(event: Event) {
    event.preventDefault();
    setDone(null);
    await action.run(async () => setPreview((await call('previewImport', { text })).keys));
  }

  async function openFile(event: Event) {
    const file = (event.currentTarget as HTMLInputElement).files?.[0];
    if (!file) return;
    setText(await readKeyFile(file));
    setPreview(null);
  }

  const conflicts = preview?.flatMap((item) => item.conflicts) ?? [];
  const ownWords = userWords(...(preview?.flatMap((item) => item.info.userIds) ?? []));

  async function confirm(event: Event, choice?: ConflictChoice) {
    if (allows && !allows(event)) return setProblem(describeError('no_user_action'));
    const mistake = needsPassphrase ? await passphraseProblem(protect, protectRepeat, ownWords) : null;
    setProblem(mistake);
    if (mistake) return;
    const ok = await action.run(async () => {
      const { fingerprints } = await call('importKeys', { text, ...(needsPassphrase ? { protectPassphrase: protect } : {}), ...(choice ? { choice } : {}) });
      setDone(fingerprints.length === 1 ? t('importedOne') : t('importedMany', fingerprints.length));
    });
    if (ok) {
      setText('');
      setPreview(null);
      setProtect('');
      setProtectRepeat('');
      onDone();
    }
  }

  return (
    <section class="panel" aria-label={title}>
      <h3>{title}</h3>
      {!preview && (
        <form onSubmit={review}>
          <Field label={t('importPaste')}>
            <textarea rows={6} value={text} onInput={(e) => setText(e.currentTarget.value)} spellcheck={false} />
          </Field>
          <Field label={t('importOpenFile')}>
            <input type="file" accept=".asc,.gpg,.pgp,.key,.txt" onChange={openFile} />
          </Field>
          <ErrorText error={action.error} />
          <button type="submit" disabled={action.busy || text.trim() === ''}>
            {t('importReview')}
          </button>
        </form>
      )}
      {preview && (
        <div>
          <p>
            {onlyRevocations
              ? preview.length === 1 ? t('importWillApplyOne') : t('importWillApplyMany', preview.length)
              : preview.length === 1 ? t('importWillImportOne') : t('importWillImportMany', preview.length)}
          </p>
          <ul class="preview">
            {preview.map((item, index) => (
              <li key={`${index}-${item.info.fingerprint}`}>
                <strong>{item.info.primaryUserId ?? item.info.address}</strong> <span class="muted">({flags(item)})</span>
                <br />
                <Fingerprint value={item.info.fingerprint} />
              </li>
            ))}
          </ul>
          {needsPassphrase && (
            <div>
              <p>{t('importNeedsPassphrase')}</p>
              <Field label={t('importProtectPassphrase')}>
                <input type="password" value={protect} onInput={(e) => setProtect(e.currentTarget.value)} aria-describedby="import-strength" autocomplete="new-password" />
              </Field>
              <StrengthMeter value={protect} id="import-strength" userInputs={ownWords} />
              <Field label={t('newPassphraseAgain')}>
                <input type="password" value={protectRepeat} onInput={(e) => setProtectRepeat(e.currentTarget.value)} autocomplete="new-password" />
              </Field>
            </div>
          )}
          {conflicts.length > 0 && <ConflictWarning conflicts={conflicts} />}
          {problem && <p role="alert" class="error">{problem}</p>}
          <ErrorText error={action.error} />
          <div class="actions">
            {conflicts.length === 0 ? (
              <button type="button" class="primary" onClick={(event) => void confirm(event)} disabled={action.busy}>
                {onlyRevocations ? t('importApply') : preview.length === 1 ? t('importOneKey') : t('importManyKeys', preview.length)}
              </button>
            ) : (
              <ConflictChoices onChoose={(event, choice) => void confirm(event, choice)} busy={action.busy} />
            )}
            <button type="button" onClick={() => setPreview(null)}>
              {t('cancel')}
            </button>
          </div>
        </div>
      )}
      {done && <p role="status">{done}</p>}
    </section>
  );
}
