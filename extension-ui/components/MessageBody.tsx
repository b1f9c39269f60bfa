import { useState } from 'preact/hooks';
import { hasRemoteImages, looksLikeHtml, sanitizedDocument } from './html';

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
          Remote images are blocked, so the sender cannot tell when you read this.{' '}
          {remoteImagesAllowed && (
            <button type="button" onClick={() => setAllowRemote(true)}>
              Show remote images
            </button>
          )}
        </p>
      )}
      <iframe class="html-body" title="Message" sandbox="" srcdoc={sanitizedDocument(text, allowRemote)} />
    </div>
  );
}
