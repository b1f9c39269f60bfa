/** Gmail's DOM as a content script sees it. Roles, names and data attributes first; obfuscated classes only as anchors Gmail has kept for years. */
export const GMAIL = {
  /** Where compose views appear: the whole app. */
  app: 'body',
  /** The compose body of any compose view (popup, inline reply, full screen). */
  body: 'div[contenteditable="true"][g_editable="true"]',
  /** The compose view around a body, in order of preference: popup and inline reply share div.M9. */
  composeRoots: ['div.M9', '[role="dialog"]', 'form'],
  /** Send: jslog 32601 is Send's action id; the label is localised and only a fallback. */
  send: '[role="button"][jslog^="32601;"], [role="button"][data-tooltip^="Send"], [role="button"][aria-label^="Send"]',
  /** The toolbar cell that holds Send; extensions add a cell right after it. */
  sendCell: 'td',
  recipientRow: (field: 'to' | 'cc' | 'bcc') => `div[name="${field}"]`,
  /** A chip: the address is in data-hovercard-id, or on an element inside it. */
  recipientChip: '[role="option"], [data-hovercard-id]',
  /** Builds before 2021. */
  legacyChip: 'span[email]',
  legacyHidden: (field: 'to' | 'cc' | 'bcc') => `input[name="${field}"]`,
  /** The compose toolbar's live status, where Gmail says "Saving…" and then that the draft was saved. */
  draftStatus: '[aria-live]',
  /** Read view: one element per message of a thread, its sender and its body. */
  message: 'div.adn[data-message-id]',
  messageSender: 'span.gD[email]',
  messageBody: 'div.ii.gt > div.a3s',
  /** A message's own Reply in its header (the label is localised: only where no other anchor exists). */
  messageReply: '[role="button"][data-tooltip="Reply"], [role="button"][aria-label="Reply"]',
  /** The thread's Reply below its last message, the same in every language by its classes. */
  threadReply: 'span.ams.bkH[role="link"], [role="link"].ams.bkH',
  /** A message over about 102 KB is clipped, with a same-origin link to all of it. */
  fullMessageLink: 'a[href*="view=lg"]',
} as const;
