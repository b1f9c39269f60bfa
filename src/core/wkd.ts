/**
 * Finding a contact's key without a central directory: the Web Key Directory of their own mail
 * domain (draft-koch-openpgp-webkey-service), advanced method first, then direct; and, only when
 * the user allows it, the keys.openpgp.org verifying key server (VKS). These functions only name
 * the addresses to ask; the asking happens on the user's click, in an extension page.
 */
import { sha1 } from '@noble/hashes/legacy.js';
import { SealmailError } from './errors';

const ZBASE32 = 'ybndrfg8ejkmcpqxot1uwisza345h769';

/** z-base-32 (RFC 6189 section 5.1.6 alphabet), most significant bit first, no padding. */
export function zbase32(bytes: Uint8Array): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ZBASE32[(buffer >>> (bits - 5)) & 31];
      bits -= 5;
    }
    buffer &= (1 << bits) - 1;
  }
  if (bits > 0) out += ZBASE32[(buffer << (5 - bits)) & 31];
  return out;
}

export interface WkdAddress {
  local: string;
  domain: string;
  /** z-base-32 of the SHA-1 of the local part in lower case. */
  hash: string;
}

/** Splits an address as WKD needs it; an address without a local part and a domain is `invalid_user_id`. */
export function wkdAddress(address: string): WkdAddress {
  const at = address.lastIndexOf('@');
  const local = address.slice(0, at);
  const domain = address.slice(at + 1).toLowerCase();
  if (at < 1 || !/^[a-z0-9.-]+\.[a-z0-9-]{2,}$/.test(domain) || /[\s/?#\\]/.test(local)) throw new SealmailError('invalid_user_id');
  return { local, domain, hash: zbase32(sha1(new TextEncoder().encode(local.toLowerCase()))) };
}

/** The URLs to try, in order: the advanced method (openpgpkey subdomain), then the direct one. */
export function wkdUrls(address: string): string[] {
  const { local, domain, hash } = wkdAddress(address);
  const query = `?l=${encodeURIComponent(local)}`;
  return [
    `https://openpgpkey.${domain}/.well-known/openpgpkey/${domain}/hu/${hash}${query}`,
    `https://${domain}/.well-known/openpgpkey/hu/${hash}${query}`,
  ];
}

export const VKS_ORIGIN = 'https://keys.openpgp.org';

/** keys.openpgp.org answers only for addresses their owners verified, with the key armored. */
export function vksUrl(address: string): string {
  wkdAddress(address);
  return `${VKS_ORIGIN}/vks/v1/by-email/${encodeURIComponent(address)}`;
}
