import { useState } from 'preact/hooks';
import { call } from '../../../src/messaging/client';
import type { ComposeMode } from '../../../src/messaging/protocol';
import { ErrorText, useAction } from '../../components/ui';
import { t } from '../../../src/core/i18n';

/** Where secure mail is written; each compose view also offers the other choice for that message. */
export function ComposeModeSetting({ mode, onChange }: { mode: ComposeMode; onChange: () => void }) {
  const [current, setCurrent] = useState(mode);
  const action = useAction();
  const choose = (next: ComposeMode) => {
    setCurrent(next);
    void action.run(async () => {
      await call('setComposeMode', { mode: next });
      onChange();
    });
  };
  return (
    <fieldset>
      <legend>{t('composeModeLegend')}</legend>
      <label class="check">
        <input type="radio" name="compose-mode" checked={current === 'secure'} onChange={() => choose('secure')} /> {t('composeModeSecure')}
      </label>
      <label class="check">
        <input type="radio" name="compose-mode" checked={current === 'native'} onChange={() => choose('native')} /> {t('composeModeNative')}
      </label>
      <ErrorText error={action.error} />
    </fieldset>
  );
}
