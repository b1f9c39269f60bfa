/**
 * Opens Chromium with the freshly built extension (run through `npm start`, which builds first).
 * Headed when a display exists; otherwise headless, saving a screenshot of what it shows.
 * SEALMAIL_START_EXIT=1 closes the browser once the page is shown (used to refresh screenshots).
 */
import { mkdirSync } from 'node:fs';
import { launchExtension } from '../tests/support/browser';

const headed = Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
const exitWhenShown = process.env.SEALMAIL_START_EXIT === '1';
const screenshot = process.env.SEALMAIL_SCREENSHOT ?? 'dist/start.png';

const browser = await launchExtension({ headless: !headed });
const page = await browser.context.newPage();
await page.setViewportSize({ width: 1000, height: 640 });
await page.goto(browser.url('extension-ui/pages/options/index.html'));
await page.getByRole('heading', { name: 'My keys' }).waitFor();
console.log(`Sealmail ${headed ? 'is open in Chromium' : 'is running in headless Chromium (no display found)'}.`);
console.log(`Options page: ${page.url()}`);
if (!headed) {
  mkdirSync('dist', { recursive: true });
  await page.screenshot({ path: screenshot });
  console.log(`Screenshot of what it shows: ${screenshot}. For a window, run under a display, e.g. xvfb-run or a desktop session.`);
}
if (exitWhenShown) {
  await browser.close();
} else {
  console.log('Close the browser window or press Ctrl+C to stop.');
  const stop = async () => {
    await browser.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
  browser.context.on('close', () => process.exit(0));
}
