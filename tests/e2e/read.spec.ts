/** Reading encrypted mail inline in the three webmail fixtures, with messages made by Sealmail's core and by GnuPG. */
import { readFileSync } from 'node:fs';
import { expect, test, type FrameLocator, type Page } from '@playwright/test';
import { armorBytes, dearmor, findArmorBlocks, generateKey, keyFooter, readPrivateKey, readPublicKey, seal, unlockPrivateKey, type PrivateKey, type PublicKey } from '../../src/core/index';
import { passwordNote } from '../../src/background/send';
import type { ExtensionBrowser } from '../support/browser';
import { workerCall } from '../support/extension';
import { armed } from '../support/frames';
import { GpgHome } from '../support/gpg';
import { BOB, MIA, miaAndBob, openMail as openFixtureMail } from '../support/mailbox';
import { FIXTURES } from '../support/webmail';
import { mailWithFile } from '../support/mime';

const TEXT = 'Hello Mia,\n\nthe vault code is 4417-PLUM.\n  (indented)\n\nBob';

interface FixtureMessage {
  id: string;
  from: { name: string; email: string };
  text: string;
  quoted?: boolean;
  hidden?: boolean;
  attachments?: Array<{ name: string; type: string; data: string }>;
}

const READ_URLS = {
  gmail: `${FIXTURES.gmail.start}#inbox/thread-9`,
  outlook: 'https://outlook.live.com/mail/inbox/id/AAMk9',
  yahoo: 'https://mail.yahoo.com/d/folders/1/messages/9',
} as const;

let browser: ExtensionBrowser;
let gpg: GpgHome;
let bobFingerprint: string;
let bobKey: PrivateKey;
let miaPublic: PublicKey;

test.beforeAll(async () => {
  ({ browser, gpg, bobFingerprint, bobKey, miaPublic } = await miaAndBob());
});
test.afterAll(async () => {
  await browser?.close();
  gpg?.close();
});

const sealedByCore = (text = TEXT) => seal({ text, recipients: [miaPublic], sender: bobKey });
const sealedByGpg = (text = TEXT) =>
  gpg.ok(['--armor', '--encrypt', '--sign', '--local-user', bobFingerprint, '--recipient', MIA.email], text).stdout.toString();

const openMail = (url: string, messages: FixtureMessage[]): Promise<Page> => openFixtureMail(browser, url, messages);

const viewers = (page: Page) => page.locator('iframe[title="Sealmail: decrypted message"]');
const viewer = (page: Page, index = 0): FrameLocator => viewers(page).nth(index).contentFrame();
const pageText = (page: Page) => page.evaluate(() => document.documentElement.innerText + document.documentElement.innerHTML);

async function expectDecrypted(page: Page, index = 0, text = TEXT): Promise<void> {
  const frame = viewer(page, index);
  await expect(frame.locator('pre.plaintext')).toHaveText(text);
  await expect(frame.getByRole('status')).toHaveText(`Verified signature from ${BOB.name} <${BOB.email}>. This is the sender shown.`);
  // The plaintext is in the extension's frame only, never in the page.
  expect(await pageText(page)).not.toContain('4417-PLUM');
}

for (const app of ['gmail', 'outlook', 'yahoo'] as const) {
  for (const [maker, make] of [['Sealmail', sealedByCore], ['gpg', sealedByGpg]] as const) {
    test(`${app}: a message made by ${maker} is shown decrypted, with its verified signature, in the extension's frame`, async () => {
      const page = await openMail(READ_URLS[app], [{ id: '1', from: BOB, text: await make() }]);
      await expectDecrypted(page);
      await page.close();
    });
  }
}

