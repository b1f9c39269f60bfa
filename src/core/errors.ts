/**
 * The closed set of failures Sealmail reports. Every code maps to a sentence a person can act on;
 * errors cross execution contexts as `{ code, message, details }`.
 */

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

const REASON_WORDS: Record<RecipientProblemReason, string> = {
  missing: 'is not in your keyring',
  expired: 'has expired',
  revoked: 'was revoked',
  unusable: 'cannot be used for encryption',
  unconfirmed: 'is new: you have not confirmed it for this address',
};

/** Groups a fingerprint or key ID in blocks of four so that it can be read aloud. */
export function groupHex(hex: string): string {
  return hex.toUpperCase().replace(/(.{4})(?=.)/g, '$1 ');
}

function keyList(details: ErrorDetails): string {
  const ids = details.keyIds ?? [];
  return ids.length ? ` (${ids.map(groupHex).join(', ')})` : '';
}

const SENTENCES: Record<ErrorCode, (d: ErrorDetails) => string> = {
  empty_input: () => 'There is nothing here to read: the text is empty.',
  no_armor: () => 'No OpenPGP block was found in this text.',
  armor_truncated: () =>
    'The encrypted block is cut off: its end is missing. Copy the whole message, including the "-----END PGP" line.',
  armor_checksum: () =>
    'The encrypted block was changed on the way: its checksum does not match. Ask the sender to send it again.',
  armor_corrupt: () => 'The encrypted block is damaged and cannot be read.',
  not_a_message: () => 'This is not an encrypted or signed message (it may be a key or a bare signature).',
  not_a_key: () => 'This is not an OpenPGP key.',
  not_a_public_key: () =>
    'This is a private key, but a public key is expected here. Never share a private key: export the public key instead.',
  not_a_private_key: () => 'This is a public key, but a private key is needed here.',
  secret_in_public_block: () =>
    'This block says it holds a public key, but it contains a private key. Sealmail did not import it: a genuine public key never carries secret material.',
  key_conflict: (d) => {
    const items = (d.conflicts ?? []).map((c) => `${c.mine ? 'your own key' : 'a key'} for ${c.address} (${groupHex(c.fingerprint.slice(-16))})`);
    return `You already have ${items.join(' and ')}. A different key for the same address may be an impostor's: compare the fingerprint with the person, then choose which key to use. Nothing was imported.`;
  },
  message_tampered: () =>
    'This message was changed after it was encrypted, so it cannot be trusted and was not opened.',
  message_unauthenticated: () =>
    'This message has no integrity protection, so it could have been changed on the way. It was not opened.',
  message_not_for_you: (d) =>
    `This message was not encrypted for any of your keys${keyList(d)}.` +
    (d.passwordPossible ? ' It can also be opened with its password.' : ''),
  password_required: () => 'This message is protected with a password. Enter the password to open it.',
  wrong_password: (d) =>
    d.unconfirmed
      ? 'That password does not open this message (or the message was changed on the way). Check the password and try again.'
      : 'That password does not open this message. Check it and try again.',
  wrong_passphrase: () => 'That passphrase does not unlock the key. Check it and try again.',
  passphrase_required: () => 'A passphrase is required to protect the private key.',
  key_locked: (d) => `Your key${keyList(d)} is locked. Enter its passphrase to unlock it.`,
  no_recipients: () => 'There is no one to encrypt for: add a recipient or a password.',
  recipient_unreadable: (d) =>
    `Sealmail cannot read the email address of ${(d.names ?? []).map((name) => `"${name}"`).join(', ') || 'a recipient'} on this page, so nothing was sent. Remove that recipient and type the full email address.`,
  recipient_keys_unusable: (d) => {
    const items = (d.recipients ?? []).map((r) =>
      r.fingerprint ? `the key of ${r.address} (${groupHex(r.fingerprint.slice(-16))}) ${REASON_WORDS[r.reason]}` : `${r.address} has no key in your keyring`,
    );
    return `Cannot encrypt: ${items.join('; ')}.`;
  },
  signing_key_unusable: (d) =>
    `Your key${d.fingerprint ? ` ${groupHex(d.fingerprint.slice(-16))}` : ''} cannot sign: it may have expired or been revoked.`,
  revocation_mismatch: () => 'This revocation certificate does not belong to this key.',
  invalid_user_id: () => 'A key needs a name or an email address, and the email address must be valid.',
  unsupported: () => 'This uses an OpenPGP feature Sealmail does not support.',
  key_not_found: (d) => `There is no key${d.fingerprint ? ` ${groupHex(d.fingerprint.slice(-16))}` : ''} in your keyring.`,
  block_expired: () => 'This message needs to be read again: reload the page.',
  message_too_large: (d) =>
    d.limit === 'blocks'
      ? 'Sealmail did not read this text: it holds more than 64 OpenPGP blocks, more than any real mail. Nothing was changed.'
      : 'Sealmail did not read this text: it is over 64 MB, larger than any webmail lets a message be. Nothing was changed.',
  no_own_key: () => 'You have no key of your own yet. Create or import one in Sealmail before sending secure mail.',
  keyring_corrupt: () => 'The saved keyring cannot be read. Sealmail has not changed it; restore it from an export.',
  keyring_newer: () => 'This keyring was saved by a newer version of Sealmail. Update Sealmail to use it; nothing was changed.',
  caller_not_allowed: () => 'This part of the page is not allowed to ask Sealmail for that.',
  no_user_action: () =>
    'Sealmail did nothing: it acts only when you click its own button while it is in view and nothing covers it. If something covered it, close that and click again.',
  invalid_request: () => 'Sealmail received a request it does not understand, so it did nothing.',
  internal: () => 'Something went wrong inside Sealmail. Nothing was lost; please try again.',
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
