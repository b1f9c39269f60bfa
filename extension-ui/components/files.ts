/** Saving text as a file, copying it, and reading a chosen file as armored text. */
import { armorBytes } from '../../src/core/armor';
import { firstPacketTag, PACKET_TAG } from '../../src/core/packets';

export function downloadText(filename: string, text: string, type = 'application/pgp-keys'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Saves bytes as a file, from the extension's (or the reader's) own page: never through a webmail page. */
export function downloadBytes(filename: string, bytes: Uint8Array, type = 'application/octet-stream'): void {
  const url = URL.createObjectURL(new Blob([bytes.slice()], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export async function copyText(text: string): Promise<void> {
  await navigator.clipboard.writeText(text);
}

/** Reads a key file: armored text as it is, binary OpenPGP data armored so the worker gets text. */
export async function readKeyFile(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  const tag = firstPacketTag(bytes);
  if (tag === null) return new TextDecoder().decode(bytes);
  return armorBytes(tag === PACKET_TAG.secretKey ? 'PRIVATE KEY BLOCK' : 'PUBLIC KEY BLOCK', bytes);
}

/** A file name from an address: "alice@example.org" becomes "alice_example.org". */
export function fileStem(address: string): string {
  return address.replace(/[^A-Za-z0-9.+-]+/g, '_').replace(/^_+|_+$/g, '') || 'key';
}
