/**
 * axe (axe-core, every rule it runs by default, any impact) on each page a person uses: the key
 * manager's three tabs with keys in them, the viewer over a received message, the send dialog, and
 * the fallback reader, in light and in dark. Zero violations is the bar.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { seal } from '../../src/core/index';
import { SEND_DIALOG_FRAME, clickSendSecure, sendDialog } from '../support/frames';
import { BOB, miaAndBob, openMail, type Mailbox } from '../support/mailbox';
import { FIXTURES } from '../support/webmail';

let box: Mailbox;

test.beforeAll(async () => {
  box = await miaAndBob({ composeMode: 'native' });
});
test.afterAll(async () => {
  await box?.browser.close();
  box?.gpg.close();
});

/** Each violation as "rule (impact): where: what to fix", so that a failure says what to mend. */
async function violations(page: Page, include?: string): Promise<string[]> {
  const builder = new AxeBuilder({ page });
  if (include) builder.include(include);
  const { violations: found } = await builder.analyze();
  return found.flatMap((violation) => violation.nodes.map((node) => `${violation.id} (${violation.impact}): ${node.target.join(' ')}: ${node.failureSummary ?? ''}`));
}

for (const scheme of ['light', 'dark'] as const) {
  test(`${scheme}: the key manager's tabs, the viewer, the send dialog and the fallback reader have no axe violations`, async () => {
    const page = await box.browser.context.newPage();
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto(box.browser.url('extension-ui/pages/options/index.html'));
    await page.getByRole('article').first().waitFor();
    expect(await violations(page), 'My keys').toEqual([]);
    for (const tab of ['Contacts', 'Settings']) {
      await page.getByRole('button', { name: tab }).click();
      await page.getByRole('heading', { name: tab, level: 2 }).waitFor();
      expect(await violations(page), tab).toEqual([]);
    }
    await page.close();

    // The viewer over a received message, on a page in the same scheme (axe checks inside the frame).
    const armor = await seal({ text: 'Hello Mia,\n\nthe plan is on.\n\nBob', recipients: [box.miaPublic] });
    const mail = await openMail(box.browser, `${FIXTURES.gmail.start}#inbox/thread-a11y`, [{ id: '1', from: BOB, text: armor }]);
    await mail.emulateMedia({ colorScheme: scheme });
    await mail.locator('iframe[title="Sealmail: decrypted message"]').contentFrame().locator('pre.plaintext').waitFor();
    expect(await violations(mail, 'iframe[title="Sealmail: decrypted message"]'), 'viewer').toEqual([]);
    await mail.close();

    // The send dialog, for a recipient without a key.
    const compose = await box.browser.context.newPage();
    await compose.emulateMedia({ colorScheme: scheme });
    await compose.goto(`${FIXTURES.gmail.start}#inbox?compose=new`);
    await compose.getByLabel('TO recipients').fill('eve@example.org');
    await compose.getByLabel('TO recipients').press('Enter');
    await compose.getByRole('textbox', { name: 'Message Body' }).fill('Hello Eve');
    await clickSendSecure(compose);
    const dialog = await sendDialog(compose);
    await dialog.getByRole('dialog', { name: 'Before sending securely' }).waitFor();
    expect(await violations(compose, SEND_DIALOG_FRAME), 'send dialog').toEqual([]);
    await dialog.getByRole('button', { name: 'Send with a password instead' }).click();
    await dialog.getByLabel('Password', { exact: true }).waitFor();
    expect(await violations(compose, SEND_DIALOG_FRAME), 'send dialog, password').toEqual([]);
    await compose.close();

    const reader = await box.browser.context.newPage();
    await reader.emulateMedia({ colorScheme: scheme });
    await reader.goto(pathToFileURL(resolve('dist/sealmail-reader.html')).href);
    expect(await violations(reader), 'reader').toEqual([]);
    await reader.close();
  });
}