test('gmail: a thread with a quoted reply and two blocks in one mail shows every block', async () => {
  const first = await sealedByCore();
  const second = await sealedByGpg(TEXT.replace('vault', 'garage'));
  const page = await openMail(READ_URLS.gmail, [
    { id: '1', from: BOB, text: first, quoted: true },
    { id: '2', from: BOB, text: `Two for you:\n\n${first}\n\nand\n\n${second}\n` },
  ]);
  await expect(viewers(page)).toHaveCount(3);
  await expectDecrypted(page, 0);
  await expectDecrypted(page, 1);
  await expectDecrypted(page, 2, TEXT.replace('vault', 'garage'));
  await page.close();
});

test('gmail: an HTML message is shown sanitised in a sandboxed frame, scripts and handlers gone, remote images blocked until allowed', async () => {
  const html = '<!doctype html><html><body><p>Hello <b>Mia</b>, code 4417-PLUM.</p><img src="https://tracker.example/p.png"><img src="x" onerror="parent.postMessage(1, \'*\')"><script>document.title = "ran"</script></body></html>';
  const page = await openMail(READ_URLS.gmail, [{ id: '1', from: BOB, text: await sealedByCore(html) }]);
  const inner = viewer(page).locator('iframe.html-body');
  await expect(inner).toHaveAttribute('sandbox', '');
  const shown = inner.contentFrame();
  await expect(shown.locator('b')).toHaveText('Mia');
  await expect(shown.locator('script, [onerror]')).toHaveCount(0);
  expect(await inner.getAttribute('srcdoc')).toContain("img-src data:;");
  await expect(viewer(page).getByText('Remote images are blocked, so the sender cannot tell when you read this.')).toBeVisible();
  await viewer(page).getByRole('button', { name: 'Show remote images' }).click();
  await expect.poll(() => inner.getAttribute('srcdoc')).toContain('img-src data: https:;');
  expect(await pageText(page)).not.toContain('4417-PLUM');
  await page.close();
});

test('gmail: a message clipped at about 102 KB is read whole through the "View entire message" link', async () => {
  const long = `${'A long report line, kept for the record.\n'.repeat(2600)}The end: 4417-PLUM.`;
  const armor = await sealedByCore(long);
  expect(armor.length).toBeGreaterThan(102 * 1024);
  const page = await openMail(READ_URLS.gmail, [{ id: '1', from: BOB, text: armor }]);
  await expect(page.getByText('[Message clipped]')).toBeAttached();
  await expect(viewer(page).locator('pre.plaintext')).toContainText('The end: 4417-PLUM.');
  await page.close();
});

for (const app of ['gmail', 'outlook', 'yahoo'] as const) {
  test(`${app}: the viewer follows the page's colours: light on a light page when the system prefers dark, dark on a dark page, in a proportional font`, async () => {
    const armor = await sealedByCore(TEXT);
    const colours = async (page: Page) =>
      viewer(page)
        .locator('.viewer')
        .evaluate((box) => ({ background: getComputedStyle(box).backgroundColor, scheme: getComputedStyle(document.documentElement).colorScheme, font: getComputedStyle(box.querySelector('pre.plaintext')!).fontFamily }));
    const light = await browser.context.newPage();
    await light.emulateMedia({ colorScheme: 'dark' });
    await light.addInitScript((list) => ((window as unknown as { __fixtureMessages: unknown }).__fixtureMessages = list), [{ id: '1', from: BOB, text: armor }]);
    await light.goto(READ_URLS[app]);
    await expect(viewer(light).locator('pre.plaintext')).toHaveText(TEXT);
    const onLight = await colours(light);
    expect(onLight).toMatchObject({ background: 'rgb(255, 255, 255)', scheme: 'light' });
    expect(onLight.font).not.toMatch(/mono/i);
    expect(await light.locator('iframe[title="Sealmail: decrypted message"]').evaluate((frame) => getComputedStyle(frame).colorScheme)).toBe('light');
    await light.close();

    // A webmail in its dark theme (the system preferring light): the frame is dark too.
    const dark = await browser.context.newPage();
    await dark.emulateMedia({ colorScheme: 'light' });
    await dark.addInitScript((list) => {
      (window as unknown as { __fixtureMessages: unknown }).__fixtureMessages = list;
      document.addEventListener('DOMContentLoaded', () => document.head.append(Object.assign(document.createElement('style'), { textContent: 'html, body { background: #202124 !important; color: #e8eaed; }' })));
    }, [{ id: '1', from: BOB, text: armor }]);
    await dark.goto(READ_URLS[app]);
    await expect(viewer(dark).locator('pre.plaintext')).toHaveText(TEXT);
    expect(await colours(dark)).toMatchObject({ background: 'rgb(23, 25, 28)', scheme: 'dark' });
    await dark.close();
  });
}

