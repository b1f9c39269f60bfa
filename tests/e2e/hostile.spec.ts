/**
 * The webmail page as an attacker: its own script tries to make Sealmail sign, send, import or
 * trust something without the user, and each attempt must get nothing done. The same flows still
 * work with a person's real clicks.
 */
import { expect, test, type Page } from '@playwright/test';
import { armorBytes, dearmor, findArmorBlocks, generateKey, readPrivateKey, seal, unlockPrivateKey, type PrivateKey, type PublicKey } from '../../src/core/index';
import type { ExtensionBrowser } from '../support/browser';
import { workerCall } from '../support/extension';
import { armed, clickSendSecure, SEND_SECURE_FRAME } from '../support/frames';
import type { GpgHome } from '../support/gpg';
import { BOB, miaAndBob, openMail as openFixtureMail } from '../support/mailbox';
import { FIXTURES, type WebmailName } from '../support/webmail';

const FORGED = 'Please wire 9000 euros to the new account.';

const COMPOSE: Record<WebmailName, string> = {
  gmail: `${FIXTURES.gmail.start}#inbox?compose=new`,
  outlook: 'https://outlook.live.com/mail/0/inbox',
  yahoo: 'https://mail.yahoo.com/d/compose/6912',
};
const READ = `${FIXTURES.gmail.start}#inbox/thread-9`;

let browser: ExtensionBrowser;
let gpg: GpgHome;
let bobKey: PrivateKey;
let miaPublic: PublicKey;
let impostor: Awaited<ReturnType<typeof generateKey>>;
let impostorKey: PrivateKey;

test.beforeAll(async () => {
  ({ browser, gpg, bobKey, miaPublic } = await miaAndBob());
  // The page plants its text in the app's own editor, where a page can.
  await workerCall(browser, 'setComposeMode', { mode: 'native' });
  impostor = await generateKey({ name: BOB.name, email: BOB.email, passphrase: 'eve passphrase' });
  impostorKey = await unlockPrivateKey(await readPrivateKey(impostor.armored), 'eve passphrase');
});
test.afterAll(async () => {
  await browser?.close();
  gpg?.close();
});

const sent = (page: Page) => page.evaluate(() => (window as unknown as { __fixture: { sent: unknown[] } }).__fixture.sent);
const keyCount = async () => (await workerCall(browser, 'listKeys', {})).keys.length;

const openMail = (messages: Array<{ id: string; from: { name: string; email: string }; text: string }>) => openFixtureMail(browser, READ, messages);

/** What a page script does to a compose view: a recipient the user knows, and a text the user never wrote. */
async function plantDraft(page: Page, app: WebmailName): Promise<void> {
  const field = {
    gmail: page.getByLabel('TO recipients'),
    outlook: page.getByRole('textbox', { name: 'To recipients' }),
    yahoo: page.getByLabel('TO', { exact: true }),
  }[app];
  await field.click();
  await field.pressSequentially(BOB.email);
  await field.press('Enter');
  await page.getByRole('textbox', { name: /^Message [Bb]ody$/ }).click();
  await page.keyboard.type(FORGED);
}

