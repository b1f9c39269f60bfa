/** The worker's handlers over in-memory stores: a new worker over the same stores is a worker restart. */
import { createHandlers } from '../../src/background/handlers';
import { BlockRegistry } from '../../src/background/read';
import { PendingPasswords } from '../../src/background/send';
import { Keyring } from '../../src/background/keyring';
import { Session } from '../../src/background/session';
import { MemoryStore } from '../../src/background/store';
import type { Caller, Handlers, Method, ParamsOf, ResultOf } from '../../src/messaging/protocol';

export function worker(local = new MemoryStore(), session = new MemoryStore(), clock = { now: Date.now() }) {
  const keyring = new Keyring(local);
  const handlers: Handlers = createHandlers({
    keyring,
    session: new Session(session, () => keyring.autoLockMinutes(), () => clock.now),
    blocks: new BlockRegistry(),
    passwords: new PendingPasswords(),
    version: 'test',
    startedAt: new Date(0).toISOString(),
  });
  return { handlers, clock };
}

export function call<M extends Method>(handlers: Handlers, method: M, params: ParamsOf<M>, caller: Caller = 'extension'): Promise<ResultOf<M>> {
  return handlers[method](params, caller);
}
