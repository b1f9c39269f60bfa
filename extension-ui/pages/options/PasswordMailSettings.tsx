import { useState } from 'preact/hooks';
import { call } from '../../../src/messaging/client';
import type { PasswordMailView } from '../../../src/messaging/protocol';
import { ErrorText, useAction } from '../../components/ui';

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
      <legend>Messages protected with a password</legend>
      <label class="check">
        <input type="checkbox" checked={current.note} onChange={(e) => save({ ...current, note: e.currentTarget.checked })} /> Begin them with a
        short note saying who sent them and how to open them (never the password)
      </label>
      <label class="field">
        <span class="label">Link to the reader in the note</span>
        <input
          type="url"
          value={current.readerUrl}
          placeholder="https://example.org/sealmail-reader.html"
          onInput={(e) => setCurrent({ ...current, readerUrl: e.currentTarget.value })}
          onChange={(e) => save({ ...current, readerUrl: e.currentTarget.value })}
        />
      </label>
      <label class="check">
        <input type="checkbox" checked={current.attachKey} onChange={(e) => save({ ...current, attachKey: e.currentTarget.checked })} /> Attach my
        public key, so that recipients can reply securely
      </label>
      <ErrorText error={action.error} />
    </fieldset>
  );
}
