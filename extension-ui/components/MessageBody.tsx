import { useState } from 'preact/hooks';
import { hasRemoteImages, looksLikeHtml, sanitizedDocument } from './html';
import { t } from '../../src/core/i18n';

/**
 * A decrypted message: plain text as text; HTML sanitised, in a sandboxed frame without scripts.
 * `remoteImagesAllowed` says whether the page around it could ever load them (the offline reader cannot).
 */
export function MessageBody({ text, remoteImagesAllowed }: { text: string; remoteImagesAllowed: boolean }) {
  const [allowRemote, setAllowRemote] = useState(false);
  if (!looksLikeHtml(text)) return <pre class="plaintext">{text}</pre>;
  const remote = hasRemoteImages(text);
  return (
    <div>
      {remote && !allowRemote && (
        <p>
          {t('remoteImagesBlocked')}{' '}
          {remoteImagesAllowed && (
            <button type="button" onClick={() => setAllowRemote(true)}>
              {t('showRemoteImages')}
            </button>
          )}
        </p>
      )}
      <iframe class="html-body" title={t('messageFrameTitle')} sandbox="" srcdoc={sanitizedDocument(text, allowRemote)} />
    </div>
  );
}
