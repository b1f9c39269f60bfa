import { useState } from 'preact/hooks';
import { call } from '../../../src/messaging/client';
import { ErrorText, useAction } from '../../components/ui';

/** One on/off setting of the key manager, with what it means, saved as soon as it changes. */
export function CheckSetting({ legend, about, label, checked, save, onChange }: { legend: string; about: string; label: string; checked: boolean; save: (on: boolean) => Promise<unknown>; onChange: () => void }) {
  const [current, setCurrent] = useState(checked);
  const action = useAction();
  return (
    <fieldset>
      <legend>{legend}</legend>
      <p>{about}</p>
      <label class="check">
        <input
          type="checkbox"
          checked={current}
          onChange={(event) => {
            const next = event.currentTarget.checked;
            setCurrent(next);
            void action.run(async () => {
              await save(next);
              onChange();
            });
          }}
        />{' '}
        {label}
      </label>
      <ErrorText error={action.error} />
    </fieldset>
  );
}

/** Whether a key lookup may ask keys.openpgp.org besides the recipient's own domain; off unless chosen here. */
export const saveKeyServer = (allowed: boolean) => call('setKeyServer', { allowed });
/** Whether mail sealed to keys carries the sender's public key; off unless chosen here. */
export const saveKeyInMail = (on: boolean) => call('setKeyInMail', { on });
