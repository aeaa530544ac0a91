import type { JSONContent } from '@tiptap/core';
import { normalizeDoc } from './schemaDoc';

/** Plain text: blank lines separate paragraphs, single line breaks stay breaks within one. */
export function textToDoc(text: string): JSONContent {
  const paragraphs = text.replace(/\r\n?/g, '\n').split(/\n[ \t]*\n+/);
  return normalizeDoc({
    type: 'doc',
    content: paragraphs
      .filter((p) => p.trim())
      .map((p) => ({ type: 'paragraph', content: p.split('\n').flatMap((line, i) => [...(i ? [{ type: 'hardBreak' }] : []), ...(line ? [{ type: 'text', text: line }] : [])]) })),
  });
}
