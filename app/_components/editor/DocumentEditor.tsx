'use client';

import { useTranslations } from 'next-intl';
import type { DocumentRole } from '@/lib/store/types';
import { canEdit } from '@/lib/access/roles';
import { useCollabProvider } from '@/app/_hooks/useCollabProvider';
import { CollabEditor, type EditorUser } from './CollabEditor';
import { SaveIndicator } from './SaveIndicator';
import { PresenceList } from './PresenceList';
import { TitleField } from './TitleField';
import { Announcer } from './Announcer';

export function DocumentEditor({ docId, initialTitle, role, user }: { docId: string; initialTitle: string; role: DocumentRole; user: EditorUser }) {
  const t = useTranslations('editor');
  const { collab, status, closedReason } = useCollabProvider(docId);
  const editable = canEdit(role);
  return (
    <main id="main" className="editor-page">
      <div className="editor-top">
        <TitleField ydoc={collab?.ydoc ?? null} initialTitle={initialTitle} editable={editable} />
        <div className="editor-meta">
          <SaveIndicator status={status} />
          {collab && <PresenceList provider={collab.provider} />}
        </div>
      </div>
      {closedReason && <p role="alert" className="error">{t('closed', { reason: closedReason })}</p>}
      {!editable && <p className="notice">{t('readOnly')}</p>}
      {collab && <Announcer provider={collab.provider} ydoc={collab.ydoc} />}
      {collab ? <CollabEditor key={docId} collab={collab} user={user} editable={editable} /> : <div className="editor-placeholder" aria-busy="true" />}
    </main>
  );
}