test('a cleartext-signed message is shown with its verification; a public key block offers an import with confirmation', async () => {
  const signed = gpg.ok(['--local-user', bobFingerprint, '--clearsign'], 'Signed, not sealed.\n').stdout.toString();
  const peer = new GpgHome();
  const carol = peer.generate('Carol Example <carol@example.org>', 'ecc');
  const carolKey = peer.exportPublic(carol);
  peer.close();
  const page = await openMail(READ_URLS.yahoo, [
    { id: '1', from: BOB, text: signed },
    { id: '2', from: { name: 'Carol Example', email: 'carol@example.org' }, text: `My key:\n\n${carolKey}` },
  ]);
  await expect(viewer(page, 0).locator('pre.plaintext')).toHaveText('Signed, not sealed.');
  await expect(viewer(page, 0).getByRole('status')).toContainText(`Verified signature from ${BOB.name}`);
  const keyFrame = viewer(page, 1);
  await expect(keyFrame.getByText('Carol Example <carol@example.org>')).toBeVisible();
  await armed(keyFrame);
  await keyFrame.getByRole('button', { name: 'Import this key…' }).click();
  await expect(keyFrame.getByText('Compare the fingerprint')).toBeVisible();
  await keyFrame.getByRole('button', { name: 'Yes, import' }).click();
  await expect(keyFrame.getByRole('status')).toHaveText('Imported. You can now send secure mail to carol@example.org.');
  const { keys } = await workerCall(browser, 'listKeys', {});
  expect(keys.some((key) => key.fingerprint === carol)).toBe(true);
  await page.close();
});

test('a locked keyring: the frame asks for the passphrase itself, then shows the message', async () => {
  await workerCall(browser, 'lockNow', {});
  const page = await openMail(READ_URLS.outlook, [{ id: '1', from: BOB, text: await sealedByCore() }]);
  const frame = viewer(page);
  await frame.getByLabel('Passphrase of your key').fill(MIA.passphrase);
  await frame.getByRole('button', { name: 'Unlock and read' }).click();
  await expectDecrypted(page);
  expect(await page.locator('input[type=password]').count()).toBe(0);
  await page.close();
});

test('refused messages are explained in words and show no plaintext', async () => {
  const forOthers = gpg.ok(['--armor', '--encrypt', '--recipient', bobFingerprint], 'For Bob only: 4417-PLUM\n').stdout.toString();
  const bytes = dearmor(findArmorBlocks(await sealedByCore())[0]!).bytes.slice();
  bytes[bytes.length - 30] = bytes[bytes.length - 30]! ^ 1;
  const tampered = armorBytes('MESSAGE', bytes);
  const noMdc = readFileSync(new URL('../fixtures/messages/no-mdc-password.asc', import.meta.url), 'utf8');
  const page = await openMail(READ_URLS.gmail, [
    { id: '1', from: BOB, text: forOthers },
    { id: '2', from: BOB, text: tampered },
    { id: '3', from: BOB, text: noMdc },
    { id: '4', from: BOB, text: '-----BEGIN PGP MESSAGE-----\n\nnot!armor\n-----END PGP MESSAGE-----' },
  ]);
  await expect(viewer(page, 0).getByRole('alert')).toContainText('This message was not encrypted for any of your keys (');
  await expect(viewer(page, 1).getByRole('alert')).toContainText('changed after it was encrypted');
  await expect(viewer(page, 2).getByRole('alert')).toContainText('no integrity protection');
  await expect(viewer(page, 3).getByRole('alert')).toHaveText('The encrypted block is damaged and cannot be read.');
  for (const index of [0, 1, 2, 3]) await expect(viewer(page, index).locator('pre.plaintext')).toHaveCount(0);
  await page.close();
});

