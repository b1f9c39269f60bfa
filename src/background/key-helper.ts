/**
 * A dedicated worker beside the background: reads the share of a large public key import that
 * the background hands it, while the background reads the rest. Public keys only; it holds
 * nothing between requests and answers only the thread that started it.
 */
import { decodeBase64 } from '../core/base64';
import { SealmailError, toWireError } from '../core/errors';
import { importPublicKeys } from '../core/keys';
import type { HelperReply, HelperResult } from '../platform/helper-messages';

const scope = globalThis as unknown as { onmessage: ((event: MessageEvent) => void) | null; postMessage(message: HelperReply): void };

scope.onmessage = (event) => {
  const { id, publicKeys } = (event.data ?? {}) as { id?: unknown; publicKeys?: unknown };
  if (typeof id !== 'number' || typeof publicKeys !== 'string') return;
  void read(publicKeys).then((reply) => scope.postMessage({ id, ...reply }));
};

async function read(base64: string): Promise<HelperResult> {
  try {
    const bytes = decodeBase64(base64);
    if (!bytes || bytes.length === 0) throw new SealmailError('not_a_key');
    return { ok: true, records: await importPublicKeys(bytes) };
  } catch (error) {
    return { ok: false, error: toWireError(error) };
  }
}
