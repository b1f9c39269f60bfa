/**
 * Reading: blocks a content script found in a message body are registered under a random token;
 * only an extension page (the viewer frame) can open a token, and only it receives plaintext.
 */
import { findArmorBlocks } from '../core/armor';
import { encodeBase64 } from '../core/base64';
import { SealmailError, type ErrorCode } from '../core/errors';
import { openMessage } from '../core/open';
import { readAnyKeys, readPrivateKey, type PrivateKey, type PublicKey } from '../core/pgp';
import type { OpenedBlock, SenderMatch } from '../messaging/protocol';
import { isConfirmed, type KeyEntry } from './continuity';
import type { CallerContext } from '../messaging/caller';
import type { WorkerContext } from './handlers';
import { quoteReply } from '../core/mail';
import { t } from '../core/i18n';

interface Registered {
  armor: string;
  sender: string | null;
  /** The password hint in the mail around the block, as the page showed it. */
  hint: string | null;
  /** The attachment's name, when the block came as a file: it opens as a file, not text. */
  file: string | null;
  /** The tab whose content script found the block: only a frame in that tab may open it. */
  tabId: number | null;
  until: number;
  /** The one viewer document that opened it; set on first open. */
  openedBy: string | null;
  /** What that frame was shown of a message: the text and who wrote it, for a reply to quote. */
  shown: { text: string; author: string | null } | null;
}

const READABLE = new Set(['MESSAGE', 'SIGNED MESSAGE', 'PUBLIC KEY BLOCK']);
const PASSWORD_CODES = new Set<ErrorCode>(['password_required', 'wrong_password', 'message_not_for_you']);
const LIMIT = 500;
/** Long enough for a person to unlock a key and read; short enough that a leaked token soon means nothing. */
export const TOKEN_LIFETIME_MS = 30 * 60_000;
/**
 * How long a viewer frame's request waits for its block: the content script puts the frame in the
 * page as it sends the block, so the frame may ask first. Few may wait at once; the rest are refused.
 */
export const ARRIVAL_WAIT_MS = 3000;
const MAX_WAITING = 32;

/**
 * Tokens live in worker memory only: a restarted worker asks the page to register again. A token
 * is made by the content script that registers it (a random UUID, never one already held), is
 * bound to the tab that registered it and to the first frame that opens it, and expires.
 */
export class BlockRegistry {
  private readonly blocks = new Map<string, Registered>();
  /** Viewer requests for tokens not registered yet, woken when one is (or when its registration fails). */
  private readonly waiting = new Map<string, Array<() => void>>();
  private waiters = 0;

  constructor(
    private readonly now: () => number = Date.now,
    private readonly arrivalWaitMs = ARRIVAL_WAIT_MS,
  ) {}

  register(token: string, armor: string, sender: string | null, caller: CallerContext, hint: string | null = null, file: string | null = null): void {
    try {
      if (this.blocks.has(token)) throw new SealmailError('caller_not_allowed', { cause: 'that token is taken' });
      const [block] = findArmorBlocks(armor);
      if (!block || !READABLE.has(block.type)) throw new SealmailError('no_armor');
      if (file !== null && block.type !== 'MESSAGE') throw new SealmailError('not_a_message');
      this.blocks.set(token, { armor, sender, hint, file, tabId: caller.tabId, until: this.now() + TOKEN_LIFETIME_MS, openedBy: null, shown: null });
      if (this.blocks.size > LIMIT) this.blocks.delete(this.blocks.keys().next().value!);
    } finally {
      for (const wake of this.waiting.get(token) ?? []) wake();
    }
  }

  /** Resolves when `token` is registered or refused, or after the wait; at once if too many wait already. */
  private arrival(token: string): Promise<void> {
    if (this.waiters >= MAX_WAITING) return Promise.resolve();
    return new Promise((resolve) => {
      const list = this.waiting.get(token) ?? [];
      const wake = () => {
        clearTimeout(timer);
        const left = (this.waiting.get(token) ?? []).filter((other) => other !== wake);
        if (left.length) this.waiting.set(token, left);
        else this.waiting.delete(token);
        this.waiters--;
        resolve();
      };
      const timer = setTimeout(wake, this.arrivalWaitMs);
      list.push(wake);
      this.waiting.set(token, list);
      this.waiters++;
    });
  }

  /** The block for a viewer frame: in the registering tab, the first frame to ask, before the token expires. */
  async open(token: string, caller: CallerContext): Promise<Registered> {
    if (!this.blocks.has(token)) await this.arrival(token);
    const found = this.blocks.get(token);
    if (!found || found.until <= this.now()) {
      this.blocks.delete(token);
      throw new SealmailError('block_expired');
    }
    if (caller.kind !== 'extension' || caller.tabId === null || caller.tabId !== found.tabId || caller.document === null) {
      throw new SealmailError('caller_not_allowed', { cause: 'a block opens only in the tab that found it' });
    }
    if (found.openedBy !== null && found.openedBy !== caller.document) {
      throw new SealmailError('caller_not_allowed', { cause: 'a block opens in one frame only' });
    }
    found.openedBy = caller.document;
    return found;
  }
}

