/** Test identities, generated once per test file with the core itself. */
import { generateKey, readPrivateKey, readPublicKey, unlockPrivateKey, type GeneratedKey, type PrivateKey, type PublicKey } from '../../src/core/index';

export interface Identity {
  name: string;
  email: string;
  passphrase: string;
  generated: GeneratedKey;
  publicKey: PublicKey;
  /** The private key, already unlocked. */
  privateKey: PrivateKey;
}

export async function makeIdentity(name: string, algorithm: 'ecc' | 'rsa3072' = 'ecc', expires?: Date): Promise<Identity> {
  const email = `${name.toLowerCase()}@example.org`;
  const passphrase = `${name} passphrase`;
  const generated = await generateKey({ name, email, passphrase, algorithm, ...(expires ? { expires } : {}) });
  const privateKey = await unlockPrivateKey(await readPrivateKey(generated.armored), passphrase);
  return { name, email, passphrase, generated, publicKey: await readPublicKey(generated.publicKey), privateKey };
}
