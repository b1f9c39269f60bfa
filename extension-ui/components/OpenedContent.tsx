/**
 * What a decrypted message or file holds, shown in an extension page: its text, a mail inside it
 * (PGP/MIME, RFC 3156: the encrypted part is itself a mail with its body and attachments), and
 * each file with a button that saves it from this page, never through a webmail page.
 */
import { useEffect, useState } from 'preact/hooks';
import { t } from '../../src/core/i18n';
import { downloadBytes } from './files';
import { looksLikeMime, parseMail, type MailContent } from './mailfile';
import { MessageBody } from './MessageBody';

export function SaveFile({ name, bytes, type }: { name: string; bytes: Uint8Array; type?: string }) {
  return (
    <p class="file">
      <button type="button" onClick={() => downloadBytes(name, bytes, type)}>
        {t('saveFile', name, Math.max(1, Math.round(bytes.length / 1024)))}
      </button>
    </p>
  );
}

export function OpenedContent({ text, file, remoteImagesAllowed }: { text: string; file?: { name: string; bytes: Uint8Array } | undefined; remoteImagesAllowed: boolean }) {
  const [inner, setInner] = useState<MailContent | null>(null);
  const [parsed, setParsed] = useState(false);
  useEffect(() => {
    setInner(null);
    setParsed(!looksLikeMime(text));
    if (!looksLikeMime(text)) return;
    parseMail(text).then(
      (mail) => (setInner(mail), setParsed(true)),
      () => setParsed(true),
    );
  }, [text]);
  if (!parsed) return null;
  if (inner) {
    return (
      <>
        <MessageBody text={inner.text || inner.html || ''} remoteImagesAllowed={remoteImagesAllowed} />
        {inner.attachments.map((attachment, index) => (
          <SaveFile key={`${index}-${attachment.name}`} name={attachment.name} bytes={attachment.bytes} type={attachment.mimeType} />
        ))}
      </>
    );
  }
  return (
    <>
      {text && <MessageBody text={text} remoteImagesAllowed={remoteImagesAllowed} />}
      {file && <SaveFile name={file.name || t('decryptedFileName')} bytes={file.bytes} />}
    </>
  );
}
