/**
 * The English messages, for code that runs without the extension API (the fallback reader, Node).
 * The extension's own builds replace this module with `null`: there the browser reads `_locales`.
 */
import english from './locales/_locales/en/messages.json' with { type: 'json' };
import type { CatalogueEntry } from './i18n';

export const englishCatalogue: Record<string, CatalogueEntry> | null = english;
