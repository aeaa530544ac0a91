import { z } from 'zod';
import * as Y from 'yjs';
import { AppError, forbidden, notFound } from '../errors';
import { newId } from '../ids';
import { documentJSON } from '../richtext/content';
import { SheetModel } from '../sheet/SheetModel';
import { cellText } from '../sheet/input';
import { templatePreview } from '../templates/preview';
import { BUILT_IN_TEMPLATES, builtInTemplate } from '../templates/registry';
import {
  MAX_ORG_TEMPLATE_CHARS,
  ORG_ID_PREFIX,
  orgBodyKey,
  readOrgIndex,
  writeOrgIndex,
  type OrgTemplateBody,
  type OrgTemplateEntry,
} from '../templates/organization';
import type { LocalizedText, TemplatePreview } from '../templates/types';
import type { Principal } from '../auth/principal';
import type { Services } from '../services';
import { authorize } from './service';

type S = Pick<Services, 'store' | 'liveDocs'>;

export interface TemplateSummary {
  id: string;
  kind: 'text' | 'sheet';
  version: number;
  title: LocalizedText;
  description: LocalizedText;
  preview: TemplatePreview;
  /** Built into Werkraum, or saved by an administrator of this installation. */
  source: 'builtin' | 'organization';
}

/** Built-in templates first (gallery order), then the organisation's in the order they were saved. */
export async function listTemplates(s: Pick<S, 'store'>): Promise<TemplateSummary[]> {
  const builtIn = BUILT_IN_TEMPLATES.map((t) => ({
    id: t.id,
    kind: t.kind,
    version: t.version,
    title: t.title,
    description: t.description,
    preview: templatePreview(t),
    source: 'builtin' as const,
  }));
  const org = (await readOrgIndex(s.store))
    .filter((e) => e.retiredAt === null)
    .map((e) => ({ id: e.id, kind: e.kind, version: e.version, title: e.title, description: e.description, preview: e.preview, source: 'organization' as const }));
  return [...builtIn, ...org];
}

export const saveTemplateSchema = z.object({
  documentId: z.string().min(1).max(64),
  title: z.string().trim().min(1).max(200),
  description: z.string().trim().max(1000).default(''),
});

/** The organisation has one language for its own templates; both fields carry it. */
const both = (text: string): LocalizedText => ({ de: text, en: text });

function requireAdmin(p: Principal): void {
  if (!p.user.isAdmin) throw forbidden('Administrators only');
}

/** Reads what a document holds now, as a template body and its preview. */
function snapshot(ydoc: Y.Doc, kind: 'text' | 'sheet'): { body: OrgTemplateBody; preview: TemplatePreview } {
  if (kind === 'text') {
    const content = documentJSON(ydoc);
    return { body: { kind: 'text', content }, preview: templatePreview({ id: '', version: 1, kind: 'text', title: both(''), description: both(''), content }) };
  }
  // A copy without the cell comments: they are conversations about the source, not content.
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(ydoc));
  const model = new SheetModel(copy);
  try {
    model.transact(() => {
      for (const id of model.sheetIds()) for (const c of model.getComments(id)) model.setComment(id, c.row, c.col, null);
    });
    const tabs = model.sheetList().map((sheet) => ({
      name: sheet.name,
      columns: Array.from({ length: model.colCount(sheet.id) }, (_, c) => model.getValue(sheet.id, 0, c))
        .map((v) => (typeof v === 'string' ? cellText(v) : v === null ? '' : String(v)))
        .filter((t) => t !== '' && !t.startsWith('=')),
      rows: Math.max(0, model.rowCount(sheet.id) - 1),
    }));
    return { body: { kind: 'sheet', state: Buffer.from(Y.encodeStateAsUpdate(copy)).toString('base64') }, preview: { kind: 'sheet', tabs } };
  } finally {
    model.destroy();
    copy.destroy();
  }
}

export async function saveAsTemplate(s: S, p: Principal, input: z.infer<typeof saveTemplateSchema>): Promise<TemplateSummary> {
  requireAdmin(p);
  const { doc } = await authorize(s, p, input.documentId, 'read');
  const { body, preview } = await s.liveDocs.read(doc.id, (ydoc) => snapshot(ydoc, doc.kind));
  const text = JSON.stringify(body);
  if (text.length > MAX_ORG_TEMPLATE_CHARS) throw new AppError(413, 'too_large', 'The document is too large for a template');
  const entry: OrgTemplateEntry = {
    id: `${ORG_ID_PREFIX}${newId()}`,
    version: 1,
    kind: doc.kind,
    title: both(input.title),
    description: both(input.description),
    preview,
    sourceDocumentId: doc.id,
    createdBy: p.user.id,
    createdAt: Date.now(),
    retiredAt: null,
  };
  // The body first: an index entry never points at a missing body.
  await s.store.setSetting(orgBodyKey(entry.id), text);
  await writeOrgIndex(s.store, [...(await readOrgIndex(s.store)), entry]);
  await s.store.audit({ actor: p.user.id, action: 'template.create', documentId: doc.id, detail: { templateId: entry.id, title: input.title } });
  return { id: entry.id, kind: entry.kind, version: entry.version, title: entry.title, description: entry.description, preview, source: 'organization' };
}

/** Retired templates are no longer offered; documents made from them are not touched. */
export async function retireTemplate(s: Pick<S, 'store'>, p: Principal, id: string): Promise<void> {
  requireAdmin(p);
  if (builtInTemplate(id)) throw new AppError(400, 'builtin_template', 'Built-in templates cannot be retired');
  const entries = await readOrgIndex(s.store);
  const entry = entries.find((e) => e.id === id && e.retiredAt === null);
  if (!entry) throw notFound('Template');
  entry.retiredAt = Date.now();
  await writeOrgIndex(s.store, entries);
  await s.store.audit({ actor: p.user.id, action: 'template.retire', detail: { templateId: id } });
}
