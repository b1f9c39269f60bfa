/**
 * Small validators for untrusted payloads. Each returns the value typed, or INVALID when it does
 * not fit; an object validator rejects unknown fields so that nothing unexpected reaches a handler.
 */
export const INVALID: unique symbol = Symbol('invalid');
export type Validator<T> = (value: unknown) => T | typeof INVALID;

const MAX_TEXT = 64 * 1024 * 1024;

export function text(options: { min?: number; max?: number } = {}): Validator<string> {
  const min = options.min ?? 0;
  const max = options.max ?? MAX_TEXT;
  return (value) => (typeof value === 'string' && value.length >= min && value.length <= max ? value : INVALID);
}

export const fingerprint: Validator<string> = (value) =>
  typeof value === 'string' && /^([0-9A-F]{40}|[0-9A-F]{64})$/.test(value) ? value : INVALID;

/** A block's token: a random (version 4) UUID, as `crypto.randomUUID()` makes it. */
export const blockToken: Validator<string> = (value) =>
  typeof value === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(value) ? value : INVALID;

export const boolean: Validator<boolean> = (value) => (typeof value === 'boolean' ? value : INVALID);

export function integer(min: number, max: number): Validator<number> {
  return (value) =>
    typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max ? value : INVALID;
}

export function oneOf<const T extends string>(choices: readonly T[]): Validator<T> {
  return (value) => (typeof value === 'string' && (choices as readonly string[]).includes(value) ? (value as T) : INVALID);
}

/** An ISO date string or null. */
export const dateOrNull: Validator<string | null> = (value) =>
  value === null || (typeof value === 'string' && !Number.isNaN(Date.parse(value))) ? value : INVALID;

/** A list of at most `max` items, each valid. */
export function listOf<T>(item: Validator<T>, max: number): Validator<T[]> {
  return (value) => {
    if (!Array.isArray(value) || value.length > max) return INVALID;
    const out: T[] = [];
    for (const element of value) {
      const parsed = item(element);
      if (parsed === INVALID) return INVALID;
      out.push(parsed);
    }
    return out;
  };
}

/** A field that may be absent. */
export function optional<T>(validator: Validator<T>): Validator<T | undefined> {
  return (value) => (value === undefined ? undefined : validator(value));
}

type Shape = Record<string, Validator<unknown>>;
type Value<V> = V extends (value: unknown) => infer R ? Exclude<R, typeof INVALID> : never;
type OptionalKeys<S extends Shape> = { [K in keyof S]: undefined extends Value<S[K]> ? K : never }[keyof S];
type Parsed<S extends Shape> = { [K in Exclude<keyof S, OptionalKeys<S>>]: Value<S[K]> } & {
  [K in OptionalKeys<S>]?: Exclude<Value<S[K]>, undefined>;
};

export function object<S extends Shape>(shape: S): Validator<Parsed<S>> {
  return (value) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return INVALID;
    const record = value as Record<string, unknown>;
    if (Object.keys(record).some((key) => !Object.hasOwn(shape, key))) return INVALID;
    const out: Record<string, unknown> = {};
    for (const [key, validator] of Object.entries(shape)) {
      const parsed = validator(record[key]);
      if (parsed === INVALID) return INVALID;
      if (parsed !== undefined) out[key] = parsed;
    }
    return out as Parsed<S>;
  };
}
