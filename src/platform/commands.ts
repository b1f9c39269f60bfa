/** Keyboard shortcuts (the commands API) and messages to the active tab's content script. */
import { browser } from './browser';

export function onCommand(listener: (name: string) => void): void {
  browser.commands.onCommand.addListener(listener);
}

/** Sends to the content script of the active tab, after `before` has seen the tab; a tab without one is not an error. */
export async function sendToActiveTab(message: unknown, before: (tabId: number) => void = () => undefined): Promise<void> {
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  if (tab?.id === undefined) return;
  before(tab.id);
  await browser.tabs.sendMessage(tab.id, message).catch(() => undefined);
}
