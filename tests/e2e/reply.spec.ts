/**
 * Reply securely, in the three webmail fixtures: the viewer's button opens the app's own reply
 * (its recipients and subject), with the decrypted message quoted in Sealmail's editor. The quote
 * never enters the page, whatever the compose mode; the sent reply opens in gpg with the quote and
 * Mia's good signature. A page that fakes the viewer's report, or Sealmail's editor, gets no quote.
 */
import { expect, test, type Page } from '@playwright/test';
import { seal, type PrivateKey, type PublicKey } from '../../src/core/index';
import type { ExtensionBrowser } from '../support/browser';
import { holdBackEditorCall, workerCall } from '../support/extension';
import { armed, clickSendSecure } from '../support/frames';
import type { GpgHome } from '../support/gpg';
import { BOB, miaAndBob, openMail } from '../support/mailbox';
import { FIXTURES, type WebmailName } from '../support/webmail';

const SECRET = 'Larkspur';
const ORIGINAL = `Hi Mia,\n\nthe ${SECRET} papers are signed.\n> as you asked\n\nBob`;
const ANSWER = 'Thank you, Bob. Monday it is.';

/** Each app's read view, and its Reply as some of its builds show it (the adapter must find both). */
const APPS: Array<{ app: WebmailName; url: string; variant: string }> = [
  { app: 'gmail', url: `${FIXTURES.gmail.start}#inbox/thread-7`, variant: 'message header' },
  { app: 'gmail', url: `${FIXTURES.gmail.start}?reply=thread#inbox/thread-7`, variant: "thread's Reply below the last message" },
  { app: 'outlook', url: 'https://outlook.live.com/mail/inbox/id/AAMk7', variant: 'aria-label' },
  { app: 'outlook', url: 'https://outlook.live.com/mail/inbox/id/AAMk7?reply=title', variant: 'title only' },
  { app: 'yahoo', url: 'https://mail.yahoo.com/d/folders/1/messages/7', variant: 'test id' },
  { app: 'yahoo', url: 'https://mail.yahoo.com/d/folders/1/messages/7?reply=label', variant: 'label only' },
];

let browser: ExtensionBrowser;
let gpg: GpgHome;
let bobKey: PrivateKey;
let miaPublic: PublicKey;
let miaFingerprint: string;

test.beforeAll(async () => {
  ({ browser, gpg, bobKey, miaPublic } = await miaAndBob());
  miaFingerprint = miaPublic.getFingerprint().toUpperCase();
});
test.afterAll(async () => {
  await browser?.close();
  gpg?.close();
});

