/** Yahoo Mail as a content script sees it: its data-test-id attributes. */
export const YAHOO = {
  app: 'body',
  composeRoot: '[data-test-id="compose"]',
  body: '#editor-container > [data-test-id="rte"][contenteditable]',
  send: 'button[data-test-id="compose-send-button"]',
  recipientContainer: (field: 'to' | 'cc' | 'bcc') => `[data-test-id="container-${field}"]`,
  /** Pills carry title="Name <email>", on the pill or on an element inside it, or show only "Name <email>" as text. */
  pill: '[data-test-id="pill"], [data-test-id="y-pill"]',
  /** Read view: one message view each, its sender pill ("Name <email>") and its body. */
  message: '[data-test-id="message-view"]',
  messageSender: '[data-test-id="message-from"] [data-test-id="email-pill"]',
  messageBody: '[data-test-id="message-view-body-content"]',
  /** A message's Reply (not Reply all), by its test id or, failing that, its label. */
  messageReply: '[data-test-id="toolbar-reply"], [data-test-id="message-reply"], button[aria-label="Reply"], button[title="Reply"]',
} as const;
