import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { call } from '../../../src/messaging/client';
import type { KeyView } from '../../../src/messaging/protocol';
import { copyText, downloadText, fileStem } from '../../components/files';
import { ErrorText, Field, Fingerprint, StrengthMeter, useAction } from '../../components/ui';
import { passphraseProblem, userWords } from '../../components/strength';
import { t } from '../../../src/core/i18n';

type Panel = 'unlock' | 'export-private' | 'revocation' | 'revoke' | 'passphrase' | 'delete' | 'delete-again' | null;

const day = (iso: string) => new Date(iso).toLocaleDateString(undefined, { year: 'numeric', month: 'long', day: 'numeric' });

export function keyStatus(key: KeyView): string {
  if (key.revoked) return t('keyRevoked');
  if (key.expired && key.expires) return t('keyExpiredOn', day(key.expires));
  return t('keyValid');
}

function PassphraseField({ value, onInput, label = t('passphrase') }: { value: string; onInput: (v: string) => void; label?: string }) {
  return (
    <Field label={label}>
      <input type="password" value={value} onInput={(e) => onInput(e.currentTarget.value)} autocomplete="current-password" />
    </Field>
  );
}

/** A small form under a key: what it is about, its fields, then the action and Cancel. */
function PanelForm(props: { submit: string; danger?: boolean; onSubmit: () => void; onCancel: () => void; children: ComponentChildren }) {
  return (
    <form
      class="panel"
      onSubmit={(event) => {
        event.preventDefault();
        props.onSubmit();
      }}
    >
      {props.children}
      <div class="actions">
        <button type="submit" class={props.danger ? 'danger' : 'primary'}>
          {props.submit}
        </button>
        <button type="button" onClick={props.onCancel}>
          {t('cancel')}
        </button>
      </div>
    </form>
  );
}

