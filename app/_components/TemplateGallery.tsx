'use client';

import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useLocale, useTranslations } from 'next-intl';
import { api } from './apiClient';
import { documentPath } from './paths';

type Localized = { de: string; en: string };
type Preview = { kind: 'text'; outline: Array<{ level: number; text: string }> } | { kind: 'sheet'; tabs: Array<{ name: string; columns: string[]; rows: number }> };

export interface TemplateInfo {
  id: string;
  kind: 'text' | 'sheet';
  title: Localized;
  description: Localized;
  preview: Preview;
  source: 'builtin' | 'organization';
}

/** A choice in the gallery: the two blank kinds, then the templates. */
type Choice = { key: string; kind: 'text' | 'sheet'; template?: TemplateInfo };

const MAX_OUTLINE = 10;
const MAX_COLUMNS = 12;

function PreviewBox({ preview }: { preview: Preview }) {
  const t = useTranslations('templates');
  if (preview.kind === 'text') {
    const items = preview.outline.filter((o) => o.level <= 2);
    return (
      <div className="template-preview" aria-label={t('previewLabel')} role="group">
        <ul className="template-outline">
          {items.slice(0, MAX_OUTLINE).map((o, i) => (
            <li key={i} className={`outline-${o.level}`}>{o.text}</li>
          ))}
          {items.length > MAX_OUTLINE && <li className="muted">{t('more', { count: items.length - MAX_OUTLINE })}</li>}
        </ul>
      </div>
    );
  }
  return (
    <div className="template-preview" aria-label={t('previewLabel')} role="group">
      {preview.tabs.map((tab) => (
        <div key={tab.name}>
          <p className="template-tab">{t('tab', { name: tab.name, rows: tab.rows, columns: tab.columns.length })}</p>
          <ul className="template-columns">
            {tab.columns.slice(0, MAX_COLUMNS).map((c, i) => <li key={i}>{c}</li>)}
            {tab.columns.length > MAX_COLUMNS && <li className="muted">{t('more', { count: tab.columns.length - MAX_COLUMNS })}</li>}
          </ul>
        </div>
      ))}
    </div>
  );
}

/** "New": pick a blank document or sheet, or a template, give it a title, create it. */
export function TemplateGallery({ isAdmin, onClose }: { isAdmin: boolean; onClose: () => void }) {
  const t = useTranslations('templates');
  const tc = useTranslations('common');
  const th = useTranslations('home');
  const locale = useLocale() === 'en' ? 'en' : 'de';
  const ref = useRef<HTMLDialogElement>(null);
  const [templates, setTemplates] = useState<TemplateInfo[] | null>(null);
  const [selected, setSelected] = useState('blank-text');
  const [error, setError] = useState('');
  const [status, setStatus] = useState('');
  const [busy, setBusy] = useState(false);

  const load = () => api<{ templates: TemplateInfo[] }>('/api/v1/templates').then((d) => setTemplates(d.templates), (e) => setError((e as Error).message));

  useEffect(() => {
    ref.current?.showModal();
    void load();
  }, []);

  const choices: Choice[] = [
    { key: 'blank-text', kind: 'text' },
    { key: 'blank-sheet', kind: 'sheet' },
    ...(templates ?? []).map((tpl) => ({ key: tpl.id, kind: tpl.kind, template: tpl })),
  ];
  const chosen = choices.find((c) => c.key === selected) ?? choices[0];
  const titleOf = (c: Choice) => (c.template ? c.template.title[locale] : c.kind === 'text' ? t('blankText') : t('blankSheet'));

  async function create(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const title = String(new FormData(e.currentTarget).get('title') ?? '').trim();
    setBusy(true);
    try {
      const body = chosen.template ? { template: chosen.template.id, title: title || chosen.template.title[locale] } : { kind: chosen.kind, ...(title ? { title } : {}) };
      const doc = await api<{ id: string; kind: 'text' | 'sheet' }>('/api/v1/documents', { method: 'POST', body });
      window.location.assign(documentPath(doc.kind, doc.id));
    } catch (err) {
      setError((err as Error).message);
      setBusy(false);
    }
  }

  async function retire(tpl: TemplateInfo) {
    try {
      await api(`/api/v1/templates/${tpl.id}`, { method: 'DELETE' });
      if (selected === tpl.id) setSelected('blank-text');
      await load();
      setStatus(t('retired', { title: tpl.title[locale] }));
    } catch (err) {
      setError((err as Error).message);
    }
  }

  return (
    <dialog ref={ref} className="dialog gallery" aria-labelledby="gallery-title" onClose={onClose}>
      <h2 id="gallery-title">{t('title')}</h2>
      <form onSubmit={create} className="stack">
        <fieldset className="gallery-choices">
          <legend>{t('choose')}</legend>
          {templates === null && !error && <p>{tc('loading')}</p>}
          <ul className="template-grid">
            {choices.map((c) => {
              const id = `tpl-${c.key}`;
              return (
                <li key={c.key} className={`template-card${selected === c.key ? ' selected' : ''}`}>
                  <input type="radio" name="template" id={id} value={c.key} checked={selected === c.key}
                    onChange={() => setSelected(c.key)} aria-describedby={`${id}-desc`} />
                  <label htmlFor={id}>
                    <strong>{titleOf(c)}</strong>{' '}
                    <span className="template-kind">{c.kind === 'text' ? t('kindText') : t('kindSheet')}</span>
                    {c.template?.source === 'organization' && <span className="template-kind">{t('organization')}</span>}
                  </label>
                  <p id={`${id}-desc`} className="template-description">
                    {c.template ? c.template.description[locale] : c.kind === 'text' ? t('blankTextDescription') : t('blankSheetDescription')}
                  </p>
                  {c.template && <PreviewBox preview={c.template.preview} />}
                  {isAdmin && c.template?.source === 'organization' && (
                    <button type="button" className="button small danger" onClick={() => retire(c.template!)}
                      aria-label={t('retireLabel', { title: c.template.title[locale] })}>{t('retire')}</button>
                  )}
                </li>
              );
            })}
          </ul>
        </fieldset>
        {/* Stays in view while the choices scroll, so the choice and "create" are never apart. */}
        <div className="gallery-footer">
          <label className="field grow">
            <span>{t('titleLabel')}</span>
            <input name="title" maxLength={200} placeholder={chosen.template ? chosen.template.title[locale] : th('newTitlePlaceholder')} />
          </label>
          <div className="dialog-actions">
            <button type="button" className="button secondary" onClick={() => ref.current?.close()}>{tc('cancel')}</button>
            <button type="submit" className="button" disabled={busy}>{t('create')}</button>
          </div>
          {error && <p role="alert" className="error">{error}</p>}
          <p role="status" className="status-line">{status}</p>
        </div>
      </form>
    </dialog>
  );
}
