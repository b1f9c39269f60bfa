/** Outlook on the web as a content script sees it: test ids, id patterns and roles, not its obfuscated classes. */
export const OUTLOOK = {
  app: 'body',
  body: '[id^="editorParent_"] > [contenteditable="true"]',
  /** The compose view: reading-pane compose and pop-out share the docking id. */
  composeRoot: '[id^="docking_InitVisiblePart_"]',
  sendWrapper: '[data-testid="ComposeSendButton"]',
  send: '[data-testid="ComposeSendButton"] > button',
  recipientGroup: (field: 'TO' | 'CC' | 'BCC') => `[role="group"][id$="_${field}"]`,
  /** A chip: the address is in aria-label, or in "Name <email>" text for external contacts. */
  recipientChip: 'span._EType_RECIPIENT_ENTITY',
  /** Read view: the message body (text/plain inside div.x_PlainText) and the sender line. */
  messageBody: 'div[id^="UniqueMessageBody_"][role="document"]',
  messageSender: '[id^="MSG_"][id$="_FROM"]',
  /** One message in the reading pane, with its attachment list above the body. */
  messageItem: '[data-app-section="MailReadCompose"], [aria-label="Reading Pane"] [role="listitem"]',
  /** A message's Reply (not Reply all) in the reading pane. */
  messageReply: 'button[aria-label="Reply"], button[name="Reply"], button[title^="Reply ("]',
} as const;
