import { useEffect, useState } from 'preact/hooks';
import { toWireError, type WireError } from '../../../src/core/errors';
import { call } from '../../../src/messaging/client';
import type { WorkerStatus } from '../../../src/messaging/protocol';

type Status = { state: 'checking' } | { state: 'ready'; status: WorkerStatus } | { state: 'failed'; error: WireError };

export function OptionsPage() {
  const [status, setStatus] = useState<Status>({ state: 'checking' });

  useEffect(() => {
    call('getStatus', {}).then(
      (result) => setStatus({ state: 'ready', status: result }),
      (error: unknown) => setStatus({ state: 'failed', error: toWireError(error) }),
    );
  }, []);

  return (
    <main>
      <h1>Sealmail</h1>
      <p class="muted">End-to-end encrypted email in the webmail you already use. Your keys stay in this browser.</p>
      <section aria-labelledby="status-heading">
        <h2 id="status-heading">Status</h2>
        {status.state === 'checking' && <p>Checking the encryption service…</p>}
        {status.state === 'ready' && (
          <p data-testid="worker-status">Encryption service running (version {status.status.version}).</p>
        )}
        {status.state === 'failed' && <p role="alert">{status.error.message}</p>}
      </section>
    </main>
  );
}
