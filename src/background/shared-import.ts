/** Half of a large import of public keys, read in another thread where the browser gives one. */
import { isErrorCode, SealmailError } from '../core/errors';
import type { KeyReaderElsewhere } from '../core/keys';
import { helperThread } from '../platform/parallel';

/** A reader for the keyring's imports, or undefined where there is no second thread (every key is then read here). */
export function keyReaderElsewhere(): KeyReaderElsewhere | undefined {
  const thread = helperThread();
  if (!thread) return undefined;
  const read = async (publicKeys: Uint8Array) => {
    // A copy of its own: a view would take the whole import's buffer along to the other thread.
    const { reply } = await thread.run({ publicKeys: publicKeys.slice() });
    return {
      records: reply.then((answer) => {
        if (answer.ok) return answer.records;
        throw new SealmailError(isErrorCode(answer.error.code) ? answer.error.code : 'internal', answer.error.details ?? {});
      }),
    };
  };
  return Object.assign(read, { lead: thread.lead });
}