export function KeyCard({ keyView: key, onChange }: { keyView: KeyView; onChange: () => void }) {
  const [panel, setPanel] = useState<Panel>(null);
  const [passphrase, setPassphrase] = useState('');
  const [newPassphrase, setNewPassphrase] = useState('');
  const [repeat, setRepeat] = useState('');
  const [notice, setNotice] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const action = useAction();
  const stem = fileStem(key.address);
  const needsUnlock = key.secret && !key.unlocked;
  const fingerprint = key.fingerprint;

  function open(next: Panel) {
    setPanel(next);
    setPassphrase('');
    setNewPassphrase('');
    setRepeat('');
    setNotice(null);
    setProblem(null);
    action.setError(null);
  }

  async function act(work: () => Promise<void>, after: Panel = null, changed = true) {
    if (await action.run(work)) {
      open(after);
      if (changed) onChange();
    }
  }

  const exportPublic = () =>
    act(async () => downloadText(`${stem}-public.asc`, (await call('exportPublicKey', { fingerprint })).armored), null, false);
  const copyPublic = async () => {
    if (await action.run(async () => copyText((await call('exportPublicKey', { fingerprint })).armored))) setNotice(t('keyCopied'));
  };
  const downloadRevocation = () =>
    act(async () => {
      const { armored } = await call('getRevocationCertificate', { fingerprint, ...(passphrase ? { passphrase } : {}) });
      downloadText(`${stem}-revocation.asc`, armored);
    });

  return (
    <article class="key" aria-label={t('keyCardLabel', key.primaryUserId ?? key.address)}>
      <header>
        <h3>{key.primaryUserId ?? key.address}</h3>
        <span class={`badge ${key.revoked || key.expired ? 'bad' : 'good'}`}>{keyStatus(key)}</span>
        {key.isDefault && <span class="badge">{t('keyDefault')}</span>}
        {key.secret && <span class="badge">{t(key.unlocked ? 'keyUnlocked' : 'keyLocked')}</span>}
      </header>
      <dl>
        <dt>{t('keyFingerprint')}</dt>
        <dd>
          <Fingerprint value={fingerprint} />
        </dd>
        {key.userIds.length > 1 && (
          <>
            <dt>{t('keyUserIds')}</dt>
            <dd>{key.userIds.join(t('listSeparator'))}</dd>
          </>
        )}
        <dt>{t('keyTrustedFor')}</dt>
        <dd>
          {key.emails.map((address) =>
            key.confirmedFor.includes(address) ? (
              <span key={address} class="confirmed">
                {t('keyConfirmedAddress', address)}{' '}
              </span>
            ) : (
              <span key={address}>
                {t('keyUnconfirmedAddress', address)}{' '}
                <button type="button" onClick={() => act(async () => void (await call('confirmKey', { fingerprint, address })))}>
                  {t('useKeyFor', address)}
                </button>{' '}
              </span>
            ),
          )}
        </dd>
        <dt>{t('keyType')}</dt>
        <dd>{key.algorithm}</dd>
        <dt>{t('keyCreated')}</dt>
        <dd>{day(key.created)}</dd>
        <dt>{t('keyExpires')}</dt>
        <dd>{key.expires ? day(key.expires) : t('keyNever')}</dd>
      </dl>
      {/* One primary action (unlock a locked key of one's own, else share the public key); the rest in a menu. */}
      <div class="actions">
        {needsUnlock ? (
          <button type="button" class="primary" onClick={() => open('unlock')}>{t('keyUnlockMenu')}</button>
        ) : (
          <button type="button" class="primary" onClick={exportPublic}>{t('keyExportPublic')}</button>
        )}
        <details class="more-actions">
          <summary>{t('keyMoreActions')}</summary>
          <div class="actions">
            {needsUnlock && <button type="button" onClick={exportPublic}>{t('keyExportPublic')}</button>}
            <button type="button" onClick={copyPublic}>{t('keyCopyPublic')}</button>
            {key.secret && !key.isDefault && !key.revoked && (
              <button type="button" onClick={() => act(async () => void (await call('setDefaultKey', { fingerprint })))}>{t('keyMakeDefault')}</button>
            )}
            {key.secret && <button type="button" onClick={() => open('export-private')}>{t('keyExportPrivateMenu')}</button>}
            {key.secret && (
              <button type="button" onClick={() => (key.hasRevocationCertificate ? downloadRevocation() : open('revocation'))}>
                {t('keyDownloadRevocation')}
              </button>
            )}
            {key.secret && !key.revoked && <button type="button" onClick={() => open('revoke')}>{t('keyRevokeMenu')}</button>}
            {key.secret && <button type="button" onClick={() => open('passphrase')}>{t('keyChangePassphraseMenu')}</button>}
            <button type="button" class="danger" onClick={() => open('delete')}>{t('keyDeleteMenu')}</button>
          </div>
        </details>
      </div>
      {notice && <p role="status">{notice}</p>}

      {panel === 'unlock' && (
        <PanelForm submit={t('unlock')} onSubmit={() => act(async () => void (await call('unlockKey', { fingerprint, passphrase })))} onCancel={() => open(null)}>
          <PassphraseField value={passphrase} onInput={setPassphrase} />
        </PanelForm>
      )}
      {panel === 'export-private' && (
        <PanelForm
          submit={t('keyExportPrivate')}
          onSubmit={() =>
            act(async () => downloadText(`${stem}-private.asc`, (await call('exportPrivateKey', { fingerprint, passphrase })).armored), null, false)
          }
          onCancel={() => open(null)}
        >
          <p class="warning">{t('keyExportPrivateWarning')}</p>
          <PassphraseField value={passphrase} onInput={setPassphrase} label={t('passphraseOfKey')} />
        </PanelForm>
      )}
      {panel === 'revocation' && (
        <PanelForm submit={t('keyDownloadRevocation')} onSubmit={downloadRevocation} onCancel={() => open(null)}>
          <p>{t('keyRevocationAbout')}</p>
          <PassphraseField value={passphrase} onInput={setPassphrase} label={t('passphraseOfKey')} />
        </PanelForm>
      )}
      {panel === 'revoke' && (
        <PanelForm
          submit={t('keyRevoke')}
          danger
          onSubmit={() => act(async () => void (await call('revokeKey', { fingerprint, ...(passphrase ? { passphrase } : {}) })))}
          onCancel={() => open(null)}
        >
          <p class="warning">{t('keyRevokeWarning')}</p>
          {!key.hasRevocationCertificate && <PassphraseField value={passphrase} onInput={setPassphrase} label={t('passphraseOfKey')} />}
        </PanelForm>
      )}
      {panel === 'passphrase' && (
        <PanelForm
          submit={t('keyChangePassphrase')}
          onSubmit={async () => {
            const mistake = await passphraseProblem(newPassphrase, repeat, userWords(...key.userIds));
            setProblem(mistake);
            if (!mistake) void act(async () => void (await call('changePassphrase', { fingerprint, oldPassphrase: passphrase, newPassphrase })));
          }}
          onCancel={() => open(null)}
        >
          <PassphraseField value={passphrase} onInput={setPassphrase} label={t('keyCurrentPassphrase')} />
          <Field label={t('newPassphrase')}>
            <input type="password" value={newPassphrase} onInput={(e) => setNewPassphrase(e.currentTarget.value)} aria-describedby={`strength-${fingerprint}`} autocomplete="new-password" />
          </Field>
          <StrengthMeter value={newPassphrase} id={`strength-${fingerprint}`} userInputs={userWords(...key.userIds)} />
          <Field label={t('newPassphraseAgain')}>
            <input type="password" value={repeat} onInput={(e) => setRepeat(e.currentTarget.value)} autocomplete="new-password" />
          </Field>
        </PanelForm>
      )}
      {panel === 'delete' && (
        <div class="panel">
          {key.secret ? (
            <p class="warning">{t('keyDeletePrivateWarning')}</p>
          ) : (
            <p>{t('keyDeletePublicQuestion', key.address)}</p>
          )}
          <button
            type="button"
            class="danger"
            onClick={() => (key.secret ? open('delete-again') : act(async () => void (await call('deleteKey', { fingerprint }))))}
          >
            {key.secret ? t('continue') : t('keyDelete')}
          </button>{' '}
          <button type="button" onClick={() => open(null)}>{t('cancel')}</button>
        </div>
      )}
      {panel === 'delete-again' && (
        <div class="panel">
          <p class="warning">{t('keyDeleteSure')}</p>
          <button type="button" class="danger" onClick={() => act(async () => void (await call('deleteKey', { fingerprint })))}>
            {t('keyDeleteForGood')}
          </button>{' '}
          <button type="button" onClick={() => open(null)}>{t('cancel')}</button>
        </div>
      )}
      {problem && <p role="alert" class="error">{problem}</p>}
      <ErrorText error={action.error} />
    </article>
  );
}
