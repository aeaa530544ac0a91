'use client';

import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslations } from 'next-intl';
import type { SheetFigureAttrs } from '@/lib/richtext/sheetFigure';
import { api, type DocumentSummary } from '../../apiClient';

/** Picks a sheet the user can read and a cell, range or named figure of it. */
export function SheetFigureDialog(props: { initial?: SheetFigureAttrs; onClose: () => void; onSubmit: (attrs: SheetFigureAttrs, fillOpen: boolean) => void }) {
  const t = useTranslations('sheetFigure');
  const tc = useTranslations('common');
  const ref = useRef<HTMLDialogElement>(null);
  const [sheets, setSheets] = useState<DocumentSummary[] | null>(null);
  useEffect(() => ref.current?.showModal(), []);
  useEffect(() => {
    api<{ documents: DocumentSummary[] }>('/api/v1/documents').then(
      (r) => setSheets(r.documents.filter((d) => d.kind === 'sheet')),
      () => setSheets([]),
    );
  }, []);

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const d = new FormData(e.currentTarget);
    const docId = String(d.get('docId') ?? '');
    const figureRef = String(d.get('ref') ?? '').trim();
    if (!docId || !figureRef) return;
    props.onSubmit({ docId, ref: figureRef, label: String(d.get('label') ?? '').trim() }, d.get('fillOpen') === 'on');
    ref.current?.close();
  }

  return (
    <dialog ref={ref} className="dialog" aria-labelledby="figure-dialog-title" onClose={props.onClose}>
      <h2 id="figure-dialog-title">{t('title')}</h2>
      <form onSubmit={onSubmit} className="stack">
        <label className="field">
          <span>{t('sheet')}</span>
          <select name="docId" required defaultValue={props.initial?.docId ?? ''} key={sheets ? 'loaded' : 'loading'}>
            <option value="" disabled>{sheets ? t('pickSheet') : t('loading')}</option>
            {sheets?.map((s) => <option key={s.id} value={s.id}>{s.title}</option>)}
          </select>
        </label>
        <label className="field">
          <span>{t('ref')}</span>
          <input name="ref" required maxLength={200} defaultValue={props.initial?.ref ?? ''} aria-describedby="figure-ref-hint" />
        </label>
        <p id="figure-ref-hint" className="hint">{t('refHint')}</p>
        <label className="field">
          <span>{t('label')}</span>
          <input name="label" maxLength={200} defaultValue={props.initial?.label ?? ''} />
        </label>
        {props.initial && !props.initial.docId && (
          <label className="checkbox"><input type="checkbox" name="fillOpen" defaultChecked /> {t('fillOpen')}</label>
        )}
        <div className="dialog-actions">
          <button type="button" className="button secondary" onClick={() => ref.current?.close()}>{tc('cancel')}</button>
          <button type="submit" className="button">{t('apply')}</button>
        </div>
      </form>
    </dialog>
  );
}
