import { z } from 'zod';
import * as Y from 'yjs';
import type { JSONContent } from '@tiptap/core';
import { prosemirrorJSONToYXmlFragment } from '@tiptap/y-tiptap';
import { AppError, notFound } from '../errors';
import type { Principal } from '../auth/principal';
import type { Services } from '../services';
import type { DocumentRecord, VersionData, VersionRecord } from '../store/types';
import { CONTENT_FIELD } from '../richtext/extensions';
import { documentJSON, documentTitle } from '../richtext/content';
import { richTextSchema } from '../convert/schemaDoc';
import { exportDocument, type ExportedFile } from '../convert/exportDocument';
import type { ExportFormat } from '../convert/formats';
import type { SheetExport } from '../convert/sheet/exportFile';
import type { SheetFormat } from '../convert/sheet/formats';
import { userColor } from '../collab/userColor';
import { decodeAttribution } from '../versions/attribution';
import { compareStates, type DiffBlock } from '../versions/compare';
import { authorize } from './service';
import { resolveFiguresForExport } from './figureExport';
import { exportSheetDoc, type SheetExportOptions } from './sheetService';

type S = Pick<Services, 'store' | 'liveDocs' | 'versions'>;

export const versionNameSchema = z.string().trim().min(1).max(200);
export const createVersionSchema = z.object({ name: versionNameSchema.nullish() });
export const renameVersionSchema = z.object({ name: versionNameSchema.nullable() });

export interface PersonView {
  id: string;
  name: string;
  color: string;
}

export interface VersionView {
  id: string;
  name: string | null;
  auto: boolean;
  createdAt: string;
  createdBy: PersonView | null;
  authors: PersonView[];
}

/** Names and colours of users, looked up once per request. */
function people(s: S): (id: string | null) => Promise<PersonView | null> {
  const cache = new Map<string, Promise<PersonView | null>>();
  return (id) => {
    if (id === null) return Promise.resolve(null);
    let found = cache.get(id);
    if (!found) {
      found = s.store.getUserById(id).then((u) => ({ id, name: u?.name ?? '?', color: userColor(id) }));
      cache.set(id, found);
    }
    return found;
  };
}

async function viewOf(v: VersionRecord, person: ReturnType<typeof people>): Promise<VersionView> {
  const authors = (await Promise.all(v.authors.map(person))).filter((a): a is PersonView => a !== null);
  return { id: v.id, name: v.name, auto: v.auto, createdAt: new Date(v.createdAt).toISOString(), createdBy: await person(v.createdBy), authors };
}

/** The document's versions, newest first. */
export async function listVersions(s: S, p: Principal, docId: string): Promise<{ versions: VersionView[] }> {
  await authorize(s, p, docId, 'read');
  const person = people(s);
  const versions = await s.store.listVersions(docId);
  return { versions: await Promise.all(versions.reverse().map((v) => viewOf(v, person))) };
}

/** Takes a version of the live document now, named or not. */
export async function createVersion(s: S, p: Principal, docId: string, name: string | null): Promise<VersionView> {
  await authorize(s, p, docId, 'edit');
  const v = await s.versions.take(docId, { name, userId: p.user.id });
  await s.store.audit({ actor: p.user.id, action: 'document.version', documentId: docId, detail: { versionId: v.id, name } });
  return viewOf(v, people(s));
}

export async function renameVersion(s: S, p: Principal, docId: string, versionId: string, name: string | null): Promise<VersionView> {
  await authorize(s, p, docId, 'edit');
  const v = await s.store.renameVersion(docId, versionId, name);
  if (!v) throw notFound('Version');
  return viewOf(v, people(s));
}

async function loadVersion(s: S, docId: string, versionId: string): Promise<VersionData> {
  const v = await s.store.getVersion(docId, versionId);
  if (!v) throw notFound('Version');
  return v;
}

function withState<T>(state: Uint8Array, fn: (ydoc: Y.Doc) => T): T {
  const ydoc = new Y.Doc();
  try {
    Y.applyUpdate(ydoc, state);
    return fn(ydoc);
  } finally {
    ydoc.destroy();
  }
}

function requireText(doc: DocumentRecord): void {
  if (doc.kind !== 'text') throw new AppError(400, 'unsupported_kind', 'Only text documents have text content');
}

