import { useState } from 'preact/hooks';
import { hasRemoteImages, looksLikeHtml } from './html';
import { once, useLoaded } from './lazy';
import { t } from '../../src/core/i18n';

/** DOMPurify, loaded the first time an HTML message is shown (most mail is text, and a viewer opens per message). */
const loadSanitizer = once(() => import('./sanitize').then((module) => module.sanitizedDocument));

/** An HTML message in a sandboxed frame, once DOMPurify has made it safe; nothing of it is shown before. */
function HtmlBody({ text, allowRemote }: { text: string; allowRemote: boolean }) {
  const sanitize = useLoaded(loadSanitizer);
  return sanitize ? <iframe class="html-body" title={t('messageFrameTitle')} sandbox="" srcdoc={sanitize(text, allowRemote)} /> : null;
}

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
      <HtmlBody text={text} allowRemote={allowRemote} />
    </div>
  );
}
