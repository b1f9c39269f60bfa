/** Where the worker keeps things: a small async key-value interface, backed by browser storage. */
export interface Store {
  get(key: string): Promise<unknown>;
  /** One key is written atomically: readers see the old value or the new one, never a mix. */
  set(key: string, value: unknown): Promise<void>;
  remove(key: string): Promise<void>;
}

/** A store in memory: for tests, and as a stand-in where a browser offers no session storage. */
export class MemoryStore implements Store {
  private readonly values = new Map<string, unknown>();

  async get(key: string): Promise<unknown> {
    return structuredClone(this.values.get(key));
  }

  async set(key: string, value: unknown): Promise<void> {
    this.values.set(key, structuredClone(value));
  }

  async remove(key: string): Promise<void> {
    this.values.delete(key);
  }
}
