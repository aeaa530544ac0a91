'use client';

import { useEffect, useRef, type MutableRefObject } from 'react';
import { useTranslations } from 'next-intl';
import type * as Y from 'yjs';
import type { Awareness } from 'y-protocols/awareness';
import type { SheetModel } from '@/lib/sheet/SheetModel';
import type { SheetEngine } from '@/lib/sheet/SheetEngine';
import type { GridBinding } from './handsontableBinding';

/**
 * The grid's code (Handsontable, most of the page's script) is loaded apart from the page, so
 * the page connects and starts receiving the document while the browser compiles it.
 */
export const loadGridCode = () => import('./handsontableBinding');

export interface GridApi {
  selectedRange: GridBinding['selectedRange'];
  focus: GridBinding['focus'];
}

export function SheetGrid(props: {
  model: SheetModel;
  engine: SheetEngine | null;
  sheetId: string;
  locale: string;
  licenseKey: string;
  readOnly: boolean;
  rowLocked?: (ownerGroupId: string) => boolean;
  awareness: Awareness;
  undo: Y.UndoManager;
  apiRef: MutableRefObject<GridApi | null>;
  onPainted: () => void;
}) {
  const t = useTranslations('sheet');
  const host = useRef<HTMLDivElement>(null);
  const binding = useRef<GridBinding | null>(null);
  const onPainted = useRef(props.onPainted);
  onPainted.current = props.onPainted;
  // Read when the grid's code has arrived: the engine or the tab may have changed meanwhile.
  const engineRef = useRef(props.engine);
  engineRef.current = props.engine;
  const sheetIdRef = useRef(props.sheetId);
  sheetIdRef.current = props.sheetId;
  const { model, engine, locale, licenseKey, readOnly, rowLocked, awareness, undo, apiRef } = props;

  useEffect(() => {
    const el = host.current;
    if (!el) return;
    let b: GridBinding | null = null;
    let cancelled = false;
    void loadGridCode().then(({ bindGrid }) => {
      if (cancelled) return;
      b = bindGrid(el, {
        model,
        engine: engineRef.current,
        sheetId: sheetIdRef.current,
        locale,
        licenseKey,
        readOnly,
        rowLocked,
        awareness,
        undo: () => undo.undo(),
        redo: () => undo.redo(),
        onSelection: () => undefined,
        onPainted: () => onPainted.current(),
        labels: {
          insertRowAbove: t('insertRowAbove'),
          insertRowBelow: t('insertRowBelow'),
          insertColLeft: t('insertColLeft'),
          insertColRight: t('insertColRight'),
          deleteRows: t('deleteRows'),
          deleteCols: t('deleteCols'),
          moveRowUp: t('moveRowUp'),
          moveRowDown: t('moveRowDown'),
          moveColLeft: t('moveColLeft'),
          moveColRight: t('moveColRight'),
          gridLabel: t('grid'),
          lockedRow: t('lockedRow'),
        },
      });
      const bound = b;
      binding.current = bound;
      performance.mark('sheet:grid');
      apiRef.current = { selectedRange: () => bound.selectedRange(), focus: () => bound.focus() };
    });
    return () => {
      cancelled = true;
      apiRef.current = null;
      binding.current = null;
      b?.destroy();
    };
    // The binding follows sheet switches and the engine's arrival itself (below); rebuild only
    // for a new model. The engine and tab at creation time are read once, on purpose.
  }, [model, locale, licenseKey, readOnly, rowLocked, awareness, undo]);

  useEffect(() => {
    binding.current?.setEngine(engine);
  }, [engine]);

  useEffect(() => {
    binding.current?.setSheet(props.sheetId);
  }, [props.sheetId]);

  return (
    <section className="sheet-grid-wrap" aria-label={t('grid')}>
      <div ref={host} className="sheet-grid" data-testid="sheet-grid" />
    </section>
  );
}
