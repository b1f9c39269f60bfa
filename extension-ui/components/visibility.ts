/**
 * Whether a person could see a control when they clicked it. A webmail page can make our frame
 * transparent, cover it, filter or transform it to harvest a click; the browser's
 * IntersectionObserver with `trackVisibility` reports such frames as not visible. A click counts
 * only when it is trusted, and the control has been in view, unobscured and unaltered for a moment
 * before it, so a frame flashed up under the pointer at the last moment does not count. A frame
 * moved while it stays in view is not noticed. Without IntersectionObserver v2 (Firefox) only "in
 * view" can be checked.
 */
import type { RefObject } from 'preact';
import { SealmailError } from '../../src/core/errors';
import { useEffect, useRef } from 'preact/hooks';

export const VISIBLE_FOR_MS = 400;

interface VisibilityEntry extends IntersectionObserverEntry {
  /** IntersectionObserver v2 (Chromium): false when occluded, transparent, filtered or transformed. */
  readonly isVisible?: boolean;
}

/** Browsers without IntersectionObserver v2 (Firefox) can only tell that the control is in view. */
export const occlusionChecked = typeof IntersectionObserverEntry !== 'undefined' && 'isVisible' in IntersectionObserverEntry.prototype;

export class VisibilityGuard {
  private since: number | null = null;
  private readonly observer: IntersectionObserver;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(element: Element, private readonly minimumMs = VISIBLE_FOR_MS) {
    const options = { threshold: [0, 0.5, 1], ...(occlusionChecked ? { trackVisibility: true, delay: 100 } : {}) };
    this.observer = new IntersectionObserver((entries) => {
      for (const entry of entries as VisibilityEntry[]) {
        // What is in view must be unobscured and unaltered; a long dialog may be partly scrolled away.
        const seen = entry.isIntersecting && (occlusionChecked ? entry.isVisible === true : true);
        this.since = seen ? (this.since ?? entry.time) : null;
      }
      this.mark();
    }, options as IntersectionObserverInit);
    this.observer.observe(element);
  }

  /** True for a trusted event on a control a person has been able to see for a moment. */
  allows(event: Event): boolean {
    return (
      event.isTrusted &&
      document.visibilityState === 'visible' &&
      this.since !== null &&
      performance.now() - this.since >= this.minimumMs
    );
  }

  disconnect(): void {
    this.observer.disconnect();
    clearTimeout(this.timer);
  }

  /** Marks the frame's document once clicks count (`data-sealmail-armed`), for assistive tools and tests to wait on. */
  private mark(): void {
    clearTimeout(this.timer);
    const root = document.documentElement;
    if (this.since === null) return void root.removeAttribute('data-sealmail-armed');
    const wait = Math.max(0, this.since + this.minimumMs - performance.now());
    this.timer = setTimeout(() => this.since !== null && root.setAttribute('data-sealmail-armed', ''), wait);
  }
}

/** Stops an action (`no_user_action`) unless `allows` says a person could see what they clicked. */
export function requireVisible(allows: (event: Event) => boolean, event: Event): void {
  if (!allows(event)) throw new SealmailError('no_user_action');
}

/** A guard over the element a ref points to, for the life of a component. */
export function useVisibilityGuard(ref: RefObject<Element>): (event: Event) => boolean {
  const guard = useRef<VisibilityGuard | null>(null);
  useEffect(() => {
    if (!ref.current) return undefined;
    guard.current = new VisibilityGuard(ref.current);
    return () => guard.current?.disconnect();
  }, [ref]);
  return (event) => guard.current?.allows(event) ?? false;
}
