import { useState } from 'preact/hooks';
import { call } from '../../../src/messaging/client';
import type { ComposeMode } from '../../../src/messaging/protocol';
import { ErrorText, useAction } from '../../components/ui';

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
      <legend>Where you write secure mail</legend>
      <label class="check">
        <input type="radio" name="compose-mode" checked={current === 'secure'} onChange={() => choose('secure')} /> In Sealmail's editor over
        the compose window (recommended): the webmail and its saved drafts never see the text, only an encrypted draft
      </label>
      <label class="check">
        <input type="radio" name="compose-mode" checked={current === 'native'} onChange={() => choose('native')} /> In the webmail's own
        editor: quicker to start, but the webmail sees what you type and may save it as a plain draft before you press Send Secure
      </label>
      <ErrorText error={action.error} />
    </fieldset>
  );
}
