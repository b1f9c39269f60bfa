/** The page's one MutationObserver, on the provider's container, torn down by an AbortSignal. */
import type { Provider } from './adapter';

/** After a scan, further changes are gathered this long into one more scan. */
const QUIET_MS = 50;

/** A node Sealmail put in the page (its frames, notes, button cells), or one inside them. */
function ours(node: Node): boolean {
  const element = node instanceof Element ? node : node.parentElement;
  return Boolean(element?.closest('[data-sealmail]'));
}

/** A change made by Sealmail itself, which no scan needs to look at (and which must not hold off the next scan). */
function ourChange(record: MutationRecord): boolean {
  const { addedNodes, removedNodes } = record;
  if (addedNodes.length + removedNodes.length === 0) return false;
  for (const node of addedNodes) if (!ours(node)) return false;
  for (const node of removedNodes) if (!ours(node)) return false;
  return true;
}

/**
 * Runs every scan once now, at once on the first change after a quiet spell (a compose view
 * that opens gets its button in the same frame), and once more at the end of a burst of changes.
 */
export function watchPage(provider: Provider, doc: Document, signal: AbortSignal, scans: ReadonlyArray<() => void>): void {
  const scan = () => scans.forEach((run) => run());
  let quietAt = 0;
  let pending = 0;
  const observer = new MutationObserver((records) => {
    if (records.every(ourChange)) return;
    const now = performance.now();
    if (pending) return;
    if (now >= quietAt) {
      quietAt = now + QUIET_MS;
      scan();
      return;
    }
    pending = window.setTimeout(() => {
      pending = 0;
      quietAt = performance.now() + QUIET_MS;
      scan();
    }, quietAt - now);
  });
  observer.observe(provider.observeRoot(doc), { childList: true, subtree: true });
  signal.addEventListener('abort', () => {
    observer.disconnect();
    window.clearTimeout(pending);
  });
  scan();
}
