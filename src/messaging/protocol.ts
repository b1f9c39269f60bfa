/**
 * The one map of what the worker answers: each method's params (validated), result and who may
 * call it. The typed client and server are built from this map; call sites never spell method
 * names as strings of their own.
 */
import type { ConflictDetail, RecipientProblemReason, WireError } from '../core/errors';
import type { KeyAlgorithm, KeyInfo } from '../core/keys';
import type { SignatureReport } from '../core/open';
import type { CallerContext } from './caller';
import { INVALID, blockToken, boolean, dateOrNull, fingerprint, integer, listOf, object, oneOf, optional, text, type Validator } from './validate';

/** A content script in a webmail tab, or one of the extension's own pages. */
export type Caller = 'content' | 'extension';

export interface MethodSpec<Params, Result> {
  callers: readonly Caller[];
  parse: Validator<Params>;
  /** Carries the result type only; never set. */
  result?: Result;
}

/** Params are inferred from the validator; the result type is named with `.returns<R>()`. */
function method<Params>(callers: readonly Caller[], parse: Validator<Params>) {
  return { returns: <Result>(): MethodSpec<Params, Result> => ({ callers, parse }) };
}

export interface WorkerStatus {
  version: string;
  startedAt: string;
}

/** A key as the key manager shows it. */
export interface KeyView extends KeyInfo {
  isDefault: boolean;
  /** The addresses the user confirmed this key for; a key not confirmed for an address is never used for it silently. */
  confirmedFor: string[];
  unlocked: boolean;
  hasRevocationCertificate: boolean;
}

export interface PasswordMailView {
  note: boolean;
  readerUrl: string;
  attachKey: boolean;
}

/**
 * Where the user writes secure mail: `secure`, in Sealmail's own editor over the compose view
 * (the page and the provider's autosave never see the text); `native`, in the app's own editor.
 */
export const COMPOSE_MODES = ['secure', 'native'] as const;
export type ComposeMode = (typeof COMPOSE_MODES)[number];

export interface KeyringView {
  keys: KeyView[];
  autoLockMinutes: number;
  passwordMail: PasswordMailView;
  composeMode: ComposeMode;
  /** Whether key lookups may also ask keys.openpgp.org. */
  keyServer: boolean;
  /** Whether mail sealed to keys carries the sender's public key. */
  keyInMail: boolean;
}

export interface ImportPreview {
  keys: Array<{ info: KeyInfo; action: 'add' | 'update' | 'revoke'; needsPassphrase: boolean; conflicts: ConflictDetail[] }>;
}

/** How the signer of a message relates to the sender the page shows. */
export type SenderMatch =
  /** Signed by the key the user confirmed for the sender's address. */
  | 'confirmed'
  /** The signing key has the sender's address, but the user never confirmed it for that address. */
  | 'unconfirmed'
  /** Signed by someone else than the page shows. */
  | 'other';

export type Empty = Record<string, never>;

/** A block the viewer opened: a message's text and signature, or a key to import. */
export type OpenedBlock =
  | {
      kind: 'message';
      text: string;
      encrypted: boolean;
      signature: SignatureReport & { signerAddress: string | null; senderMatch: SenderMatch | null };
      /** The sender the webmail page shows, when it shows one. */
      sender: string | null;
      /** For an attachment: the decrypted file (base64), under the name it was sealed with. */
      file?: { name: string; data: string };
    }
  /** `revokes`: the block is a revocation certificate for a key in the keyring (`keys` shows it revoked). */
  | { kind: 'key'; armor: string; keys: KeyInfo[]; revokes: boolean };

/** What stands between a draft and sending it. */
export interface SendCheck {
  own: { fingerprint: string; address: string; unlocked: boolean } | null;
  recipients: Array<{
    address: string;
    fingerprint: string | null;
    problem: RecipientProblemReason | null;
    /** For an address with several keys and none confirmed: the keys to choose from. */
    choices: Array<{ fingerprint: string; userId: string; created: string }>;
  }>;
  /** Whether a key lookup may also ask keys.openpgp.org. */
  keyServer: boolean;
}

/** What the webmails let one message carry: 25 MB of files, here as base64. */
export const MAX_ATTACHMENT_BYTES = 25 * 1024 * 1024;
const MAX_ATTACHMENTS_BASE64 = Math.ceil(MAX_ATTACHMENT_BYTES / 3) * 4;

/** A file sealed as its own OpenPGP message, for the content script to attach: ciphertext only. */
export interface SealedAttachment {
  name: string;
  /** Base64 of the binary OpenPGP message (or of the reader's HTML, for `type` text/html). */
  data: string;
  /** The file's media type when it is not an OpenPGP message: the fallback reader attached to password mail. */
  type?: 'text/html';
}

