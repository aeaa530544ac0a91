'use client';

import type { MutableRefObject } from 'react';
import { useTranslations } from 'next-intl';
import type * as Y from 'yjs';
import type { SheetModel } from '@/lib/sheet/SheetModel';
import { COLUMN_TYPES, type CellStyle, type ColumnType } from '@/lib/sheet/types';
import type { GridApi } from './SheetGrid';

const NUMBER_FORMATS = ['', '0', '#,##0.00', '0%', '0.00%', '#,##0.00 €'];

/** Formatting and structure actions on the current selection; each is one shared, undoable edit. */
export function SheetToolbar({ model, sheetId, undo, grid, userName }: { model: SheetModel; sheetId: string; undo: Y.UndoManager; grid: MutableRefObject<GridApi | null>; userName: string }) {
  const t = useTranslations('sheet');
  const range = () => grid.current?.selectedRange() ?? null;

  const styleRange = (patch: (old: CellStyle) => CellStyle) => {
    const r = range();
    if (!r) return;
    model.transact(() => {
      for (let row = r.row; row <= r.row2; row++) for (let col = r.col; col <= r.col2; col++) {
        model.setStyle(sheetId, row, col, patch(model.getStyle(sheetId, row, col) ?? {}));
      }
    });
    grid.current?.focus();
  };
  const toggle = (key: 'bold' | 'italic' | 'underline' | 'strike') => {
    const r = range();
    if (!r) return;
    const on = !model.getStyle(sheetId, r.row, r.col)?.[key];
    styleRange((s) => ({ ...s, [key]: on }));
  };

  const setColumnType = (type: ColumnType | '') => {
    const r = range();
    if (!r) return;
    let options: string[] | undefined;
    if (type === 'select') {
      const answer = window.prompt(t('optionsPrompt'), (model.getColumnMeta(sheetId, r.col).options ?? []).join('; '));
      if (answer === null) return;
      options = answer.split(';').map((o) => o.trim()).filter(Boolean);
    }
    model.transact(() => {
      for (let col = r.col; col <= r.col2; col++) {
        const meta = { ...model.getColumnMeta(sheetId, col) };
        if (type) meta.type = type;
        else delete meta.type;
        if (options) meta.options = options;
        model.setColumnMeta(sheetId, col, meta);
      }
    });
  };

  const comment = () => {
    const r = range();
    if (!r) return;
    const old = model.getComment(sheetId, r.row, r.col);
    const text = window.prompt(t('commentPrompt'), old?.text ?? '');
    if (text === null) return;
    model.setComment(sheetId, r.row, r.col, text.trim() ? { text: text.trim(), author: userName, at: Date.now() } : null);
  };

  const btn = (key: string, label: string, icon: string, onClick: () => void, shortcut?: string) => (
    <button key={key} type="button" className="tool" aria-label={label} title={label} aria-keyshortcuts={shortcut} onMouseDown={(e) => e.preventDefault()} onClick={onClick}>
      <span aria-hidden="true">{icon}</span>
    </button>
  );

  return (
    <div role="toolbar" aria-label={t('toolbar')} className="toolbar sheet-toolbar">
      <div className="toolbar-group" role="group">
        {btn('undo', t('undo'), '↶', () => undo.undo(), 'Control+Z')}
        {btn('redo', t('redo'), '↷', () => undo.redo(), 'Control+Y')}
      </div>
      <div className="toolbar-group" role="group">
        {btn('bold', t('bold'), 'B', () => toggle('bold'))}
        {btn('italic', t('italic'), 'I', () => toggle('italic'))}
        {btn('underline', t('underline'), 'U', () => toggle('underline'))}
        {btn('strike', t('strike'), 'S', () => toggle('strike'))}
      </div>
      {/* Small groups, so a narrow window wraps the toolbar between them instead of cutting it off. */}
      <div className="toolbar-group" role="group">
        {btn('left', t('alignLeft'), '⇤', () => styleRange((s) => ({ ...s, align: 'left' })))}
        {btn('center', t('alignCenter'), '↔', () => styleRange((s) => ({ ...s, align: 'center' })))}
        {btn('right', t('alignRight'), '⇥', () => styleRange((s) => ({ ...s, align: 'right' })))}
      </div>
      <div className="toolbar-group" role="group">
        <label className="color-field" title={t('textColor')}>
          <span className="visually-hidden">{t('textColor')}</span>
          <input type="color" defaultValue="#000000" onChange={(e) => styleRange((s) => ({ ...s, color: e.target.value }))} />
        </label>
        <label className="color-field" title={t('background')}>
          <span className="visually-hidden">{t('background')}</span>
          <input type="color" defaultValue="#ffffff" onChange={(e) => styleRange((s) => ({ ...s, background: e.target.value }))} />
        </label>
      </div>
      <div className="toolbar-group" role="group">
        <select aria-label={t('numberFormat')} defaultValue="" onChange={(e) => styleRange((s) => {
          const next = { ...s };
          if (e.target.value) next.numberFormat = e.target.value;
          else delete next.numberFormat;
          return next;
        })}>
          {NUMBER_FORMATS.map((f) => <option key={f} value={f}>{f ? t(`format.${formatKey(f)}`) : t('format.standard')}</option>)}
        </select>
      </div>
      <div className="toolbar-group" role="group">
        <select aria-label={t('columnType')} defaultValue="" onChange={(e) => setColumnType(e.target.value as ColumnType | '')}>
          <option value="">{t('type.auto')}</option>
          {COLUMN_TYPES.map((c) => <option key={c} value={c}>{t(`type.${c}`)}</option>)}
        </select>
        {btn('freeze', t('freeze'), '❄', () => {
          const r = range();
          if (r) model.setFrozen(sheetId, { rows: r.row, cols: r.col });
        })}
        {btn('unfreeze', t('unfreeze'), '⌧', () => model.setFrozen(sheetId, { rows: 0, cols: 0 }))}
        {btn('comment', t('comment'), '✎', comment)}
      </div>
    </div>
  );
}

function formatKey(f: string): string {
  return { '0': 'integer', '#,##0.00': 'decimal', '0%': 'percent', '0.00%': 'percent2', '#,##0.00 €': 'euro' }[f] ?? 'standard';
}
