/**
 * The viewer's first script, a classic one of its own that imports nothing: it asks the worker to
 * open the frame's block as the document starts, so that the worker decrypts while the viewer's
 * modules load. The answer waits on a global of this frame (an extension page: the webmail page
 * cannot reach it), which main.tsx takes.
 */
import type { Request } from '../../../src/messaging/protocol';

declare const browser: { runtime: { sendMessage(message: unknown): Promise<unknown> } } | undefined;
declare const chrome: { runtime: { sendMessage(message: unknown): Promise<unknown> } };

const request: Request<'openBlock'> = { sealmail: 1, method: 'openBlock', params: { token: new URLSearchParams(location.search).get('t') ?? '' } };
const runtime = (typeof browser === 'undefined' ? chrome : browser).runtime;
(globalThis as Record<string, unknown>).sealmailFirstOpen = runtime.sendMessage(request);
