import { useState } from 'preact/hooks';
import type { KeyAlgorithm } from '../../../src/core/keys';
import { call } from '../../../src/messaging/client';
import { passphraseProblem, userWords } from '../../components/strength';
import { ErrorText, Field, StrengthMeter, useAction } from '../../components/ui';
import { t } from '../../../src/core/i18n';

const EXPIRY_CHOICES = [0, 1, 2, 5];
const expiryLabel = (years: number) => (years === 0 ? t('expiryNever') : years === 1 ? t('expiryOneYear') : t('expiryYears', years));

function expiryDate(years: number): string | null {
  if (years === 0) return null;
  const date = new Date();
  date.setFullYear(date.getFullYear() + years);
  return date.toISOString();
}

export function GenerateKeyForm({ onDone }: { onDone: () => void }) {
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [passphrase, setPassphrase] = useState('');
  const [repeat, setRepeat] = useState('');
  const [algorithm, setAlgorithm] = useState<KeyAlgorithm>('ecc');
  const [years, setYears] = useState(0);
  const [problem, setProblem] = useState<string | null>(null);
  const action = useAction();

  async function submit(event: Event) {
    event.preventDefault();
    const mistake = await passphraseProblem(passphrase, repeat, userWords(name, email));
    setProblem(mistake);
    if (mistake) return;
    const ok = await action.run(async () => {
      await call('generateKey', { name, email, passphrase, algorithm, expires: expiryDate(years) });
    });
    if (ok) {
      setPassphrase('');
      setRepeat('');
      onDone();
    }
  }

  return (
    <form class="panel" onSubmit={submit} aria-labelledby="generate-heading">
      <h3 id="generate-heading">{t('createKeyHeading')}</h3>
      <Field label={t('yourName')}>
        <input value={name} onInput={(e) => setName(e.currentTarget.value)} autocomplete="name" />
      </Field>
      <Field label={t('emailAddress')}>
        <input type="email" value={email} onInput={(e) => setEmail(e.currentTarget.value)} autocomplete="email" required />
      </Field>
      <Field label={t('passphrase')} hint={t('passphraseHint')}>
        <input type="password" value={passphrase} onInput={(e) => setPassphrase(e.currentTarget.value)} autocomplete="new-password" aria-describedby="new-strength" required />
      </Field>
      <StrengthMeter value={passphrase} id="new-strength" userInputs={userWords(name, email)} />
      <Field label={t('passphraseAgain')}>
        <input type="password" value={repeat} onInput={(e) => setRepeat(e.currentTarget.value)} autocomplete="new-password" required />
      </Field>
      <Field label={t('keyTypeLabel')}>
        <select value={algorithm} onChange={(e) => setAlgorithm(e.currentTarget.value as KeyAlgorithm)}>
          <option value="ecc">{t('keyTypeEcc')}</option>
          <option value="rsa3072">{t('keyTypeRsa3072')}</option>
          <option value="rsa4096">{t('keyTypeRsa4096')}</option>
        </select>
      </Field>
      <Field label={t('expiresLabel')}>
        <select value={String(years)} onChange={(e) => setYears(Number(e.currentTarget.value))}>
          {EXPIRY_CHOICES.map((choice) => (
            <option value={String(choice)} key={choice}>
              {expiryLabel(choice)}
            </option>
          ))}
        </select>
      </Field>
      {problem && <p role="alert" class="error">{problem}</p>}
      <ErrorText error={action.error} />
      <button type="submit" class="primary" disabled={action.busy}>
        {action.busy ? t('creatingKey') : t('createKey')}
      </button>
    </form>
  );
}