interface Recorded {
  sent: Array<{ to: string[]; subject: string; body: string }>;
  drafts: Array<{ body: string }>;
}
const recorded = (page: Page) => page.evaluate(() => (window as unknown as { __fixture: Recorded }).__fixture);
const viewer = (page: Page) => page.frameLocator('iframe[title="Sealmail: decrypted message"]');
const editor = (page: Page) => page.frameLocator('iframe[title="Sealmail: secure editor"]');
const textarea = (page: Page) => editor(page).getByRole('textbox', { name: /^Message \(only Sealmail sees it/ });

async function mailFromBob(url: string): Promise<Page> {
  return openMail(browser, url, [{ id: '7', from: BOB, text: await seal({ text: ORIGINAL, recipients: [miaPublic], sender: bobKey }) }]);
}

/** Nothing the page holds or the app recorded contains the message or the reply. */
async function expectNothingInPage(page: Page): Promise<void> {
  const dom = await page.evaluate(() => document.documentElement.outerHTML + document.documentElement.innerText);
  expect(dom).not.toContain(SECRET);
  expect(dom).not.toContain(ANSWER);
  expect(JSON.stringify(await recorded(page))).not.toContain(SECRET);
}

async function clickReplySecurely(page: Page): Promise<void> {
  const frame = await armed(viewer(page));
  await expect(frame.locator('pre.plaintext')).toContainText(SECRET);
  await frame.getByRole('button', { name: 'Reply securely' }).click();
}

for (const mode of ['secure', 'native'] as const) {
  for (const { app, url, variant } of mode === 'secure' ? APPS : APPS.filter((_, index) => index % 2 === 0)) {
    test(`${app} (${variant}, ${mode} compose): Reply securely opens the app's reply with the message quoted in Sealmail's editor; gpg opens the sent reply`, async () => {
      await workerCall(browser, 'setComposeMode', { mode });
      const page = await mailFromBob(url);
      await clickReplySecurely(page);
      // The app's own reply, to Bob, with Sealmail's editor over it holding the quote.
      await expect(textarea(page)).toHaveValue(`\n\n${BOB.name} <${BOB.email}> wrote:\n> Hi Mia,\n>\n> the ${SECRET} papers are signed.\n>> as you asked\n>\n> Bob\n`);
      await expect(textarea(page)).toBeFocused();
      await textarea(page).press('Control+Home');
      await textarea(page).pressSequentially(ANSWER);
      // The app saves a draft: Sealmail's, sealed to Mia, never the quote itself.
      await expect.poll(async () => (await recorded(page)).drafts.at(-1)?.body ?? '', { timeout: 10_000 }).toContain('-----END PGP MESSAGE-----');
      await expectNothingInPage(page);

      await clickSendSecure(page);
      await expect.poll(async () => (await recorded(page)).sent.length).toBe(1);
      const [mail] = (await recorded(page)).sent;
      expect(mail!.to).toEqual([BOB.email]);
      expect(mail!.subject).toMatch(/^re: quarterly plan$/i);
      const decrypted = gpg.decrypt(mail!.body);
      expect(decrypted.exit).toBe(0);
      const text = decrypted.text.replace(/\r\n/g, '\n');
      expect(text.startsWith(`${ANSWER}\n\n${BOB.name} <${BOB.email}> wrote:\n> Hi Mia,`)).toBe(true);
      expect(text).toContain(`> the ${SECRET} papers are signed.`);
      expect(decrypted.status.some((line) => line[0] === 'VALIDSIG' && line[1] === miaFingerprint)).toBe(true);
      await expectNothingInPage(page);
      await page.close();
    });
  }
}

test('gmail: when the page shows no Reply, the viewer says so and nothing opens; the quote left waiting reaches neither a frame the page makes nor a reply it opens', async () => {
  await workerCall(browser, 'setComposeMode', { mode: 'secure' });
  const page = await mailFromBob(`${FIXTURES.gmail.start}#inbox/thread-7`);
  const hidden = await page.evaluate(() => {
    const controls = [...document.querySelectorAll<HTMLElement>('[data-tooltip="Reply"], .ams.bkH')];
    controls.forEach((node) => node.remove());
    (window as unknown as { keptReply: HTMLElement }).keptReply = controls[0]!;
    return controls.length;
  });
  expect(hidden).toBe(2);
  await clickReplySecurely(page);
  await expect(page.getByRole('alert').filter({ hasText: "could not find this app's Reply button" })).toBeVisible();
  await expect(page.locator('iframe[title="Sealmail: secure editor"]')).toHaveCount(0);
  // The quote now waits in the worker, claimed by no compose view. The page tries for it.
  await forgeEditorFrame(page);
  await expect(page.frameLocator('#forged').getByRole('status')).toContainText('no longer here');
  // The page opens the app's reply itself (with the Reply it took out of the page): Sealmail's
  // editor opens on it, without the quote.
  await page.evaluate(() => {
    const reply = (window as unknown as { keptReply: HTMLElement }).keptReply;
    for (const type of ['mousedown', 'mouseup']) reply.dispatchEvent(new MouseEvent(type, { bubbles: true }));
  });
  // Gmail's own quote of the armor, in the reply's body, is not the user's draft; nothing else comes.
  await expect(editor(page).getByRole('status')).toContainText('is not a draft you wrote with Sealmail');
  await expect(textarea(page)).toHaveValue('');
  await expectNothingInPage(page);
  await page.close();
});

/** A frame of the page's own with Sealmail's editor page in it, asking for a reply's quote. */
async function forgeEditorFrame(page: Page): Promise<void> {
  const editorUrl = await page.evaluate(() => document.querySelector<HTMLIFrameElement>('iframe[data-sealmail="viewer"]')!.src.replace(/viewer\/viewer\.html.*$/, 'compose/editor.html'));
  await page.evaluate((url) => {
    const forged = document.createElement('iframe');
    forged.src = `${url}?v=${crypto.randomUUID()}&r=1&o=${encodeURIComponent(location.origin)}`;
    forged.id = 'forged';
    document.body.append(forged);
  }, editorUrl);
}

test('hostile page: a faked Reply securely report and a home-made editor frame get no quote; the page never holds it', async () => {
  await workerCall(browser, 'setComposeMode', { mode: 'secure' });
  const page = await mailFromBob(`${FIXTURES.gmail.start}#inbox/thread-7`);
  await expect(viewer(page).locator('pre.plaintext')).toContainText(SECRET);
  // The page posts what the viewer would, from itself and to the viewer's frame, then opens the
  // app's reply itself, and puts Sealmail's editor page in a frame of its own asking for a quote.
  await page.evaluate(() => {
    window.postMessage({ sealmailViewer: 'reply' }, '*');
    document.querySelector<HTMLIFrameElement>('iframe[data-sealmail="viewer"]')!.contentWindow!.postMessage({ sealmailViewer: 'reply' }, '*');
    const reply = document.querySelector<HTMLElement>('[data-tooltip="Reply"]')!;
    for (const type of ['mousedown', 'mouseup']) reply.dispatchEvent(new MouseEvent(type, { bubbles: true }));
  });
  await forgeEditorFrame(page);
  // The app's reply opens with Sealmail's editor, empty: no quote was offered.
  await expect(page.frameLocator('#forged').getByRole('status')).toContainText('no longer here');
  await expect(editor(page).getByRole('status')).toContainText('is not a draft you wrote with Sealmail');
  await expect(textarea(page)).toHaveValue('');
  await expectNothingInPage(page);
  await page.close();
});

test('gmail: words typed before the quote arrives stay above it, and the cursor where they were', async () => {
  // The editor's request for the quote reaches the worker late, so that the person is faster than it.
  const held = await holdBackEditorCall(browser.context, 'takeReply');
  try {
    await workerCall(browser, 'setComposeMode', { mode: 'secure' });
    const page = await mailFromBob(APPS[0]!.url);
    await clickReplySecurely(page);
    await textarea(page).click();
    await textarea(page).pressSequentially('Thank you');
    await expect(textarea(page)).toHaveValue(new RegExp(`^Thank you\\n\\n${BOB.name} <${BOB.email}> wrote:\\n> Hi Mia,`));
    await textarea(page).pressSequentially(', Bob.');
    await expect(textarea(page)).toHaveValue(new RegExp(`^Thank you, Bob\\.\\n\\n${BOB.name} <${BOB.email}> wrote:\\n> Hi Mia,`));
    await page.close();
  } finally {
    await held.dispose();
  }
});
