'use client';

import { useCallback, useEffect, useState, type FormEvent } from 'react';
import Link from 'next/link';
import { useFormatter, useNow, useTranslations } from 'next-intl';
import { api, type DocumentSummary } from './apiClient';
import { ShareDialog } from './ShareDialog';
import { SaveTemplateDialog } from './SaveTemplateDialog';
import { TemplateGallery } from './TemplateGallery';
import { documentPath } from './paths';
import { ImportButton } from './ImportButton';

export function DocumentList({ userId, isAdmin = false }: { userId: string; isAdmin?: boolean }) {
  const t = useTranslations('home');
  const tt = useTranslations('templates');
  const tr = useTranslations('roles');
  const tc = useTranslations('common');
  const format = useFormatter();
  const now = useNow({ updateInterval: 30_000 });
  const [docs, setDocs] = useState<DocumentSummary[] | null>(null);
  const [query, setQuery] = useState('');
  const [trash, setTrash] = useState(false);
  const [message, setMessage] = useState('');
  const [error, setError] = useState('');
  const [sharing, setSharing] = useState<DocumentSummary | null>(null);
  const [renaming, setRenaming] = useState<string | null>(null);
  const [gallery, setGallery] = useState(false);
  const [templateOf, setTemplateOf] = useState<DocumentSummary | null>(null);

  const load = useCallback(async () => {
    const params = new URLSearchParams();
    if (trash) params.set('trash', '1');
    if (query.trim()) params.set('q', query.trim());
    try {
      const data = await api<{ documents: DocumentSummary[] }>(`/api/v1/documents?${params}`);
      setDocs(data.documents);
      setError('');
    } catch (e) {
      setError((e as Error).message || tc('error'));
    }
  }, [trash, query, tc]);

  useEffect(() => {
    const timer = setTimeout(() => void load(), 150);
    return () => clearTimeout(timer);
  }, [load]);

  async function create(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const title = String(new FormData(e.currentTarget).get('title') ?? '').trim();
    const submitter = (e.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
    const kind = submitter?.value === 'sheet' ? 'sheet' : 'text';
    try {
      const doc = await api<{ id: string }>('/api/v1/documents', { method: 'POST', body: { kind, ...(title ? { title } : {}) } });
      window.location.assign(documentPath(kind, doc.id));
    } catch (err) {
      setError((err as Error).message);
    }
  }

  async function act(fn: () => Promise<unknown>, done: string) {
    try {
      await fn();
      setMessage(done);
      setError('');
      await load();
    } catch (err) {
      setError((err as Error).message);
    }
  }

  async function rename(doc: DocumentSummary, e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const title = String(new FormData(e.currentTarget).get('title') ?? '').trim();
    setRenaming(null);
    if (title && title !== doc.title) await act(() => api(`/api/v1/documents/${doc.id}`, { method: 'PATCH', body: { title } }), '');
  }

  const emptyText = trash ? t('emptyTrash') : query ? t('emptySearch') : t('empty');

  return (
    <section aria-labelledby="doc-heading" className="stack">
      <div className="toolbar-row">
        <h1 id="doc-heading">{trash ? t('trashTitle') : t('title')}</h1>
        <button type="button" className="button secondary" onClick={() => { setTrash(!trash); setMessage(''); }}>
          {trash ? t('showDocuments') : t('showTrash')}
        </button>
      </div>
      {!trash && (
        <form onSubmit={create} className="inline-form">
          <label className="field grow">
            <span>{t('newTitleLabel')}</span>
            <input name="title" placeholder={t('newTitlePlaceholder')} maxLength={200} />
          </label>
          <button type="submit" className="button" name="kind" value="text">{t('create')}</button>
          <button type="submit" className="button secondary" name="kind" value="sheet">{t('createSheet')}</button>
          <button type="button" className="button secondary" onClick={() => setGallery(true)} aria-haspopup="dialog">{tt('open')}</button>
          <ImportButton onError={setError} />
        </form>
      )}
      <label className="field">
        <span>{t('search')}</span>
        <input type="search" value={query} onChange={(e) => setQuery(e.target.value)} />
      </label>
      <p role="status" className="status-line">{message}</p>
      {error && <p role="alert" className="error">{error}</p>}
      {docs === null ? (
        <p>{tc('loading')}</p>
      ) : docs.length === 0 ? (
        <p>{emptyText}</p>
      ) : (
        <table className="doc-table">
          <thead>
            <tr>
              <th scope="col">{t('colTitle')}</th>
              <th scope="col">{t('colEdited')}</th>
              <th scope="col">{t('colOwner')}</th>
              <th scope="col">{t('colRole')}</th>
              <th scope="col">{t('colActions')}</th>
            </tr>
          </thead>
          <tbody>
            {docs.map((doc) => (
              <tr key={doc.id}>
                <td>
                  {renaming === doc.id ? (
                    <form onSubmit={(e) => rename(doc, e)} className="inline-form">
                      <label className="visually-hidden" htmlFor={`rename-${doc.id}`}>{t('renameLabel', { title: doc.title })}</label>
                      <input id={`rename-${doc.id}`} name="title" defaultValue={doc.title} autoFocus maxLength={200}
                        onKeyDown={(e) => { if (e.key === 'Escape') setRenaming(null); }} />
                      <button type="submit" className="button small">{tc('save')}</button>
                    </form>
                  ) : trash ? (
                    doc.title
                  ) : (
                    <Link href={documentPath(doc.kind, doc.id)}>{doc.title}</Link>
                  )}
                </td>
                <td>
                  <time dateTime={doc.updatedAt} title={format.dateTime(new Date(doc.updatedAt), { dateStyle: 'medium', timeStyle: 'short' })}>
                    {doc.lastEditorName
                      ? t('editedBy', { when: format.relativeTime(new Date(doc.updatedAt), now), name: doc.lastEditorName })
                      : format.relativeTime(new Date(doc.updatedAt), now)}
                  </time>
                </td>
                <td>{doc.ownerName}</td>
                <td>{doc.role ? tr(doc.role) : ''}</td>
                <td className="actions">
                  {trash ? (
                    doc.role === 'owner' && (
                      <button type="button" className="button small secondary"
                        onClick={() => act(() => api(`/api/v1/documents/${doc.id}/restore`, { method: 'POST' }), t('restored', { title: doc.title }))}>
                        {t('restore')}
                      </button>
                    )
                  ) : (
                    <>
                      {(doc.role === 'owner' || doc.role === 'editor') && (
                        <button type="button" className="button small secondary" onClick={() => setRenaming(doc.id)}
                          aria-label={`${t('rename')}: ${doc.title}`}>{t('rename')}</button>
                      )}
                      {isAdmin && (
                        <button type="button" className="button small secondary" onClick={() => setTemplateOf(doc)}
                          aria-label={tt('saveAsLabel', { title: doc.title })}>{tt('saveAs')}</button>
                      )}
                      {doc.role === 'owner' && (
                        <>
                          <button type="button" className="button small secondary" onClick={() => setSharing(doc)}
                            aria-label={`${t('share')}: ${doc.title}`}>{t('share')}</button>
                          <button type="button" className="button small danger"
                            aria-label={`${t('trash')}: ${doc.title}`}
                            onClick={() => act(() => api(`/api/v1/documents/${doc.id}`, { method: 'DELETE' }), t('trashed', { title: doc.title }))}>
                            {t('trash')}
                          </button>
                        </>
                      )}
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {sharing && <ShareDialog doc={sharing} selfId={userId} onClose={() => setSharing(null)} />}
      {gallery && <TemplateGallery isAdmin={isAdmin} onClose={() => setGallery(false)} />}
      {templateOf && (
        <SaveTemplateDialog doc={templateOf} onClose={() => setTemplateOf(null)} onSaved={(title) => setMessage(tt('saved', { title }))} />
      )}
    </section>
  );
}
