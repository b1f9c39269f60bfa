/** Browser storage behind the worker's Store interface. */
import { browser } from './browser';

interface Area {
  get(keys: string | string[]): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(keys: string | string[]): Promise<void>;
}

class AreaStore {
  constructor(private readonly area: Area) {}

  async get(key: string): Promise<unknown> {
    return (await this.area.get(key))[key];
  }

  async set(key: string, value: unknown): Promise<void> {
    await this.area.set({ [key]: value });
  }

  async remove(key: string): Promise<void> {
    await this.area.remove(key);
  }

  async getMany(keys: readonly string[]): Promise<Record<string, unknown>> {
    return keys.length ? this.area.get([...keys]) : {};
  }

  /** `storage.set` with several items is one transaction in the browser's store. */
  async setMany(values: Record<string, unknown>, removals: readonly string[] = []): Promise<void> {
    await this.area.set(values);
    if (removals.length) await this.area.remove([...removals]);
  }
}

/** On disk, survives restarts: the keyring (private keys only passphrase-protected). */
export function localStore(): AreaStore {
  return new AreaStore(browser.storage.local);
}

/**
 * In memory, cleared when the browser closes, readable only by the extension's own pages and
 * worker (not content scripts). Sealmail keeps nothing there now; the worker only removes what
 * an earlier version left.
 */
export function sessionStore(): AreaStore | null {
  const session = (browser.storage as { session?: Area & { setAccessLevel?: (o: { accessLevel: string }) => Promise<void> } }).session;
  if (!session) return null;
  // Already the default in Chromium; said explicitly so that a change of default cannot widen it.
  void session.setAccessLevel?.({ accessLevel: 'TRUSTED_CONTEXTS' });
  return new AreaStore(session);
}
