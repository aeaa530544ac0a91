'use client';

import { useEffect, useMemo, useRef, useState } from 'react';
import { useLocale } from 'next-intl';
import type * as Y from 'yjs';
import { SheetModel } from '@/lib/sheet/SheetModel';
import { SheetEngine } from '@/lib/sheet/SheetEngine';
import { createUndoManager } from '@/lib/sheet/undo';
import type { DocumentRole } from '@/lib/store/types';
import { canEdit } from '@/lib/access/roles';
import { useCollabProvider } from '@/app/_hooks/useCollabProvider';
import type { EditorUser } from '../editor/CollabEditor';
import { EditorFrame } from '../editor/EditorFrame';
import { SheetTabs } from './SheetTabs';
import { SheetToolbar } from './SheetToolbar';
import { SheetGrid, type GridApi } from './SheetGrid';

interface Sheet {
  model: SheetModel;
  engine: SheetEngine;
  undo: Y.UndoManager;
}

export function SheetEditor(props: { docId: string; initialTitle: string; role: DocumentRole; user: EditorUser; licenseKey: string }) {
  const locale = useLocale();
  const { collab, status, closedReason } = useCollabProvider(props.docId);
  const editable = canEdit(props.role);
  const [synced, setSynced] = useState(false);
  const [sheetId, setSheetId] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  const gridApi = useRef<GridApi | null>(null);

  useEffect(() => {
    if (!collab) return;
    collab.provider.awareness.setLocalStateField('user', { name: props.user.name, color: props.user.color, id: props.user.id });
    const onSync = (s: boolean) => s && setSynced(true);
    if (collab.provider.synced) setSynced(true);
    collab.provider.on('sync', onSync);
    return () => collab.provider.off('sync', onSync);
  }, [collab, props.user]);

  // The model and engine exist once the document has its content (first sync or IndexedDB).
  const sheet = useMemo<Sheet | null>(() => {
    if (!collab || !synced) return null;
    const model = new SheetModel(collab.ydoc);
    return { model, engine: new SheetEngine(model), undo: createUndoManager(model) };
  }, [collab, synced]);

  useEffect(() => {
    if (!sheet) return;
    const off = sheet.model.onChange((c) => {
      if (c.sheetList) setVersion((v) => v + 1);
    });
    return () => {
      off();
      sheet.undo.destroy();
      sheet.engine.destroy();
      sheet.model.destroy();
    };
  }, [sheet]);

  const sheets = useMemo(() => (sheet ? sheet.model.sheetList() : []), [sheet, version]);
  const current = sheetId && sheets.some((s) => s.id === sheetId) ? sheetId : (sheets[0]?.id ?? null);

  return (
    <EditorFrame collab={collab} status={status} closedReason={closedReason} initialTitle={props.initialTitle} editable={editable} className="sheet-page">
      {sheet && current ? (
        <>
          {editable && <SheetToolbar model={sheet.model} sheetId={current} undo={sheet.undo} grid={gridApi} userName={props.user.name} />}
          <SheetGrid
            key={`${props.docId}`}
            model={sheet.model}
            engine={sheet.engine}
            sheetId={current}
            locale={locale}
            licenseKey={props.licenseKey}
            readOnly={!editable}
            awareness={collab!.provider.awareness}
            undo={sheet.undo}
            apiRef={gridApi}
          />
          <SheetTabs model={sheet.model} sheets={sheets} current={current} onSelect={setSheetId} editable={editable} />
        </>
      ) : (
        <div className="editor-placeholder" aria-busy="true" />
      )}
    </EditorFrame>
  );
}