/** A version with its body as ProseMirror JSON, for the read-only view and the timeslider. */
export async function getVersion(s: S, p: Principal, docId: string, versionId: string): Promise<VersionView & { content: JSONContent | null }> {
  const { doc } = await authorize(s, p, docId, 'read');
  const v = await loadVersion(s, docId, versionId);
  const content = doc.kind === 'text' ? withState(v.state, (ydoc) => documentJSON(ydoc)) : null;
  return { ...(await viewOf(v, people(s))), content };
}

export async function exportVersion(s: S, p: Principal, docId: string, versionId: string, format: ExportFormat): Promise<ExportedFile> {
  const { doc } = await authorize(s, p, docId, 'read');
  requireText(doc);
  const v = await loadVersion(s, docId, versionId);
  const { json, title } = withState(v.state, (ydoc) => ({ json: documentJSON(ydoc), title: documentTitle(ydoc) ?? doc.title }));
  return exportDocument(await resolveFiguresForExport(s, p, json), format, title);
}

export async function exportSheetVersion(s: S, p: Principal, docId: string, versionId: string, format: SheetFormat, opts: SheetExportOptions): Promise<SheetExport> {
  const { doc } = await authorize(s, p, docId, 'read');
  if (doc.kind !== 'sheet') throw new AppError(400, 'unsupported_kind', 'Only spreadsheets export as CSV, XLSX or ODS');
  const v = await loadVersion(s, docId, versionId);
  return withState(v.state, (ydoc) => exportSheetDoc(ydoc, doc.title, format, opts));
}

export interface VersionComparison {
  from: VersionView | null;
  to: VersionView;
  blocks: DiffBlock[];
  /** Everyone who inserted or deleted something between the two, for the legend. */
  authors: PersonView[];
}

/**
 * What changed from one version to a later one, and by whom. `from` null compares with the
 * empty document; the two are put in order, so either may be given first.
 */
export async function compareVersions(s: S, p: Principal, docId: string, fromId: string | null, toId: string): Promise<VersionComparison> {
  const { doc } = await authorize(s, p, docId, 'read');
  requireText(doc);
  let older = fromId ? await loadVersion(s, docId, fromId) : null;
  let newer = await loadVersion(s, docId, toId);
  if (older && older.createdAt > newer.createdAt) [older, newer] = [newer, older];
  const blocks = compareStates(older?.state ?? null, newer.state, decodeAttribution(newer.attribution));
  const person = people(s);
  const ids = new Set<string>();
  for (const b of blocks) {
    if (b.userId) ids.add(b.userId);
    for (const span of b.spans) if (span.userId) ids.add(span.userId);
  }
  const authors = (await Promise.all([...ids].map(person))).filter((a): a is PersonView => a !== null);
  return { from: older ? await viewOf(older, person) : null, to: await viewOf(newer, person), blocks, authors };
}

/**
 * Makes the body equal to the version's as one new change by the restoring user. Stored
 * history is never rewritten, and the change is a diff against the live body: paragraphs
 * the version shares with it stay, so text typed into them meanwhile is kept.
 */
export async function restoreVersion(s: S, p: Principal, docId: string, versionId: string): Promise<void> {
  const { doc } = await authorize(s, p, docId, 'edit');
  requireText(doc);
  const v = await loadVersion(s, docId, versionId);
  const json = withState(v.state, (ydoc) => documentJSON(ydoc));
  await s.liveDocs.change(docId, p.user.id, (ydoc) => {
    prosemirrorJSONToYXmlFragment(richTextSchema(), json, ydoc.getXmlFragment(CONTENT_FIELD));
  });
  await s.store.audit({ actor: p.user.id, action: 'document.version.restore', documentId: docId, detail: { versionId } });
}

export interface AuthorshipView {
  /** Yjs client id → [clock, userId] marks: from that clock on, the client's text is by that user. */
  marks: Record<string, Array<[number, string | null]>>;
  people: PersonView[];
}

/** Who wrote which part of the live document, for colouring it in the editor. */
export async function getAuthorship(s: S, p: Principal, docId: string): Promise<AuthorshipView> {
  await authorize(s, p, docId, 'read');
  const marks = await s.versions.authorship(docId);
  const ids = new Set<string>();
  for (const list of marks.values()) for (const [, userId] of list) if (userId) ids.add(userId);
  const person = people(s);
  const found = (await Promise.all([...ids].map(person))).filter((x): x is PersonView => x !== null);
  return { marks: Object.fromEntries([...marks].map(([client, list]) => [String(client), list])), people: found };
}
