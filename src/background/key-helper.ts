/**
 * A dedicated worker beside the background: reads the share of a large public key import that
 * the background hands it, while the background reads the rest. Public keys only; it holds
 * nothing between requests and answers only the thread that started it.
 */
import { SealmailError, toWireError } from '../core/errors';
import { importPublicKeys } from '../core/keys';
import type { HelperReply, HelperResult } from '../platform/helper-messages';

const scope = globalThis as unknown as { onmessage: ((event: MessageEvent) => void) | null; postMessage(message: HelperReply): void };

scope.onmessage = (event) => {
  const { id, publicKeys } = (event.data ?? {}) as { id?: unknown; publicKeys?: unknown };
  if (typeof id !== 'number' || !(publicKeys instanceof Uint8Array)) return;
  void read(publicKeys).then((reply) => scope.postMessage({ id, ...reply }));
};

async function read(bytes: Uint8Array): Promise<HelperResult> {
  try {
    if (bytes.length === 0) throw new SealmailError('not_a_key');
    return { ok: true, records: await importPublicKeys(bytes) };
  } catch (error) {
    return { ok: false, error: toWireError(error) };
  }
}
