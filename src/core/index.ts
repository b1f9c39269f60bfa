/** The OpenPGP core: no DOM, no extension API. Runs in Node, the service worker and the reader. */
export * from './errors';
export * from './armor';
export { readPublicKey, readPublicKeys, readPrivateKey, readAnyKeys, type Key, type PrivateKey, type PublicKey } from './pgp';
export * from './keys';
export * from './seal';
export * from './open';
export * from './mail';
