/** What the fallback reader shows, as its tests check it. */
import { expect, type Page } from '@playwright/test';
import { groupHex } from '../../src/core/errors';

/**
 * The only key the reader has is the one in the same mail: a signature that checks against it is
 * said to be unverified, with that key's fingerprint to compare, and is not drawn as good.
 */
export async function expectSignedByAttachedKey(page: Page, signer: string, fingerprint: string): Promise<void> {
  const status = page.getByRole('status');
  await expect(status).toContainText(`Signed by the key that came with this mail, which names ${signer}`);
  await expect(status).toContainText('Unverified: anyone can attach a key in any name.');
  await expect(status.locator('code.fingerprint')).toHaveText(groupHex(fingerprint));
  await expect(status).not.toHaveClass(/good/);
}
