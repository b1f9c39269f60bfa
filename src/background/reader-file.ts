/**
 * Where the build puts the fallback reader inside the extension (see vite.config.ts): as data the
 * worker reads to attach to password mail, not as a page the extension ever opens.
 */
export const READER_FILE = 'reader/sealmail-reader.html.data';

/** The name the reader carries as an attachment, which the password mail's note tells the recipient to open. */
export const READER_ATTACHMENT_NAME = 'sealmail-reader.html';
