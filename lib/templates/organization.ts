import { z } from 'zod';
import type { Store } from '../store/types';
import type { TemplatePreview } from './types';

/**
 * Organisation templates: documents an administrator saved for everyone to start from. They
 * live in the settings table (JSON), an index under one key and each body under its own, so
 * listing never loads the bodies. Retired templates stay in the index (documents keep pointing
 * at their id) but are no longer offered.
 */
export const ORG_INDEX_KEY = 'templates.organization';
export const orgBodyKey = (id: string) => `templates.organization.${id}`;
export const ORG_ID_PREFIX = 'org-';
/** A saved body is at most this large (JSON text), to keep the settings table small. */
export const MAX_ORG_TEMPLATE_CHARS = 4 * 1024 * 1024;

const textSchema = z.object({ de: z.string(), en: z.string() });

const previewSchema: z.ZodType<TemplatePreview> = z.union([
  z.object({ kind: z.literal('text'), outline: z.array(z.object({ level: z.number(), text: z.string() })) }),
  z.object({ kind: z.literal('sheet'), tabs: z.array(z.object({ name: z.string(), columns: z.array(z.string()), rows: z.number() })) }),
]);

export const orgTemplateEntrySchema = z.object({
  id: z.string().startsWith(ORG_ID_PREFIX),
  version: z.number().int().positive(),
  kind: z.enum(['text', 'sheet']),
  title: textSchema,
  description: textSchema,
  preview: previewSchema,
  sourceDocumentId: z.string(),
  createdBy: z.string(),
  createdAt: z.number(),
  retiredAt: z.number().nullable(),
});
export type OrgTemplateEntry = z.infer<typeof orgTemplateEntrySchema>;

/** A text template keeps ProseMirror JSON; a sheet template the Yjs state of the sheet (base64). */
export const orgTemplateBodySchema = z.union([
  z.object({ kind: z.literal('text'), content: z.record(z.string(), z.unknown()) }),
  z.object({ kind: z.literal('sheet'), state: z.string() }),
]);
export type OrgTemplateBody = z.infer<typeof orgTemplateBodySchema>;

export async function readOrgIndex(store: Pick<Store, 'getSetting'>): Promise<OrgTemplateEntry[]> {
  const raw = await store.getSetting(ORG_INDEX_KEY);
  if (!raw) return [];
  const parsed = z.array(orgTemplateEntrySchema).safeParse(JSON.parse(raw));
  return parsed.success ? parsed.data : [];
}

export async function writeOrgIndex(store: Pick<Store, 'setSetting'>, entries: OrgTemplateEntry[]): Promise<void> {
  await store.setSetting(ORG_INDEX_KEY, JSON.stringify(entries));
}

export async function readOrgBody(store: Pick<Store, 'getSetting'>, id: string): Promise<OrgTemplateBody | null> {
  const raw = await store.getSetting(orgBodyKey(id));
  if (!raw) return null;
  const parsed = orgTemplateBodySchema.safeParse(JSON.parse(raw));
  return parsed.success ? parsed.data : null;
}
