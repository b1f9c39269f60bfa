/** A received mail as a whole: the encrypted message in it, and the sender's public key if it came along. */
import { findArmorBlocks, type ArmorBlock } from './armor';
import { SealmailError } from './errors';

export interface MailParts {
  message: ArmorBlock;
  /** Armor of the sender's public key, when the mail carries one. */
  senderKey: string | null;
}

/** Finds the message and the sender's key in pasted mail text (.eml, .txt or .asc alike). */
export function findMailParts(text: string): MailParts {
  if (text.trim() === '') throw new SealmailError('empty_input');
  const blocks = findArmorBlocks(text);
  const message = blocks.find((block) => block.type === 'MESSAGE' || block.type === 'SIGNED MESSAGE');
  if (!message) throw new SealmailError(blocks.length ? 'not_a_message' : 'no_armor');
  const key = blocks.find((block) => block.type === 'PUBLIC KEY BLOCK' && !block.problem);
  return { message, senderKey: key ? key.armor : null };
}
