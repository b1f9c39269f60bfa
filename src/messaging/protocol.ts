/**
 * The one map of what the worker answers: each method's params, result and who may call it.
 * The typed client and server are built from this map; call sites never spell method names.
 */
import type { WireError } from '../core/errors';

export type Caller = 'content' | 'extension';

export interface MethodSpec<Params, Result> {
  callers: readonly Caller[];
  /** Checks an untrusted payload; returns the params or null when they do not validate. */
  parse: (payload: unknown) => Params | null;
  /** Only the type matters; the value is never read. */
  result?: Result;
}

export interface WorkerStatus {
  version: string;
  startedAt: string;
}

const noParams = (payload: unknown): Record<string, never> | null =>
  payload === undefined || (typeof payload === 'object' && payload !== null && Object.keys(payload).length === 0)
    ? {}
    : null;

export const PROTOCOL = {
  getStatus: { callers: ['extension'], parse: noParams } as MethodSpec<Record<string, never>, WorkerStatus>,
} as const;

export type Protocol = typeof PROTOCOL;
export type Method = keyof Protocol;
export type ParamsOf<M extends Method> = Protocol[M] extends MethodSpec<infer P, unknown> ? P : never;
export type ResultOf<M extends Method> = Protocol[M] extends MethodSpec<unknown, infer R> ? R : never;

export interface Request<M extends Method = Method> {
  sealmail: 1;
  method: M;
  params: ParamsOf<M>;
}

export type Response<M extends Method = Method> = { ok: true; result: ResultOf<M> } | { ok: false; error: WireError };
