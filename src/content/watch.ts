/** The page's one MutationObserver: debounced, on the provider's container, torn down by an AbortSignal. */
import type { Provider } from './adapter';

/** Runs every scan once now, and again shortly after the provider's container changes. */
export function watchPage(provider: Provider, doc: Document, signal: AbortSignal, scans: ReadonlyArray<() => void>): void {
  const scan = () => scans.forEach((run) => run());
  let pending = 0;
  const observer = new MutationObserver(() => {
    if (pending) return;
    pending = window.setTimeout(() => {
      pending = 0;
      scan();
    }, 50);
  });
  observer.observe(provider.observeRoot(doc), { childList: true, subtree: true });
  signal.addEventListener('abort', () => {
    observer.disconnect();
    window.clearTimeout(pending);
  });
  scan();
}
