/**
 * Sending: which keys a draft is sealed to, and sealing it. The sender's own key is picked by the
 * address the page shows, else the default key; each recipient's by address, newest usable first.
 */
import { SealmailError, type RecipientProblem, type RecipientProblemReason } from '../core/errors';
import type { KeyInfo } from '../core/keys';
import { keyFooter, MAX_MAIL_LENGTH, PASSWORD_HINT_MARKER } from '../core/mail';
import { readAnyKeys, type PrivateKey, type PublicKey } from '../core/pgp';
import { seal, sealFile } from '../core/seal';
import { encodeBase64 } from '../core/base64';
import type { SealedAttachment, SendCheck } from '../messaging/protocol';
import type { WorkerContext } from './handlers';
import { READER_ATTACHMENT_NAME } from './reader-file';
import { isConfirmed } from './continuity';
import type { KeyEntry } from './keyring';
import { t } from '../core/i18n';

const PASSWORD_LIFETIME_MS = 10 * 60_000;

/** Passwords given in the dialog for one send each, kept in worker memory for a few minutes at most. */
export class PendingPasswords {
  private readonly pending = new Map<string, { password: string; hint: string | null; until: number }>();

  set(sendId: string, password: string, hint: string | null): void {
    this.pending.set(sendId, { password, hint, until: Date.now() + PASSWORD_LIFETIME_MS });
  }

  /** Takes the password for a send: it is used once. */
  take(sendId: string | undefined): { password: string; hint: string | null } | null {
    if (!sendId) return null;
    const found = this.pending.get(sendId);
    this.pending.delete(sendId);
    return found && found.until > Date.now() ? found : null;
  }
}

interface RecipientPlan {
  address: string;
  entry: KeyEntry | null;
  reason: RecipientProblemReason | null;
  /** For `unconfirmed`: the usable keys the user can choose from. */
  choices: KeyEntry[];
}

interface SendPlan {
  own: KeyEntry | null;
  recipients: RecipientPlan[];
}

function usable(info: KeyInfo): boolean {
  return info.canEncrypt && !info.revoked && !info.expired;
}

function reasonFor(info: KeyInfo): RecipientProblemReason {
  if (info.revoked) return 'revoked';
  if (info.expired) return 'expired';
  return 'unusable';
}

const newestFirst = (a: KeyEntry, b: KeyEntry) => Date.parse(b.info.created) - Date.parse(a.info.created);

/**
 * The key for an address: the one the user confirmed for it, or the only key there is for it.
 * Two usable keys and none confirmed (or a confirmed key gone stale beside a new one) are never
 * chosen between silently: the user is asked.
 */
function planRecipient(address: string, entries: KeyEntry[]): RecipientPlan {
  const candidates = entries.filter((entry) => entry.info.emails.includes(address)).sort(newestFirst);
  const confirmed = candidates.find((entry) => isConfirmed(entry.stored, address));
  if (confirmed && usable(confirmed.info)) return { address, entry: confirmed, reason: null, choices: [] };
  const usableOnes = candidates.filter((entry) => usable(entry.info));
  if (usableOnes.length === 1 && candidates.length === 1) return { address, entry: usableOnes[0]!, reason: null, choices: [] };
  if (usableOnes.length > 0) return { address, entry: null, reason: 'unconfirmed', choices: usableOnes };
  const first = confirmed ?? candidates[0];
  return first ? { address, entry: first, reason: reasonFor(first.info), choices: [] } : { address, entry: null, reason: 'missing', choices: [] };
}

/**
 * The sender's own key: the one confirmed for the address the page shows, else the default key
 * if it has that address, else the first added for it; without an address, the default. An
 * imported key never displaces the one already in use.
 */
function ownKey(entries: KeyEntry[], sender: string | null, defaultFingerprint: string | null): KeyEntry | null {
  const mine = entries.filter((entry) => entry.stored.secret && usable(entry.info) && entry.info.canSign);
  const isDefault = (entry: KeyEntry) => entry.stored.fingerprint === defaultFingerprint;
  const address = sender?.toLowerCase();
  const forSender = address ? mine.filter((entry) => entry.info.emails.includes(address)) : [];
  const confirmed = address ? forSender.find((entry) => isConfirmed(entry.stored, address)) : undefined;
  return confirmed ?? forSender.find(isDefault) ?? forSender[0] ?? mine.find(isDefault) ?? mine[0] ?? null;
}

async function plan(context: WorkerContext, recipients: readonly string[], sender: string | null): Promise<SendPlan> {
  const addresses = [...new Set(recipients.map((address) => address.trim().toLowerCase()).filter(Boolean))];
  const entries = await context.keyring.forAddresses(addresses);
  const own = ownKey(entries, sender, await context.keyring.defaultFingerprint());
  return { own, recipients: addresses.map((address) => planRecipient(address, entries)) };
}

/** What stands between a draft and sending it, for the dialog to show. */
export async function checkSend(context: WorkerContext, recipients: readonly string[], sender: string | null): Promise<SendCheck> {
  const { own, recipients: planned } = await plan(context, recipients, sender);
  return {
    own: own && {
      fingerprint: own.stored.fingerprint,
      address: own.info.address,
      unlocked: await context.session.isUnlocked(own.stored.fingerprint),
    },
    recipients: planned.map((recipient) => ({
      address: recipient.address,
      fingerprint: recipient.entry?.stored.fingerprint ?? null,
      problem: recipient.reason,
      choices: recipient.choices.map((entry) => ({ fingerprint: entry.stored.fingerprint, userId: entry.info.primaryUserId ?? entry.info.address, created: entry.info.created })),
    })),
    keyServer: await context.keyring.keyServer(),
  };
}

