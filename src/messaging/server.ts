/** The worker side: checks the caller and the payload against the protocol before a handler runs. */
import { SealmailError, toWireError } from '../core/errors';
import { browser, type Runtime } from '../platform/browser';
import { PROTOCOL, type Caller, type Handlers, type Method, type Response } from './protocol';
import { INVALID } from './validate';
import { callerOf, type CallerContext, type SenderFacts } from './caller';

function isMethod(value: unknown): value is Method {
  return typeof value === 'string' && Object.hasOwn(PROTOCOL, value);
}

async function dispatch(message: unknown, caller: CallerContext | null, handlers: Handlers): Promise<Response> {
  try {
    const { method, params } = (message ?? {}) as { method?: unknown; params?: unknown };
    if (!isMethod(method)) throw new SealmailError('invalid_request', { cause: 'unknown method' });
    const spec = PROTOCOL[method];
    if (!caller || !(spec.callers as readonly Caller[]).includes(caller.kind)) {
      throw new SealmailError('caller_not_allowed', { cause: `caller ${caller?.kind ?? 'unknown'} may not call ${method}` });
    }
    const parsed = (spec.parse as (value: unknown) => unknown)(params);
    if (parsed === INVALID) throw new SealmailError('invalid_request', { cause: `invalid params for ${method}` });
    const handler = handlers[method] as (params: unknown, caller: CallerContext) => Promise<unknown>;
    const result = await handler(parsed, caller);
    return { ok: true, result } as Response;
  } catch (error) {
    return { ok: false, error: toWireError(error) };
  }
}

/** Answers protocol messages; `afterEach` runs once a call is answered (the worker reschedules auto-lock). */
export function serve(handlers: Handlers, afterEach: () => Promise<void> = async () => undefined): void {
  const origin = browser.runtime.getURL('');
  browser.runtime.onMessage.addListener((message: unknown, sender: Runtime.MessageSender) => {
    if ((message as { sealmail?: unknown } | null)?.sealmail !== 1) return undefined;
    return dispatch(message, callerOf(sender as SenderFacts, browser.runtime.id, origin), handlers).finally(() => void afterEach());
  });
}
