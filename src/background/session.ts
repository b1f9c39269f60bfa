/**
 * Unlocked private keys, in worker memory only: no storage area ever holds a decrypted key or
 * anything that would unwrap one. They lock after the idle time, on "Lock now", and when the
 * worker stops (the worker is kept running while a key is unlocked, so that is rare: a browser
 * update or crash). Then the user is asked for the passphrase again. Passphrases are never kept.
 */
import type { PrivateKey } from '../core/pgp';
import type { Store } from './store';

/** What an earlier version kept in session storage (unlocked keys, and when one was last used); removed on start. */
const LEGACY = ['unlockedKeys', 'lastActivity'];

export class Session {
  private readonly keys = new Map<string, PrivateKey>();
  private lastActivity = 0;
  private cleaned: Promise<void> | null = null;

  constructor(
    private readonly store: Store | null,
    private readonly idleMinutes: () => Promise<number>,
    private readonly now: () => number = Date.now,
  ) {}

  private clean(): Promise<void> {
    this.cleaned ??= (async () => {
      for (const name of LEGACY) await this.store?.remove(name);
    })();
    return this.cleaned;
  }

  /** Whether any key is unlocked (the worker stays running while one is). */
  get active(): boolean {
    return this.keys.size > 0;
  }

  /** When the keys lock if nothing happens before; null when none is unlocked. */
  async deadline(): Promise<number | null> {
    await this.clean();
    if (this.keys.size === 0) return null;
    return this.lastActivity + (await this.idleMinutes()) * 60_000;
  }

  async lockIfIdle(): Promise<void> {
    const deadline = await this.deadline();
    if (deadline !== null && this.now() >= deadline) await this.lock();
  }

  async isUnlocked(fingerprint: string): Promise<boolean> {
    await this.lockIfIdle();
    return this.keys.has(fingerprint);
  }

  /** The unlocked key, counting as activity; undefined when it is locked. */
  async get(fingerprint: string): Promise<PrivateKey | undefined> {
    await this.lockIfIdle();
    const key = this.keys.get(fingerprint);
    if (key) this.lastActivity = this.now();
    return key;
  }

  async add(fingerprint: string, key: PrivateKey): Promise<void> {
    await this.clean();
    this.keys.set(fingerprint, key);
    this.lastActivity = this.now();
  }

  async forget(fingerprint: string): Promise<void> {
    this.keys.delete(fingerprint);
  }

  async lock(): Promise<void> {
    await this.clean();
    this.keys.clear();
  }
}
