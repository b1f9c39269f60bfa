/**
 * Draws the toolbar and store icons (16, 32, 48 and 128 px PNG) from extension-ui/icons/sealmail.svg
 * with Debian's Chromium. The PNGs are committed; run this again after changing the mark.
 */
import { readFileSync } from 'node:fs';
import { chromium } from '@playwright/test';
import { CHROMIUM } from '../tests/support/browser';

const SIZES = [16, 32, 48, 128] as const;
const svg = readFileSync('extension-ui/icons/sealmail.svg', 'utf8');
const browser = await chromium.launch({ executablePath: CHROMIUM, args: process.getuid?.() === 0 ? ['--no-sandbox'] : [] });
try {
  for (const size of SIZES) {
    const page = await browser.newPage({ viewport: { width: size, height: size }, deviceScaleFactor: 1 });
    await page.setContent(`<style>html,body{margin:0;background:transparent}svg{display:block;width:${size}px;height:${size}px}</style>${svg}`);
    await page.screenshot({ path: `extension-ui/icons/icon-${size}.png`, omitBackground: true });
    await page.close();
    console.log(`extension-ui/icons/icon-${size}.png`);
  }
} finally {
  await browser.close();
}