test('a block the worker refuses to hold leaves a note where its frame went, and the armor kept', async () => {
  // The frame goes in as the block is handed over; a sender address longer than any real one makes
  // the worker refuse the block, and the content script then puts its note in the frame's place.
  const page = await openMail(READ_URLS.gmail, [{ id: '1', from: { name: 'Bob', email: `${'b'.repeat(330)}@example.org` }, text: await sealedByCore() }]);
  await expect(page.getByRole('alert')).toHaveText('Sealmail could not read this message: Sealmail received a request it does not understand, so it did nothing.');
  await expect(viewers(page)).toHaveCount(0);
  await page.getByRole('button', { name: 'Show the encrypted original' }).click();
  await expect(page.getByText('-----BEGIN PGP MESSAGE-----')).toBeVisible();
  await page.close();
});

test('isolation: the page cannot read the frame, and only visible blocks inside message bodies are handled', async () => {
  const armor = await sealedByCore();
  const page = await openMail(READ_URLS.gmail, [
    { id: '1', from: BOB, text: armor },
    { id: '2', from: BOB, text: await sealedByCore(TEXT.replace('vault', 'hidden')), hidden: true },
  ]);
  await expectDecrypted(page);
  const reach = await page.evaluate(() => {
    const frame = document.querySelector<HTMLIFrameElement>('iframe[data-sealmail="viewer"]')!;
    let reached: string;
    try {
      reached = frame.contentWindow!.document ? 'readable' : 'none';
    } catch {
      reached = 'blocked';
    }
    return { contentDocument: frame.contentDocument, document: reached, runtime: typeof (globalThis as { chrome?: { runtime?: unknown } }).chrome?.runtime };
  });
  expect(reach).toEqual({ contentDocument: null, document: 'blocked', runtime: 'undefined' });
  // Armor a page script plants outside any message body is not handed to the extension.
  await page.evaluate((text) => {
    const stray = document.createElement('div');
    stray.innerText = text;
    document.body.append(stray);
  }, armor);
  await page.waitForTimeout(300); // past the observer's debounce
  await expect(viewers(page)).toHaveCount(1);
  await page.close();
});

test('an unknown signer is named by fingerprint with an import action; a changed signed message is a bad signature', async () => {
  const peer = new GpgHome();
  try {
    const dave = peer.generate('Dave Unknown <dave@example.org>', 'ecc');
    peer.import((await workerCall(browser, 'exportPublicKey', { fingerprint: (await workerCall(browser, 'listKeys', {})).keys.find((key) => key.secret)!.fingerprint })).armored);
    const byDave = peer.ok(['--armor', '--encrypt', '--sign', '--local-user', dave, '--recipient', MIA.email], 'From someone new.\n').stdout.toString();
    const signed = gpg.ok(['--local-user', bobFingerprint, '--clearsign'], 'Pay 10 euros.\n').stdout.toString();
    const page = await openMail(READ_URLS.gmail, [
      { id: '1', from: { name: 'Dave Unknown', email: 'dave@example.org' }, text: byDave },
      { id: '2', from: BOB, text: signed.replace('Pay 10 euros.', 'Pay 9000 euros.') },
    ]);
    const unknown = viewer(page, 0);
    await expect(unknown.locator('pre.plaintext')).toHaveText('From someone new.');
    await expect(unknown.getByRole('status').first()).toContainText('Signed by a key you do not have');
    await expect(unknown.getByLabel(/^Fingerprint /)).toHaveText(dave.replace(/(.{4})(?=.)/g, '$1 '));
    await expect(unknown.getByLabel('Paste one or more keys')).toBeVisible();
    await expect(viewer(page, 1).getByRole('status')).toContainText('Bad signature');
    await page.close();
  } finally {
    peer.close();
  }
});

