/**
 * Sending: which keys a draft is sealed to, and sealing it. The sender's own key is picked by the
 * address the page shows, else the default key; each recipient's by address, newest usable first.
 */
import { SealmailError, type RecipientProblem, type RecipientProblemReason } from '../core/errors';
import type { KeyInfo } from '../core/keys';
import { readAnyKeys, type PublicKey } from '../core/pgp';
import { seal } from '../core/seal';
import type { SendCheck } from '../messaging/protocol';
import type { WorkerContext } from './handlers';
import type { KeyEntry } from './keyring';

interface RecipientPlan {
  address: string;
  entry: KeyEntry | null;
  reason: RecipientProblemReason | null;
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

function planRecipient(address: string, entries: KeyEntry[]): RecipientPlan {
  const candidates = entries.filter((entry) => entry.info.emails.includes(address)).sort(newestFirst);
  const best = candidates.find((entry) => usable(entry.info));
  if (best) return { address, entry: best, reason: null };
  const first = candidates[0];
  return first ? { address, entry: first, reason: reasonFor(first.info) } : { address, entry: null, reason: 'missing' };
}

async function plan(context: WorkerContext, recipients: readonly string[], sender: string | null): Promise<SendPlan> {
  const entries = await context.keyring.entries();
  const mine = entries.filter((entry) => entry.stored.secret && usable(entry.info) && entry.info.canSign).sort(newestFirst);
  const defaultFingerprint = await context.keyring.defaultFingerprint();
  const bySender = sender ? mine.find((entry) => entry.info.emails.includes(sender.toLowerCase())) : undefined;
  const own = bySender ?? mine.find((entry) => entry.stored.fingerprint === defaultFingerprint) ?? mine[0] ?? null;
  const addresses = [...new Set(recipients.map((address) => address.trim().toLowerCase()).filter(Boolean))];
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
    })),
  };
}

async function publicKeyOf(entry: KeyEntry): Promise<PublicKey> {
  const [key] = await readAnyKeys(entry.stored.armored);
  if (!key) throw new SealmailError('keyring_corrupt');
  return key.toPublic();
}

/** Seals a draft to every recipient and the sender, signed by the sender; refuses with the reasons otherwise. */
export async function sealDraft(context: WorkerContext, text: string, recipients: readonly string[], sender: string | null): Promise<string> {
  const { own, recipients: planned } = await plan(context, recipients, sender);
  if (planned.length === 0) throw new SealmailError('no_recipients');
  const problems: RecipientProblem[] = planned.flatMap((recipient) =>
    recipient.reason ? [{ address: recipient.address, fingerprint: recipient.entry?.stored.fingerprint ?? '', reason: recipient.reason }] : [],
  );
  if (problems.length) throw new SealmailError('recipient_keys_unusable', { recipients: problems });
  if (!own) throw new SealmailError('no_own_key');
  const signingKey = await context.session.get(own.stored.fingerprint);
  if (!signingKey) throw new SealmailError('key_locked', { keyIds: [own.stored.fingerprint.slice(-16)], fingerprint: own.stored.fingerprint });
  const keys = await Promise.all(planned.map((recipient) => publicKeyOf(recipient.entry!)));
  return seal({ text, recipients: keys, sender: signingKey });
}
