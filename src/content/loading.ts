/** How the bootstrap loads the content script's larger part: its file in the package, and the global it hands itself over on. */

/** Built from parts.ts as a file of its own, web-accessible to the webmail pages so that the content script may load it. */
export const PARTS_PATH = 'src/content/parts.js';
/** A global of the content script's own world, which the page's script cannot see. */
export const PARTS_GLOBAL = 'sealmailContentParts';
