/** The worker's handlers over in-memory stores: a new worker over the same stores is a worker restart. */
import { createHandlers } from '../../src/background/handlers';
import { BlockRegistry } from '../../src/background/read';
import { PendingPasswords } from '../../src/background/send';
import { Intents } from '../../src/background/intents';
import { Replies } from '../../src/background/replies';
import { SecureDrafts } from '../../src/background/drafts';
import { Keyring } from '../../src/background/keyring';
import { Session } from '../../src/background/session';
import { MemoryStore } from '../../src/background/store';
import type { CallerContext } from '../../src/messaging/caller';
import type { Caller, Handlers, Method, ParamsOf, ResultOf } from '../../src/messaging/protocol';

/** Stands in for the fallback reader's file in the extension package (the real one is built later). */
export const READER_BYTES = new TextEncoder().encode('<!doctype html><title>Sealmail reader</title><p>The fallback reader.</p>\n');

export function worker(local = new MemoryStore(), session = new MemoryStore(), clock = { now: Date.now() }, reader: Uint8Array | null = READER_BYTES) {
  const keyring = new Keyring(local);
  const intents = new Intents(() => clock.now);
  const handlers: Handlers = createHandlers({
    keyring,
    session: new Session(session, () => keyring.autoLockMinutes(), () => clock.now),
    // A viewer's wait for a block not registered yet, shortened from the worker's 3 s for the tests.
    blocks: new BlockRegistry(() => clock.now, 200),
    passwords: new PendingPasswords(),
    intents,
    drafts: new SecureDrafts(),
    replies: new Replies(() => clock.now),
    version: 'test',
    startedAt: new Date(0).toISOString(),
    reader: async () => reader,
  });
  return { handlers, clock, intents };
}

/** A caller in tab 1: a content script in its top frame, or an extension frame (the viewer, a dialog) inside it. */
export function inTab(kind: Caller, document = `${kind}-document`, tabId = 1): CallerContext {
  return { kind, tabId, frameId: kind === 'content' ? 0 : 1, document };
}

export function call<M extends Method>(handlers: Handlers, method: M, params: ParamsOf<M>, caller: Caller | CallerContext = 'extension'): Promise<ResultOf<M>> {
  return handlers[method](params, typeof caller === 'string' ? inTab(caller) : caller);
}

const VIEW = '11111111-2222-4333-8444-555555555555';

/** Seals a draft as Send Secure does: the user's click in the extension's button frame, then the content script's request. */
export async function sealAsUser(handlers: Handlers, params: Omit<ParamsOf<'sealDraft'>, 'viewId'>): Promise<ResultOf<'sealDraft'>> {
  await handlers.approveSend({ viewId: VIEW }, inTab('extension', 'button-frame'));
  return handlers.sealDraft({ ...params, viewId: VIEW }, inTab('content'));
}

/** Registers a block as a content script does, under a random token of its own making; gives the token. */
export async function register(handlers: Handlers, params: Omit<ParamsOf<'registerBlock'>, 'token'>, caller: Caller | CallerContext = 'content'): Promise<string> {
  const token = crypto.randomUUID();
  await call(handlers, 'registerBlock', { token, ...params }, caller);
  return token;
}