test('an HTML body is sanitised and shown without scripts; remote images load only when the user asks', async () => {
  let trackerHits = 0;
  await browser.context.route('https://tracker.example/**', (route) => {
    trackerHits++;
    return route.fulfill({ status: 200, contentType: 'image/gif', body: Buffer.from('R0lGODlhAQABAAAAACw=', 'base64') });
  });
  const html = '<!doctype html><html><body><h1>Invoice</h1><p onclick="steal()">Total: 4417</p><script>parent.postMessage("pwned","*")</script><img src="https://tracker.example/open.gif" alt="tracker"></body></html>';
  const page = await openMail(READ_URLS.yahoo, [{ id: '1', from: BOB, text: await sealedByCore(html) }]);
  const frame = viewer(page);
  const body = frame.frameLocator('iframe[title="Message"]');
  await expect(body.getByRole('heading', { name: 'Invoice' })).toBeVisible();
  expect(await body.locator('script').count()).toBe(0);
  expect(await body.locator('[onclick]').count()).toBe(0);
  await expect(frame.getByText('Remote images are blocked')).toBeVisible();
  expect(trackerHits).toBe(0);
  await frame.getByRole('button', { name: 'Show remote images' }).click();
  await expect.poll(() => trackerHits).toBeGreaterThan(0);
  await page.close();
});

test('outlook: armor quoted with "> " marks at two depths in a plain-text reply is read', async () => {
  const quote = (text: string, marks: string) => text.trimEnd().split('\n').map((line) => `${marks}${line}`).join('\n');
  const armor = await sealedByGpg();
  const reply = `Did you get this?\n\nOn Monday Bob wrote:\n${quote(`On Sunday Bob wrote:\n${quote(armor, '> ')}`, '> ')}\n`;
  const page = await openMail(READ_URLS.outlook, [{ id: '1', from: BOB, text: reply }]);
  await expectDecrypted(page);
  await page.close();
});

for (const app of ['gmail', 'outlook', 'yahoo'] as const) {
  test(`${app}: the text around and between blocks, and quoted replies at two depths, stay on the page; only the armor is replaced`, async () => {
    const [first, second, older, oldest] = await Promise.all([
      sealedByCore(TEXT.replace('vault', 'first')),
      sealedByGpg(TEXT.replace('vault', 'second')),
      sealedByCore(TEXT.replace('vault', 'older')),
      sealedByGpg(TEXT.replace('vault', 'oldest')),
    ]);
    const message = {
      id: '1',
      from: BOB,
      text: `Hi Mia,\n\nhere is the first:\n${first}\nand in between, the second:\n\n${second}\n-- \nBob, from the garden`,
      quotes: [
        { intro: 'On Monday Bob Example wrote:', text: `Older news.\n${older}\nStill older below.` },
        { intro: 'On Sunday Bob Example wrote:', text: `${oldest}\nThe oldest word.` },
      ],
    };
    const page = await openMail(READ_URLS[app], [message]);
    await expect(viewers(page)).toHaveCount(4);
    for (const [index, word] of ['first', 'second', 'older', 'oldest'].entries()) await expectDecrypted(page, index, TEXT.replace('vault', word));
    // What the reader sees of the page, in order: every line of the sender's text, a frame for each block, no armor.
    const seen = await page.evaluate(() => {
      const body = document.querySelector('[data-sealmail-read]') as HTMLElement;
      const parts: string[] = [];
      const walker = document.createTreeWalker(body, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const element = node.nodeType === Node.TEXT_NODE ? node.parentElement! : (node as Element);
        if (element.closest('[data-sealmail="original"]') || !element.checkVisibility()) continue;
        if (node.nodeName === 'IFRAME') parts.push('[frame]');
        else if (node.nodeType === Node.TEXT_NODE && node.nodeValue!.trim() && !element.closest('button')) parts.push(node.nodeValue!.replace(/\u00a0/g, ' ').replace(/^(> ?)+/, '').trim());
      }
      return parts.filter(Boolean);
    });
    expect(seen).toEqual([
      'Hi Mia,',
      'here is the first:',
      '[frame]',
      'and in between, the second:',
      '[frame]',
      '--',
      'Bob, from the garden',
      'On Monday Bob Example wrote:',
      'Older news.',
      '[frame]',
      'Still older below.',
      'On Sunday Bob Example wrote:',
      '[frame]',
      'The oldest word.',
    ]);
    expect(await page.locator('[data-sealmail-read]').innerText()).not.toContain('BEGIN PGP');
    // The armor is kept, not lost: the switch under a frame shows it again.
    await page.getByRole('button', { name: 'Show the encrypted original' }).first().click();
    await expect(page.locator('[data-sealmail="original"]').first()).toContainText('-----BEGIN PGP MESSAGE-----');
    await page.close();
  });
}

