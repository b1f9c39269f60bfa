/** A keyring export of many contacts (`gpg --export --armor` gives one block of them all), made once per process. */
import * as openpgp from 'openpgp';
import { armorBytes, dearmor, findArmorBlocks } from '../../src/core/index';

const made = new Map<number, Promise<Uint8Array[]>>();

/** `count` contacts' public keys (ed25519/cv25519, "Contact i <contacti@example.net>"), each key's bytes on its own. */
export function contactKeys(count: number): Promise<Uint8Array[]> {
  let keys = made.get(count);
  if (!keys) {
    keys = (async () => {
      const parts: Uint8Array[] = [];
      for (let i = 0; i < count; i++) {
        const { publicKey } = await openpgp.generateKey({ type: 'ecc', userIDs: [{ name: `Contact ${i}`, email: `contact${i}@example.net` }], format: 'armored' });
        parts.push(dearmor(findArmorBlocks(publicKey)[0]!).bytes);
      }
      return parts;
    })();
    made.set(count, keys);
  }
  return keys;
}

/** Keys' bytes as one public key block. */
export function publicBlock(parts: readonly Uint8Array[]): string {
  return armorBytes('PUBLIC KEY BLOCK', Buffer.concat(parts));
}

/** A public key packet that ends after its version octet: a key of its own in a block, which does not parse. */
export const BROKEN_KEY = new Uint8Array([0xc6, 0x05, 0x04, 0x00, 0x00, 0x00, 0x00]);
