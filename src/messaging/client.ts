/** Typed calls to the worker, for extension pages and content scripts. */
import { browser } from '../platform/browser';
import { SealmailError } from '../core/errors';
import type { Method, ParamsOf, Request, Response, ResultOf } from './protocol';

export async function call<M extends Method>(method: M, params: ParamsOf<M>): Promise<ResultOf<M>> {
  const request: Request<M> = { sealmail: 1, method, params };
  return answerOf((await browser.runtime.sendMessage(request)) as Response<M> | undefined);
}

/** The result in the worker's answer to a request, or the error it gives as a SealmailError. */
export function answerOf<M extends Method>(response: Response<M> | undefined): ResultOf<M> {
  if (!response) throw new SealmailError('internal', { cause: 'the background worker did not answer' });
  if (!response.ok) throw new SealmailError(response.error.code, response.error.details ?? {});
  return response.result;
}
