import type { JSONContent } from '@tiptap/core';
import { Marked } from 'marked';
import { htmlToDoc } from './htmlImport';

/**
 * Markdown (CommonMark + GitHub tables and task lists) → HTML → the same schema mapping as HTML
 * import. Raw HTML inside Markdown is allowed through to that mapping, which keeps only what our
 * schema knows, so `<script>` or `onerror` in a Markdown file go nowhere.
 */
export function markdownToDoc(markdown: string): JSONContent {
  const html = new Marked({ gfm: true, breaks: false, async: false }).parse(markdown, { async: false });
  return htmlToDoc(html);
}
