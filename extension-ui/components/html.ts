/** Decrypted HTML: sanitised with DOMPurify, shown in a sandboxed frame without scripts, remote content blocked until allowed. */
import DOMPurify from 'dompurify';

export function looksLikeHtml(text: string): boolean {
  return /^\s*(<!doctype html|<html[\s>])/i.test(text);
}

export function sanitizedDocument(html: string, allowRemote: boolean): string {
  const clean = DOMPurify.sanitize(html, { WHOLE_DOCUMENT: true, FORBID_TAGS: ['style', 'form'], FORBID_ATTR: ['srcset'] });
  const images = allowRemote ? 'img-src data: https:;' : 'img-src data:;';
  // The frame is sandboxed without allow-scripts; the CSP also keeps every remote load out until allowed.
  return `<!doctype html><meta http-equiv="Content-Security-Policy" content="default-src 'none'; ${images} style-src 'unsafe-inline'">${clean}`;
}

export function hasRemoteImages(html: string): boolean {
  return /<img[^>]+src\s*=\s*["']?https?:/i.test(html);
}
