/** Reading the first OpenPGP packet header, without the OpenPGP library (the UI uses this too). */

export const PACKET_TAG = { signature: 2, secretKey: 5, publicKey: 6 } as const;

/** The tag of the first packet, read from its header (old or new format); null when it is not OpenPGP. */
export function firstPacketTag(bytes: Uint8Array): number | null {
  const header = bytes[0];
  if (header === undefined || (header & 0x80) === 0) return null;
  return header & 0x40 ? header & 0x3f : (header >> 2) & 0x0f;
}
