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
  const mime = looksLikeMime(text);
  // A mail inside (null while it is parsed, or when it cannot be); plain text needs no parsing.
  const [inner, setInner] = useState<{ text: string; mail: MailContent | null } | null>(null);
  useEffect(() => {
    if (!mime) return;
    parseMail(text).then(
      (mail) => setInner({ text, mail }),
      () => setInner({ text, mail: null }),
    );
  }, [text, mime]);
  if (mime && inner?.text !== text) return null;
  const mail = mime ? inner?.mail : null;
  if (mail) {
    return (
      <>
        <MessageBody text={mail.text || mail.html || ''} remoteImagesAllowed={remoteImagesAllowed} />
        {mail.attachments.map((attachment, index) => (
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