test('a mail with more blocks than any real mail is left as it is, with a note saying why', async () => {
  const flood = `Keep this line.\n${'-----BEGIN PGP MESSAGE-----\n'.repeat(65)}`;
  const page = await openMail(READ_URLS.yahoo, [{ id: '1', from: BOB, text: flood }]);
  await expect(page.getByRole('note')).toHaveText(/more than 64 OpenPGP blocks/);
  await expect(page.getByText('Keep this line.')).toBeVisible();
  await expect(viewers(page)).toHaveCount(0);
  await page.close();
});

for (const app of ['gmail', 'outlook', 'yahoo'] as const) {
  test(`${app}: a password message asks for the password in the frame, with the mail's hint; a wrong one is refused, the right one opens it`, async () => {
    const note = passwordNote(`${BOB.name} <${BOB.email}>`, 'ask', 'the name of our first boat');
    const bySealmail = `${note}\n${await seal({ text: TEXT, passwords: ['Marigold 1987'] })}`;
    const byGpg = gpg.ok(['--armor', '--symmetric', '--cipher-algo', 'AES256'], TEXT.replace('vault', 'gpg'), 'Marigold 1987').stdout.toString();
    const page = await openMail(READ_URLS[app], [
      { id: '1', from: BOB, text: bySealmail },
      { id: '2', from: BOB, text: `Here it is:\n\n${byGpg}` },
    ]);
    for (const [index, text] of [TEXT, TEXT.replace('vault', 'gpg')].entries()) {
      const frame = viewer(page, index);
      await expect(frame.getByText('This message is protected with a password.')).toBeVisible();
      if (index === 0) await expect(frame.getByText('The mail gives this password hint: the name of our first boat')).toBeVisible();
      else await expect(frame.getByText('password hint')).toHaveCount(0);
      await frame.getByLabel('Password for this message').fill('Marigold 1986');
      await frame.getByRole('button', { name: 'Open' }).click();
      await expect(frame.getByRole('alert')).toContainText('That password does not open this message');
      await frame.getByLabel('Password for this message').fill('Marigold 1987');
      await frame.getByRole('button', { name: 'Open' }).click();
      await expect(frame.locator('pre.plaintext')).toHaveText(text);
      await expect(frame.getByRole('status')).toHaveText('Not signed: anyone could have written this message.');
    }
    // The password was typed in the extension's frames: the page has no password field and never saw the text.
    expect(await page.locator('input[type=password]').count()).toBe(0);
    expect(await pageText(page)).not.toContain('4417-PLUM');
    await page.close();
  });
}

