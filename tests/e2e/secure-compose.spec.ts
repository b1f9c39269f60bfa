/**
 * Writing in Sealmail's own editor over the compose view, in the three webmail fixtures: the page's
 * DOM and everything the app records (its autosaved drafts, what it sends) never hold the text;
 * the draft the app saves is sealed to the user alone and reopens in the editor; the sent mail
 * opens in gpg with the user's good signature.
 */
import { expect, test, type Page } from '@playwright/test';
import { openMessage, readPrivateKey, seal, unlockPrivateKey, type PrivateKey, type PublicKey } from '../../src/core/index';
import type { ExtensionBrowser } from '../support/browser';
import { holdBackEditorCall, workerCall } from '../support/extension';
import { armed, clickSendSecure } from '../support/frames';
import type { GpgHome } from '../support/gpg';
import { BOB, MIA, miaAndBob } from '../support/mailbox';
import { FIXTURES, type WebmailName } from '../support/webmail';

const TEXT = 'Dear Bob,\n\nthe board approved the takeover of Larkspur Ltd.\n  Keep it quiet until Monday.\n\nMia';
const SECRET = 'Larkspur';

const APPS: Array<{ name: WebmailName; url: string; to: (page: Page) => ReturnType<Page['getByLabel']> }> = [
  { name: 'gmail', url: `${FIXTURES.gmail.start}#inbox?compose=new`, to: (page) => page.getByLabel('TO recipients') },
  { name: 'outlook', url: 'https://outlook.live.com/mail/0/inbox', to: (page) => page.getByRole('textbox', { name: 'To recipients' }) },
  { name: 'yahoo', url: 'https://mail.yahoo.com/d/compose/6912', to: (page) => page.getByLabel('TO', { exact: true }) },
];

let browser: ExtensionBrowser;
let gpg: GpgHome;
let bobKey: PrivateKey;
let miaPublic: PublicKey;
let miaKey: PrivateKey;
let miaFingerprint: string;

test.beforeAll(async () => {
  ({ browser, gpg, bobKey, miaPublic } = await miaAndBob());
  miaFingerprint = miaPublic.getFingerprint().toUpperCase();
  const exported = await workerCall(browser, 'exportPrivateKey', { fingerprint: miaFingerprint, passphrase: MIA.passphrase });
  miaKey = await unlockPrivateKey(await readPrivateKey(exported.armored), MIA.passphrase);
});
test.afterAll(async () => {
  await browser?.close();
  gpg?.close();
});

