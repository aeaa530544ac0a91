'use client';

import { useCallback, useEffect, useId, useState } from 'react';
import { useFormatter, useTranslations } from 'next-intl';
import { api } from '@/app/_components/apiClient';
import { versionsPath, type VersionView } from './types';
import { VersionContent } from './VersionContent';
import { VersionDiff } from './VersionDiff';
import { Timeslider } from './Timeslider';

type Shown = { kind: 'view'; id: string } | { kind: 'compare'; from: string | null; to: string } | null;

/**
 * The document's history: named and automatic versions with time and authors, a read-only view
 * of each, a comparison with the version before, restore as a new change, and a timeslider.
 */
export function HistoryPanel({ docId, canEdit }: { docId: string; canEdit: boolean }) {
  const t = useTranslations('history');
  const format = useFormatter();
  const nameId = useId();
  const [open, setOpen] = useState(false);
  const [versions, setVersions] = useState<VersionView[] | null>(null);
  const [shown, setShown] = useState<Shown>(null);
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setVersions((await api<{ versions: VersionView[] }>(versionsPath(docId))).versions);
      setError(null);
    } catch (err) {
      setError((err as Error).message);
    }
  }, [docId]);

  useEffect(() => {
    if (open) void load();
  }, [open, load]);

  const label = (v: VersionView) => v.name ?? t('auto');
  const when = (v: VersionView) => format.dateTime(new Date(v.createdAt), { dateStyle: 'medium', timeStyle: 'medium' });

  const save = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!name.trim()) return;
    setBusy(true);
    try {
      const v = await api<VersionView>(versionsPath(docId), { method: 'POST', body: { name: name.trim() } });
      setName('');
      setMessage(t('saved', { name: label(v) }));
      await load();
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const restore = async (v: VersionView) => {
    if (!window.confirm(t('restoreConfirm', { name: label(v), time: when(v) }))) return;
    setBusy(true);
    try {
      await api(`${versionsPath(docId)}/${encodeURIComponent(v.id)}/restore`, { method: 'POST' });
      setMessage(t('restored', { name: label(v) }));
      setShown(null);
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const onShow = useCallback((id: string) => setShown({ kind: 'view', id }), []);
  const heading = (() => {
    if (!shown || !versions) return null;
    const find = (id: string | null) => versions.find((v) => v.id === id);
    if (shown.kind === 'view') {
      const v = find(shown.id);
      return v ? t('viewing', { name: label(v), time: when(v) }) : null;
    }
    const from = find(shown.from);
    const to = find(shown.to);
    return to ? t('comparing', { from: from ? `${label(from)} (${when(from)})` : t('emptyDocument'), to: `${label(to)} (${when(to)})` }) : null;
  })();

  return (
    <section className="history-panel" aria-labelledby={`${nameId}-title`}>
      <h2 id={`${nameId}-title`} className="history-title">
        <button type="button" className="link-button history-toggle" aria-expanded={open} onClick={() => setOpen(!open)}>
          {t('toggle')}
        </button>
      </h2>
      {open && (
        <div className="history-content">
          {canEdit && (
            <form className="history-save" onSubmit={save}>
              <label htmlFor={nameId}>{t('nameLabel')}</label>
              <input id={nameId} value={name} maxLength={200} onChange={(e) => setName(e.target.value)} placeholder={t('namePlaceholder')} />
              <button type="submit" className="button small" disabled={busy || !name.trim()}>
                {t('saveNamed')}
              </button>
            </form>
          )}
          <p aria-live="polite" className="history-message">{message}</p>
          {error && <p role="alert" className="error">{t('error', { message: error })}</p>}
          {versions && versions.length > 0 && <Timeslider key={versions.length} versions={versions} onShow={onShow} />}
          <div className="history-columns">
            {versions === null ? (
              <p aria-busy="true">{t('loading')}</p>
            ) : versions.length === 0 ? (
              <p>{t('empty')}</p>
            ) : (
              <ol className="history-list" data-testid="version-list">
                {versions.map((v, i) => (
                  <li key={v.id} className={shown && 'id' in shown && shown.id === v.id ? 'current' : undefined}>
                    <div className="history-item-head">
                      <strong>{label(v)}</strong> <time dateTime={v.createdAt}>{when(v)}</time>
                    </div>
                    <div className="history-authors">
                      {v.authors.length === 0 ? (
                        t('noAuthors')
                      ) : (
                        <>
                          <span className="visually-hidden">{t('authors')}</span>
                          {v.authors.map((a) => (
                            <span key={a.id} className="history-author">
                              <span className="diff-swatch" style={{ background: a.color }} aria-hidden="true" />
                              {a.name}
                            </span>
                          ))}
                        </>
                      )}
                    </div>
                    <div className="history-actions">
                      <button type="button" className="link-button" onClick={() => setShown({ kind: 'view', id: v.id })} aria-label={t('viewLabel', { name: label(v), time: when(v) })}>
                        {t('view')}
                      </button>
                      <button type="button" className="link-button" onClick={() => setShown({ kind: 'compare', from: versions[i + 1]?.id ?? null, to: v.id })} aria-label={t('compareLabel', { name: label(v), time: when(v) })}>
                        {t('compare')}
                      </button>
                      {canEdit && (
                        <button type="button" className="link-button" disabled={busy} onClick={() => void restore(v)} aria-label={t('restoreLabel', { name: label(v), time: when(v) })}>
                          {t('restore')}
                        </button>
                      )}
                    </div>
                  </li>
                ))}
              </ol>
            )}
            {shown && (
              <div className="history-viewer" role="region" aria-label={heading ?? t('title')}>
                <div className="history-viewer-head">
                  <h3>{heading}</h3>
                  <button type="button" className="button small secondary" onClick={() => setShown(null)}>
                    {t('close')}
                  </button>
                </div>
                {shown.kind === 'view' ? <VersionContent docId={docId} versionId={shown.id} /> : <VersionDiff docId={docId} from={shown.from} to={shown.to} />}
              </div>
            )}
          </div>
          <button type="button" className="button small secondary" onClick={() => void load()}>
            {t('refresh')}
          </button>
        </div>
      )}
    </section>
  );
}
