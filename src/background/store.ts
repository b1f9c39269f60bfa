/** Where the worker keeps things: a small async key-value interface, backed by browser storage. */
export interface Store {
  get(key: string): Promise<unknown>;
  /** One key is written atomically: readers see the old value or the new one, never a mix. */
  set(key: string, value: unknown): Promise<void>;
  remove(key: string): Promise<void>;
  /** Several keys in one read; a key with nothing saved is absent from the answer. */
  getMany(keys: readonly string[]): Promise<Record<string, unknown>>;
  /** Several keys in one atomic write, and then these keys removed (a removal that fails leaves only an orphan). */
  setMany(values: Record<string, unknown>, removals?: readonly string[]): Promise<void>;
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

  async getMany(keys: readonly string[]): Promise<Record<string, unknown>> {
    return Object.fromEntries(keys.filter((key) => this.values.has(key)).map((key) => [key, structuredClone(this.values.get(key))]));
  }

  async setMany(values: Record<string, unknown>, removals: readonly string[] = []): Promise<void> {
    for (const [key, value] of Object.entries(values)) this.values.set(key, structuredClone(value));
    for (const key of removals) this.values.delete(key);
  }

  /** Every key saved, for tests that look at what is on disk. */
  keys(): string[] {
    return [...this.values.keys()];
  }
}
