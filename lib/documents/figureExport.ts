import type { JSONContent } from '@tiptap/core';
import { AppError } from '../errors';
import type { Principal } from '../auth/principal';
import type { Services } from '../services';
import { SheetEngine } from '../sheet/SheetEngine';
import { SheetModel } from '../sheet/SheetModel';
import { resolveFigure } from '../dashboard/liveFigure';
import { SHEET_FIGURE_NODE, type ResolvedFigure } from '../richtext/sheetFigure';
import { authorize } from './service';

type S = Pick<Services, 'store' | 'liveDocs'>;

function figures(json: JSONContent, out: JSONContent[] = []): JSONContent[] {
  if (json.type === SHEET_FIGURE_NODE) out.push(json);
  for (const c of json.content ?? []) figures(c, out);
  return out;
}

async function readable(s: S, p: Principal, docId: string): Promise<boolean> {
  try {
    const { doc } = await authorize(s, p, docId, 'read');
    return doc.kind === 'sheet';
  } catch (err) {
    if (err instanceof AppError && err.status < 500) return false;
    throw err;
  }
}

/**
 * A copy of the body with each live figure's value as the exporting user may see it now; the
 * converters write it in place of the live block (a placeholder where the user lacks access).
 */
export async function resolveFiguresForExport(s: S, p: Principal, json: JSONContent): Promise<JSONContent> {
  const copy = structuredClone(json);
  const byDoc = new Map<string, JSONContent[]>();
  for (const f of figures(copy)) {
    const docId = f.attrs?.docId;
    if (typeof docId === 'string' && docId) byDoc.set(docId, [...(byDoc.get(docId) ?? []), f]);
  }
  for (const [docId, nodes] of byDoc) {
    if (!(await readable(s, p, docId))) continue;
    const values = await s.liveDocs.read(docId, (ydoc) => {
      const model = new SheetModel(ydoc);
      const engine = new SheetEngine(model);
      try {
        return nodes.map((n): ResolvedFigure => resolveFigure(model, engine, String(n.attrs?.ref ?? '')));
      } finally {
        engine.destroy();
        model.destroy();
      }
    });
    nodes.forEach((n, i) => (n.attrs = { ...n.attrs, value: values[i] }));
  }
  return copy;
}
