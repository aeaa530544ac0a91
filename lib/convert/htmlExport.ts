import type { JSONContent } from '@tiptap/core';
import { renderToHTMLString } from '@tiptap/static-renderer';
import { richTextExtensions } from '../richtext/extensions';
import { escapeXml } from './markup';
import { normalizeDoc } from './schemaDoc';

/**
 * HTML of the document body. The JSON is normalised first: a Y.Doc can hold whatever any client
 * wrote, and only the schema's elements and attributes, safe links and data-URL images may leave.
 */
export function docToHtml(doc: JSONContent): string {
  return renderToHTMLString({ content: normalizeDoc(doc), extensions: richTextExtensions() });
}

/**
 * A whole HTML page around the document body, for the download: a fragment opened from disk
 * has no declared encoding, and browsers may show umlauts garbled.
 */
export function docToHtmlPage(doc: JSONContent, title: string): string {
  return `<!DOCTYPE html>\n<html lang="de">\n<head>\n<meta charset="utf-8">\n<title>${escapeXml(title)}</title>\n</head>\n<body>\n${docToHtml(doc)}\n</body>\n</html>\n`;
}
