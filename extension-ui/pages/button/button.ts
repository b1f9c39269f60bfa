/**
 * The Send Secure button in the extension's own frame. A page script can neither click it nor
 * send it events; a click counts only when trusted and on a button that was in view and unobscured. The
 * worker then records the user's intent for this compose view, and only then does the content
 * script get to seal the draft.
 */
import { call } from '../../../src/messaging/client';
import { tellParent } from '../../components/parent';
import { VisibilityGuard } from '../../components/visibility';
import { t } from '../../../src/core/i18n';

const params = new URLSearchParams(location.search);
const viewId = params.get('v') ?? '';
document.documentElement.dataset.app = params.get('app') ?? '';

const button = document.querySelector('button')!;
button.textContent = t('sendSecure');
button.title = t('sendSecureTitle');
document.title = t('titleSendSecure');
const guard = new VisibilityGuard(button);

type Outcome = 'clicked' | 'refused' | 'failed';

function tell(outcome: Outcome): void {
  tellParent({ sealmailButton: outcome });
}

button.addEventListener('click', (event) => {
  if (!guard.allows(event)) return tell('refused');
  void call('approveSend', { viewId }).then(
    () => tell('clicked'),
    () => tell('failed'),
  );
});

const STAGES = { sealing: t('sendStageSealing'), writing: t('sendStageWriting'), saving: t('sendStageSaving') } as const;
const status = document.querySelector<HTMLElement>('[role=status]')!;

// The content script says how far a send has come, as one of a few fixed stages: the worst a page
// can do with this message is grey the button or show one of these words on it.
window.addEventListener('message', (event) => {
  if (event.source !== window.parent) return;
  const stage = (event.data as { sealmailButtonBusy?: unknown } | null)?.sealmailButtonBusy;
  const label = typeof stage === 'string' && Object.hasOwn(STAGES, stage) ? STAGES[stage as keyof typeof STAGES] : null;
  if (stage !== false && label === null) return;
  button.disabled = label !== null;
  button.setAttribute('aria-busy', String(label !== null));
  button.textContent = label ?? t('sendSecure');
  status.textContent = label ?? '';
});