const EXTENSION = ['extension'] as const;
const CONTENT = ['content'] as const;
const addresses: Validator<string[]> = (value) =>
  Array.isArray(value) && value.length <= 500 && value.every((item) => typeof item === 'string' && item.length <= 320) ? (value as string[]) : INVALID;
const senderAddress: Validator<string | null> = (value) => (value === null ? null : text({ max: 320 })(value));
const sendId = text({ min: 36, max: 36 });
const viewId = text({ min: 36, max: 36 });
const none: Validator<Empty> = (value) => (value === undefined ? {} : (object({})(value) as Empty | typeof INVALID));
const passphrase = text({ min: 1, max: 1024 });
const one = object({ fingerprint });
const KEY_ALGORITHMS: readonly KeyAlgorithm[] = ['ecc', 'rsa3072', 'rsa4096'];

export const PROTOCOL = {
  getStatus: method(EXTENSION, none).returns<WorkerStatus>(),
  listKeys: method(EXTENSION, none).returns<KeyringView>(),
  generateKey: method(
    EXTENSION,
    object({ name: text({ max: 200 }), email: text({ max: 320 }), passphrase, algorithm: oneOf(KEY_ALGORITHMS), expires: dateOrNull }),
  ).returns<KeyView>(),
  previewImport: method(EXTENSION, object({ text: text({ min: 1 }) })).returns<ImportPreview>(),
  /** A key sharing an address with another key needs `choice`: which one is confirmed for the address. */
  importKeys: method(
    EXTENSION,
    object({ text: text({ min: 1 }), protectPassphrase: optional(passphrase), choice: optional(oneOf(['trust-new', 'keep-current'] as const)) }),
  ).returns<{ fingerprints: string[] }>(),
  /** The user's choice: this key is the one for this address. */
  confirmKey: method(EXTENSION, object({ fingerprint, address: text({ min: 3, max: 320 }) })).returns<Empty>(),
  exportPublicKey: method(EXTENSION, one).returns<{ armored: string }>(),
  exportPrivateKey: method(EXTENSION, object({ fingerprint, passphrase })).returns<{ armored: string }>(),
  getRevocationCertificate: method(EXTENSION, object({ fingerprint, passphrase: optional(passphrase) })).returns<{ armored: string }>(),
  revokeKey: method(EXTENSION, object({ fingerprint, passphrase: optional(passphrase) })).returns<KeyView>(),
  deleteKey: method(EXTENSION, one).returns<Empty>(),
  setDefaultKey: method(EXTENSION, one).returns<Empty>(),
  changePassphrase: method(EXTENSION, object({ fingerprint, oldPassphrase: passphrase, newPassphrase: passphrase })).returns<Empty>(),
  unlockKey: method(EXTENSION, object({ fingerprint, passphrase })).returns<Empty>(),
  lockNow: method(EXTENSION, none).returns<Empty>(),
  setAutoLock: method(EXTENSION, object({ minutes: integer(1, 24 * 60) })).returns<Empty>(),
  /**
   * A recovery kit of the whole keyring, sealed with a new recovery code that is returned once and
   * kept nowhere. Only the key manager itself may ask (never a frame inside a webmail page).
   */
  makeRecoveryKit: method(EXTENSION, none).returns<{ code: string; kit: string; fileName: string }>(),
  /** Restores a kit with its code; a wrong code or a file that is not a kit changes nothing. */
  restoreRecoveryKit: method(EXTENSION, object({ kit: text({ min: 1 }), code: text({ min: 1, max: 200 }) })).returns<{ added: number }>(),
  /**
   * The user clicked Send Secure (or Continue in the send dialog) for compose view `viewId`: only
   * the extension's frames in that tab can say so, and only after a trusted click on a visible control.
   */
  approveSend: method(EXTENSION, object({ viewId })).returns<Empty>(),
  /**
   * Content scripts hand over the user's own draft and get back only ciphertext, and only once per
   * intent the user gave for that view (`no_user_action` otherwise). `mail` is the armor, with the
   * note and the sender's key around it when a password protects it.
   */
  sealDraft: method(
    CONTENT,
    object({
      text: text({ max: 32 * 1024 * 1024 }),
      recipients: addresses,
      sender: senderAddress,
      viewId,
      sendId: optional(sendId),
      /** Seal what the user wrote in Sealmail's own editor over this view, not `text`. */
      fromEditor: optional(boolean),
    }),
  ).returns<{ mail: string; attachments: SealedAttachment[] }>(),
  /**
   * Sealmail's editor frame hands over the files the user attached in it (base64), for its compose
   * view only; at Send Secure each is sealed on its own as `name.pgp` with the message.
   */
  stageAttachments: method(EXTENSION, object({ viewId, files: listOf(object({ name: text({ min: 1, max: 255 }), data: text({ max: MAX_ATTACHMENTS_BASE64 }) }), 20) })).returns<Empty>(),
  /** Sent: the worker lets go of the text and files written in Sealmail's editor over this view. */
  draftSent: method(CONTENT, object({ viewId })).returns<Empty>(),
  /** Sealmail's editor frame hands over what the user wrote in it, for its compose view only. */
  stageDraft: method(EXTENSION, object({ viewId, text: text({ max: 32 * 1024 * 1024 }) })).returns<Empty>(),
  /**
   * The content script asks for the editor's text sealed to the user's own key only, signed, to
   * save as the webmail's draft; it gets the armor, never the text.
   */
  sealOwnDraft: method(CONTENT, object({ viewId, sender: senderAddress })).returns<{ armor: string }>(),
  /** Where the content script should let the user write: Sealmail's editor or the app's. */
  getComposeMode: method(CONTENT, none).returns<{ mode: ComposeMode }>(),
  setComposeMode: method(EXTENSION, object({ mode: oneOf(COMPOSE_MODES) })).returns<Empty>(),
  setKeyServer: method(EXTENSION, object({ allowed: boolean })).returns<Empty>(),
  /** Whether mail sealed to keys carries the sender's public key (an Autocrypt-style footer), from the key manager only. */
  setKeyInMail: method(EXTENSION, object({ on: boolean })).returns<Empty>(),
  /** The dialog gives the password for one send; the page never sees it. */
  protectWithPassword: method(EXTENSION, object({ sendId, password: text({ min: 1, max: 1024 }), hint: optional(text({ max: 200 })) })).returns<Empty>(),
  setPasswordMail: method(EXTENSION, object({ note: boolean, readerUrl: text({ max: 500 }), attachKey: boolean })).returns<Empty>(),
  checkSend: method(EXTENSION, object({ recipients: addresses, sender: senderAddress })).returns<SendCheck>(),
  /**
   * Content scripts hand over armor found in a message body under a random token of their own
   * making, which they put in the viewer frame's address at once (the frame may ask before the
   * block arrives; the worker waits for it a little).
   */
  registerBlock: method(
    CONTENT,
    object({
      token: blockToken,
      armor: text({ min: 1, max: 64 * 1024 * 1024 }),
      sender: senderAddress,
      hint: optional(text({ max: 200 })),
      /** The block is an attachment of this name (`x.pdf.pgp`, PGP/MIME's `encrypted.asc`): it opens as a file. */
      file: optional(text({ min: 1, max: 255 })),
    }),
  ).returns<Empty>(),
  /** Only the viewer frame, an extension page, can open a token and see the plaintext. */
  openBlock: method(EXTENSION, object({ token: blockToken, password: optional(text({ min: 1, max: 1024 })) })).returns<OpenedBlock>(),
  /**
   * Reply securely, clicked in the viewer frame that shows the message of `token`: its quote waits,
   * in the worker, for the reply the content script opens in the same tab.
   */
  offerReply: method(EXTENSION, object({ token: blockToken })).returns<Empty>(),
  /** The content script opened the app's reply as compose view `viewId`: the pending quote is for its editor. */
  claimReply: method(CONTENT, object({ viewId })).returns<Empty>(),
  /** Sealmail's editor over that view takes the quote (once); the page never holds it. */
  takeReply: method(EXTENSION, object({ viewId })).returns<{ quote: string }>(),
} as const;

export type Protocol = typeof PROTOCOL;
export type Method = keyof Protocol;
export type ParamsOf<M extends Method> = Protocol[M] extends MethodSpec<infer P, unknown> ? P : never;
export type ResultOf<M extends Method> = Protocol[M] extends MethodSpec<unknown, infer R> ? R : never;

export { isContentCommand, type ContentCommand } from './commands';

/** What the worker implements: one function per method. */
export type Handlers = { [M in Method]: (params: ParamsOf<M>, caller: CallerContext) => Promise<ResultOf<M>> };

export interface Request<M extends Method = Method> {
  sealmail: 1;
  method: M;
  params: ParamsOf<M>;
}

export type Response<M extends Method = Method> = { ok: true; result: ResultOf<M> } | { ok: false; error: WireError };
