/** The worker's answers to the protocol, over the keyring and the session of unlocked keys. */
import { SealmailError } from '../core/errors';
import {
  applyRevocation,
  changePassphrase,
  createRevocationCertificate,
  exportPrivateKey,
  exportPublicKey,
  generateKey,
  unlockPrivateKey,
} from '../core/keys';
import { readPrivateKey } from '../core/pgp';
import { MAX_ATTACHMENT_BYTES, type Handlers, type KeyView } from '../messaging/protocol';
import { decodeBase64 } from '../core/base64';
import type { KeyEntry, Keyring } from './keyring';
import type { StoredKey } from './keyring-schema';
import type { Session } from './session';
import { checkSend, sealDraft, sealOwnDraft, type PendingPasswords } from './send';
import type { SecureDrafts } from './drafts';
import { BlockRegistry, offerReply, openBlock } from './read';
import type { Replies } from './replies';
import type { Intents } from './intents';
import { newRecoveryCode, openRecoveryKit, readRecoveryKit, sealRecoveryKit } from '../core/recovery';
import { t } from '../core/i18n';
import type { CallerContext } from '../messaging/caller';

/** The key manager is a top-level extension page; the extension's frames inside a webmail page are not. */
function keyManagerOnly(caller: CallerContext): void {
  if (caller.frameId !== null && caller.frameId !== 0) throw new SealmailError('caller_not_allowed');
}

export interface WorkerContext {
  keyring: Keyring;
  session: Session;
  blocks: BlockRegistry;
  passwords: PendingPasswords;
  intents: Intents;
  drafts: SecureDrafts;
  replies: Replies;
  version: string;
  startedAt: string;
  /** The fallback reader's one HTML file, attached to password mail; null when it cannot be read. */
  reader: () => Promise<Uint8Array | null>;
}

async function view(context: WorkerContext, entry: KeyEntry): Promise<KeyView> {
  const fingerprint = entry.stored.fingerprint;
  return {
    ...entry.info,
    isDefault: (await context.keyring.defaultFingerprint()) === fingerprint,
    confirmedFor: entry.stored.confirmed ?? [],
    unlocked: entry.stored.secret && (await context.session.isUnlocked(fingerprint)),
    hasRevocationCertificate: entry.stored.revocationCertificate !== null,
  };
}

async function viewOf(context: WorkerContext, fingerprint: string): Promise<KeyView> {
  const entry = (await context.keyring.entries()).find((candidate) => candidate.stored.fingerprint === fingerprint);
  if (!entry) throw new SealmailError('key_not_found', { fingerprint });
  return view(context, entry);
}

async function secretKey(context: WorkerContext, fingerprint: string): Promise<StoredKey> {
  const stored = await context.keyring.get(fingerprint);
  if (!stored.secret) throw new SealmailError('not_a_private_key');
  return stored;
}

/** The saved revocation certificate, or a new one made with the passphrase (and then saved). */
async function revocationCertificate(context: WorkerContext, fingerprint: string, passphrase: string | undefined): Promise<string> {
  const stored = await context.keyring.get(fingerprint);
  if (stored.revocationCertificate) return stored.revocationCertificate;
  if (!stored.secret) throw new SealmailError('not_a_private_key');
  if (!passphrase) throw new SealmailError('key_locked', { keyIds: [fingerprint.slice(-16)] });
  const certificate = await createRevocationCertificate(stored.armored, passphrase);
  await context.keyring.update(fingerprint, { revocationCertificate: certificate });
  return certificate;
}

/** A file name with no path in it and no control characters, as it will be attached. */
function safeFileName(name: string): string {
  return [...name].map((char) => (char === '/' || char === '\\' || char.charCodeAt(0) < 0x20 || char.charCodeAt(0) === 0x7f ? '_' : char)).join('');
}

