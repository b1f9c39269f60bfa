import { useState } from 'preact/hooks';
import { t } from '../../../src/core/i18n';
import { call } from '../../../src/messaging/client';
import { downloadText } from '../../components/files';
import { ErrorText, Field, useAction } from '../../components/ui';

/**
 * The recovery kit: made here, saved as a file, its code shown once (to write down or print) and
 * kept nowhere; restored here from the file and the code. Neither goes anywhere but this browser.
 */
/** `makeOnly`: only the making of a kit (the prompt after a key is created), `onWrittenDown` when the user says the code is written down. */
export function RecoveryKit({ onRestored, makeOnly = false, onWrittenDown }: { onRestored: () => void; makeOnly?: boolean; onWrittenDown?: () => void }) {
  const [made, setMade] = useState<{ code: string; kit: string; fileName: string } | null>(null);
  const [file, setFile] = useState<{ name: string; text: string } | null>(null);
  const [code, setCode] = useState('');
  const [restored, setRestored] = useState<string | null>(null);
  const make = useAction();
  const restore = useAction();
  const save = (kit: { kit: string; fileName: string }) => downloadText(kit.fileName, kit.kit, 'application/json');

  async function makeKit() {
    await make.run(async () => {
      const kit = await call('makeRecoveryKit', {});
      setMade(kit);
      save(kit);
    });
  }

  async function restoreKit(event: Event) {
    event.preventDefault();
    if (!file) return;
    setRestored(null);
    const ok = await restore.run(async () => {
      const { added } = await call('restoreRecoveryKit', { kit: file.text, code });
      setRestored(added === 1 ? t('recoveryRestoredOne') : t('recoveryRestoredMany', added));
    });
    if (ok) {
      setCode('');
      onRestored();
    }
  }

  return (
    <fieldset>
      <legend>{t('recoveryLegend')}</legend>
      <p>{t('recoveryAbout')}</p>
      {!made ? (
        <button type="button" onClick={() => void makeKit()} disabled={make.busy}>
          {make.busy ? t('recoveryMaking') : t('recoveryMake')}
        </button>
      ) : (
        <div class="panel recovery-sheet">
          <p role="status">{t('recoverySaved', made.fileName)}</p>
          <p class="warning">{t('recoveryCodeOnce')}</p>
          <p>
            <code class="recovery-code" aria-label={t('recoveryCodeLabel')}>
              {made.code}
            </code>
          </p>
          <div class="actions no-print">
            <button type="button" onClick={() => window.print()}>
              {t('recoveryPrint')}
            </button>
            <button type="button" onClick={() => save(made)}>
              {t('recoverySaveAgain')}
            </button>
            <button type="button" class="primary" onClick={() => (setMade(null), onWrittenDown?.())}>
              {t('recoveryWrittenDown')}
            </button>
          </div>
        </div>
      )}
      <ErrorText error={make.error} />
      {!makeOnly && (
        <form onSubmit={(event) => void restoreKit(event)} aria-labelledby="restore-heading">
          <h3 id="restore-heading">{t('recoveryRestoreHeading')}</h3>
          <Field label={t('recoveryKitFile')}>
            <input
              type="file"
              accept=".json,application/json"
              onChange={async (event) => {
                const chosen = event.currentTarget.files?.[0];
                setFile(chosen ? { name: chosen.name, text: await chosen.text() } : null);
              }}
            />
          </Field>
          <Field label={t('recoveryCodeField')}>
            <input value={code} onInput={(event) => setCode(event.currentTarget.value)} autocomplete="off" spellcheck={false} />
          </Field>
          <ErrorText error={restore.error} />
          <button type="submit" disabled={!file || !code.trim() || restore.busy}>
            {restore.busy ? t('recoveryRestoring') : t('recoveryRestore')}
          </button>
          {restored && <p role="status">{restored}</p>}
        </form>
      )}
    </fieldset>
  );
}
