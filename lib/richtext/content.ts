import type * as Y from 'yjs';
import { yXmlFragmentToProsemirrorJSON } from '@tiptap/y-tiptap';
import { getSchema, type JSONContent } from '@tiptap/core';
import { Node as PMNode } from '@tiptap/pm/model';
import { renderToHTMLString } from '@tiptap/static-renderer';
import { CONTENT_FIELD, META_MAP, richTextExtensions } from './extensions';

export function documentJSON(doc: Y.Doc): JSONContent {
  return yXmlFragmentToProsemirrorJSON(doc.getXmlFragment(CONTENT_FIELD)) as JSONContent;
}

export function documentTitle(doc: Y.Doc): string | undefined {
  const t = doc.getMap(META_MAP).get('title');
  return typeof t === 'string' ? t : undefined;
}

/** Plain text: blocks separated by blank lines, like a reader would copy it. */
export function documentText(doc: Y.Doc): string {
  const schema = getSchema(richTextExtensions());
  const node = PMNode.fromJSON(schema, documentJSON(doc));
  // Leaves read as a line break, unless their node says otherwise (live figures).
  return node.textBetween(0, node.content.size, '\n\n', (leaf) => leaf.type.spec.leafText?.(leaf) ?? '\n').trim();
}

/** HTML from the schema alone (no DOM); attributes are escaped by the renderer. */
export function documentHTML(doc: Y.Doc): string {
  return renderToHTMLString({ content: documentJSON(doc), extensions: richTextExtensions() });
}