for (const app of ['gmail', 'outlook', 'yahoo'] as const) {
  test(`${app}: a page script cannot press Send Secure: no click, event, message or forged reply gets anything signed or sent`, async () => {
    const page = await browser.context.newPage();
    await page.goto(COMPOSE[app]);
    await armed(page.frameLocator(SEND_SECURE_FRAME));
    await plantDraft(page, app);
    const extensionOrigin = new URL(browser.url('')).origin;
    const tried = await page.evaluate((origin) => {
      const host = document.querySelector('[data-sealmail="button"]')!;
      const frame = host.shadowRoot!.querySelector('iframe')!;
      const outcomes: string[] = [];
      for (const type of ['mousedown', 'mouseup', 'click', 'keydown']) frame.dispatchEvent(new MouseEvent(type, { bubbles: true }));
      frame.click();
      frame.focus();
      // Messages into the frame, and replies that pretend to come from it.
      frame.contentWindow!.postMessage({ sealmailButton: 'clicked' }, '*');
      window.postMessage({ sealmailButton: 'clicked' }, '*');
      window.dispatchEvent(new MessageEvent('message', { data: { sealmailButton: 'clicked' }, origin, source: frame.contentWindow }));
      try {
        outcomes.push(String(frame.contentWindow!.document));
      } catch {
        outcomes.push('frame unreadable');
      }
      outcomes.push(typeof (globalThis as { chrome?: { runtime?: unknown } }).chrome?.runtime);
      return outcomes;
    }, extensionOrigin);
    expect(tried).toEqual(['frame unreadable', 'undefined']);
    await page.waitForTimeout(500);
    expect(await sent(page)).toEqual([]);
    // The forged reply did not even reach the worker (which would have refused it for want of the user's click).
    await expect(page.getByRole('alert').filter({ hasText: 'Sealmail did nothing' })).toHaveCount(0);
    await expect(page.getByRole('textbox', { name: /^Message [Bb]ody$/ })).toContainText(FORGED);
    await expect(page.getByRole('textbox', { name: /^Message [Bb]ody$/ })).not.toContainText('BEGIN PGP');
    // A person's click on the same button sends it.
    await clickSendSecure(page);
    await expect.poll(async () => (await sent(page)).length).toBe(1);
    await page.close();
  });
}

test('a transparent or covered Send Secure button does not act on a lured click', async () => {
  const page = await browser.context.newPage();
  await page.goto(COMPOSE.gmail);
  await armed(page.frameLocator(SEND_SECURE_FRAME));
  await plantDraft(page, 'gmail');
  const button = page.frameLocator(SEND_SECURE_FRAME).getByRole('button', { name: 'Send Secure' });
  const box = (await button.boundingBox())!;
  const restyle = (css: string) =>
    page.evaluate((style) => {
      const frame = document.querySelector('[data-sealmail="button"]')!.shadowRoot!.querySelector('iframe')!;
      frame.style.cssText += style;
      document.getElementById('lure')?.remove();
    }, css);
  // Nearly transparent, under something the page invites the user to click.
  await restyle('opacity: 0.02;');
  await page.waitForTimeout(600);
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  await expect(page.getByRole('alert').filter({ hasText: 'Sealmail did nothing' })).toBeVisible();
  // Fully opaque but covered by a decoy that lets the click through.
  await restyle('opacity: 1;');
  await page.evaluate((rect) => {
    const decoy = document.createElement('div');
    decoy.id = 'lure';
    decoy.textContent = 'Claim your prize';
    decoy.style.cssText = `position:fixed;left:${rect.x - 4}px;top:${rect.y - 4}px;width:${rect.width + 8}px;height:${rect.height + 8}px;background:#fc0;pointer-events:none;z-index:2147483647;`;
    document.body.append(decoy);
  }, box);
  await page.waitForTimeout(600);
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  await page.waitForTimeout(500);
  expect(await sent(page)).toEqual([]);
  await page.close();
});

