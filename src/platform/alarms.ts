/** A single named alarm, for locking keys when the worker may have been stopped meanwhile. */
import { browser } from './browser';

export function scheduleAlarm(name: string, when: number | null): void {
  if (when === null) void browser.alarms.clear(name);
  else void browser.alarms.create(name, { when });
}

export function onAlarm(name: string, listener: () => void): void {
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === name) listener();
  });
}
