/**
 * Mail as it arrives in a file: a binary OpenPGP message (.gpg, .pgp), a mail's source (.eml, with
 * quoted-printable or base64 parts, PGP/MIME per RFC 3156, attachments), or plain text. MIME is
 * parsed by postal-mime; Sealmail only decides which parts hold OpenPGP data.
 */
import PostalMime from 'postal-mime';
import { armorBytes } from '../../src/core/armor';
import { firstPacketTag, isBinaryOpenPgp, PACKET_TAG } from '../../src/core/packets';

export interface MailAttachment {
  name: string;
  mimeType: string;
  bytes: Uint8Array;
}

export interface MailContent {
  /** The text to read: the plain-text body (or the HTML one), then every OpenPGP part, armored. */
  text: string;
  html: string | null;
  /** Parts that are neither the body nor OpenPGP data. */
  attachments: MailAttachment[];
}

const HEADER_NAMES = /^(content-type|mime-version|from|to|subject|date|message-id|received|return-path|delivered-to|x-[\w-]+):/im;

/** Whether text begins like an RFC 5322 message: header lines, then an empty line. */
export function looksLikeMime(text: string): boolean {
  const head = text.slice(0, 64 * 1024);
  const end = head.search(/\r?\n\r?\n/);
  if (end <= 0) return false;
  const lines = head.slice(0, end).split(/\r?\n/);
  return HEADER_NAMES.test(head.slice(0, end)) && lines.every((line) => /^[!-9;-~]+:/.test(line) || /^[ \t]/.test(line));
}

const bytesOf = (content: ArrayBuffer | Uint8Array | string): Uint8Array =>
  typeof content === 'string' ? new TextEncoder().encode(content) : content instanceof Uint8Array ? content : new Uint8Array(content);

/** The armor of an OpenPGP part: armored text as it is, binary packets armored; null for anything else. */
export function openPgpText(bytes: Uint8Array): string | null {
  const tag = firstPacketTag(bytes);
  if (tag !== null && isBinaryOpenPgp(bytes)) {
    const type = tag === PACKET_TAG.publicKey ? 'PUBLIC KEY BLOCK' : tag === PACKET_TAG.secretKey ? 'PRIVATE KEY BLOCK' : 'MESSAGE';
    return armorBytes(type, bytes);
  }
  const text = new TextDecoder().decode(bytes.subarray(0, 1024 * 1024 * 64));
  return /-----BEGIN PGP [A-Z ]+-----/.test(text) ? text : null;
}

/** Types and file names OpenPGP data travels under in mail (RFC 3156's encrypted part is "encrypted.asc"). */
const OPENPGP_TYPES = new Set(['application/pgp-encrypted', 'application/pgp-signature', 'application/pgp-keys', 'application/pgp']);
const OPENPGP_NAME = /\.(?:pgp|gpg|asc|sig|key)$/i;

/**
 * Whether a part may hold OpenPGP data: by its type, by its name, text, or a part with no name.
 * A named file of another kind ("contract.bin") is a file to save, whatever its first bytes look like.
 */
function mayHoldOpenPgp(part: { mimeType: string; filename: string | null }): boolean {
  return OPENPGP_TYPES.has(part.mimeType.toLowerCase()) || !part.filename || OPENPGP_NAME.test(part.filename) || part.mimeType.toLowerCase().startsWith('text/');
}

/** Reads a mail's source: its body and its parts, OpenPGP parts added to the text to read. */
export async function parseMail(source: string | Uint8Array): Promise<MailContent> {
  const email = await PostalMime.parse(source, { attachmentEncoding: 'arraybuffer' });
  const pieces = [email.text ?? ''];
  const attachments: MailAttachment[] = [];
  for (const part of email.attachments) {
    const bytes = bytesOf(part.content);
    // RFC 3156's control part says only "Version: 1".
    if (part.mimeType === 'application/pgp-encrypted') continue;
    const armor = mayHoldOpenPgp(part) ? openPgpText(bytes) : null;
    if (armor) pieces.push(armor);
    else attachments.push({ name: part.filename ?? 'attachment', mimeType: part.mimeType, bytes });
  }
  return { text: pieces.filter((piece) => piece.trim()).join('\n\n'), html: email.text ? null : (email.html ?? null), attachments };
}

/** What a chosen file holds, as text to look for armor in: binary OpenPGP armored, mail parsed, text as it is. */
export async function readMailFile(bytes: Uint8Array): Promise<MailContent> {
  const armored = isBinaryOpenPgp(bytes) ? openPgpText(bytes) : null;
  if (armored) return { text: armored, html: null, attachments: [] };
  const text = new TextDecoder().decode(bytes);
  if (looksLikeMime(text)) return parseMail(bytes);
  return { text, html: null, attachments: [] };
}
