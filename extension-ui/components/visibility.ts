/**
 * Whether a person could see a control when they clicked it. A webmail page can make our frame
 * transparent, cover it, shrink it or slide it under the pointer to harvest a click; the browser's
 * IntersectionObserver with `trackVisibility` reports such frames as not visible. A click counts
 * only when it is trusted, and the control has been fully visible, unobscured and unaltered for a
 * moment before it. Without IntersectionObserver v2 (Firefox) only "in view" can be checked.
 */
import type { RefObject } from 'preact';
import { useEffect, useRef } from 'preact/hooks';

export const VISIBLE_FOR_MS = 400;

interface VisibilityEntry extends IntersectionObserverEntry {
  /** IntersectionObserver v2 (Chromium): false when occluded, transparent, filtered or transformed. */
  readonly isVisible?: boolean;
}

/** Browsers without IntersectionObserver v2 (Firefox) can only tell that the control is fully in view. */
export const occlusionChecked = typeof IntersectionObserverEntry !== 'undefined' && 'isVisible' in IntersectionObserverEntry.prototype;

export class VisibilityGuard {
  private since: number | null = null;
  private readonly observer: IntersectionObserver;

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

  private timer: ReturnType<typeof setTimeout> | undefined;

  /** Marks the frame's document once clicks count (`data-sealmail-armed`), for assistive tools and tests to wait on. */
  private mark(): void {
    clearTimeout(this.timer);
    const root = document.documentElement;
    if (this.since === null) return void root.removeAttribute('data-sealmail-armed');
    const wait = Math.max(0, this.since + this.minimumMs - performance.now());
    this.timer = setTimeout(() => this.since !== null && root.setAttribute('data-sealmail-armed', ''), wait);
  }
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
