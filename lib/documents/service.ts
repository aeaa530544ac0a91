import { z } from 'zod';
import { can, type DocumentAction } from '../access/roles';
import { AppError, badRequest, forbidden, notFound } from '../errors';
import { newId } from '../ids';
import type * as Y from 'yjs';
import type { JSONContent } from '@tiptap/core';
import { prosemirrorJSONToYXmlFragment } from '@tiptap/y-tiptap';
import { CONTENT_FIELD, META_MAP, RICHTEXT_SCHEMA_VERSION } from '../richtext/extensions';
import { documentJSON, documentTitle } from '../richtext/content';
import { exportDocument, type ExportedFile } from '../convert/exportDocument';
import { REPLACE_FORMAT_NAMES, titleFromFileName, type ExportFormat, type ReplaceFormat } from '../convert/formats';
import { importFile } from '../convert/importFile';
import { richTextSchema } from '../convert/schemaDoc';
import type { Config } from '../config';
import { CloseCode } from '../collab/protocol';
import { SheetModel } from '../sheet/SheetModel';
import { resolveTemplate } from '../templates/resolve';
import type { Principal } from '../auth/principal';
import type { Services } from '../services';
import type { AclEntry, DocumentKind, DocumentRecord, DocumentRole } from '../store/types';
import { resolveFiguresForExport } from './figureExport';

export const titleSchema = z.string().trim().min(1).max(200);
export const createDocumentSchema = z.object({
  title: titleSchema.optional(),
  kind: z.enum(['text', 'sheet']).optional(),
  /** A template id (`GET /api/v1/templates`); the kind follows from it. */
  template: z.string().min(1).max(64).optional(),
});

const UNTITLED = 'Unbenanntes Dokument';

const roleSchema = z.enum(['owner', 'editor', 'commenter', 'viewer']);
export const aclBodySchema = z.object({
  entries: z
    .array(
      z.discriminatedUnion('principal', [
        z.object({ principal: z.literal('user'), id: z.string().min(1), role: roleSchema }),
        z.object({ principal: z.literal('group'), id: z.string().min(1), role: roleSchema }),
        // Everyone may read, comment or edit; ownership is given to named people and groups only.
        z.object({ principal: z.literal('everyone'), id: z.string().optional(), role: z.enum(['editor', 'commenter', 'viewer']) }),
      ]),
    )
    .max(500),
});

type S = Pick<Services, 'store' | 'liveDocs'>;

export async function createDocument(s: S, p: Principal, input: { title?: string; kind?: DocumentKind; template?: string }): Promise<DocumentRecord> {
  const template = input.template !== undefined ? await resolveTemplate(s.store, input.template) : null;
  if (template && input.kind !== undefined && input.kind !== template.kind) throw badRequest(`Template ${template.id} makes a ${template.kind} document`);
  const kind = template?.kind ?? input.kind ?? 'text';
  const title = input.title ?? template?.title.de ?? UNTITLED;
  const doc = await s.store.createDocument({ id: newId(), kind, title, ownerId: p.user.id, templateId: template?.id ?? null });
  // Sheet templates may give rows to departments (row ownership).
  const groups = template?.kind === 'sheet' ? await s.store.listGroups() : [];
  // The first sheet (or the template's content) is created here, once, so two clients never
  // each add one to an empty document.
  await s.liveDocs.change(doc.id, p.user.id, (ydoc) => {
    if (template) {
      template.apply(ydoc, doc.title, { groups });
    } else if (kind === 'sheet') {
      const model = new SheetModel(ydoc);
      model.initialize({ title: doc.title, name: 'Tabelle1', rows: 100, cols: 26 });
      model.destroy();
    } else {
      const meta = ydoc.getMap(META_MAP);
      meta.set('title', doc.title);
      meta.set('schemaVersion', RICHTEXT_SCHEMA_VERSION);
    }
  });
  await s.store.audit({
    actor: p.user.id,
    action: 'document.create',
    documentId: doc.id,
    detail: { title: doc.title, kind: doc.kind, ...(template ? { template: template.id, templateVersion: template.version } : {}) },
  });
  return doc;
}

