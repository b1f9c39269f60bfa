/**
 * Parts of a page loaded the first time they are needed (zxcvbn's dictionaries, DOMPurify, the file
 * view): `once` starts a load at most once per page, `useLoaded` gives a component what it loaded.
 */
import { useEffect, useState } from 'preact/hooks';

export function once<T>(load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | null = null;
  return () => (loading ??= load());
}

/** What `load` gives, once it has (null before, and while `wanted` is false). */
export function useLoaded<T>(load: () => Promise<T>, wanted = true): T | null {
  // Boxed: the value may be a function, which a state setter would call.
  const [loaded, setLoaded] = useState<{ value: T } | null>(null);
  useEffect(() => {
    if (wanted) void load().then((value) => setLoaded({ value }));
  }, [wanted]);
  return loaded?.value ?? null;
}
