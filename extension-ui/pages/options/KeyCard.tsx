import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { call } from '../../../src/messaging/client';
import type { KeyView } from '../../../src/messaging/protocol';
import { copyText, downloadText, fileStem } from '../../components/files';
import { ErrorText, Field, Fingerprint, StrengthMeter, useAction } from '../../components/ui';
import { passphraseProblem } from '../../components/strength';

type Panel = 'unlock' | 'export-private' | 'revocation' | 'revoke' | 'passphrase' | 'delete' | 'delete-again' | null;

const day = (iso: string) => new Date(iso).toLocaleDateString(undefined, { year: 'numeric', month: 'long', day: 'numeric' });

export function keyStatus(key: KeyView): string {
  if (key.revoked) return 'Revoked';
  if (key.expired && key.expires) return `Expired on ${day(key.expires)}`;
  return 'Valid';
}

function PassphraseField({ value, onInput, label = 'Passphrase' }: { value: string; onInput: (v: string) => void; label?: string }) {
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
          Cancel
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
    if (await action.run(async () => copyText((await call('exportPublicKey', { fingerprint })).armored))) setNotice('Public key copied.');
  };
  const downloadRevocation = () =>
    act(async () => {
      const { armored } = await call('getRevocationCertificate', { fingerprint, ...(passphrase ? { passphrase } : {}) });
      downloadText(`${stem}-revocation.asc`, armored);
    });

  return (
    <article class="key" aria-label={`Key of ${key.primaryUserId ?? key.address}`}>
      <header>
        <h4>{key.primaryUserId ?? key.address}</h4>
        <span class={`badge ${key.revoked || key.expired ? 'bad' : 'good'}`}>{keyStatus(key)}</span>
        {key.isDefault && <span class="badge">Default</span>}
        {key.secret && <span class="badge">{key.unlocked ? 'Unlocked' : 'Locked'}</span>}
      </header>
      <dl>
        <dt>Fingerprint</dt>
        <dd>
          <Fingerprint value={fingerprint} />
        </dd>
        {key.userIds.length > 1 && (
          <>
            <dt>User IDs</dt>
            <dd>{key.userIds.join(', ')}</dd>
          </>
        )}
        <dt>Trusted for</dt>
        <dd>
          {key.emails.map((address) =>
            key.confirmedFor.includes(address) ? (
              <span key={address} class="confirmed">
                {address} (confirmed){' '}
              </span>
            ) : (
              <span key={address}>
                {address}: not confirmed.{' '}
                <button type="button" onClick={() => act(async () => void (await call('confirmKey', { fingerprint, address })))}>
                  Use this key for {address}
                </button>{' '}
              </span>
            ),
          )}
        </dd>
        <dt>Type</dt>
        <dd>{key.algorithm}</dd>
        <dt>Created</dt>
        <dd>{day(key.created)}</dd>
        <dt>Expires</dt>
        <dd>{key.expires ? day(key.expires) : 'Never'}</dd>
      </dl>
      <div class="actions">
        <button type="button" onClick={exportPublic}>Export public key</button>
        <button type="button" onClick={copyPublic}>Copy public key</button>
        {key.secret && !key.isDefault && !key.revoked && (
          <button type="button" onClick={() => act(async () => void (await call('setDefaultKey', { fingerprint })))}>Make default</button>
        )}
        {key.secret && !key.unlocked && <button type="button" onClick={() => open('unlock')}>Unlock…</button>}
        {key.secret && <button type="button" onClick={() => open('export-private')}>Export private key…</button>}
        {key.secret && (
          <button type="button" onClick={() => (key.hasRevocationCertificate ? downloadRevocation() : open('revocation'))}>
            Download revocation certificate
          </button>
        )}
        {key.secret && !key.revoked && <button type="button" onClick={() => open('revoke')}>Revoke…</button>}
        {key.secret && <button type="button" onClick={() => open('passphrase')}>Change passphrase…</button>}
        <button type="button" class="danger" onClick={() => open('delete')}>Delete…</button>
      </div>
      {notice && <p role="status">{notice}</p>}

      {panel === 'unlock' && (
        <PanelForm submit="Unlock" onSubmit={() => act(async () => void (await call('unlockKey', { fingerprint, passphrase })))} onCancel={() => open(null)}>
          <PassphraseField value={passphrase} onInput={setPassphrase} />
        </PanelForm>
      )}
      {panel === 'export-private' && (
        <PanelForm
          submit="Export private key"
          onSubmit={() =>
            act(async () => downloadText(`${stem}-private.asc`, (await call('exportPrivateKey', { fingerprint, passphrase })).armored), null, false)
          }
          onCancel={() => open(null)}
        >
          <p class="warning">
            This file holds your private key, still protected by your passphrase. Anyone who has the file and guesses the passphrase can read
            your mail and sign as you. Keep it somewhere safe and never send it to anyone.
          </p>
          <PassphraseField value={passphrase} onInput={setPassphrase} label="Passphrase of this key" />
        </PanelForm>
      )}
      {panel === 'revocation' && (
        <PanelForm submit="Download revocation certificate" onSubmit={downloadRevocation} onCancel={() => open(null)}>
          <p>A revocation certificate lets you revoke this key even if you lose it or forget its passphrase. Keep it safe and offline.</p>
          <PassphraseField value={passphrase} onInput={setPassphrase} label="Passphrase of this key" />
        </PanelForm>
      )}
      {panel === 'revoke' && (
        <PanelForm
          submit="Revoke key"
          danger
          onSubmit={() => act(async () => void (await call('revokeKey', { fingerprint, ...(passphrase ? { passphrase } : {}) })))}
          onCancel={() => open(null)}
        >
          <p class="warning">
            Revoking marks this key as no longer to be used. It cannot be undone. Send the revoked public key to the people who have it.
          </p>
          {!key.hasRevocationCertificate && <PassphraseField value={passphrase} onInput={setPassphrase} label="Passphrase of this key" />}
        </PanelForm>
      )}
      {panel === 'passphrase' && (
        <PanelForm
          submit="Change passphrase"
          onSubmit={() => {
            const mistake = passphraseProblem(newPassphrase, repeat);
            setProblem(mistake);
            if (!mistake) void act(async () => void (await call('changePassphrase', { fingerprint, oldPassphrase: passphrase, newPassphrase })));
          }}
          onCancel={() => open(null)}
        >
          <PassphraseField value={passphrase} onInput={setPassphrase} label="Current passphrase" />
          <Field label="New passphrase">
            <input type="password" value={newPassphrase} onInput={(e) => setNewPassphrase(e.currentTarget.value)} aria-describedby={`strength-${fingerprint}`} autocomplete="new-password" />
          </Field>
          <StrengthMeter value={newPassphrase} id={`strength-${fingerprint}`} />
          <Field label="New passphrase again">
            <input type="password" value={repeat} onInput={(e) => setRepeat(e.currentTarget.value)} autocomplete="new-password" />
          </Field>
        </PanelForm>
      )}
      {panel === 'delete' && (
        <div class="panel">
          {key.secret ? (
            <p class="warning">
              Deleting this private key means you can no longer read mail encrypted to it, unless you have a backup. Export it first if you
              are not sure.
            </p>
          ) : (
            <p>Delete the public key of {key.address}? You will not be able to send them encrypted mail until you import it again.</p>
          )}
          <button
            type="button"
            class="danger"
            onClick={() => (key.secret ? open('delete-again') : act(async () => void (await call('deleteKey', { fingerprint }))))}
          >
            {key.secret ? 'Continue' : 'Delete key'}
          </button>{' '}
          <button type="button" onClick={() => open(null)}>Cancel</button>
        </div>
      )}
      {panel === 'delete-again' && (
        <div class="panel">
          <p class="warning">Are you sure? This private key will be gone from this browser for good.</p>
          <button type="button" class="danger" onClick={() => act(async () => void (await call('deleteKey', { fingerprint })))}>
            Delete private key for good
          </button>{' '}
          <button type="button" onClick={() => open(null)}>Cancel</button>
        </div>
      )}
      {problem && <p role="alert" class="error">{problem}</p>}
      <ErrorText error={action.error} />
    </article>
  );
}