async function publicKeyOf(entry: KeyEntry): Promise<PublicKey> {
  const [key] = await readAnyKeys(entry.stored.armored);
  if (!key) throw new SealmailError('keyring_corrupt');
  return key.toPublic();
}

/** The user's own key for sending as `sender`, unlocked: what signs a message (and a draft). */
async function signingKeyFor(context: WorkerContext, own: KeyEntry | null): Promise<PrivateKey> {
  if (!own) throw new SealmailError('no_own_key');
  const signingKey = await context.session.get(own.stored.fingerprint);
  if (!signingKey) throw new SealmailError('key_locked', { keyIds: [own.stored.fingerprint.slice(-16)], fingerprint: own.stored.fingerprint });
  return signingKey;
}

/**
 * A draft from Sealmail's own editor, sealed to the user's own key only and signed by it, for the
 * webmail to save as its draft: the provider keeps ciphertext, and only a draft signed by the user
 * reopens in the editor.
 */
export async function sealOwnDraft(context: WorkerContext, text: string, sender: string | null): Promise<string> {
  // The user's own keys only: a draft save reads no contact's key.
  const entries = await context.keyring.forAddresses([]);
  const signingKey = await signingKeyFor(context, ownKey(entries, sender, await context.keyring.defaultFingerprint()));
  return seal({ text, recipients: [signingKey.toPublic()], sender: signingKey });
}

/** Where the recipient of a password mail finds the reader: at an address the user gave, attached to the mail, or from the sender. */
export type ReaderSource = { url: string } | 'attached' | 'ask';

/** The plain-text note before a password message: who sent it and how to open it, never the password. */
export function passwordNote(senderUserId: string, reader: ReaderSource, hint: string | null): string {
  return [
    t('mailNoteSent', senderUserId),
    reader === 'attached' ? t('mailNoteOpenAttached', READER_ATTACHMENT_NAME) : t('mailNoteOpen', reader === 'ask' ? t('mailNoteReaderAsk') : t('mailNoteReaderAt', reader.url)),
    t('mailNotePassword'),
    // A marker the reader and the viewer look for, so it stays as it is in every language.
    ...(hint ? [`${PASSWORD_HINT_MARKER} ${hint}`] : []),
    '',
  ].join('\n');
}

/**
 * Drafts from this length on are compressed before they are sealed: prose shrinks to about a third,
 * and the armor is what the webmail's editor must hold and the provider must carry. Shorter ones
 * stay as they are (nothing to gain).
 */
const COMPRESS_FROM = 64 * 1024;

/**
 * Seals a draft to every recipient and the sender, signed by the sender. Recipients without a
 * usable key are refused with the reasons, unless a password was given for this send: then they
 * open it with the password, and the note and the sender's key come along as the settings say.
 */
export async function sealDraft(
  context: WorkerContext,
  text: string,
  recipients: readonly string[],
  sender: string | null,
  sendId?: string,
  files: ReadonlyArray<{ name: string; bytes: Uint8Array }> = [],
): Promise<{ mail: string; attachments: SealedAttachment[] }> {
  // Refused before any work when even the text is over what a webmail carries; after sealing when
  // the armor is (text that does not compress).
  if (text.length > MAX_MAIL_LENGTH) throw new SealmailError('draft_too_large');
  const { own, recipients: planned } = await plan(context, recipients, sender);
  if (planned.length === 0) throw new SealmailError('no_recipients');
  const problems: RecipientProblem[] = planned.flatMap((recipient) =>
    recipient.reason ? [{ address: recipient.address, fingerprint: recipient.entry?.stored.fingerprint ?? '', reason: recipient.reason }] : [],
  );
  const password = problems.length ? context.passwords.take(sendId) : null;
  if (problems.length && !password) throw new SealmailError('recipient_keys_unusable', { recipients: problems });
  if (!own) throw new SealmailError('no_own_key');
  const signingKey = await signingKeyFor(context, own);
  const withKeys = planned.filter((recipient) => !recipient.reason);
  const keys = await Promise.all(withKeys.map((recipient) => publicKeyOf(recipient.entry!)));
  const to = { recipients: keys, sender: signingKey, ...(password ? { passwords: [password.password] } : {}) };
  const armor = await seal({ text, ...to, compress: text.length >= COMPRESS_FROM });
  if (armor.length > MAX_MAIL_LENGTH) throw new SealmailError('draft_too_large');
  // Each file on its own, to the same readers, signed: any OpenPGP tool opens `name.pgp`.
  const attachments: SealedAttachment[] = [];
  for (const file of files) attachments.push({ name: `${file.name}.pgp`, data: encodeBase64(await sealFile({ file, ...to })) });
  const userId = own.info.primaryUserId ?? own.info.address;
  const footer = async () => `\n${keyFooter((await publicKeyOf(own)).write(), own.info.address, userId, own.stored.fingerprint)}`;
  if (!password) return { mail: (await context.keyring.keyInMail()) ? `${armor}${await footer()}` : armor, attachments };
  const settings = await context.keyring.passwordMail();
  // Without an address of the user's own copy, the reader itself goes with the mail: one HTML file
  // the recipient opens in a browser, with no server and no network.
  const reader = settings.readerUrl ? null : await context.reader();
  if (reader) attachments.push({ name: READER_ATTACHMENT_NAME, data: encodeBase64(reader), type: 'text/html' });
  const source: ReaderSource = settings.readerUrl ? { url: settings.readerUrl } : reader ? 'attached' : 'ask';
  const note = settings.note ? `${passwordNote(userId, source, password.hint)}\n` : '';
  const key = settings.attachKey ? await footer() : '';
  return { mail: `${note}${armor}${key}`, attachments };
}