/** Loads a document the principal may act on, or throws 404/403 (404 when it may not even read). */
export async function authorize(
  s: S,
  p: Principal,
  docId: string,
  action: DocumentAction,
  opts: { allowTrashed?: boolean } = {},
): Promise<{ doc: DocumentRecord; role: DocumentRole }> {
  const doc = await s.store.getDocument(docId);
  const role = doc ? await s.store.getRole(docId, p.user.id) : null;
  if (!doc || !role || (doc.deletedAt !== null && !opts.allowTrashed)) throw notFound('Document');
  if (!can(role, action)) throw forbidden();
  return { doc, role };
}

export async function renameDocument(s: S, p: Principal, docId: string, title: string): Promise<DocumentRecord> {
  await authorize(s, p, docId, 'edit');
  // The live Y.Doc's meta.title is the source of truth; the registry mirrors it into the table.
  await s.liveDocs.change(docId, p.user.id, (doc) => doc.getMap(META_MAP).set('title', title));
  return (await s.store.updateDocument(docId, { title }))!;
}

export async function trashDocument(s: S, p: Principal, docId: string): Promise<void> {
  await authorize(s, p, docId, 'delete');
  await s.store.updateDocument(docId, { deletedAt: Date.now() });
  s.liveDocs.closeDocument(docId, CloseCode.DocumentDeleted, 'document moved to trash');
  await s.store.audit({ actor: p.user.id, action: 'document.delete', documentId: docId });
}

export async function restoreDocument(s: S, p: Principal, docId: string): Promise<DocumentRecord> {
  await authorize(s, p, docId, 'delete', { allowTrashed: true });
  const doc = await s.store.updateDocument(docId, { deletedAt: null });
  await s.store.audit({ actor: p.user.id, action: 'document.restore', documentId: docId });
  return doc!;
}

/** The document body in one of the export formats, rendered from the live state. */
export async function exportContent(s: S, p: Principal, docId: string, format: ExportFormat): Promise<ExportedFile> {
  const { doc } = await authorize(s, p, docId, 'read');
  if (doc.kind !== 'text') throw new AppError(400, 'unsupported_kind', 'Only text documents have text content');
  const { json, title } = await s.liveDocs.read(docId, (ydoc) => ({ json: documentJSON(ydoc), title: documentTitle(ydoc) ?? doc.title }));
  return exportDocument(await resolveFiguresForExport(s, p, json), format, title);
}

export const replaceFormatSchema = z.enum(REPLACE_FORMAT_NAMES);

/**
 * Replaces the body with content given as HTML, Markdown or text, as one collaborative change:
 * open editors receive it at once, and their own later edits merge on top.
 */
export async function replaceContent(s: S & { config: Pick<Config, 'maxImportBytes'> }, p: Principal, docId: string, format: ReplaceFormat, source: string): Promise<void> {
  const { doc } = await authorize(s, p, docId, 'edit');
  if (doc.kind !== 'text') throw new AppError(400, 'unsupported_kind', 'Only text documents have text content');
  const bytes = new TextEncoder().encode(source);
  const { doc: json } = importFile({ bytes, filename: `content.${format === 'markdown' ? 'md' : format === 'text' ? 'txt' : 'html'}`, maxBytes: s.config.maxImportBytes });
  await s.liveDocs.change(docId, p.user.id, (ydoc) => writeBody(ydoc, json));
}

/**
 * Creates a new text document from an uploaded file. The file is parsed first, so a bad file
 * creates nothing; should storing the content fail afterwards, the new document goes to the
 * trash and its connections are closed (the store has no hard delete).
 */
export async function importDocument(
  s: S & { config: Pick<Config, 'maxImportBytes'> },
  p: Principal,
  file: { bytes: Uint8Array; filename: string; contentType?: string; title?: string },
): Promise<DocumentRecord> {
  const { doc: json, format } = importFile({ ...file, maxBytes: s.config.maxImportBytes });
  const title = titleSchema.parse(file.title?.trim() ? file.title : titleFromFileName(file.filename));
  const doc = await s.store.createDocument({ id: newId(), kind: 'text', title, ownerId: p.user.id });
  try {
    await s.liveDocs.change(doc.id, p.user.id, (ydoc) => {
      const meta = ydoc.getMap(META_MAP);
      meta.set('title', doc.title);
      meta.set('schemaVersion', RICHTEXT_SCHEMA_VERSION);
      writeBody(ydoc, json);
    });
  } catch (err) {
    await s.store.updateDocument(doc.id, { deletedAt: Date.now() }).catch(() => undefined);
    s.liveDocs.closeDocument(doc.id, CloseCode.DocumentDeleted, 'import failed');
    throw err;
  }
  await s.store.audit({ actor: p.user.id, action: 'document.import', documentId: doc.id, detail: { title: doc.title, format } });
  return doc;
}

