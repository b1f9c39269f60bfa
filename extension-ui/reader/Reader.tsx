/**
 * The fallback reader: for someone without Sealmail. Runs alone from one HTML file, with no
 * server and no network: paste the mail or open its file, give the password (or a private key),
 * read it, and write an encrypted reply to the sender.
 */
import { useState } from 'preact/hooks';
import { toWireError, type WireError } from '../../src/core/errors';
import { unlockPrivateKey } from '../../src/core/keys';
import { findMailParts, type MailParts } from '../../src/core/mail';
import { openMessage, type OpenResult } from '../../src/core/open';
import { readPrivateKey, readPublicKey } from '../../src/core/pgp';
import { seal } from '../../src/core/seal';
import { OpenedContent } from '../components/OpenedContent';
import { looksLikeMime, parseMail, readMailFile } from '../components/mailfile';
import { isBinaryOpenPgp } from '../../src/core/packets';
import { ErrorText, Field, Fingerprint } from '../components/ui';
import { t, tParts } from '../../src/core/i18n';

function Signature({ result, hasKey }: { result: OpenResult; hasKey: boolean }) {
  const { signature } = result;
  const key = signature.fingerprint ? <>{tParts('inParens', <Fingerprint value={signature.fingerprint} />)}</> : '';
  // The only key the reader checks against is the one in the same mail, which a forger can attach
  // as easily as the sender: a signature that checks is said to be unverified, never shown as good.
  if (signature.status === 'valid') {
    return (
      <p role="status" class="signature neutral">
        {tParts('readerSignedValid', signature.userId ?? '', key)}
      </p>
    );
  }
  if (signature.status === 'bad') return <p role="status" class="signature bad">{t('readerBadSignature')}</p>;
  if (signature.status === 'unknown_key') {
    return (
      <p role="status" class="signature neutral">
        {tParts(hasKey ? 'readerSignedOtherKey' : 'readerSignedNoKey', key)}
      </p>
    );
  }
  return <p role="status" class="signature neutral">{t('readerNotSigned')}</p>;
}

function Reply({ senderKey }: { senderKey: string }) {
  const [text, setText] = useState('');
  const [armor, setArmor] = useState('');
  const [error, setError] = useState<WireError | null>(null);
  async function encrypt(event: Event) {
    event.preventDefault();
    setError(null);
    try {
      setArmor(await seal({ text, recipients: [await readPublicKey(senderKey)] }));
    } catch (caught) {
      setError(toWireError(caught));
    }
  }
  return (
    <form onSubmit={encrypt} aria-labelledby="reply-heading">
      <h2 id="reply-heading">{t('replyHeading')}</h2>
      <Field label={t('yourReply')}>
        <textarea rows={6} value={text} onInput={(e) => setText(e.currentTarget.value)} />
      </Field>
      <button type="submit" class="primary" disabled={!text.trim()}>
        {t('encryptReply')}
      </button>
      <ErrorText error={error} />
      {armor && (
        <div>
          <Field label={t('encryptedReply')}>
            <textarea rows={8} readOnly value={armor} onFocus={(e) => e.currentTarget.select()} />
          </Field>
          <button type="button" onClick={() => void navigator.clipboard?.writeText(armor)}>
            {t('copy')}
          </button>
        </div>
      )}
    </form>
  );
}

