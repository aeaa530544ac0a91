'use client';

import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import Link from 'next/link';
import { useLocale, useTranslations } from 'next-intl';
import type * as Y from 'yjs';
import { SheetModel } from '@/lib/sheet/SheetModel';
import type { SheetEngine } from '@/lib/sheet/SheetEngine';
import { createUndoManager } from '@/lib/sheet/undo';
import type { DocumentRole } from '@/lib/store/types';
import { canEdit } from '@/lib/access/roles';
import { useCollabProvider } from '@/app/_hooks/useCollabProvider';
import type { EditorUser } from '../editor/CollabEditor';
import { EditorFrame } from '../editor/EditorFrame';
import { SheetTabs } from './SheetTabs';
import { SheetToolbar } from './SheetToolbar';
import { SheetGrid, loadGridCode, type GridApi } from './SheetGrid';

interface Sheet {
  model: SheetModel;
  undo: Y.UndoManager;
}

export function SheetEditor(props: {
  docId: string;
  initialTitle: string;
  role: DocumentRole;
  user: EditorUser;
  licenseKey: string;
  dashboard?: boolean;
  /** The user's groups, for row ownership. */
  groupIds?: string[];
  /** Shown until the document has synced (the server's preview of the first screen). */
  children?: ReactNode;
}) {
  const locale = useLocale();
  const t = useTranslations('dashboard');
  const tAccess = useTranslations('access');
  const { collab, status, closedReason, outdated, notice, dismissNotice } = useCollabProvider(props.docId);
  const editable = canEdit(props.role);
  const groupKey = (props.groupIds ?? []).join(',');
  // Owners change every row; others only the rows of their groups and rows without an owner.
  const rowLocked = useMemo(() => {
    if (props.role === 'owner') return undefined;
    const mine = new Set(groupKey ? groupKey.split(',') : []);
    return (owner: string) => !mine.has(owner);
  }, [props.role, groupKey]);
  const [synced, setSynced] = useState(false);
  const [sheetId, setSheetId] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  const gridApi = useRef<GridApi | null>(null);

  useEffect(() => {
    // Fetch the grid's and the engine's code while the document syncs.
    void loadGridCode();
    void import('@/lib/sheet/SheetEngine');
  }, []);

  useEffect(() => {
    if (!collab) return;
    collab.provider.awareness.setLocalStateField('user', { name: props.user.name, color: props.user.color, id: props.user.id });
    const onSync = (s: boolean) => s && setSynced(true);
    // A fresh provider (after a refused change) starts unsynced.
    setSynced(collab.provider.synced);
    collab.provider.on('sync', onSync);
    return () => collab.provider.off('sync', onSync);
  }, [collab, props.user]);

  // The model exists once the document has its content (first sync or IndexedDB).
  const sheet = useMemo<Sheet | null>(() => {
    if (!collab || !synced) return null;
    performance.mark('sheet:synced');
    const model = new SheetModel(collab.ydoc);
    return { model, undo: createUndoManager(model) };
  }, [collab, synced]);

  // Evaluating a large workbook takes a while: the grid paints stored values first and the
  // engine is built right after that paint, so formulas fill in instead of blocking the page.
  const [engine, setEngine] = useState<SheetEngine | null>(null);
  const [painted, setPainted] = useState(false);
  useEffect(() => {
    if (!sheet || !painted) return;
    let built: SheetEngine | null = null;
    let cancelled = false;
    // HyperFormula is loaded separately (it is most of the page's script) while the grid paints,
    // and the build runs in a later task, so the browser shows the grid before the build blocks.
    void import('@/lib/sheet/SheetEngine').then(({ SheetEngine: Engine }) => {
      setTimeout(() => {
        if (cancelled) return;
        built = new Engine(sheet.model);
        performance.mark('sheet:engine');
        setEngine(built);
      }, 0);
    });
    return () => {
      cancelled = true;
      setEngine(null);
      built?.destroy();
    };
  }, [sheet, painted]);

  useEffect(() => {
    if (!sheet) return;
    const off = sheet.model.onChange((c) => {
      if (c.sheetList) setVersion((v) => v + 1);
    });
    return () => {
      off();
      sheet.undo.destroy();
      sheet.model.destroy();
    };
  }, [sheet]);

  const sheets = useMemo(() => (sheet ? sheet.model.sheetList() : []), [sheet, version]);
  const current = sheetId && sheets.some((s) => s.id === sheetId) ? sheetId : (sheets[0]?.id ?? null);

  return (
    <EditorFrame collab={collab} status={status} closedReason={closedReason} outdated={outdated} initialTitle={props.initialTitle} editable={editable} className="sheet-page" exportOf={{ docId: props.docId, kind: 'sheet' }} links={props.dashboard && <Link href={`/s/${props.docId}/dashboard`}>{t('title')}</Link>}>
      {notice && (
        <p role="alert" className="notice">
          {notice}{' '}
          <button type="button" className="link-button" onClick={dismissNotice}>{tAccess('dismiss')}</button>
        </p>
      )}
      {sheet && current ? (
        <>
          {editable && <SheetToolbar model={sheet.model} sheetId={current} undo={sheet.undo} grid={gridApi} userName={props.user.name} />}
          <SheetGrid
            key={`${props.docId}`}
            model={sheet.model}
            engine={engine}
            sheetId={current}
            locale={locale}
            licenseKey={props.licenseKey}
            readOnly={!editable}
            rowLocked={rowLocked}
            awareness={collab!.provider.awareness}
            undo={sheet.undo}
            apiRef={gridApi}
            onPainted={() => setPainted(true)}
          />
          <SheetTabs model={sheet.model} sheets={sheets} current={current} onSelect={setSheetId} editable={editable} />
        </>
      ) : (
        (props.children ?? <div className="editor-placeholder" aria-busy="true" />)
      )}
    </EditorFrame>
  );
}
