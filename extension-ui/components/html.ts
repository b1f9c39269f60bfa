/**
 * Decrypted HTML: told apart from text here; sanitised with DOMPurify (in `sanitize.ts`, loaded only
 * for an HTML message), shown in a sandboxed frame without scripts, remote content blocked until allowed.
 */
export function looksLikeHtml(text: string): boolean {
  return /^\s*(<!doctype html|<html[\s>])/i.test(text);
}

export function hasRemoteImages(html: string): boolean {
  return /<img[^>]+src\s*=\s*["']?https?:/i.test(html);
}
