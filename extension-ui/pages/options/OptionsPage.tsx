import { useState } from 'preact/hooks';
import { call } from '../../../src/messaging/client';
import { ErrorText, useAction } from '../../components/ui';
import { GenerateKeyForm } from './GenerateKeyForm';
import { ImportKeys } from '../../components/ImportKeys';
import { KeyCard } from './KeyCard';
import { ComposeModeSetting } from './ComposeModeSetting';
import { PasswordMailSettings } from './PasswordMailSettings';
import { useKeyring } from './useKeyring';
import { RecoveryKit } from './RecoveryKit';
import { CheckSetting, saveKeyInMail, saveKeyServer } from './CheckSetting';
import { t, type MessageKey } from '../../../src/core/i18n';

type Tab = 'keys' | 'contacts' | 'settings';
const TABS: Array<{ id: Tab; label: MessageKey }> = [
  { id: 'keys', label: 'tabMyKeys' },
  { id: 'contacts', label: 'tabContacts' },
  { id: 'settings', label: 'tabSettings' },
];
const AUTO_LOCK_CHOICES = [5, 15, 30, 60, 120, 480];

export function OptionsPage() {
  const { view, error, reload } = useKeyring();
  const [tab, setTab] = useState<Tab>('keys');
  /** null until the user opens or closes the form: then it shows only while there is no key. */
  const [creatingChoice, setCreating] = useState<boolean | null>(null);
  /** Asked once, right after a key is made: a key lost with the browser's profile takes every mail sent to it along. */
  const [backupPrompt, setBackupPrompt] = useState(false);
  const lock = useAction();
  const settings = useAction();
  const mine = view?.keys.filter((key) => key.secret) ?? [];
  const contacts = view?.keys.filter((key) => !key.secret) ?? [];

  const creating = creatingChoice ?? mine.length === 0;

  return (
    <main>
      <header class="top">
        <div>
          <h1>{t('extName')}</h1>
          <p class="muted">{t('optionsTagline')}</p>
          <p>
            <a href="../../reader/index.html" target="_blank" rel="noopener">
              {t('openReader')}
            </a>{' '}
            <span class="muted">{t('openReaderWhy')}</span>
          </p>
        </div>
        <button type="button" onClick={() => lock.run(async () => void (await call('lockNow', {}))).then(reload)} disabled={lock.busy}>
          {t('lockNow')}
        </button>
      </header>
      <nav aria-label={t('sections')}>
        {TABS.map((item) => (
          <button type="button" key={item.id} aria-current={tab === item.id ? 'page' : undefined} onClick={() => setTab(item.id)}>
            {t(item.label)}
          </button>
        ))}
      </nav>
      <ErrorText error={error ?? lock.error} />
      {view === null && !error && <p>{t('loadingKeys')}</p>}

      {view && tab === 'keys' && (
        <section aria-labelledby="keys-heading">
          <h2 id="keys-heading">{t('tabMyKeys')}</h2>
          {mine.length === 0 && <p>{t('noKeyYet')}</p>}
          {backupPrompt && (
            <section class="panel backup-prompt" aria-labelledby="backup-heading">
              <h3 id="backup-heading">{t('backupPromptHeading')}</h3>
              <p>{t('backupPromptAbout')}</p>
              <RecoveryKit makeOnly onRestored={() => void reload()} onWrittenDown={() => setBackupPrompt(false)} />
              <button type="button" onClick={() => setBackupPrompt(false)}>
                {t('backupPromptLater')}
              </button>
            </section>
          )}
          {mine.map((key) => (
            <KeyCard keyView={key} onChange={reload} key={key.fingerprint} />
          ))}
          <div class="actions">
            <button type="button" aria-expanded={creating} onClick={() => setCreating(!creating)}>
              {creating ? t('hideNewKeyForm') : t('createNewKeyMenu')}
            </button>
          </div>
          {creating && <GenerateKeyForm onDone={() => (setCreating(false), setBackupPrompt(true), void reload())} />}
          <ImportKeys title={t('importYourKeys')} onDone={reload} />
        </section>
      )}

      {view && tab === 'contacts' && (
        <section aria-labelledby="contacts-heading">
          <h2 id="contacts-heading">{t('tabContacts')}</h2>
          {contacts.length === 0 && <p>{t('noContactsYet')}</p>}
          {contacts.map((key) => (
            <KeyCard keyView={key} onChange={reload} key={key.fingerprint} />
          ))}
          <ImportKeys title={t('importContactKey')} onDone={reload} />
        </section>
      )}

      {view && tab === 'settings' && (
        <section aria-labelledby="settings-heading">
          <h2 id="settings-heading">{t('tabSettings')}</h2>
          <label class="field">
            <span class="label">{t('autoLockLabel')}</span>
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
                  {minutes < 60 ? t('minutes', minutes) : minutes === 60 ? t('oneHour') : t('hours', minutes / 60)}
                </option>
              ))}
            </select>
          </label>
          <ErrorText error={settings.error} />
          <ComposeModeSetting mode={view.composeMode} onChange={() => void reload()} />
          <PasswordMailSettings settings={view.passwordMail} onChange={() => void reload()} />
          <CheckSetting legend={t('keyServerLegend')} about={t('keyServerAbout')} label={t('keyServerAllow')} checked={view.keyServer} save={saveKeyServer} onChange={() => void reload()} />
          <CheckSetting legend={t('keyInMailLegend')} about={t('keyInMailAbout')} label={t('keyInMailAttach')} checked={view.keyInMail} save={saveKeyInMail} onChange={() => void reload()} />
          <RecoveryKit onRestored={() => void reload()} />
        </section>
      )}
    </main>
  );
}
