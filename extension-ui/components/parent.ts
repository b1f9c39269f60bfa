/**
 * Messages from a Sealmail frame to the webmail page's content script. Chromium tells a frame its
 * parent's origin; elsewhere the content script names it in the frame's URL (`o`). Either way the
 * message goes to that origin only, never to '*'.
 */
const parentOrigin = location.ancestorOrigins?.[0] ?? new URLSearchParams(location.search).get('o');

export function tellParent(message: Record<string, unknown>): void {
  if (parentOrigin) window.parent.postMessage(message, parentOrigin);
}