/** Makes the body equal to `json` (ProseMirror JSON of our schema) inside the caller's transaction. */
function writeBody(ydoc: Y.Doc, json: JSONContent): void {
  prosemirrorJSONToYXmlFragment(richTextSchema(), json, ydoc.getXmlFragment(CONTENT_FIELD));
}

export interface AclViewEntry {
  principal: AclEntry['principal'];
  id?: string;
  role: DocumentRole;
  /** Display name of the user or group. */
  name?: string;
  email?: string;
}

export interface AclView {
  entries: AclViewEntry[];
}

export async function getAcl(s: S, p: Principal, docId: string): Promise<AclView> {
  const { doc } = await authorize(s, p, docId, 'read');
  const owner = await s.store.getUserById(doc.ownerId);
  const entries: AclViewEntry[] = owner ? [{ principal: 'user', id: owner.id, role: 'owner', email: owner.email, name: owner.name }] : [];
  for (const e of await s.store.getAcl(docId)) {
    if (e.principal === 'everyone') {
      entries.push({ principal: 'everyone', role: e.role });
    } else if (e.principal === 'group') {
      const g = await s.store.getGroup(e.principalId);
      if (g) entries.push({ principal: 'group', id: g.id, role: e.role, name: g.name });
    } else {
      const u = await s.store.getUserById(e.principalId);
      if (u) entries.push({ principal: 'user', id: u.id, role: e.role, email: u.email, name: u.name });
    }
  }
  return { entries };
}

/** Replaces the document's grants; the owner of the document always keeps access. */
export async function setAcl(s: S, p: Principal, docId: string, body: z.infer<typeof aclBodySchema>): Promise<AclView> {
  const { doc } = await authorize(s, p, docId, 'share');
  const entries: AclEntry[] = [];
  for (const e of body.entries) {
    if (e.principal === 'everyone') {
      entries.push({ principal: 'everyone', principalId: '', role: e.role });
      continue;
    }
    if (e.principal === 'user' && e.id === doc.ownerId) continue;
    if (e.principal === 'user') {
      const u = await s.store.getUserById(e.id);
      if (!u || u.deletedAt !== null) throw new AppError(400, 'unknown_user', `Unknown user: ${e.id}`);
    } else if (!(await s.store.getGroup(e.id))) {
      throw new AppError(400, 'unknown_group', `Unknown group: ${e.id}`);
    }
    entries.push({ principal: e.principal, principalId: e.id, role: e.role });
  }
  const unique = [...new Map(entries.map((e) => [`${e.principal}:${e.principalId}`, e])).values()];
  const before = await s.store.getAcl(docId);
  await s.store.setAcl(docId, unique);
  await s.store.audit({
    actor: p.user.id,
    action: 'document.share',
    documentId: docId,
    detail: {
      before: before.map((e) => ({ principal: e.principal, id: e.principalId || undefined, role: e.role })),
      entries: unique.map((e) => ({ principal: e.principal, id: e.principalId || undefined, role: e.role })),
    },
  });
  await s.liveDocs.refreshAccess(docId);
  return getAcl(s, p, docId);
}

export function documentJson(d: DocumentRecord & { role?: DocumentRole; ownerName?: string; lastEditorName?: string | null }) {
  return {
    id: d.id,
    kind: d.kind,
    title: d.title,
    ownerId: d.ownerId,
    createdAt: new Date(d.createdAt).toISOString(),
    updatedAt: new Date(d.updatedAt).toISOString(),
    lastEditorId: d.lastEditorId,
    templateId: d.templateId,
    deletedAt: d.deletedAt === null ? null : new Date(d.deletedAt).toISOString(),
    ...(d.role ? { role: d.role } : {}),
    ...(d.ownerName ? { ownerName: d.ownerName } : {}),
    ...(d.lastEditorName !== undefined ? { lastEditorName: d.lastEditorName } : {}),
  };
}
