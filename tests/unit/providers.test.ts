/** Every registered webmail provider has a fixture, and the manifest's content-script matches cover its hosts. */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { PROVIDERS, providerFor } from '../../src/content/providers/registry';
import { FIXTURES } from '../support/webmail';
import { APPS } from '../support/apps';

const manifest = JSON.parse(readFileSync(new URL('../../manifest.json', import.meta.url), 'utf8')) as {
  content_scripts: Array<{ matches: string[] }>;
};
const sendSpec = readFileSync(new URL('../e2e/send.spec.ts', import.meta.url), 'utf8');
const largeDraftSpec = readFileSync(new URL('../e2e/large-drafts.spec.ts', import.meta.url), 'utf8');

describe('webmail providers', () => {
  for (const provider of PROVIDERS) {
    it(`${provider.name}: has a fixture page, serves all its hosts, and is covered by the Send Secure tests`, () => {
      const fixture = FIXTURES[provider.name as keyof typeof FIXTURES];
      assert.ok(fixture, `no fixture registered for ${provider.name}`);
      assert.ok(existsSync(fileURLToPath(new URL(`../fixtures/${fixture.page}`, import.meta.url))), `missing ${fixture.page}`);
      assert.deepEqual([...fixture.origins].map((origin) => new URL(origin).host).sort(), [...provider.hosts].sort());
      // The Send Secure suites run for every app in APPS.
      assert.ok(APPS.some((app) => app.fixture === provider.name), `${provider.name} is not among the apps the send tests drive`);
      for (const spec of [sendSpec, largeDraftSpec]) assert.match(spec, /for \(const app of APPS\)/);
    });

    it(`${provider.name}: every host is matched by the content script and finds its provider`, () => {
      const matches = manifest.content_scripts.flatMap((script) => script.matches);
      for (const host of provider.hosts) {
        assert.ok(matches.includes(`https://${host}/*`), `manifest does not match ${host}`);
        assert.equal(providerFor(host), provider);
      }
    });
  }

  it('no content-script match is left without a provider', () => {
    for (const pattern of manifest.content_scripts.flatMap((script) => script.matches)) {
      assert.ok(providerFor(new URL(pattern.replace('*', '')).host), pattern);
    }
  });
});
