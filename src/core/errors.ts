/**
 * The closed set of failures Sealmail reports. Every code maps to a sentence a person can act on (in `_locales`);
 * errors cross execution contexts as `{ code, message, details }`.
 */
import { t, type MessageKey } from './i18n';

export const ERROR_CODES = [
  'empty_input',
  'no_armor',
  'armor_truncated',
  'armor_checksum',
  'armor_corrupt',
  'not_a_message',
  'not_a_key',
  'not_a_public_key',
  'not_a_private_key',
  'secret_in_public_block',
  'key_conflict',
  'message_tampered',
  'message_unauthenticated',
  'message_not_for_you',
  'password_required',
  'wrong_password',
  'wrong_passphrase',
  'passphrase_required',
  'key_locked',
  'no_recipients',
  'recipient_unreadable',
  'recipient_keys_unusable',
  'signing_key_unusable',
  'revocation_mismatch',
  'invalid_user_id',
  'unsupported',
  'key_not_found',
  'no_own_key',
  'block_expired',
  'message_too_large',
  'attachments_too_large',
  'draft_too_large',
  'attachment_not_taken',
  'not_a_recovery_kit',
  'recovery_code_malformed',
  'wrong_recovery_code',
  'keyring_corrupt',
  'keyring_newer',
  'caller_not_allowed',
  'no_user_action',
  'invalid_request',
  'internal',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** `unconfirmed`: the address has usable keys, but none the user confirmed for it, so Sealmail will not pick one. */
export type RecipientProblemReason = 'missing' | 'expired' | 'revoked' | 'unusable' | 'unconfirmed';

/** A key that shares an address with a key already in the keyring. */
export interface ConflictDetail {
  address: string;
  /** The key already holding the address. */
  fingerprint: string;
  /** Whether that is one of the user's own keys. */
  mine: boolean;
}

export interface RecipientProblem {
  /** The address the key is for (its primary user ID's email, or the user ID). */
  address: string;
  /** Empty when no key was found for the address. */
  fingerprint: string;
  reason: RecipientProblemReason;
}

export interface ErrorDetails {
  /** Key IDs (16 hex digits, upper case) a message was encrypted to. */
  keyIds?: string[];
  /** Whether a message could also be opened with a password. */
  passwordPossible?: boolean;
  recipients?: RecipientProblem[];
  /** What the page shows of recipients whose address could not be read. */
  names?: string[];
  conflicts?: ConflictDetail[];
  fingerprint?: string;
  /** The password hint the mail gives (its sender's words, shown as such). */
  hint?: string;
  /** For a wrong password: the message gave no way to confirm the password apart from the data itself. */
  unconfirmed?: boolean;
  /** Which bound a text passed: its length, or its number of armored blocks. */
  limit?: 'size' | 'blocks';
  /** The underlying library's words, for logs; never shown as the sentence. */
  cause?: string;
}

export interface WireError {
  code: ErrorCode;
  message: string;
  details?: ErrorDetails;
}

const REASON_WORDS: Record<RecipientProblemReason, MessageKey> = {
  missing: 'errorReasonMissing',
  expired: 'errorReasonExpired',
  revoked: 'errorReasonRevoked',
  unusable: 'errorReasonUnusable',
  unconfirmed: 'errorReasonUnconfirmed',
};

/** Groups a fingerprint or key ID in blocks of four so that it can be read aloud. */
export function groupHex(hex: string): string {
  return hex.toUpperCase().replace(/(.{4})(?=.)/g, '$1 ');
}

/** "a, b and c" in the user's language. */
export function listOf(items: readonly string[]): string {
  if (items.length < 2) return items[0] ?? '';
  return t('listAnd', items.slice(0, -1).join(t('listSeparator')), items.at(-1)!);
}

function keyList(details: ErrorDetails): string {
  const ids = details.keyIds ?? [];
  return ids.length ? t('inParens', ids.map(groupHex).join(t('listSeparator'))) : '';
}

const shortId = (fingerprint: string | undefined) => (fingerprint ? ` ${groupHex(fingerprint.slice(-16))}` : '');

const SENTENCES: Record<ErrorCode, (d: ErrorDetails) => string> = {
  empty_input: () => t('errorEmptyInput'),
  no_armor: () => t('errorNoArmor'),
  armor_truncated: () => t('errorArmorTruncated'),
  armor_checksum: () => t('errorArmorChecksum'),
  armor_corrupt: () => t('errorArmorCorrupt'),
  not_a_message: () => t('errorNotAMessage'),
  not_a_key: () => t('errorNotAKey'),
  not_a_public_key: () => t('errorNotAPublicKey'),
  not_a_private_key: () => t('errorNotAPrivateKey'),
  secret_in_public_block: () => t('errorSecretInPublicBlock'),
  key_conflict: (d) =>
    t(
      'errorKeyConflict',
      listOf((d.conflicts ?? []).map((c) => t(c.mine ? 'errorConflictItemMine' : 'errorConflictItem', c.address, groupHex(c.fingerprint.slice(-16))))),
    ),
  message_tampered: () => t('errorMessageTampered'),
  message_unauthenticated: () => t('errorMessageUnauthenticated'),
  message_not_for_you: (d) => t('errorMessageNotForYou', keyList(d)) + (d.passwordPossible ? ` ${t('errorAlsoPassword')}` : ''),
  password_required: () => t('errorPasswordRequired'),
  wrong_password: (d) => t(d.unconfirmed ? 'errorWrongPasswordUnconfirmed' : 'errorWrongPassword'),
  wrong_passphrase: () => t('errorWrongPassphrase'),
  passphrase_required: () => t('errorPassphraseRequired'),
  key_locked: (d) => t('errorKeyLocked', keyList(d)),
  no_recipients: () => t('errorNoRecipients'),
  recipient_unreadable: (d) =>
    t('errorRecipientUnreadable', (d.names ?? []).map((name) => t('quoted', name)).join(t('listSeparator')) || t('errorARecipient')),
  recipient_keys_unusable: (d) =>
    t(
      'errorRecipientKeysUnusable',
      (d.recipients ?? [])
        .map((r) =>
          r.fingerprint
            ? t('errorRecipientKeyProblem', r.address, groupHex(r.fingerprint.slice(-16)), t(REASON_WORDS[r.reason]))
            : t('errorRecipientNoKey', r.address),
        )
        .join(t('problemSeparator')),
    ),
  signing_key_unusable: (d) => t('errorSigningKeyUnusable', shortId(d.fingerprint)),
  revocation_mismatch: () => t('errorRevocationMismatch'),
  invalid_user_id: () => t('errorInvalidUserId'),
  unsupported: () => t('errorUnsupported'),
  key_not_found: (d) => t('errorKeyNotFound', shortId(d.fingerprint)),
  block_expired: () => t('errorBlockExpired'),
  message_too_large: (d) => t(d.limit === 'blocks' ? 'errorTooManyBlocks' : 'errorTooLarge'),
  no_own_key: () => t('errorNoOwnKey'),
  attachments_too_large: () => t('errorAttachmentsTooLarge'),
  draft_too_large: () => t('errorDraftTooLarge'),
  attachment_not_taken: () => t('errorAttachmentNotTaken'),
  not_a_recovery_kit: () => t('errorNotARecoveryKit'),
  recovery_code_malformed: () => t('errorRecoveryCodeMalformed'),
  wrong_recovery_code: () => t('errorWrongRecoveryCode'),
  keyring_corrupt: () => t('errorKeyringCorrupt'),
  keyring_newer: () => t('errorKeyringNewer'),
  caller_not_allowed: () => t('errorCallerNotAllowed'),
  no_user_action: () => t('errorNoUserAction'),
  invalid_request: () => t('errorInvalidRequest'),
  internal: () => t('errorInternal'),
};

export function describeError(code: ErrorCode, details: ErrorDetails = {}): string {
  return SENTENCES[code](details);
}

export class SealmailError extends Error {
  readonly code: ErrorCode;
  readonly details: ErrorDetails;

  constructor(code: ErrorCode, details: ErrorDetails = {}) {
    super(describeError(code, details));
    this.name = 'SealmailError';
    this.code = code;
    this.details = details;
  }

  toWire(): WireError {
    return { code: this.code, message: this.message, details: this.details };
  }
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}

/** Turns anything thrown into a wire error; unknown failures become `internal`, keeping the cause for logs. */
export function toWireError(error: unknown): WireError {
  if (error instanceof SealmailError) return error.toWire();
  const cause = error instanceof Error ? error.message : String(error);
  return new SealmailError('internal', { cause }).toWire();
}
