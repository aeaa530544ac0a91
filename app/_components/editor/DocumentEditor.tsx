'use client';

import type { DocumentRole } from '@/lib/store/types';
import { can, canEdit } from '@/lib/access/roles';
import { useCollabProvider } from '@/app/_hooks/useCollabProvider';
import { CollabEditor, type EditorUser } from './CollabEditor';
import { EditorFrame } from './EditorFrame';
import { HistoryPanel } from './history/HistoryPanel';

export function DocumentEditor({ docId, initialTitle, role, user }: { docId: string; initialTitle: string; role: DocumentRole; user: EditorUser }) {
  const { collab, status, closedReason, outdated } = useCollabProvider(docId);
  const editable = canEdit(role);
  return (
    <EditorFrame collab={collab} status={status} closedReason={closedReason} outdated={outdated} initialTitle={initialTitle} editable={editable} exportOf={{ docId, kind: 'text' }}>
      {collab ? <CollabEditor key={docId} collab={collab} user={user} editable={editable} docId={docId} canComment={can(role, 'comment')} /> : <div className="editor-placeholder" aria-busy="true" />}
      <HistoryPanel docId={docId} canEdit={editable} />
    </EditorFrame>
  );
}
