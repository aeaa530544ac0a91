import * as Y from 'yjs';
import type { JSONContent } from '@tiptap/core';
import { notFound } from '../errors';
import { META_MAP, RICHTEXT_SCHEMA_VERSION } from '../richtext/extensions';
import type { Store } from '../store/types';
import { instantiateTemplate, writeRichText } from './instantiate';
import { ORG_ID_PREFIX, readOrgBody, readOrgIndex } from './organization';
import { builtInTemplate } from './registry';
import type { LocalizedText, TemplateContext } from './types';

/** A template ready to fill a new document, whichever kind of store it came from. */
export interface ResolvedTemplate {
  id: string;
  version: number;
  kind: 'text' | 'sheet';
  title: LocalizedText;
  /** Runs inside the creating transaction. */
  apply(ydoc: Y.Doc, title: string, ctx?: TemplateContext): void;
}

/** A built-in template, or an organisation template that is not retired; 404 otherwise. */
export async function resolveTemplate(store: Pick<Store, 'getSetting'>, id: string): Promise<ResolvedTemplate> {
  const builtIn = builtInTemplate(id);
  if (builtIn) return { ...builtIn, apply: (ydoc, title, ctx) => instantiateTemplate(ydoc, builtIn, title, ctx) };
  if (!id.startsWith(ORG_ID_PREFIX)) throw notFound('Template');
  const entry = (await readOrgIndex(store)).find((e) => e.id === id && e.retiredAt === null);
  const body = entry ? await readOrgBody(store, id) : null;
  if (!entry || !body || body.kind !== entry.kind) throw notFound('Template');
  return {
    id: entry.id,
    version: entry.version,
    kind: entry.kind,
    title: entry.title,
    apply(ydoc, title) {
      const meta = ydoc.getMap(META_MAP);
      if (body.kind === 'text') {
        meta.set('schemaVersion', RICHTEXT_SCHEMA_VERSION);
        writeRichText(ydoc, body.content as JSONContent);
      } else {
        Y.applyUpdate(ydoc, Buffer.from(body.state, 'base64'));
      }
      meta.set('title', title);
      meta.set('templateId', entry.id);
      meta.set('templateVersion', entry.version);
    },
  };
}