test('a contact\'s revocation certificate in a mail is applied to their key after a visible confirmation', async () => {
  const peer = new GpgHome();
  try {
    const carol = peer.generate('Carol Example <carol.r@example.org>', 'ecc');
    await workerCall(browser, 'importKeys', { text: peer.exportPublic(carol) });
    const page = await openMail(READ_URLS.gmail, [{ id: '1', from: { name: 'Carol Example', email: 'carol.r@example.org' }, text: `My key is lost, do not use it:\n\n${peer.revocationCertificate(carol)}` }]);
    const frame = viewer(page);
    await expect(frame.getByText('This message holds a revocation certificate')).toBeVisible();
    await expect(frame.getByText('Carol Example <carol.r@example.org>')).toBeVisible();
    await armed(frame);
    await frame.getByRole('button', { name: 'Apply this revocation…' }).click();
    await frame.getByRole('button', { name: 'Yes, apply' }).click();
    await expect(frame.getByRole('status')).toHaveText('Applied: the key of carol.r@example.org is now marked revoked.');
    const { keys } = await workerCall(browser, 'listKeys', {});
    expect(keys.find((key) => key.fingerprint === carol)?.revoked).toBe(true);
    await expect(page.getByText('My key is lost, do not use it:')).toBeVisible();
    await page.close();
  } finally {
    peer.close();
  }
});

test.describe('encrypted attachments in the read view', () => {
  const pdf = Buffer.from(Array.from({ length: 200_000 }, (_, i) => (i * 13 + (i >> 7)) & 0xff));
  const notes = 'Minutes: the vault code is 4417-PLUM.\n';
  const inner = mailWithFile('Dear Mia,\n\nthe plan is attached; the code is 4417-PLUM.\n', { name: 'plan.pdf', type: 'application/pdf', bytes: pdf.subarray(0, 30_000) });
  const byGpg = (args: string[], input: string | Buffer, filename = 'report.pdf') =>
    gpg.ok([...args, '--encrypt', '--sign', '--local-user', bobFingerprint, '--recipient', MIA.email, ...(filename ? ['--set-filename', filename] : [])], input).stdout;
  const b64 = (data: string | Buffer) => Buffer.from(data).toString('base64');
  const fileFrame = (page: Page, name: string) => page.frameLocator(`iframe[title="Sealmail: decrypted file ${name}"]`);
  async function saved(page: Page, frame: FrameLocator, name: RegExp): Promise<Buffer> {
    const [download] = await Promise.all([page.waitForEvent('download'), frame.getByRole('button', { name }).click()]);
    return readFileSync((await download.path())!);
  }

  for (const app of ['gmail', 'outlook', 'yahoo'] as const) {
    test(`${app}: a gpg-made .pgp attachment, an .asc one and a PGP/MIME mail are decrypted in the extension's frame and saved from it byte for byte`, async () => {
      const page = await openMail(READ_URLS[app], [
        {
          id: '1',
          from: BOB,
          text: 'Two files for you.\n\nBob',
          attachments: [
            { name: 'report.pdf.pgp', type: 'application/pgp-encrypted', data: b64(byGpg([], pdf)) },
            { name: 'minutes.txt.asc', type: 'application/pgp-encrypted', data: b64(byGpg(['--armor'], notes, 'minutes.txt')) },
            { name: 'photo.jpg', type: 'image/jpeg', data: b64('not OpenPGP') },
          ],
        },
        {
          id: '2',
          from: BOB,
          text: 'This is an OpenPGP/MIME encrypted message (RFC 4880 and 3156)',
          attachments: [
            { name: 'noname', type: 'application/pgp-encrypted', data: b64('Version: 1\r\n') },
            { name: 'encrypted.asc', type: 'application/octet-stream', data: b64(byGpg(['--armor'], inner, '')) },
          ],
        },
      ]);
      await expect(page.locator('iframe[title^="Sealmail: decrypted file"]')).toHaveCount(3);
      const report = fileFrame(page, 'report.pdf.pgp');
      await expect(report.getByRole('status')).toHaveText(`Verified signature from ${BOB.name} <${BOB.email}>. This is the sender shown.`);
      expect((await saved(page, report, /^Save report\.pdf \(195 KB\)/)).equals(pdf)).toBe(true);
      const minutes = fileFrame(page, 'minutes.txt.asc');
      await expect(minutes.locator('pre.plaintext')).toHaveText(notes.trim());
      expect((await saved(page, minutes, /^Save minutes\.txt/)).toString()).toBe(notes);
      // PGP/MIME (RFC 3156): the encrypted part is a mail; its text is shown and its file saved.
      const mime = fileFrame(page, 'encrypted.asc');
      await expect(mime.locator('pre.plaintext')).toContainText('the plan is attached; the code is 4417-PLUM.');
      expect((await saved(page, mime, /^Save plan\.pdf/)).equals(pdf.subarray(0, 30_000))).toBe(true);
      // Nothing decrypted reaches the page.
      expect(await pageText(page)).not.toContain('4417-PLUM');
      await page.close();
    });
  }

  test('gmail: an attachment that is not OpenPGP data, or was changed, is named in a clear note and nothing else is lost', async () => {
    const sealed = byGpg([], pdf);
    sealed[sealed.length - 40] = sealed[sealed.length - 40]! ^ 0x01;
    const page = await openMail(READ_URLS.gmail, [
      {
        id: '1',
        from: BOB,
        text: 'Files.',
        attachments: [
          { name: 'broken.pdf.pgp', type: 'application/pgp-encrypted', data: b64(sealed) },
          { name: 'fake.asc', type: 'text/plain', data: b64('just some text') },
        ],
      },
    ]);
    await expect(fileFrame(page, 'broken.pdf.pgp').getByRole('alert')).toContainText(/changed|damaged/);
    await expect(page.getByRole('alert').filter({ hasText: 'could not read the attachment fake.asc' })).toBeVisible();
    await expect(page.getByText('Files.')).toBeVisible();
    await page.close();
  });
});

