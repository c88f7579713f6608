import { useEffect } from 'react';

/** How often a page asks again while something it shows is still changing on its own. */
const POLL_MS = 3000;

/**
 * Calls `refresh` every few seconds while `active`, e.g. while the reconciler is still carrying out a
 * resource's desired state; stops as soon as nothing is changing or the page is left.
 */
export function usePoll(active: boolean, refresh: () => void, ms = POLL_MS): void {
  useEffect(() => {
    if (!active) return;
    const timer = window.setInterval(refresh, ms);
    return () => window.clearInterval(timer);
  }, [active, refresh, ms]);
}