export function createHandlers(context: WorkerContext): Handlers {
  const { keyring, session } = context;
  return {
    getStatus: async () => ({ version: context.version, startedAt: context.startedAt }),

    listKeys: async () => ({
      keys: await Promise.all((await keyring.entries()).map((entry) => view(context, entry))),
      autoLockMinutes: await keyring.autoLockMinutes(),
      passwordMail: await keyring.passwordMail(),
      composeMode: await keyring.composeMode(),
      keyServer: await keyring.keyServer(),
      keyInMail: await keyring.keyInMail(),
    }),

    generateKey: async (params) => {
      const generated = await generateKey({ ...params, expires: params.expires ? new Date(params.expires) : null });
      await keyring.addGenerated(generated);
      // The passphrase was just typed twice: the new key starts unlocked.
      await session.add(generated.info.fingerprint, await unlockPrivateKey(await readPrivateKey(generated.armored), params.passphrase));
      return viewOf(context, generated.info.fingerprint);
    },

    previewImport: async ({ text }) => ({ keys: await keyring.previewImport(text) }),

    importKeys: async ({ text, protectPassphrase, choice }) => ({ fingerprints: await keyring.importKeys(text, protectPassphrase, choice) }),

    confirmKey: async ({ fingerprint, address }) => {
      await keyring.confirm(fingerprint, address.trim().toLowerCase());
      return {};
    },

    exportPublicKey: async ({ fingerprint }) => ({ armored: await exportPublicKey((await keyring.get(fingerprint)).armored) }),

    exportPrivateKey: async ({ fingerprint, passphrase }) => ({
      armored: await exportPrivateKey((await secretKey(context, fingerprint)).armored, passphrase),
    }),

    getRevocationCertificate: async ({ fingerprint, passphrase }) => ({
      armored: await revocationCertificate(context, fingerprint, passphrase),
    }),

    revokeKey: async ({ fingerprint, passphrase }) => {
      const certificate = await revocationCertificate(context, fingerprint, passphrase);
      const revoked = await applyRevocation((await keyring.get(fingerprint)).armored, certificate);
      await keyring.update(fingerprint, { armored: revoked.armored, revocationCertificate: certificate });
      return viewOf(context, fingerprint);
    },

    deleteKey: async ({ fingerprint }) => {
      await keyring.remove(fingerprint);
      await session.forget(fingerprint);
      return {};
    },

    setDefaultKey: async ({ fingerprint }) => {
      await keyring.setDefault(fingerprint);
      return {};
    },

    changePassphrase: async ({ fingerprint, oldPassphrase, newPassphrase }) => {
      const changed = await changePassphrase((await secretKey(context, fingerprint)).armored, oldPassphrase, newPassphrase);
      await keyring.update(fingerprint, { armored: changed.armored });
      return {};
    },

    unlockKey: async ({ fingerprint, passphrase }) => {
      const stored = await secretKey(context, fingerprint);
      await session.add(fingerprint, await unlockPrivateKey(await readPrivateKey(stored.armored), passphrase));
      return {};
    },

    lockNow: async () => {
      await session.lock();
      return {};
    },

    setAutoLock: async ({ minutes }) => {
      await keyring.setAutoLockMinutes(minutes);
      return {};
    },

    makeRecoveryKit: async (_, caller) => {
      keyManagerOnly(caller);
      const code = newRecoveryCode();
      const kit = await sealRecoveryKit(JSON.stringify(await keyring.snapshot()), code, t('recoveryKitAbout'));
      return { code, kit: `${JSON.stringify(kit, null, 2)}\n`, fileName: `sealmail-recovery-kit-${kit.created.slice(0, 10)}.json` };
    },

    restoreRecoveryKit: async ({ kit, code }, caller) => {
      keyManagerOnly(caller);
      const payload = await openRecoveryKit(readRecoveryKit(kit), code);
      let saved: unknown;
      try {
        saved = JSON.parse(payload);
      } catch {
        throw new SealmailError('not_a_recovery_kit');
      }
      return keyring.restore(saved);
    },

    approveSend: async ({ viewId }, caller) => {
      context.intents.approve(caller, viewId);
      return {};
    },

    sealDraft: async ({ text, recipients, sender, viewId, sendId, fromEditor }, caller) => {
      context.intents.take(caller, viewId);
      const files = fromEditor ? context.drafts.attachments(caller, viewId) : [];
      return sealDraft(context, fromEditor ? context.drafts.text(caller, viewId) : text, recipients, sender, sendId, files);
    },

    // Kept until the send is done, so that a send that fails on the page can be tried again.
    draftSent: async ({ viewId }, caller) => {
      context.drafts.forget(caller, viewId);
      return {};
    },

    stageAttachments: async ({ viewId, files }, caller) => {
      const decoded = files.map((file) => ({ name: safeFileName(file.name), bytes: decodeBase64(file.data) }));
      if (decoded.some((file) => file.bytes === null)) throw new SealmailError('invalid_request');
      const total = decoded.reduce((sum, file) => sum + file.bytes!.length, 0);
      if (total > MAX_ATTACHMENT_BYTES) throw new SealmailError('attachments_too_large');
      context.drafts.stageFiles(caller, viewId, decoded as Array<{ name: string; bytes: Uint8Array }>);
      return {};
    },

    stageDraft: async ({ viewId, text }, caller) => {
      context.drafts.stage(caller, viewId, text);
      return {};
    },

    sealOwnDraft: async ({ viewId, sender }, caller) => ({ armor: await sealOwnDraft(context, context.drafts.text(caller, viewId), sender) }),

    getComposeMode: async () => ({ mode: await keyring.composeMode() }),

    setComposeMode: async ({ mode }) => {
      await keyring.setComposeMode(mode);
      return {};
    },

    setKeyServer: async ({ allowed }, caller) => {
      // Whether addresses may go to a key server is the user's choice in the key manager alone.
      keyManagerOnly(caller);
      await keyring.setKeyServer(allowed);
      return {};
    },

    setKeyInMail: async ({ on }, caller) => {
      keyManagerOnly(caller);
      await keyring.setKeyInMail(on);
      return {};
    },

    protectWithPassword: async ({ sendId, password, hint }) => {
      context.passwords.set(sendId, password, hint?.trim() || null);
      return {};
    },

    setPasswordMail: async (settings) => {
      await keyring.setPasswordMail(settings);
      return {};
    },

    checkSend: async ({ recipients, sender }) => checkSend(context, recipients, sender),

    registerBlock: async ({ token, armor, sender, hint, file }, caller) => {
      context.blocks.register(token, armor, sender, caller, hint ?? null, file ?? null);
      return {};
    },

    openBlock: async ({ token, password }, caller) => openBlock(context, token, caller, password),

    offerReply: async ({ token }, caller) => {
      await offerReply(context, token, caller);
      return {};
    },

    claimReply: async ({ viewId }, caller) => {
      context.replies.claim(caller, viewId);
      return {};
    },

    takeReply: async ({ viewId }, caller) => {
      const quote = context.replies.take(caller, viewId);
      // The quote is where the user starts writing: Sealmail's editor hands it back as the draft.
      context.drafts.stage(caller, viewId, quote);
      return { quote };
    },
  };
}