export function Reader() {
  const [mail, setMail] = useState('');
  const [parts, setParts] = useState<MailParts | null>(null);
  const [password, setPassword] = useState('');
  const [useKey, setUseKey] = useState(false);
  const [privateKey, setPrivateKey] = useState('');
  const [passphrase, setPassphrase] = useState('');
  const [result, setResult] = useState<OpenResult | null>(null);
  const [error, setError] = useState<WireError | null>(null);
  const [busy, setBusy] = useState(false);
  const [asFile, setAsFile] = useState(false);

  /** Finds the message (and the sender's key) in a mail's text. */
  function locate(text: string) {
    setResult(null);
    setError(null);
    try {
      setParts(text.trim() ? findMailParts(text) : null);
    } catch (caught) {
      setParts(null);
      setError(toWireError(caught));
    }
  }

  /** Pasted text: a mail's whole source is parsed first (quoted-printable, base64, PGP/MIME parts). */
  function find(text: string) {
    setMail(text);
    setAsFile(false);
    if (!looksLikeMime(text)) return locate(text);
    parseMail(text).then(
      (content) => locate(content.text),
      () => locate(text),
    );
  }

  async function openFile(event: Event) {
    const file = (event.currentTarget as HTMLInputElement).files?.[0];
    if (!file) return;
    const bytes = new Uint8Array(await file.arrayBuffer());
    setAsFile(isBinaryOpenPgp(bytes) || /\.(gpg|pgp)$/i.test(file.name));
    try {
      locate((await readMailFile(bytes)).text);
    } catch (caught) {
      setParts(null);
      setError(toWireError(caught));
    }
  }

  async function open(event: Event) {
    event.preventDefault();
    if (!parts) return;
    setBusy(true);
    setError(null);
    try {
      const decryptionKeys = useKey ? [await unlockPrivateKey(await readPrivateKey(privateKey), passphrase)] : [];
      const verificationKeys = parts.senderKey ? [await readPublicKey(parts.senderKey)] : [];
      const opened = await openMessage({ input: parts.message.armor, passwords: useKey ? [] : [password], decryptionKeys, verificationKeys, asFile });
      setResult(opened);
    } catch (caught) {
      const wire = toWireError(caught);
      setError(wire);
      if (wire.code === 'message_not_for_you' && !wire.details?.passwordPossible) setUseKey(true);
    } finally {
      setBusy(false);
    }
  }

  return (
    <main class="reader">
      <h1>{t('readerTitle')}</h1>
      <p class="muted">{t('readerAbout')}</p>
      {!result && (
        <section aria-labelledby="mail-heading">
          <h2 id="mail-heading">{t('readerStepMessage')}</h2>
          <Field label={t('readerPaste')}>
            <textarea rows={8} value={mail} onInput={(e) => find(e.currentTarget.value)} spellcheck={false} />
          </Field>
          <Field label={t('readerOpenFile')}>
            <input type="file" accept=".asc,.eml,.txt,.gpg,.pgp,.msg,message/rfc822" onChange={openFile} />
          </Field>
        </section>
      )}
      {parts && !result && (
        <form onSubmit={open} aria-labelledby="open-heading">
          <h2 id="open-heading">{t('readerStepOpen')}</h2>
          {!useKey ? (
            <Field label={t('password')} hint={t('readerPasswordHint')}>
              <input type="password" value={password} onInput={(e) => setPassword(e.currentTarget.value)} autocomplete="off" />
            </Field>
          ) : (
            <>
              <Field label={t('readerPrivateKey')}>
                <textarea rows={5} value={privateKey} onInput={(e) => setPrivateKey(e.currentTarget.value)} spellcheck={false} />
              </Field>
              <Field label={t('passphraseOfTheKey')}>
                <input type="password" value={passphrase} onInput={(e) => setPassphrase(e.currentTarget.value)} autocomplete="off" />
              </Field>
            </>
          )}
          <div class="actions">
            <button type="submit" class="primary" disabled={busy}>
              {busy ? t('opening') : t('openMessage')}
            </button>
            <button type="button" onClick={() => (setUseKey(!useKey), setError(null))}>
              {useKey ? t('usePasswordInstead') : t('usePrivateKeyInstead')}
            </button>
          </div>
        </form>
      )}
      <ErrorText error={error} />
      {result && parts && (
        <section aria-labelledby="message-heading">
          <h2 id="message-heading">{t('theMessage')}</h2>
          <Signature result={result} hasKey={parts.senderKey !== null} />
          <OpenedContent text={result.text} file={result.file} remoteImagesAllowed={false} />
          {parts.senderKey && <Reply senderKey={parts.senderKey} />}
          <p>
            <button type="button" onClick={() => (setResult(null), find(''), setPassword(''))}>
              {t('readAnother')}
            </button>
          </p>
        </section>
      )}
    </main>
  );
}
