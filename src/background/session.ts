/**
 * Unlocked private keys: in worker memory, mirrored to session storage (memory only, trusted
 * contexts only) so that they survive the worker being stopped, and locked again after the idle
 * time or on "Lock now". Passphrases are never kept.
 */
import type { PrivateKey } from '../core/pgp';
import { armorKey } from '../core/keys';
import { readPrivateKey } from '../core/pgp';
import type { Store } from './store';

const KEYS = 'unlockedKeys';
const ACTIVITY = 'lastActivity';

export class Session {
  private readonly keys = new Map<string, PrivateKey>();
  private lastActivity = 0;
  private restored: Promise<void> | null = null;

  constructor(
    private readonly store: Store | null,
    private readonly idleMinutes: () => Promise<number>,
    private readonly now: () => number = Date.now,
  ) {}

  /** After a worker restart: brings back what was unlocked, unless it has been idle too long. */
  private restore(): Promise<void> {
    this.restored ??= (async () => {
      if (!this.store) return;
      const saved = (await this.store.get(KEYS)) as Record<string, string> | undefined;
      this.lastActivity = ((await this.store.get(ACTIVITY)) as number | undefined) ?? 0;
      for (const [fingerprint, armored] of Object.entries(saved ?? {})) {
        this.keys.set(fingerprint, (await readPrivateKey(armored)) as PrivateKey);
      }
    })();
    return this.restored;
  }

  /** When the keys lock if nothing happens before; null when none is unlocked. */
  async deadline(): Promise<number | null> {
    await this.restore();
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
    if (key) await this.touch();
    return key;
  }

  async add(fingerprint: string, key: PrivateKey): Promise<void> {
    await this.restore();
    this.keys.set(fingerprint, key);
    await this.persistKeys();
    await this.touch();
  }

  async forget(fingerprint: string): Promise<void> {
    await this.restore();
    if (this.keys.delete(fingerprint)) await this.persistKeys();
  }

  private async persistKeys(): Promise<void> {
    await this.store?.set(KEYS, Object.fromEntries([...this.keys].map(([fingerprint, key]) => [fingerprint, armorKey(key)])));
  }

  async lock(): Promise<void> {
    await this.restore();
    this.keys.clear();
    await this.store?.remove(KEYS);
    await this.store?.remove(ACTIVITY);
  }

  private async touch(): Promise<void> {
    this.lastActivity = this.now();
    await this.store?.set(ACTIVITY, this.lastActivity);
  }
}
