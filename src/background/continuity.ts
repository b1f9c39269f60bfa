/**
 * Key continuity: which key is the one for an address. The first key seen for an address is
 * confirmed for it (trust on first use); a second key for the same address is never used or
 * believed silently. Importing one asks, sending to an address with two usable keys asks, and the
 * viewer says "this is the sender shown" only for the confirmed key.
 */
import type { ConflictDetail } from '../core/errors';
import type { KeyInfo } from '../core/keys';
import type { StoredKey } from './keyring-schema';

export interface KeyEntry {
  stored: StoredKey;
  info: KeyInfo;
}

/** What to do with the addresses a new key shares with a key already in the keyring. */
export type ConflictChoice = 'trust-new' | 'keep-current';

export function isConfirmed(stored: StoredKey, address: string): boolean {
  return stored.confirmed?.includes(address) ?? false;
}

/** For a keyring upgraded from before confirmations: each key is confirmed for the addresses no other key has. */
export function firstConfirmations(entries: readonly KeyEntry[]): string[][] {
  return entries.map((entry) =>
    entry.info.emails.filter((address) => !entries.some((other) => other !== entry && other.info.emails.includes(address))),
  );
}

/** The addresses of `incoming` that another key (not the same fingerprint) already has. */
export function conflictsWith(entries: readonly KeyEntry[], incoming: KeyInfo): ConflictDetail[] {
  return incoming.emails.flatMap((address) => {
    const holders = entries.filter((entry) => entry.stored.fingerprint !== incoming.fingerprint && entry.info.emails.includes(address));
    const holder = holders.find((entry) => isConfirmed(entry.stored, address)) ?? holders[0];
    return holder ? [{ address, fingerprint: holder.stored.fingerprint, mine: holder.stored.secret }] : [];
  });
}

/** Confirms `fingerprint` for `address` and takes the address from every other key. */
export function confirmFor(keys: readonly StoredKey[], fingerprint: string, address: string): StoredKey[] {
  return keys.map((key) => {
    const others = (key.confirmed ?? []).filter((item) => item !== address);
    return { ...key, confirmed: key.fingerprint === fingerprint ? [...others, address] : others };
  });
}
