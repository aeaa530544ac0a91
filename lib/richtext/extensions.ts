import type { Extensions } from '@tiptap/core';
import { StarterKit } from '@tiptap/starter-kit';
import { Highlight } from '@tiptap/extension-highlight';
import { TextAlign } from '@tiptap/extension-text-align';
import { TaskItem, TaskList } from '@tiptap/extension-list';
import { TableKit } from '@tiptap/extension-table';
import { Image } from '@tiptap/extension-image';
import { Guidance } from './guidance';
import { SheetFigure } from './sheetFigure';

/** Name of the Y.XmlFragment that holds a text document's body. */
export const CONTENT_FIELD = 'content';
/** Name of the Y.Map with title and schema facts. */
export const META_MAP = 'meta';
export const RICHTEXT_SCHEMA_VERSION = 1;

const SAFE_PROTOCOLS = ['http', 'https', 'mailto', 'tel'];

/**
 * The document schema, used by the editor AND the server (content API, exports), so the
 * server renders exactly what the editor writes. Collaboration extensions are added by the editor.
 */
export interface RichTextOptions {
  /** What screen readers hear for a task's checkbox (the editor's language); Tiptap's is English. */
  taskLabel?: (text: string) => string;
}

export function richTextExtensions(opts: RichTextOptions = {}): Extensions {
  return [
    StarterKit.configure({
      // Yjs brings per-user undo through the Collaboration extension.
      undoRedo: false,
      heading: { levels: [1, 2, 3, 4] },
      link: {
        openOnClick: false,
        autolink: true,
        protocols: SAFE_PROTOCOLS,
        defaultProtocol: 'https',
        isAllowedUri: (url) => isSafeUrl(url),
      },
    }),
    Highlight.configure({ multicolor: false }),
    TextAlign.configure({ types: ['heading', 'paragraph'] }),
    TaskList,
    TaskItem.configure({
      nested: true,
      ...(opts.taskLabel ? { a11y: { checkboxLabel: (node: { textContent: string }) => opts.taskLabel!(node.textContent) } } : {}),
    }),
    TableKit.configure({ table: { resizable: false } }),
    // Images live inside the document as data URLs: no request ever leaves for another server.
    Image.extend({
      addAttributes() {
        return {
          ...this.parent?.(),
          src: { default: null, parseHTML: (el) => safeImageSrc(el.getAttribute('src')) },
          alt: { default: null },
        };
      },
    }).configure({ allowBase64: true, inline: false }),
    Guidance,
    SheetFigure,
  ];
}

export const MAX_IMAGE_BYTES = 1024 * 1024;
const IMAGE_DATA_URL = /^data:image\/(png|jpeg|gif|webp);base64,[A-Za-z0-9+/=]+$/;

export function safeImageSrc(src: string | null): string | null {
  return src && IMAGE_DATA_URL.test(src) ? src : null;
}

/** Only web, mail and phone links; `javascript:` and friends never make it into a document. */
export function isSafeUrl(url: string): boolean {
  const trimmed = url.trim();
  if (/^[a-z][a-z0-9+.-]*:/i.test(trimmed)) {
    const scheme = trimmed.slice(0, trimmed.indexOf(':')).toLowerCase();
    return SAFE_PROTOCOLS.includes(scheme);
  }
  return true;
}