test('a key import in the viewer cannot be clickjacked; a look-alike key is never used or believed silently', async () => {
  const keysBefore = await keyCount();
  const page = await openMail([{ id: '1', from: BOB, text: impostor.publicKey }]);
  const frame = page.frameLocator('iframe[title="Sealmail: decrypted message"]');
  await armed(frame);
  const importButton = frame.getByRole('button', { name: 'Import this key…' });
  const box = (await importButton.boundingBox())!;
  await page.evaluate(() => {
    const viewer = document.querySelector<HTMLIFrameElement>('iframe[data-sealmail="viewer"]')!;
    viewer.style.opacity = '0.01';
  });
  await page.waitForTimeout(600);
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  await expect(frame.getByRole('alert')).toContainText('Sealmail did nothing');
  await expect(frame.getByRole('button', { name: 'Yes, import' })).toHaveCount(0);
  expect(await keyCount()).toBe(keysBefore);

  // Visible again, a person's clicks reach the choice, which names the key already held for the address.
  await page.evaluate(() => (document.querySelector<HTMLIFrameElement>('iframe[data-sealmail="viewer"]')!.style.opacity = '1'));
  await armed(frame);
  await importButton.click();
  await expect(frame.getByRole('alert')).toContainText(`You already have a different key for ${BOB.email}`);
  await frame.getByRole('button', { name: 'Import, but keep using the current key' }).click();
  await expect(frame.getByRole('status')).toContainText('Imported');
  expect(await keyCount()).toBe(keysBefore + 1);
  await page.close();

  // A mail signed by the look-alike key is not "the sender shown".
  const forged = await seal({ text: FORGED, recipients: [miaPublic], sender: impostorKey });
  const genuine = await seal({ text: 'The real Bob.', recipients: [miaPublic], sender: bobKey });
  const inbox = await openMail([
    { id: '1', from: BOB, text: forged },
    { id: '2', from: BOB, text: genuine },
  ]);
  const viewers = inbox.locator('iframe[title="Sealmail: decrypted message"]');
  await expect(viewers.nth(0).contentFrame().getByRole('status')).toContainText(`Careful: this key is new for ${BOB.email}`);
  await expect(viewers.nth(0).contentFrame().getByRole('status')).not.toContainText('This is the sender shown');
  await expect(viewers.nth(1).contentFrame().getByRole('status')).toContainText('This is the sender shown.');
  await inbox.close();

  // Sending to Bob still goes to the key the user confirmed, not to the newer look-alike.
  const compose = await browser.context.newPage();
  await compose.goto(COMPOSE.gmail);
  await plantDraft(compose, 'gmail');
  await clickSendSecure(compose);
  await expect.poll(async () => (await sent(compose)).length).toBe(1);
  const [mail] = (await sent(compose)) as Array<{ body: string }>;
  expect(gpg.decrypt(mail!.body).exit).toBe(0);
  await compose.close();
});

test('a PUBLIC KEY BLOCK that carries a private key is refused in the viewer and nothing is imported', async () => {
  const keysBefore = await keyCount();
  const disguised = armorBytes('PUBLIC KEY BLOCK', dearmor(findArmorBlocks(impostor.armored)[0]!).bytes);
  const page = await openMail([{ id: '1', from: BOB, text: disguised }]);
  const frame = page.frameLocator('iframe[title="Sealmail: decrypted message"]');
  await expect(frame.getByRole('alert')).toContainText('it contains a private key');
  await expect(frame.getByRole('button', { name: 'Import this key…' })).toHaveCount(0);
  expect(await keyCount()).toBe(keysBefore);
  await page.close();
});

test('a viewer token copied out of the page opens nothing in another tab, and the viewer\'s inner frame cannot be navigated away', async () => {
  const hits: string[] = [];
  await browser.context.route('https://evil.example/**', (route) => {
    hits.push(route.request().url());
    return route.fulfill({ status: 200, contentType: 'text/html', body: '<p>Verified signature from your bank.</p>' });
  });
  const html = '<!doctype html><html><body><h1>Statement</h1><p>Balance: 10 euros.</p></body></html>';
  const page = await openMail([{ id: '1', from: BOB, text: await seal({ text: html, recipients: [miaPublic], sender: bobKey }) }]);
  const frame = page.frameLocator('iframe[title="Sealmail: decrypted message"]');
  await expect(frame.frameLocator('iframe[title="Message"]').getByRole('heading', { name: 'Statement' })).toBeVisible();
  const src = await page.evaluate(() => document.querySelector<HTMLIFrameElement>('iframe[data-sealmail="viewer"]')!.src);
  // The page tries to point the inner message frame somewhere of its own.
  await page.evaluate(() => {
    const inner = window.frames[window.frames.length - 1]!.frames[0];
    if (inner) inner.location.href = 'https://evil.example/spoof';
  });
  await page.waitForTimeout(500);
  // The viewer's policy (frame-src 'self') blocks the navigation before any request: the page can
  // break the display, as it can remove any element, but cannot put its own words in our frame.
  expect(hits).toEqual([]);
  expect(page.frames().some((candidate) => candidate.url().startsWith('https://evil.example'))).toBe(false);
  await expect(frame.frameLocator('iframe[title="Message"]').getByText('Verified signature from your bank')).toHaveCount(0);
  // The token, framed in another webmail tab, is refused.
  const other = await browser.context.newPage();
  await other.goto(COMPOSE.gmail);
  await other.evaluate((url) => {
    const planted = document.createElement('iframe');
    planted.title = 'planted';
    planted.src = url;
    document.body.append(planted);
  }, src);
  await expect(other.frameLocator('iframe[title="planted"]').getByRole('alert')).toContainText('not allowed');
  await expect(other.frameLocator('iframe[title="planted"]').locator('iframe[title="Message"]')).toHaveCount(0);
  await other.close();
  await page.close();
});

