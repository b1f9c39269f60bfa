/** The MV3 service worker (a background script in Firefox): the one place keys live and crypto runs. */
import { serve } from '../messaging/server';
import { extensionVersion } from '../platform/browser';

const startedAt = new Date().toISOString();

serve({
  getStatus: async () => ({ version: extensionVersion(), startedAt }),
});
