/** Decrypted HTML sanitised with DOMPurify, as a document for a sandboxed frame without scripts; a chunk of its own, loaded for HTML messages only. */
import DOMPurify from 'dompurify';

export function sanitizedDocument(html: string, allowRemote: boolean): string {
  const clean = DOMPurify.sanitize(html, { WHOLE_DOCUMENT: true, FORBID_TAGS: ['style', 'form'], FORBID_ATTR: ['srcset'] });
  const images = allowRemote ? 'img-src data: https:;' : 'img-src data:;';
  // The frame is sandboxed without allow-scripts; the CSP also keeps every remote load out until allowed.
  return `<!doctype html><meta http-equiv="Content-Security-Policy" content="default-src 'none'; ${images} style-src 'unsafe-inline'">${clean}`;
}
