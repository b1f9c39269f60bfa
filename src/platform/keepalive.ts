/**
 * Keeps the worker running while keys are unlocked: the browser stops an idle worker after about
 * 30 s, and unlocked keys live only in its memory. Any extension API call resets that timer.
 */
import { browser } from './browser';

const PERIOD_MS = 20_000;
let timer: ReturnType<typeof setInterval> | null = null;

export function keepWorkerAlive(on: boolean): void {
  if (on && timer === null) timer = setInterval(() => void browser.runtime.getPlatformInfo(), PERIOD_MS);
  if (!on && timer !== null) {
    clearInterval(timer);
    timer = null;
  }
}
