/** Changing OpenPGP packets in place, for tests of what a reader makes of a key that was tampered with. */
import { wholePackets } from '../../src/core/packets';

/** The key's bytes with one bit in the middle of the packet with `tag` (the `nth` of them) flipped. */
export function flipped(bytes: Uint8Array, tag: number, nth = 0): Uint8Array {
  const out = bytes.slice();
  // The bodies are views of `out`: the bit is flipped in place.
  const body = wholePackets(out)?.filter((packet) => packet.tag === tag)[nth]?.body;
  if (!body) throw new Error(`no packet ${tag} #${nth}`);
  body[body.length >> 1]! ^= 0x01;
  return out;
}

/** A signature subpacket: its type (with 0x80 for critical) and data. */
export interface Subpacket {
  type: number;
  data: ArrayLike<number>;
}

const uint32 = (value: number) => [(value >>> 24) & 0xff, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff];

function subpacketBytes(list: readonly Subpacket[]): number[] {
  const out: number[] = [];
  for (const { type, data } of list) {
    const length = data.length + 1;
    if (length >= 192) throw new Error('a test subpacket is longer than one length octet');
    out.push(length, type, ...Array.from(data));
  }
  return [out.length >> 8, out.length & 0xff, ...out];
}

/** The usual subpackets of a self-signature made now by `fingerprint`: creation time, key flags, issuer fingerprint. */
export function usualSubpackets(fingerprint: Uint8Array, flags: number, created = new Date()): Subpacket[] {
  return [
    { type: 2, data: uint32(Math.floor(created.getTime() / 1000)) },
    { type: 27, data: [flags] },
    { type: 33, data: [4, ...fingerprint] },
  ];
}

/**
 * A v4 Ed25519 (legacy EdDSA) self-signature body over `bound` (a user ID or a subkey, in the form
 * it is hashed in), SHA-512, made with the seed of the primary key whose hashed form is `primary`:
 * lets a test give a key signatures OpenPGP.js would not make, to see what each reader makes of them.
 */
export async function selfSignature(seed: Uint8Array, point: Uint8Array, primary: Uint8Array, bound: Uint8Array, type: number, hashed: readonly Subpacket[], unhashed: readonly Subpacket[] = []): Promise<Uint8Array> {
  const head = [4, type, 22, 10, ...subpacketBytes(hashed)];
  const data = new Uint8Array([...primary, ...bound, ...head, 4, 0xff, ...uint32(head.length)]);
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-512', data));
  const base64url = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url');
  const key = await crypto.subtle.importKey('jwk', { kty: 'OKP', crv: 'Ed25519', d: base64url(seed), x: base64url(point) }, { name: 'Ed25519' }, false, ['sign']);
  const rs = new Uint8Array(await crypto.subtle.sign({ name: 'Ed25519' }, key, digest));
  const mpi = (bytes: Uint8Array) => {
    let start = 0;
    while (start < bytes.length - 1 && bytes[start] === 0) start++;
    const value = bytes.subarray(start);
    const bits = (value.length - 1) * 8 + (32 - Math.clz32(value[0]!));
    return [bits >> 8, bits & 0xff, ...value];
  };
  return new Uint8Array([...head, ...subpacketBytes(unhashed), digest[0]!, digest[1]!, ...mpi(rs.subarray(0, 32)), ...mpi(rs.subarray(32))]);
}
