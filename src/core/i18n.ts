/**
 * The words Sealmail shows, looked up by key in `locales/_locales/<lang>/messages.json`. In the
 * extension the browser picks the user's language: `src/platform` hands its `i18n.getMessage` to
 * `useTranslator`. Where there is no extension API (the fallback reader opened from disk, Node) the
 * English catalogue is built in.
 */
import type Catalogue from './locales/_locales/en/messages.json';
import { englishCatalogue } from './catalogue';

export type MessageKey = keyof typeof Catalogue;

export interface CatalogueEntry {
  message: string;
  placeholders?: Record<string, { content: string }>;
}

/** `i18n.getMessage`: the message in the user's language, or '' when it has none. */
export type Translator = (key: string, substitutions: string[]) => string | undefined;

let translator: Translator | null = null;

export function useTranslator(next: Translator | null): void {
  translator = next;
}

/** What `getMessage` does with an entry: named placeholders, then `$1`…`$9`, then `$$` as `$`. */
export function formatEntry(entry: CatalogueEntry, substitutions: readonly string[]): string {
  const named = entry.message.replace(/\$([A-Za-z0-9_@]+)\$/g, (whole, name: string) => entry.placeholders?.[name.toLowerCase()]?.content ?? whole);
  return named.replace(/\$(\$|[1-9])/g, (_, which: string) => (which === '$' ? '$' : (substitutions[Number(which) - 1] ?? '')));
}

/** The message for `key` in the user's language, with `substitutions` for its placeholders in order. */
export function t(key: MessageKey, ...substitutions: Array<string | number>): string {
  const subs = substitutions.map(String);
  const translated = translator?.(key, subs);
  if (translated) return translated;
  const entry = englishCatalogue?.[key];
  return entry ? formatEntry(entry, subs) : key;
}

/** Stands for the n-th part while a message is split around its parts: private-use characters no message holds. */
const mark = (index: number) => `\uE000${index}\uE001`;

/**
 * A message whose placeholders are not plain text (a fingerprint element, a bold address): the
 * message split into its words and the given parts, in the order the translation puts them.
 */
export function tParts<Part>(key: MessageKey, ...parts: Part[]): Array<string | Part> {
  const text = t(key, ...parts.map((_, index) => mark(index)));
  return text
    .split(/\uE000(\d+)\uE001/)
    .map((piece, index) => (index % 2 === 1 ? parts[Number(piece)]! : piece))
    .filter((piece) => piece !== '');
}
