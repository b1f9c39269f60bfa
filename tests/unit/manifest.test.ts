/**
 * Every permission, host pattern and web-accessible resource the manifest asks for is needed:
 * each permission has an API call in the code that needs it, and nothing reaches past the three
 * webmails. A new permission fails here until it is added with the reason it is needed.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { PROVIDERS } from '../../src/content/providers/registry';

interface Manifest {
  permissions?: string[];
  optional_permissions?: string[];
  host_permissions?: string[];
  content_scripts: Array<{ matches: string[]; all_frames?: boolean }>;
  web_accessible_resources: Array<{ resources: string[]; matches: string[]; use_dynamic_url?: boolean }>;
}

const manifest = JSON.parse(readFileSync(new URL('../../manifest.json', import.meta.url), 'utf8')) as Manifest;

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : /\.(ts|tsx)$/.test(name) ? [path] : [];
  });
}
const code = [...sources('src'), ...sources('extension-ui')].map((path) => readFileSync(path, 'utf8')).join('\n');

/** Each permission Sealmail may ask for, and the call that needs it. */
const NEEDED_BY: Record<string, { why: string; call: RegExp }> = {
  storage: { why: 'the keyring and settings (storage.local) and the unlocked session (storage.session)', call: /\bbrowser\.storage\.(local|session)\b/ },
  // Chromium's storage.local holds 10 MiB without it: about 6,000 contacts' keys with their facts.
  unlimitedStorage: { why: 'a keyring of thousands of contacts, larger than storage.local holds without it', call: /\bbrowser\.storage\.local\b/ },
  alarms: { why: 'locking the keys after the idle time, even when the worker was stopped', call: /\bbrowser\.alarms\.(create|onAlarm)\b/ },
  // Chromium only: its service worker cannot start workers; Firefox's background page starts its own.
  offscreen: { why: 'a page that starts the worker reading half of a large key import beside the service worker', call: /\boffscreen\.createDocument\(/ },
};

/** Every permission the manifest asks for, in any browser (`{{chrome}}.permissions` and the like included). */
const permissions = Object.entries(manifest)
  .filter(([key]) => /^(\{\{\w+\}\}\.)?(optional_)?permissions$/.test(key))
  .flatMap(([, value]) => value as string[]);

const WEBMAIL_PATTERNS = PROVIDERS.flatMap((provider) => provider.hosts.map((host) => `https://${host}/*`)).sort();

describe('manifest permissions', () => {
  it('asks only for permissions with a reason, and each is used by the code', () => {
    assert.ok(permissions.includes('storage'), 'the permissions were not found in the manifest');
    for (const permission of permissions) {
      const need = NEEDED_BY[permission];
      assert.ok(need, `"${permission}" has no recorded reason: add it to NEEDED_BY with the call that needs it`);
      assert.match(code, need.call, `"${permission}" (${need.why}) is not used by the code any more`);
    }
  });

  it('has no host permissions: content scripts and frames reach the three webmails only', () => {
    assert.deepEqual(manifest.host_permissions ?? [], []);
    for (const script of manifest.content_scripts) {
      assert.deepEqual([...script.matches].sort(), WEBMAIL_PATTERNS);
      assert.notEqual(script.all_frames, true);
    }
  });

  it('makes web-accessible only the four pages the content script frames and the part of itself it loads, and only to the webmails', () => {
    // The pages the content script puts in frames, as its modules name them (`export const ..._PATH = '...'`).
    const paths = ['button', 'dialog', 'read', 'secure-editor'].flatMap((name) => [...readFileSync(`src/content/${name}.ts`, 'utf8').matchAll(/_PATH = '([^']+)'/g)].map((match) => match[1]!));
    assert.equal(paths.length, 4);
    const framed = paths.map((path) => `${path.slice(0, path.lastIndexOf('/'))}/*`);
    const loaded = [...readFileSync('src/content/loading.ts', 'utf8').matchAll(/PARTS_PATH = '([^']+)'/g)].map((match) => match[1]!);
    assert.deepEqual(loaded, ['src/content/parts.js']);
    const listed = manifest.web_accessible_resources.flatMap((entry) => entry.resources).sort();
    assert.deepEqual(listed, [...framed, ...loaded].sort());
    for (const entry of manifest.web_accessible_resources) {
      assert.deepEqual([...entry.matches].sort(), WEBMAIL_PATTERNS);
      assert.equal(entry.use_dynamic_url, true);
    }
  });
});

describe('manifest strings', () => {
  it('takes every string the stores and the browser show from _locales, English first', () => {
    const raw = readFileSync('manifest.json', 'utf8');
    const messages = JSON.parse(readFileSync('src/core/locales/_locales/en/messages.json', 'utf8')) as Record<string, { message: string; description: string }>;
    const used = [...raw.matchAll(/__MSG_(\w+)__/g)].map((match) => match[1]!);
    assert.ok(used.length >= 4);
    for (const key of used) assert.ok(messages[key]?.message && messages[key]?.description, `_locales/en lacks ${key}`);
    assert.equal((JSON.parse(raw) as { default_locale?: string }).default_locale, 'en');
  });
});

describe('manifest icons', () => {
  it('names a PNG of each size the stores and toolbars use (16, 32, 48, 128), each really that size', () => {
    const icons = (JSON.parse(readFileSync(new URL('../../manifest.json', import.meta.url), 'utf8')) as { icons: Record<string, string>; action: { default_icon: Record<string, string> } });
    assert.deepEqual(Object.keys(icons.icons).sort((a, b) => Number(a) - Number(b)), ['16', '32', '48', '128']);
    for (const [size, path] of [...Object.entries(icons.icons), ...Object.entries(icons.action.default_icon)]) {
      const png = readFileSync(path);
      assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG', path);
      // The IHDR chunk: width and height, big-endian, at bytes 16 and 20.
      assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [Number(size), Number(size)], path);
    }
  });
});
