/** The MV3 service worker (a background script in Firefox): the one place keys live and crypto runs. */
import { serve } from '../messaging/server';
import { onAlarm, scheduleAlarm } from '../platform/alarms';
import { extensionVersion, packagedFile } from '../platform/browser';
import { READER_FILE } from './reader-file';
import { onCommand, sendToActiveTab } from '../platform/commands';
import { keepWorkerAlive } from '../platform/keepalive';
import type { ContentCommand } from '../messaging/protocol';
import { localStore, sessionStore } from '../platform/storage';
import { createHandlers } from './handlers';
import { BlockRegistry } from './read';
import { PendingPasswords } from './send';
import { Intents } from './intents';
import { Replies } from './replies';
import { SecureDrafts } from './drafts';
import { Keyring } from './keyring';
import { keyReaderElsewhere } from './shared-import';
import { Session } from './session';

const AUTO_LOCK = 'sealmail-auto-lock';

const keyring = new Keyring(localStore(), keyReaderElsewhere());
// Session storage is only swept of what an earlier version kept there; unlocked keys stay in memory.
const session = new Session(sessionStore(), () => keyring.autoLockMinutes());

async function rescheduleAutoLock(): Promise<void> {
  scheduleAlarm(AUTO_LOCK, await session.deadline());
  keepWorkerAlive(session.active);
}

onAlarm(AUTO_LOCK, () => void session.lockIfIdle().then(rescheduleAutoLock));

const intents = new Intents();

serve(
  createHandlers({
    keyring,
    session,
    blocks: new BlockRegistry(),
    passwords: new PendingPasswords(),
    intents,
    drafts: new SecureDrafts(),
    replies: new Replies(),
    version: extensionVersion(),
    startedAt: new Date().toISOString(),
    reader: () => packagedFile(READER_FILE),
  }),
  rescheduleAutoLock,
);

// The shortcut comes from the browser itself, not from the page: it is the user's intent for the active tab.
onCommand((name) => {
  if (name === 'send-secure') void sendToActiveTab({ sealmail: 1, command: name } satisfies ContentCommand, (tabId) => intents.approveCommand(tabId));
});
