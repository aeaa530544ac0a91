'use client';

import { useEffect, useState } from 'react';
import type * as Y from 'yjs';
import { commentsMap, readThreads, type CommentThread } from '@/lib/comments/model';

/** The document's comment threads, live from the shared Y.Doc (the server writes them). */
export function useThreads(ydoc: Y.Doc): CommentThread[] {
  const [threads, setThreads] = useState<CommentThread[]>(() => readThreads(ydoc));
  useEffect(() => {
    const map = commentsMap(ydoc);
    const update = () => setThreads(readThreads(ydoc));
    update();
    map.observeDeep(update);
    return () => map.unobserveDeep(update);
  }, [ydoc]);
  return threads;
}
