import { useState } from 'preact/hooks';
import { call } from '../../../src/messaging/client';
import { ErrorText, useAction } from '../../components/ui';
import { GenerateKeyForm } from './GenerateKeyForm';
import { ImportKeys } from '../../components/ImportKeys';
import { KeyCard } from './KeyCard';
import { ComposeModeSetting } from './ComposeModeSetting';
import { PasswordMailSettings } from './PasswordMailSettings';
import { useKeyring } from './useKeyring';

type Tab = 'keys' | 'contacts' | 'settings';
const TABS: Array<{ id: Tab; label: string }> = [
  { id: 'keys', label: 'My keys' },
  { id: 'contacts', label: 'Contacts' },
  { id: 'settings', label: 'Settings' },
];
const AUTO_LOCK_CHOICES = [5, 15, 30, 60, 120, 480];

export function OptionsPage() {
  const { view, error, reload } = useKeyring();
  const [tab, setTab] = useState<Tab>('keys');
  /** null until the user opens or closes the form: then it shows only while there is no key. */
  const [creatingChoice, setCreating] = useState<boolean | null>(null);
  const lock = useAction();
  const settings = useAction();
  const mine = view?.keys.filter((key) => key.secret) ?? [];
  const contacts = view?.keys.filter((key) => !key.secret) ?? [];

  const creating = creatingChoice ?? mine.length === 0;

  return (
    <main>
      <header class="top">
        <div>
          <h1>Sealmail</h1>
          <p class="muted">End-to-end encrypted email in the webmail you already use. Your keys stay in this browser.</p>
          <p>
            <a href="../../reader/index.html" target="_blank" rel="noopener">
              Open the reader
            </a>{' '}
            <span class="muted">for encrypted text pasted from anywhere, or a message protected with a password.</span>
          </p>
        </div>
        <button type="button" onClick={() => lock.run(async () => void (await call('lockNow', {}))).then(reload)} disabled={lock.busy}>
          Lock now
        </button>
      </header>
      <nav aria-label="Sections">
        {TABS.map((item) => (
          <button type="button" key={item.id} aria-current={tab === item.id ? 'page' : undefined} onClick={() => setTab(item.id)}>
            {item.label}
          </button>
        ))}
      </nav>
      <ErrorText error={error ?? lock.error} />
      {view === null && !error && <p>Loading your keys…</p>}

      {view && tab === 'keys' && (
        <section aria-labelledby="keys-heading">
          <h2 id="keys-heading">My keys</h2>
          {mine.length === 0 && <p>You have no key yet. Create one, or import a key you already have.</p>}
          {mine.map((key) => (
            <KeyCard keyView={key} onChange={reload} key={key.fingerprint} />
          ))}
          <div class="actions">
            <button type="button" aria-expanded={creating} onClick={() => setCreating(!creating)}>
              {creating ? 'Hide the new key form' : 'Create a new key…'}
            </button>
          </div>
          {creating && <GenerateKeyForm onDone={() => (setCreating(false), void reload())} />}
          <ImportKeys title="Import your keys" onDone={reload} />
        </section>
      )}

      {view && tab === 'contacts' && (
        <section aria-labelledby="contacts-heading">
          <h2 id="contacts-heading">Contacts</h2>
          {contacts.length === 0 && <p>No contacts' keys yet. Import the public key a contact sent you.</p>}
          {contacts.map((key) => (
            <KeyCard keyView={key} onChange={reload} key={key.fingerprint} />
          ))}
          <ImportKeys title="Import a contact's key" onDone={reload} />
        </section>
      )}

      {view && tab === 'settings' && (
        <section aria-labelledby="settings-heading">
          <h2 id="settings-heading">Settings</h2>
          <label class="field">
            <span class="label">Lock my keys after this long without use</span>
            <select
              value={String(view.autoLockMinutes)}
              onChange={(e) => {
                const minutes = Number(e.currentTarget.value);
                void settings.run(async () => {
                  await call('setAutoLock', { minutes });
                  await reload();
                });
              }}
            >
              {AUTO_LOCK_CHOICES.map((minutes) => (
                <option value={String(minutes)} key={minutes}>
                  {minutes < 60 ? `${minutes} minutes` : `${minutes / 60} ${minutes === 60 ? 'hour' : 'hours'}`}
                </option>
              ))}
            </select>
          </label>
          <ErrorText error={settings.error} />
          <ComposeModeSetting mode={view.composeMode} onChange={() => void reload()} />
          <PasswordMailSettings settings={view.passwordMail} onChange={() => void reload()} />
        </section>
      )}
    </main>
  );
}
