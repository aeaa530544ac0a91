'use client';

import type { ReactNode } from 'react';
import { useTranslations } from 'next-intl';
import type { Collab } from '@/app/_hooks/useCollabProvider';
import type { SaveStatus } from '@/lib/collab/SaveTracker';
import { SaveIndicator } from './SaveIndicator';
import { PresenceList } from './PresenceList';
import { TitleField } from './TitleField';
import { Announcer } from './Announcer';
import { ExportMenu } from './ExportMenu';
import type { DocumentKind } from '@/lib/store/types';
import { OutdatedNotice } from '../OutdatedNotice';

/** What every live document shows around its body: title, save state, people, announcements. */
export function EditorFrame(props: {
  collab: Collab | null;
  status: SaveStatus;
  closedReason: string | null;
  /** The server was upgraded after this page was loaded. */
  outdated: boolean;
  initialTitle: string;
  editable: boolean;
  className?: string;
  /** Offers the document's downloads when given. */
  exportOf?: { docId: string; kind: DocumentKind };
  /** Further links next to the downloads (a sheet's dashboard). */
  links?: ReactNode;
  children: ReactNode;
}) {
  const t = useTranslations('editor');
  const { collab } = props;
  return (
    <main id="main" className={`editor-page ${props.className ?? ''}`}>
      <div className="editor-top">
        <TitleField ydoc={collab?.ydoc ?? null} initialTitle={props.initialTitle} editable={props.editable} />
        <div className="editor-meta">
          <SaveIndicator status={props.status} />
          {props.exportOf && <ExportMenu docId={props.exportOf.docId} kind={props.exportOf.kind} />}
          {props.links}
          {collab && <PresenceList provider={collab.provider} />}
        </div>
      </div>
      {props.outdated && <OutdatedNotice />}
      {props.closedReason && <p role="alert" className="error">{t('closed', { reason: props.closedReason })}</p>}
      {!props.editable && <p className="notice">{t('readOnly')}</p>}
      {collab && <Announcer provider={collab.provider} ydoc={collab.ydoc} />}
      {props.children}
    </main>
  );
}
