'use client';

import { useEffect, useState } from 'react';
import { EditorContent, useEditor } from '@tiptap/react';
import { useTranslations } from 'next-intl';
import { richTextExtensions } from '@/lib/richtext/extensions';
import { useTaskLabel } from '../useTaskLabel';
import { api } from '@/app/_components/apiClient';
import { versionsPath, type VersionWithContent } from './types';

/** One version's body, rendered by the editor's own schema but not editable. */
export function VersionContent({ docId, versionId }: { docId: string; versionId: string }) {
  const t = useTranslations('history');
  const [version, setVersion] = useState<VersionWithContent | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    setError(null);
    api<VersionWithContent>(`${versionsPath(docId)}/${encodeURIComponent(versionId)}`).then(
      (v) => live && setVersion(v),
      (err: Error) => live && setError(err.message),
    );
    return () => {
      live = false;
    };
  }, [docId, versionId]);
  if (error) return <p role="alert" className="error">{t('error', { message: error })}</p>;
  if (!version || version.id !== versionId) return <p aria-busy="true">{t('loading')}</p>;
  return <ReadOnlyBody key={version.id} version={version} />;
}

function ReadOnlyBody({ version }: { version: VersionWithContent }) {
  const t = useTranslations('history');
  const taskLabel = useTaskLabel();
  const editor = useEditor({
    immediatelyRender: false,
    editable: false,
    extensions: richTextExtensions({ taskLabel }),
    content: version.content ?? { type: 'doc', content: [] },
    editorProps: { attributes: { 'aria-label': t('versionBody'), 'aria-readonly': 'true', role: 'document', class: 'prose', 'data-testid': 'version-content' } },
  });
  return <EditorContent editor={editor} className="version-body" />;
}
