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

export const SEND_DIALOG_FRAME = 'iframe[title="Sealmail: before sending"]';

/** The send dialog, once it takes clicks. */
export async function sendDialog(page: Page): Promise<FrameLocator> {
  return armed(page.frameLocator(SEND_DIALOG_FRAME));
}

/**
 * Presses the dialog's Cancel as a person does and waits until the dialog is gone. The press is a
 * mouse click at the button's place on the page: the dialog removes its own frame on the click, and
 * a locator click whose frame goes away halfway can leave the harness waiting for it to finish.
 */
export async function cancelDialog(page: Page, dialog: FrameLocator): Promise<void> {
  const cancel = dialog.getByRole('button', { name: 'Cancel', exact: true }).last();
  await expect(cancel).toBeEnabled();
  const box = await cancel.boundingBox();
  if (!box) throw new Error('the dialog has no Cancel button in view');
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  await expect(page.locator(SEND_DIALOG_FRAME)).toHaveCount(0);
}
