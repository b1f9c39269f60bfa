/**
 * What the worker tells a content script (the other direction): only commands, never data. Apart
 * from the protocol, so that content scripts do not carry every method's validators.
 */
export interface ContentCommand {
  sealmail: 1;
  command: 'send-secure';
}

export function isContentCommand(message: unknown): message is ContentCommand {
  const candidate = message as Partial<ContentCommand> | null;
  return candidate?.sealmail === 1 && candidate.command === 'send-secure';
}

