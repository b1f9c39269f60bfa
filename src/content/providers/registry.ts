/** Every supported webmail. Adding one = a folder beside this file, a line here, and fixtures under tests/fixtures/. */
import type { Provider } from '../adapter';
import { gmail } from './gmail/adapter';
import { outlook } from './outlook/adapter';
import { yahoo } from './yahoo/adapter';

export const PROVIDERS: readonly Provider[] = [gmail, outlook, yahoo];

export function providerFor(host: string): Provider | null {
  return PROVIDERS.find((provider) => provider.hosts.includes(host)) ?? null;
}
