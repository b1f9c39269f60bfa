/**
 * Large drafts in the app's own editor: 5 MB of text that does not compress is sealed, written
 * into each webmail's editor and sent, with the button saying how far the send has come; a draft
 * over what a webmail carries is refused before any work, and left as it was.
 */
import { randomBytes } from 'node:crypto';
import { expect, test, type Page } from '@playwright/test';
import { clickSendSecure, SEND_SECURE_FRAME } from '../support/frames';
import { miaAndBob, type Mailbox } from '../support/mailbox';
import { APPS, type App } from '../support/apps';

// Trace snapshots of a page that holds 7 MB of armor cost more than the send itself.
test.use({ trace: 'off' });

let box: Mailbox;

test.beforeAll(async () => {
  box = await miaAndBob({ composeMode: 'native' });
});
test.afterAll(async () => {
  await box?.browser.close();
  box?.gpg.close();
});

const sent = (page: Page) => page.evaluate(() => (window as unknown as { __fixture: { sent: Array<{ body: string }> } }).__fixture.sent);

/** A compose view to Bob whose body holds `text`, put there as a paste would. */
async function draft(app: App, text: string): Promise<Page> {
  const page = await box.browser.context.newPage();
  await page.goto(app.variants[0]!.url);
  await app.addRecipient(page, 'bob@example.org');
  await app.body(page).evaluate((body: HTMLElement, value) => {
    body.innerText = value;
    body.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertFromPaste' }));
  }, text);
  // Below a long draft, a person scrolls to the button; it takes clicks once in view.
  await page.locator(SEND_SECURE_FRAME).scrollIntoViewIfNeeded();
  return page;
}

/** What the Send Secure button says as a send goes on, recorded inside its frame. */
async function buttonWords(page: Page): Promise<string[]> {
  const words: string[] = [];
  page.on('console', (message) => {
    if (message.text().startsWith('sealmail-stage:')) words.push(message.text().slice('sealmail-stage:'.length));
  });
  const frame = page.frames().find((candidate) => candidate.url().includes('/pages/button/button.html'))!;
  await frame.evaluate(() => {
    const button = document.querySelector('button')!;
    new MutationObserver(() => console.log(`sealmail-stage:${button.textContent}`)).observe(button, { childList: true, characterData: true, subtree: true });
  });
  return words;
}

for (const app of APPS) {
  test(`${app.name}: a 5 MB draft that does not compress is sealed, written and sent, the button saying how far it has come`, async () => {
    test.setTimeout(120_000);
    // Random base64 in lines: the worst case, since compression gains nothing and the armor is over 7 MB.
    const text = randomBytes(3_932_160).toString('base64').replace(/(.{76})/g, '$1\n');
    expect(text.length).toBeGreaterThan(5 * 1024 * 1024);
    const page = await draft(app, text);
    const words = await buttonWords(page);
    await clickSendSecure(page);
    await expect.poll(async () => (await sent(page)).length, { timeout: 90_000 }).toBe(1);
    const [mail] = await sent(page);
    expect(mail!.body.length).toBeGreaterThan(text.length);
    const decrypted = box.gpg.decrypt(mail!.body);
    expect(decrypted.exit).toBe(0);
    expect(decrypted.text.replace(/\r\n/g, '\n').trim() === text.trim()).toBe(true);
    expect(words).toContain('Sealing…');
    expect(words).toContain('Writing…');
    await page.close();
  });
}

test('Gmail: a draft over 25 MB is refused before any work, with a clear message, and left as it was', async () => {
  test.setTimeout(90_000);
  const app = APPS.find((candidate) => candidate.fixture === 'gmail')!;
  const page = await draft(app, 'x'.repeat(75).concat('\n').repeat(26 * 1024 * 1024 / 76 + 1));
  const before = await app.body(page).evaluate((body) => body.innerHTML.length);
  const words = await buttonWords(page);
  await clickSendSecure(page);
  await expect(page.getByRole('alert')).toHaveText(/more than 25 MB once sealed.*nothing was sent and your draft is as it was/);
  expect(words).toEqual([]);
  expect(await app.body(page).evaluate((body) => body.innerHTML.length)).toBe(before);
  expect(await sent(page)).toEqual([]);
  await page.close();
});
