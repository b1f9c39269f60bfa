/** Yahoo Mail as a content script sees it: its data-test-id attributes. */
export const YAHOO = {
  app: 'body',
  composeRoot: '[data-test-id="compose"]',
  body: '#editor-container > [data-test-id="rte"][contenteditable]',
  send: 'button[data-test-id="compose-send-button"]',
  recipientContainer: (field: 'to' | 'cc' | 'bcc') => `[data-test-id="container-${field}"]`,
  /** Pills carry title="Name <email>". */
  pill: '[data-test-id="pill"], [data-test-id="y-pill"]',
} as const;
