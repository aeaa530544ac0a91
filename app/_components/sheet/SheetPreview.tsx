import type { CSSProperties } from 'react';
import { getLocale, getTranslations } from 'next-intl/server';
import { getServices } from '@/lib/services';
import { SheetModel } from '@/lib/sheet/SheetModel';
import { sheetPreview } from '@/lib/sheet/preview';
import { decodeStoredPreview } from '@/lib/sheet/storedPreview';

/** The grid's inline CSS as a React style object. */
function styleOf(css: string): CSSProperties | undefined {
  if (!css) return undefined;
  const style: Record<string, string> = {};
  for (const decl of css.split(';')) {
    const i = decl.indexOf(':');
    if (i <= 0) continue;
    const prop = decl.slice(0, i).trim();
    style[prop.startsWith('--') ? prop : prop.replace(/-([a-z])/g, (_, ch: string) => ch.toUpperCase())] = decl.slice(i + 1).trim();
  }
  return style as CSSProperties;
}

/**
 * The sheet's first screen, rendered on the server while the browser receives and decodes the
 * whole document (seconds for a large sheet): from the document when it is in memory, otherwise
 * as it was when it last left memory. Never by loading it here: that would hold up the page, and
 * the live connection loads it anyway.
 */
export async function SheetPreview({ docId }: { docId: string }) {
  const locale = await getLocale();
  const t = await getTranslations('sheet');
  const services = getServices();
  const live = services.liveDocs.peek(docId, (doc) => {
    const model = new SheetModel(doc);
    try {
      return sheetPreview(model, locale);
    } finally {
      model.destroy();
    }
  });
  const stored = live === undefined ? await services.store.getDocumentPreview(docId) : null;
  const data = live ?? (stored ? decodeStoredPreview(stored, locale) : null);
  if (!data) return <div className="editor-placeholder" aria-busy="true" />;
  return (
    <section className="sheet-grid-wrap sheet-preview" aria-busy="true" aria-label={t('preview')} data-testid="sheet-preview">
      <table>
        <thead>
          <tr>
            <td />
            {data.columns.map((c) => (
              <th key={c.label} scope="col" style={{ width: c.width, minWidth: c.width, maxWidth: c.width }}>{c.label}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {data.rows.map((r) => (
            <tr key={r.label}>
              <th scope="row">{r.label}</th>
              {r.cells.map((cell, i) => (
                <td key={i} className={cell.pending ? 'pending' : undefined} style={styleOf(cell.css)}>{cell.text}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