for (const app of ['gmail', 'outlook', 'yahoo'] as const) {
  test(`${app}: the sender's key in a mail's footer is offered for import in the extension's frame, and the base64 leaves the page's text`, async () => {
    const dana = await generateKey({ name: 'Dana Example', email: `dana.${app}@example.net`, passphrase: 'dana pass' });
    const danaKey = await unlockPrivateKey(await readPrivateKey(dana.armored), 'dana pass');
    const armor = await seal({ text: TEXT, recipients: [miaPublic], sender: danaKey });
    const footer = keyFooter((await readPublicKey(dana.publicKey)).write(), `dana.${app}@example.net`, `Dana Example <dana.${app}@example.net>`, dana.info.fingerprint);
    const page = await openMail(READ_URLS[app], [{ id: '1', from: { name: 'Dana Example', email: `dana.${app}@example.net` }, text: `Hello Mia,\n\n${armor}\n${footer}` }]);
    await expect(viewers(page)).toHaveCount(2);
    await expect(viewer(page, 0).getByRole('status')).toContainText('Signed by a key you do not have');
    await viewers(page).nth(1).scrollIntoViewIfNeeded();
    const keyFrame = await armed(viewer(page, 1));
    await expect(keyFrame.getByText(`Dana Example <dana.${app}@example.net>`)).toBeVisible();
    await keyFrame.getByRole('button', { name: 'Import this key…' }).click();
    await keyFrame.getByRole('button', { name: 'Yes, import' }).click();
    await expect(keyFrame.getByRole('status')).toHaveText(`Imported. You can now send secure mail to dana.${app}@example.net.`);
    expect((await workerCall(browser, 'listKeys', {})).keys.map((key) => key.fingerprint)).toContain(dana.info.fingerprint);
    // The footer's human lines stay; its base64 is replaced by the frame.
    const keydata = footer.split('\n').find((line) => /^[A-Za-z0-9+/=]{40,}$/.test(line))!;
    const shown = (await page.evaluate(() => document.body.innerText)).replace(/\u00a0/g, ' ');
    expect(shown).toContain(`Fingerprint: ${dana.info.fingerprint.slice(0, 4)}`);
    expect(shown).not.toContain(keydata);
    await page.close();
  });
}
