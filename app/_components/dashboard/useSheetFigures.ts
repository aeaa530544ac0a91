'use client';

import { useEffect, useState } from 'react';
import { SheetModel } from '@/lib/sheet/SheetModel';
import type { SheetEngine } from '@/lib/sheet/SheetEngine';
import { figuresOf, type DashboardFigures } from '@/lib/dashboard/figures';
import type { Collab } from '@/app/_hooks/useCollabProvider';

/** Many edits arrive in bursts (a paste, a remote client catching up): count once per burst. */
const SETTLE_MS = 150;

/** The figures of a live sheet document, recomputed whenever the engine applied a change. */
export function useSheetFigures(collab: Collab | null): DashboardFigures | null {
  const [synced, setSynced] = useState(false);
  const [figures, setFigures] = useState<DashboardFigures | null>(null);

  useEffect(() => {
    if (!collab) return;
    // A reader of the dashboard is not someone working in the sheet: no presence.
    collab.provider.awareness.setLocalState(null);
    const onSync = (s: boolean) => s && setSynced(true);
    if (collab.provider.synced) setSynced(true);
    collab.provider.on('sync', onSync);
    return () => collab.provider.off('sync', onSync);
  }, [collab]);

  useEffect(() => {
    if (!collab || !synced) return;
    const model = new SheetModel(collab.ydoc);
    let engine: SheetEngine | null = null;
    let timer: ReturnType<typeof setTimeout> | null = null;
    let cancelled = false;
    let off = () => {};
    const recount = () => {
      timer = null;
      if (engine) setFigures(figuresOf(model, engine));
    };
    void import('@/lib/sheet/SheetEngine').then(({ SheetEngine: Engine }) => {
      if (cancelled) return;
      engine = new Engine(model);
      off = engine.onChange(() => {
        timer ??= setTimeout(recount, SETTLE_MS);
      });
      recount();
    });
    return () => {
      cancelled = true;
      if (timer) clearTimeout(timer);
      off();
      engine?.destroy();
      model.destroy();
    };
  }, [collab, synced]);

  return figures;
}