/** "This is the sender shown" holds only for the key the user confirmed for the sender's address. */
function matchOf(signer: KeyEntry, sender: string): SenderMatch {
  if (!signer.info.emails.includes(sender)) return 'other';
  return isConfirmed(signer.stored, sender) ? 'confirmed' : 'unconfirmed';
}

/**
 * The keys to open a message with: the user's own (to decrypt) and, to check the signature, the
 * keys of the sender the page shows, or the `signers` a signature names. The rest of the keyring
 * is not parsed, however large it is.
 */
async function keysFor(context: WorkerContext, sender: string | null, signers?: KeyEntry[]): Promise<{ decryption: PrivateKey[]; verification: PublicKey[]; entries: KeyEntry[] }> {
  const entries = signers ? [...(await context.keyring.forAddresses([])), ...signers] : await context.keyring.forAddresses(sender ? [sender.toLowerCase()] : []);
  const decryption: PrivateKey[] = [];
  const verification: PublicKey[] = [];
  for (const entry of entries) {
    const [key] = await readAnyKeys(entry.stored.armored);
    if (!key) continue;
    verification.push(key.toPublic());
    if (entry.stored.secret) {
      decryption.push((await context.session.get(entry.stored.fingerprint)) ?? (await readPrivateKey(entry.stored.armored)));
    }
  }
  return { decryption, verification, entries };
}

/** Opens a registered block for the viewer: a message (decrypted and/or verified) or a key to import. */
export async function openBlock(context: WorkerContext, token: string, caller: CallerContext, password?: string): Promise<OpenedBlock> {
  const registered = await context.blocks.open(token, caller);
  const { armor, sender, hint, file } = registered;
  const [block] = findArmorBlocks(armor);
  if (block?.type === 'PUBLIC KEY BLOCK') {
    const items = await context.keyring.previewImport(block.armor);
    return { kind: 'key', armor: block.armor, keys: items.map((item) => item.info), revokes: items.some((item) => item.action === 'revoke') };
  }
  const open = async (keys: Awaited<ReturnType<typeof keysFor>>) => {
    try {
      return await openMessage({ input: armor, decryptionKeys: keys.decryption, verificationKeys: keys.verification, ...(password ? { passwords: [password] } : {}), ...(file ? { asFile: true } : {}) });
    } catch (error) {
      // The viewer asks for the password itself, with the hint the mail gives.
      if (hint && error instanceof SealmailError && PASSWORD_CODES.has(error.code)) throw new SealmailError(error.code, { ...error.details, hint });
      throw error;
    }
  };
  let keys = await keysFor(context, sender);
  let opened = await open(keys);
  // Signed by a key that is not the sender's: opened again with the key the signature names, if the keyring has it.
  // A signature names its key by key ID or fingerprint; a v4 key ID ends its fingerprint, a v6 one begins it.
  const { status, keyId, fingerprint } = opened.signature;
  const ids = status === 'unknown_key' ? [keyId, fingerprint?.slice(-16), fingerprint?.slice(0, 16)].filter((id): id is string => Boolean(id)) : [];
  for (const id of ids) {
    const signers = await context.keyring.withKeyId(id);
    if (signers.length === 0) continue;
    keys = await keysFor(context, sender, signers);
    opened = await open(keys);
    break;
  }
  const signer = keys.entries.find((entry) => entry.info.fingerprint === opened.signature.fingerprint) ?? null;
  const senderMatch = signer && sender ? matchOf(signer, sender.toLowerCase()) : null;
  if (!file) registered.shown = { text: opened.text, author: opened.signature.status === 'valid' && senderMatch !== 'other' ? (opened.signature.userId ?? sender) : sender };
  return {
    kind: 'message',
    text: opened.text,
    encrypted: opened.encrypted,
    signature: { ...opened.signature, signerAddress: signer?.info.address ?? null, senderMatch },
    sender,
    ...(file && opened.file ? { file: { name: opened.file.name || file.replace(/\.(pgp|gpg|asc)$/i, '') || file, data: encodeBase64(opened.file.bytes) } } : {}),
  };
}

/**
 * The user clicked Reply securely in the viewer frame that shows a message: its quote is offered
 * for the reply the content script is about to open in the same tab.
 */
export async function offerReply(context: WorkerContext, token: string, caller: CallerContext): Promise<void> {
  const { shown } = await context.blocks.open(token, caller);
  if (!shown) throw new SealmailError('block_expired');
  const intro = shown.author ? t('replyQuoteIntro', shown.author) : t('replyQuoteIntroUnknown');
  context.replies.offer(caller, quoteReply(shown.text, intro));
}
