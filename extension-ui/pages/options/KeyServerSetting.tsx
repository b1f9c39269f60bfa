import { useState } from 'preact/hooks';
import { t } from '../../../src/core/i18n';
import { call } from '../../../src/messaging/client';
import { ErrorText, useAction } from '../../components/ui';

/** Whether a key lookup may ask keys.openpgp.org besides the recipient's own domain; off unless chosen here. */
export function KeyServerSetting({ allowed, onChange }: { allowed: boolean; onChange: () => void }) {
  const [current, setCurrent] = useState(allowed);
  const action = useAction();
  return (
    <fieldset>
      <legend>{t('keyServerLegend')}</legend>
      <p>{t('keyServerAbout')}</p>
      <label class="check">
        <input
          type="checkbox"
          checked={current}
          onChange={(event) => {
            const next = event.currentTarget.checked;
            setCurrent(next);
            void action.run(async () => {
              await call('setKeyServer', { allowed: next });
              onChange();
            });
          }}
        />{' '}
        {t('keyServerAllow')}
      </label>
      <ErrorText error={action.error} />
    </fieldset>
  );
}
