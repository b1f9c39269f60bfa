import { useState } from 'preact/hooks';
import { call } from '../../../src/messaging/client';
import type { PasswordMailView } from '../../../src/messaging/protocol';
import { ErrorText, useAction } from '../../components/ui';
import { t } from '../../../src/core/i18n';

/** What a message protected with a password carries besides the message itself. */
export function PasswordMailSettings({ settings, onChange }: { settings: PasswordMailView; onChange: () => void }) {
  // Shown at once; saved right after (a controlled checkbox would otherwise snap back until the save returns).
  const [current, setCurrent] = useState(settings);
  const action = useAction();
  const save = (next: PasswordMailView) => {
    setCurrent(next);
    void action.run(async () => {
      await call('setPasswordMail', next);
      onChange();
    });
  };
  return (
    <fieldset>
      <legend>{t('passwordMailLegend')}</legend>
      <label class="check">
        <input type="checkbox" checked={current.note} onChange={(e) => save({ ...current, note: e.currentTarget.checked })} /> {t('passwordMailNote')}
      </label>
      <label class="field">
        <span class="label">{t('passwordMailReaderLink')}</span>
        <input
          type="url"
          value={current.readerUrl}
          placeholder="https://example.org/sealmail-reader.html"
          onInput={(e) => setCurrent({ ...current, readerUrl: e.currentTarget.value })}
          onChange={(e) => save({ ...current, readerUrl: e.currentTarget.value })}
        />
      </label>
      <label class="check">
        <input type="checkbox" checked={current.attachKey} onChange={(e) => save({ ...current, attachKey: e.currentTarget.checked })} /> {t('passwordMailAttachKey')}
      </label>
      <ErrorText error={action.error} />
    </fieldset>
  );
}
