import type { JSONContent } from '@tiptap/core';
import { renderToHTMLString } from '@tiptap/static-renderer';
import { richTextExtensions } from '../richtext/extensions';
import { normalizeDoc } from './schemaDoc';

/**
 * HTML of the document body. The JSON is normalised first: a Y.Doc can hold whatever any client
 * wrote, and only the schema's elements and attributes, safe links and data-URL images may leave.
 */
export function docToHtml(doc: JSONContent): string {
  return renderToHTMLString({ content: normalizeDoc(doc), extensions: richTextExtensions() });
}
