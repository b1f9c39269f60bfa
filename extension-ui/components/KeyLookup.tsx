import { useState } from 'preact/hooks';
import { armorBytes } from '../../src/core/armor';
import { SealmailError, type ConflictDetail } from '../../src/core/errors';
import { t } from '../../src/core/i18n';
import { firstPacketTag } from '../../src/core/packets';
import { vksUrl, wkdAddress, wkdUrls } from '../../src/core/wkd';
import { call } from '../../src/messaging/client';
import type { ImportPreview } from '../../src/messaging/protocol';
import { ConflictChoices, ConflictWarning, type ConflictChoice } from './KeyConflicts';
import { ErrorText, Fingerprint, useAction } from './ui';
import { requireVisible } from './visibility';

/** More than any real key with its signatures: a directory cannot make Sealmail read without end. */
const MAX_KEY_BYTES = 512 * 1024;
const TIMEOUT_MS = 10_000;

type Source = 'wkd' | 'vks';

interface Found {
  text: string;
  source: Source;
  keys: ImportPreview['keys'];
}

/** One URL's answer: the key's text (binary keys armored), or null when there is none there. */
async function fetchKey(url: string): Promise<string | null> {
  let response: Response;
  try {
    response = await fetch(url, { credentials: 'omit', cache: 'no-store', referrerPolicy: 'no-referrer', signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch {
    return null;
  }
  if (!response.ok) return null;
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (bytes.length === 0 || bytes.length > MAX_KEY_BYTES) return null;
  return firstPacketTag(bytes) === null ? new TextDecoder().decode(bytes) : armorBytes('PUBLIC KEY BLOCK', bytes);
}

/**
 * Asks the recipient's own domain (WKD, advanced then direct method) and, only if the user allows
 * it in settings, keys.openpgp.org. Only keys that carry the address are kept.
 */
async function lookUp(address: string, keyServer: boolean): Promise<Found | null> {
  const sources: Array<[Source, string]> = [...wkdUrls(address).map((url): [Source, string] => ['wkd', url]), ...(keyServer ? [['vks', vksUrl(address)] as [Source, string]] : [])];
  for (const [source, url] of sources) {
    const text = await fetchKey(url);
    if (text === null) continue;
    let keys: ImportPreview['keys'];
    try {
      keys = (await call('previewImport', { text })).keys;
    } catch {
      continue;
    }
    const wanted = address.toLowerCase();
    if (keys.length > 0 && keys.every((item) => !item.info.secret && item.info.emails.some((email) => email.toLowerCase() === wanted))) return { text, source, keys };
  }
  return null;
}

/** "Look up a key": on the user's click only, shown with its fingerprint, imported only on confirmation. */
export function KeyLookup({ address, keyServer, allows, onImported }: { address: string; keyServer: boolean; allows: (event: Event) => boolean; onImported: () => void }) {
  const [found, setFound] = useState<Found | null>(null);
  const [none, setNone] = useState(false);
  const action = useAction();
  const domain = wkdAddress(address).domain;
  const conflicts: ConflictDetail[] = found?.keys.flatMap((item) => item.conflicts) ?? [];

  const search = (event: Event) =>
    action.run(async () => {
      requireVisible(allows, event);
      setNone(false);
      const result = await lookUp(address, keyServer);
      setFound(result);
      setNone(result === null);
    });
  const importFound = (event: Event, choice?: ConflictChoice) =>
    action
      .run(async () => {
        requireVisible(allows, event);
        if (!found) throw new SealmailError('not_a_key');
        await call('importKeys', { text: found.text, ...(choice ? { choice } : {}) });
      })
      .then((ok) => ok && onImported());

  return (
    <div class="lookup">
      {!found && (
        <button type="button" onClick={(event) => void search(event)} disabled={action.busy}>
          {action.busy ? t('lookupSearching') : t('lookupButton', address)}
        </button>
      )}
      {none && <p role="status">{keyServer ? t('lookupNoneWithServer', address, domain) : t('lookupNone', address, domain)}</p>}
      {found && (
        <div class="panel">
          <p role="status">{found.source === 'wkd' ? t('lookupFoundWkd', domain) : t('lookupFoundVks')}</p>
          <ul class="preview">
            {found.keys.map((item) => (
              <li key={item.info.fingerprint}>
                <strong>{item.info.primaryUserId ?? item.info.address}</strong>
                <br />
                <Fingerprint value={item.info.fingerprint} />
              </li>
            ))}
          </ul>
          <p>{t('compareFingerprint')}</p>
          {conflicts.length > 0 && <ConflictWarning conflicts={conflicts} />}
          <div class="actions">
            {conflicts.length === 0 ? (
              <button type="button" class="primary" onClick={(event) => void importFound(event)} disabled={action.busy}>
                {t('lookupImport')}
              </button>
            ) : (
              <ConflictChoices onChoose={(event, choice) => void importFound(event, choice)} busy={action.busy} />
            )}
            <button type="button" onClick={() => setFound(null)}>
              {t('cancel')}
            </button>
          </div>
        </div>
      )}
      <ErrorText error={action.error} />
    </div>
  );
}