interface Recorded {
  sent: Array<{ to: string[]; body: string }>;
  drafts: Array<{ body: string }>;
}
const recorded = (page: Page) => page.evaluate(() => (window as unknown as { __fixture: Recorded }).__fixture);
const editorOf = (page: Page) => page.frameLocator('iframe[title="Sealmail: secure editor"]');
const textareaOf = (page: Page) => editorOf(page).getByRole('textbox', { name: /^Message \(only Sealmail sees it/ });

/** A compose view of `app` with Sealmail's editor open and Bob as the recipient. */
async function composeToBob(app: (typeof APPS)[number]): Promise<Page> {
  const page = await browser.context.newPage();
  await page.goto(app.url);
  await expect(textareaOf(page)).toBeVisible();
  const to = app.to(page);
  await to.click();
  await to.pressSequentially(BOB.email);
  await to.press('Enter');
  return page;
}

/** Nothing the page holds or the app recorded contains the text. */
async function expectNoPlaintextInPage(page: Page): Promise<void> {
  const dom = await page.evaluate(() => document.documentElement.outerHTML + document.documentElement.innerText);
  expect(dom).not.toContain(SECRET);
  expect(JSON.stringify(await recorded(page))).not.toContain(SECRET);
}

for (const app of APPS) {
  test(`${app.name}: text written in Sealmail's editor never reaches the page; the app saves an encrypted draft and sends armor gpg opens`, async () => {
    const page = await composeToBob(app);
    await textareaOf(page).click();
    await textareaOf(page).pressSequentially(TEXT.replace(/\n/g, '\n'), { delay: 2 });
    // The app autosaves a draft: Sealmail's, sealed to Mia alone and signed by her.
    await expect.poll(async () => (await recorded(page)).drafts.at(-1)?.body ?? '', { timeout: 10_000 }).toContain('-----END PGP MESSAGE-----');
    await expectNoPlaintextInPage(page);
    const draft = (await recorded(page)).drafts.at(-1)!.body;
    const asMia = await openMessage({ input: draft, decryptionKeys: [miaKey], verificationKeys: [miaPublic] });
    expect([asMia.text, asMia.signature.status]).toEqual([TEXT, 'valid']);
    expect(gpg.decrypt(draft).exit).not.toBe(0);

    await clickSendSecure(page);
    await expect.poll(async () => (await recorded(page)).sent.length).toBe(1);
    const [mail] = (await recorded(page)).sent;
    expect(mail!.to).toEqual([BOB.email]);
    const decrypted = gpg.decrypt(mail!.body);
    expect(decrypted.exit).toBe(0);
    expect(decrypted.text.replace(/\r\n/g, '\n').trim()).toBe(TEXT);
    expect(decrypted.status.some((line) => line[0] === 'VALIDSIG' && line[1] === miaFingerprint)).toBe(true);
    await expectNoPlaintextInPage(page);
    await page.close();
  });
}

for (const app of APPS) {
  test(`${app.name}: two files attached in Sealmail's editor are listed before Send, sent as name.pgp, and gpg opens each byte for byte`, async () => {
    const page = await composeToBob(app);
    await textareaOf(page).fill(TEXT);
    const pdf = Buffer.from(Array.from({ length: 300_000 }, (_, i) => (i * 7 + (i >> 9)) & 0xff));
    const notes = Buffer.from(`Minutes: ${SECRET} takeover, price agreed.\n`);
    // What the file picker behind "Attach files…" hands over.
    await editorOf(page).locator('input[type=file]').setInputFiles([
      { name: 'term-sheet.pdf', mimeType: 'application/pdf', buffer: pdf },
      { name: 'minutes.txt', mimeType: 'text/plain', buffer: notes },
    ]);
    const list = editorOf(page).getByRole('region', { name: 'Files to attach, encrypted' });
    await expect(list).toContainText('term-sheet.pdf (293 KB): will be encrypted as term-sheet.pdf.pgp');
    await expect(list).toContainText('minutes.txt (1 KB): will be encrypted as minutes.txt.pgp');

    await clickSendSecure(page);
    await expect.poll(async () => (await recorded(page)).sent.length).toBe(1);
    const [mail] = (await recorded(page)).sent as Array<{ body: string; attachments?: Array<{ name: string; data: string }> }>;
    expect(mail!.attachments?.map((file) => file.name)).toEqual(['term-sheet.pdf.pgp', 'minutes.txt.pgp']);
    for (const [file, original] of [[mail!.attachments![0]!, pdf], [mail!.attachments![1]!, notes]] as const) {
      const out = gpg.run(['--status-fd', '2', '--decrypt'], Buffer.from(file.data, 'base64'));
      expect(out.status).toBe(0);
      expect(Buffer.compare(out.stdout, original)).toBe(0);
      expect(out.stderr).toContain(`VALIDSIG ${miaFingerprint}`);
    }
    expect(gpg.decrypt(mail!.body).text.replace(/\r\n/g, '\n').trim()).toBe(TEXT);
    await expectNoPlaintextInPage(page);
    await page.close();
  });
}

test('Gmail: a compose view without a file input gets no armor and sends nothing; the attached files are kept for another try', async () => {
  const page = await composeToBob(APPS[0]!);
  await textareaOf(page).fill(TEXT);
  await editorOf(page).locator('input[type=file]').setInputFiles([{ name: 'minutes.txt', mimeType: 'text/plain', buffer: Buffer.from(`${SECRET} minutes`) }]);
  await expect(editorOf(page).getByText('will be encrypted as minutes.txt.pgp')).toBeVisible();
  // The app changed: its file input is gone.
  const input = await page.evaluate(() => {
    const found = document.querySelector('input[type=file][name=Filedata]')!;
    const parent = found.parentElement!;
    found.remove();
    (window as unknown as { __input: [Element, Element] }).__input = [parent, found];
    return true;
  });
  expect(input).toBe(true);
  await clickSendSecure(page);
  await expect(page.getByRole('alert').filter({ hasText: 'could not attach the encrypted files' })).toBeVisible();
  expect((await recorded(page)).sent).toHaveLength(0);
  expect(await page.evaluate(() => document.querySelector('[g_editable="true"]')!.textContent)).not.toContain('BEGIN PGP MESSAGE');
  // Back in place, the same files go with the next try (the notice does not cover the button: a covered button would refuse the click).
  await page.evaluate(() => {
    const [parent, found] = (window as unknown as { __input: [Element, Element] }).__input;
    parent.append(found);
  });
  await clickSendSecure(page);
  await expect.poll(async () => (await recorded(page)).sent.length).toBe(1);
  const [mail] = (await recorded(page)).sent as Array<{ attachments?: Array<{ name: string; data: string }> }>;
  expect(mail!.attachments?.map((file) => file.name)).toEqual(['minutes.txt.pgp']);
  expect(gpg.run(['--decrypt'], Buffer.from(mail!.attachments![0]!.data, 'base64')).stdout.toString()).toBe(`${SECRET} minutes`);
  await page.close();
});

/** Opens Gmail's compose with its body holding `armor`, as Gmail does when the user reopens a saved draft. */
async function reopenDraft(armor: string, prepare?: (page: Page) => Promise<unknown>): Promise<Page> {
  const page = await browser.context.newPage();
  await prepare?.(page);
  await page.addInitScript((saved) => {
    new MutationObserver((_, observer) => {
      const body = document.querySelector('[g_editable="true"]');
      if (!body) return;
      observer.disconnect();
      body.innerHTML = saved.trimEnd().split('\n').map((line) => `<div>${line || '<br>'}</div>`).join('');
    }).observe(document, { childList: true, subtree: true });
  }, armor);
  await page.goto(APPS[0]!.url);
  return page;
}

test('a draft saved from Sealmail\'s editor reopens in it; armor that is not the user\'s own draft does not', async () => {
  const own = await seal({ text: TEXT, recipients: [miaPublic], sender: miaKey });
  const page = await reopenDraft(own);
  await expect(textareaOf(page)).toHaveValue(TEXT);
  await expectNoPlaintextInPage(page);
  await page.close();

  // Encrypted to Mia but signed by someone else (anyone can encrypt to her public key): not her draft.
  const planted = await seal({ text: `Send the ${SECRET} files to eve@example.org`, recipients: [miaPublic], sender: bobKey });
  const other = await reopenDraft(planted);
  await expect(editorOf(other).getByRole('status')).toContainText('not a draft you wrote with Sealmail');
  await expect(textareaOf(other)).toHaveValue('');
  await other.close();

  // Plain text the app's editor already held is carried into Sealmail's editor, and its draft is saved sealed: nothing is lost.
  const begun = 'Notes I started in the app before.';
  const plain = await reopenDraft(begun);
  await expect(textareaOf(plain)).toHaveValue(begun);
  await expect.poll(async () => (await recorded(plain)).drafts.at(-1)?.body ?? '').toContain('-----END PGP MESSAGE-----');
  const saved = await openMessage({ input: (await recorded(plain)).drafts.at(-1)!.body, decryptionKeys: [miaKey] });
  expect(saved.text).toBe(begun);
  await plain.close();
});

test('"Use the app\'s editor" is Sealmail\'s own control: the page cannot switch the editor away', async () => {
  const page = await browser.context.newPage();
  await page.goto(APPS[0]!.url);
  await expect(textareaOf(page)).toBeVisible();
  // The page posts what the editor frame would, and dispatches a forged message event: the editor stays.
  await page.evaluate((origin) => {
    const frame = document.querySelector<HTMLIFrameElement>('iframe[data-sealmail="editor"]')!;
    window.postMessage({ sealmailEditor: 'native' }, '*');
    window.dispatchEvent(new MessageEvent('message', { data: { sealmailEditor: 'native' }, origin, source: frame.contentWindow }));
  }, new URL(browser.url('')).origin);
  await page.waitForTimeout(300);
  await expect(textareaOf(page)).toBeVisible();
  // The user's own click switches to the app's editor, and the app's editor can be written in again.
  await armed(editorOf(page));
  await editorOf(page).getByRole('button', { name: "Use the app's editor" }).click();
  await expect(page.locator('iframe[data-sealmail="editor"]')).toHaveCount(0);
  await expect(page.getByRole('textbox', { name: 'Message Body' })).toBeEditable();
  await page.close();
});

test('words typed while a reopened draft is on its way stay, above the draft, and the app saves both sealed', async () => {
  const own = await seal({ text: TEXT, recipients: [miaPublic], sender: miaKey });
  // The editor's request to open the draft reaches the worker late, so that the person is faster than it.
  const page = await reopenDraft(own, (fresh) => holdBackEditorCall(fresh, 'openBlock'));
  await textareaOf(page).click();
  await textareaOf(page).pressSequentially('PS: ');
  await expect(textareaOf(page)).toHaveValue(`PS: ${TEXT}`);
  await textareaOf(page).pressSequentially('call me. ');
  await expect(textareaOf(page)).toHaveValue(`PS: call me. ${TEXT}`);
  await expect
    .poll(async () => {
      const body = (await recorded(page)).drafts.at(-1)?.body ?? '';
      return body.includes('-----END PGP MESSAGE-----') ? (await openMessage({ input: body, decryptionKeys: [miaKey] })).text : '';
    }, { timeout: 10_000 })
    .toBe(`PS: call me. ${TEXT}`);
  await expectNoPlaintextInPage(page);
  await page.close();
});
