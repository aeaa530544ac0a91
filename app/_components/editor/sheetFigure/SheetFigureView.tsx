'use client';

import { useMemo, useState } from 'react';
import { NodeViewWrapper, ReactNodeViewRenderer, type NodeViewProps } from '@tiptap/react';
import { useLocale, useTranslations } from 'next-intl';
import { SheetFigure, type SheetFigureAttrs } from '@/lib/richtext/sheetFigure';
import { resolveFigure } from '@/lib/dashboard/liveFigure';
import { documentPath } from '../../paths';
import { useSheetSource } from './sheetSources';
import { SheetFigureDialog } from './SheetFigureDialog';

function SheetFigureView({ node, editor, updateAttributes }: NodeViewProps) {
  const t = useTranslations('sheetFigure');
  const locale = useLocale();
  const attrs = node.attrs as SheetFigureAttrs;
  const source = useSheetSource(attrs.docId);
  const [editing, setEditing] = useState(false);
  const value = useMemo(
    () => (source?.status === 'ready' ? resolveFigure(source.model, source.engine, attrs.ref, locale) : null),
    // `tick` changes whenever the sheet's values change.
    [source, source?.status === 'ready' ? source.tick : -1, attrs.ref, locale],
  );
  const name = attrs.label || attrs.ref;

  let body;
  if (!attrs.docId) body = <span className="sheet-figure-note">{t('noSource')}</span>;
  else if (!source || source.status === 'loading') body = <span className="sheet-figure-note" aria-busy="true">{t('loading')}</span>;
  else if (source.status === 'denied') body = <span className="sheet-figure-note" data-figure-state="denied">{t('denied')}</span>;
  else if (!value) body = <span className="sheet-figure-note">{t('unresolved', { ref: attrs.ref })}</span>;
  else if ('text' in value) body = <output className="sheet-figure-value" data-figure-value="">{value.text}</output>;
  else
    body = (
      <table className="sheet-figure-table" data-figure-value="">
        <tbody>
          {value.rows.map((r, i) => (
            <tr key={i}>{r.map((c, j) => <td key={j}>{c}</td>)}</tr>
          ))}
        </tbody>
      </table>
    );

  return (
    <NodeViewWrapper className="sheet-figure" data-sheet-figure="" data-ref={attrs.ref} contentEditable={false} role="group" aria-label={t('aria', { name })}>
      {name && <span className="sheet-figure-label">{name}</span>}
      {body}
      <span className="sheet-figure-actions">
        {attrs.docId && source?.status === 'ready' && <a href={documentPath('sheet', attrs.docId)}>{t('openSource')}</a>}
        {editor.isEditable && (
          <button type="button" className="button secondary" onClick={() => setEditing(true)}>{attrs.docId ? t('change') : t('choose')}</button>
        )}
      </span>
      {editing && (
        <SheetFigureDialog
          initial={attrs}
          onClose={() => setEditing(false)}
          onSubmit={(next, everyOpen) => {
            if (everyOpen && !attrs.docId) {
              // A template's figures all come from one sheet: picking it once fills them all.
              const { tr } = editor.state;
              editor.state.doc.descendants((n, pos) => {
                if (n.type.name === SheetFigure.name && !n.attrs.docId) tr.setNodeMarkup(pos, undefined, { ...n.attrs, docId: next.docId });
              });
              editor.view.dispatch(tr);
              updateAttributes({ ref: next.ref, label: next.label });
            } else updateAttributes(next);
          }}
        />
      )}
    </NodeViewWrapper>
  );
}

/** The schema's node with its live view, for the browser editor only. */
export const SheetFigureWithView = SheetFigure.extend({
  addNodeView() {
    return ReactNodeViewRenderer(SheetFigureView);
  },
});
