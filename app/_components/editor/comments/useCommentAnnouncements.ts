'use client';

import { useEffect, useRef, useState } from 'react';
import { useTranslations } from 'next-intl';
import type { CommentThread } from '@/lib/comments/model';

/**
 * What a screen reader should hear about others' comments: new comments and replies, and
 * threads resolved or reopened. What was there when the document opened is not announced.
 */
export function useCommentAnnouncements(threads: CommentThread[], userId: string): string {
  const t = useTranslations('editor.comments');
  const [message, setMessage] = useState('');
  const seen = useRef<{ replies: Set<string>; resolved: Map<string, boolean> } | null>(null);

  useEffect(() => {
    const replies = new Set(threads.flatMap((th) => th.replies.map((r) => r.id)));
    const resolved = new Map(threads.map((th) => [th.id, th.resolved !== null]));
    const before = seen.current;
    seen.current = { replies, resolved };
    if (!before) return;
    const news: string[] = [];
    for (const th of threads) {
      for (const r of th.replies) {
        if (!before.replies.has(r.id) && r.authorId !== userId) news.push(t('announceReply', { name: r.authorName, text: r.body.slice(0, 120) }));
      }
      const was = before.resolved.get(th.id);
      if (was !== undefined && was !== (th.resolved !== null)) {
        if (th.resolved && th.resolved.by !== userId) news.push(t('announceResolved', { name: th.resolved.byName, quote: th.anchor.quote.slice(0, 60) }));
        else if (!th.resolved) news.push(t('announceReopened', { quote: th.anchor.quote.slice(0, 60) }));
      }
    }
    if (news.length) setMessage(news.join(' '));
  }, [threads, userId, t]);

  return message;
}
