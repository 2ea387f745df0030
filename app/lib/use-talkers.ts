'use client';
/**
 * Polls GET /api/xdp/talkers once a second while the page is visible, one
 * request at a time. A failed poll keeps the last good answer on screen,
 * marked stale; another grouping starts afresh.
 */
import { useState } from 'react';
import type { TalkerGroup, TalkersAnswer } from '../../protocol/xdp';
import { usePoll } from './use-poll';
import { POLL_MS } from './use-xdp-status';
import { xdpApi } from './xdp-client';

export interface TalkersView {
  /** The last good answer for this grouping. */
  answer: TalkersAnswer | null;
  /** Why the last poll failed; null after a good one. */
  pollError: string | null;
}

export function useTalkers(group: TalkerGroup): TalkersView {
  const [view, setView] = useState<TalkersView & { group: TalkerGroup }>({ group, answer: null, pollError: null });
  usePoll(
    async (signal) => {
      const r = await xdpApi.talkers(group, signal);
      if (signal.aborted) return;
      setView((v) =>
        r.ok
          ? { group, answer: r.value, pollError: null }
          : { group, answer: v.group === group ? v.answer : null, pollError: r.error },
      );
    },
    POLL_MS,
    group,
  );
  // Until the first answer for a new grouping, the old one is no answer.
  return view.group === group ? view : { answer: null, pollError: null };
}