test('a page that copies the viewer frame the moment it appears, or frames the viewer under a token of its own, reads nothing', async () => {
  // The content script puts the frame in the page as it hands the block to the worker, so the page
  // sees the token before the worker holds the block: it races with a copy, and makes one up.
  const text = 'The meeting moved to Thursday, room 4.';
  const page = await browser.context.newPage();
  await page.addInitScript(() => {
    new MutationObserver((_, observer) => {
      const viewer = document.querySelector<HTMLIFrameElement>('iframe[data-sealmail="viewer"]');
      if (!viewer) return;
      observer.disconnect();
      const copy = document.createElement('iframe');
      copy.title = 'copy';
      copy.src = viewer.src;
      const madeUp = document.createElement('iframe');
      madeUp.title = 'made up';
      madeUp.src = viewer.src.replace(/([?&]t=)[^&]+/, `$1${crypto.randomUUID()}`);
      document.body.append(copy, madeUp);
    }).observe(document, { childList: true, subtree: true });
  });
  await page.addInitScript((list) => ((window as unknown as { __fixtureMessages: unknown }).__fixtureMessages = list), [
    { id: '1', from: BOB, text: await seal({ text, recipients: [miaPublic], sender: bobKey }) },
  ]);
  await page.goto(READ);
  // A token nobody registered: refused once the worker has waited for it.
  await expect(page.frameLocator('iframe[title="made up"]').getByRole('alert')).toContainText('needs to be read again');
  // Of Sealmail's frame and the copy, the first to ask shows the message and the other is refused.
  const frames = [page.frameLocator('iframe[data-sealmail="viewer"]'), page.frameLocator('iframe[title="copy"]')];
  await expect.poll(async () => (await Promise.all(frames.map((frame) => frame.getByText(text).count()))).sort()).toEqual([0, 1]);
  await expect.poll(async () => (await Promise.all(frames.map((frame) => frame.getByText('not allowed').count()))).sort()).toEqual([0, 1]);
  // Neither frame opens to the page's script, and the page holds no plaintext.
  expect(await page.evaluate(() => [...document.querySelectorAll('iframe')].map((frame) => frame.contentDocument))).toEqual([null, null, null]);
  expect(await page.evaluate(() => document.documentElement.innerHTML)).not.toContain('room 4');
  await page.close();
});

test('gmail: a page that swaps the armor for its own text while the draft saves gets nothing sent', async () => {
  const page = await browser.context.newPage();
  await page.goto(COMPOSE.gmail);
  await plantDraft(page, 'gmail');
  // The page waits for the armor, then puts its own words back before Send is pressed.
  await page.evaluate((forged) => {
    const body = document.querySelector('[g_editable="true"]') as HTMLElement;
    new MutationObserver((_, observer) => {
      if (!body.innerText.includes('-----END PGP MESSAGE-----')) return;
      observer.disconnect();
      setTimeout(() => (body.innerText = `${forged} (unencrypted)`), 20);
    }).observe(body, { childList: true, subtree: true, characterData: true });
  }, FORGED);
  await clickSendSecure(page);
  await expect(page.getByRole('alert').filter({ hasText: 'The draft changed while it was being encrypted' })).toBeVisible();
  expect(await sent(page)).toEqual([]);
  await page.close();
});
