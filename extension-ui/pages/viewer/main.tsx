import { render } from 'preact';
import { tellParent } from '../../components/parent';
import { Viewer } from './Viewer';
import { answerOf } from '../../../src/messaging/client';
import { SealmailError } from '../../../src/core/errors';
import type { Response } from '../../../src/messaging/protocol';
import { t } from '../../../src/core/i18n';

const params = new URLSearchParams(location.search);
const token = params.get('t') ?? '';
// Light or dark as the webmail page is where the frame lies (the content script looked).
const scheme = params.get('s');
if (scheme === 'light' || scheme === 'dark') document.documentElement.dataset.scheme = scheme;
const root = document.getElementById('app');
// The worker began opening the message when first-open.js asked, as the document started; the
// frame draws meanwhile (the Viewer reports a failure, as it would if that script had not run).
const asked = (globalThis as Record<string, unknown>).sealmailFirstOpen as Promise<Response<'openBlock'> | undefined> | undefined;
const first = asked ? asked.then(answerOf<'openBlock'>) : Promise.reject(new SealmailError('internal', { cause: 'first-open.js did not run' }));
first.catch(() => undefined);
if (root) render(<Viewer token={token} first={first} />, root);

// The page learns only how tall the frame should be, never what it shows; rounded up to steps so
// that the height says little about the length of the message.
const HEIGHT_STEP = 120;
new ResizeObserver(() => {
  tellParent({ sealmailViewer: { height: Math.ceil(document.documentElement.scrollHeight / HEIGHT_STEP) * HEIGHT_STEP } });
}).observe(document.body);
document.title = t('titleDecrypted');
