import { useCallback, useEffect, useState } from 'react';
import { can } from '../access.ts';
import { listPendingApplications } from '../api/applications-api.ts';
import { fetchUnreadCount, onInboxChanged } from '../api/notifications-api.ts';
import { useMe } from '../auth/me-context.tsx';

/** How often the header asks again, besides after the user's own actions. */
const POLL_MS = 30_000;

export interface AttentionCounts {
  /** Unread notifications; null until first counted or while the server cannot be reached. */
  unread: number | null;
  /** Applications waiting for one of my roles (待办); null for those who decide nothing. */
  pending: number | null;
}

/**
 * What waits for the signed-in user: unread notifications and, for approvers, their 待办. Counted on
 * arrival, every 30 seconds, and whenever an action announces a change (approval, mark read).
 */
export function useAttentionCounts(): AttentionCounts {
  const { me } = useMe();
  const decides = can(me, 'application:decide');
  const [counts, setCounts] = useState<AttentionCounts>({ unread: null, pending: null });

  const count = useCallback(async () => {
    const [unread, pending] = await Promise.allSettled([
      fetchUnreadCount(),
      decides ? listPendingApplications(1, 1) : Promise.resolve(null),
    ]);
    setCounts({
      unread: unread.status === 'fulfilled' ? unread.value.count : null,
      pending: pending.status === 'fulfilled' && pending.value ? pending.value.total : null,
    });
  }, [decides]);

  useEffect(() => {
    let live = true;
    const refresh = () => {
      if (live) void count();
    };
    refresh();
    const timer = window.setInterval(refresh, POLL_MS);
    const unsubscribe = onInboxChanged(refresh);
    return () => {
      live = false;
      window.clearInterval(timer);
      unsubscribe();
    };
  }, [count]);

  return counts;
}
