import { useCallback, useEffect, useState } from 'preact/hooks';
import { toWireError, type WireError } from '../../../src/core/errors';
import { call } from '../../../src/messaging/client';
import type { KeyringView } from '../../../src/messaging/protocol';

/** The keyring as the worker reports it, reloaded after every change. */
export function useKeyring() {
  const [view, setView] = useState<KeyringView | null>(null);
  const [error, setError] = useState<WireError | null>(null);
  const reload = useCallback(async () => {
    try {
      setView(await call('listKeys', {}));
      setError(null);
    } catch (caught) {
      setError(toWireError(caught));
    }
  }, []);
  useEffect(() => {
    void reload();
  }, [reload]);
  return { view, error, reload };
}
