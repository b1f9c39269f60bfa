/** The extension's frames over webmail pages, as a person meets them. */
import { expect, type FrameLocator, type Page } from '@playwright/test';

/**
 * A frame counts clicks only once it has been in view and unobscured for a moment (a page cannot harvest
 * them by flashing it up); it says so with `data-sealmail-armed`. A person is never that quick.
 */
export async function armed(frame: FrameLocator): Promise<FrameLocator> {
  await expect(frame.locator('html[data-sealmail-armed]')).toHaveCount(1);
  return frame;
}

export const SEND_SECURE_FRAME = 'iframe[title="Sealmail: Send Secure"]';

export const sendSecureIn = (page: Page) => page.frameLocator(SEND_SECURE_FRAME).getByRole('button', { name: 'Send Secure' });

/** Clicks Send Secure as a person does: on the visible button, in the extension's frame. */
export async function clickSendSecure(page: Page): Promise<void> {
  await page.locator(SEND_SECURE_FRAME).scrollIntoViewIfNeeded();
  await armed(page.frameLocator(SEND_SECURE_FRAME));
  await sendSecureIn(page).click();
}

/** The send dialog, once it takes clicks. */
export async function sendDialog(page: Page): Promise<FrameLocator> {
  return armed(page.frameLocator('iframe[title="Sealmail: before sending"]'));
}
