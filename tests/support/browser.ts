/** Starts Debian's Chromium with the built extension loaded, through Playwright. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Worker } from '@playwright/test';

export const CHROMIUM = process.env.SEALMAIL_CHROMIUM ?? '/usr/bin/chromium';
export const EXTENSION_DIR = resolve(process.env.SEALMAIL_EXTENSION_DIR ?? 'dist/chrome');

export interface ExtensionBrowser {
  context: BrowserContext;
  extensionId: string;
  worker: Worker;
  /** chrome-extension://<id>/<path> */
  url(path: string): string;
  close(): Promise<void>;
}

export interface LaunchOptions {
  /** Keep the profile in this folder (for restart tests); a fresh temporary one otherwise. */
  profileDir?: string;
  headless?: boolean;
}

export function chromiumArgs(extensionDir = EXTENSION_DIR): string[] {
  const args = [
    `--disable-extensions-except=${extensionDir}`,
    `--load-extension=${extensionDir}`,
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--no-default-browser-check',
    '--disable-quic',
  ];
  if (process.getuid?.() === 0) args.push('--no-sandbox');
  return args;
}

export async function launchExtension(options: LaunchOptions = {}): Promise<ExtensionBrowser> {
  const temporary = options.profileDir ? null : mkdtempSync(join(tmpdir(), 'sealmail-profile-'));
  const context = await chromium.launchPersistentContext(options.profileDir ?? temporary!, {
    executablePath: CHROMIUM,
    headless: options.headless ?? true,
    args: chromiumArgs(),
    ignoreDefaultArgs: ['--disable-extensions'],
  });
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 30_000 }));
  const extensionId = new URL(worker.url()).host;
  return {
    context,
    extensionId,
    worker,
    url: (path) => `chrome-extension://${extensionId}/${path}`,
    close: async () => {
      await context.close();
      if (temporary) rmSync(temporary, { recursive: true, force: true });
    },
  };
}
