import { Node } from '@tiptap/core';

export const SHEET_FIGURE_NODE = 'sheetFigure';

export interface SheetFigureAttrs {
  /** The sheet document; null until someone picks it (templates leave it open). */
  docId: string | null;
  /** A cell or range (`B3`, `Auswertung!B6:B10`) or a named figure (a label in column A). */
  ref: string;
  label: string;
}

/**
 * Only exports add this to the JSON, from the exporting user's own access to the sheet: the
 * document never stores sheet data, so a reader without access to the sheet never gets it.
 */
export type ResolvedFigure = { text: string } | { rows: string[][] } | null;

declare module '@tiptap/core' {
  interface Commands<ReturnType> {
    sheetFigure: {
      insertSheetFigure: (attrs: SheetFigureAttrs) => ReturnType;
    };
  }
}

/** What a figure reads as without its value: exports for readers without access, plain text. */
export function figurePlaceholder(attrs: { ref?: unknown; label?: unknown }): string {
  const name = typeof attrs.label === 'string' && attrs.label ? attrs.label : typeof attrs.ref === 'string' ? attrs.ref : '';
  return `${name}: (Kennzahl aus Tabelle)`;
}

const str = (v: unknown) => (typeof v === 'string' ? v : '');

/**
 * "Kennzahl/Tabelle aus Tabelle": a read-only, live view of a cell, a range or a named figure of
 * another sheet document. The document holds only the reference; the editor shows the value
 * from the sheet itself (app/_components/editor/sheetFigure), with the reader's own access.
 */
export const SheetFigure = Node.create({
  name: SHEET_FIGURE_NODE,
  group: 'block',
  atom: true,
  selectable: true,
  addAttributes() {
    return {
      docId: { default: null, parseHTML: (el) => el.getAttribute('data-doc') || null, renderHTML: (a) => (a.docId ? { 'data-doc': a.docId } : {}) },
      ref: { default: '', parseHTML: (el) => el.getAttribute('data-ref') ?? '', renderHTML: (a) => ({ 'data-ref': a.ref }) },
      label: { default: '', parseHTML: (el) => el.getAttribute('data-label') ?? '', renderHTML: (a) => ({ 'data-label': a.label }) },
    };
  },
  parseHTML() {
    return [{ tag: 'div[data-type="sheet-figure"]' }];
  },
  renderHTML({ node, HTMLAttributes }) {
    return ['div', { ...HTMLAttributes, 'data-type': 'sheet-figure', class: 'sheet-figure' }, figurePlaceholder(node.attrs)];
  },
  // Plain text (`textBetween`, the content API) reads the same placeholder.
  extendNodeSchema(extension) {
    return extension.name === SHEET_FIGURE_NODE ? { leafText: (node: { attrs: Record<string, unknown> }) => figurePlaceholder(node.attrs) } : {};
  },
  renderText({ node }) {
    return figurePlaceholder(node.attrs);
  },
  addCommands() {
    return {
      insertSheetFigure:
        (attrs) =>
        ({ commands }) =>
          commands.insertContent({ type: SHEET_FIGURE_NODE, attrs: { docId: attrs.docId, ref: str(attrs.ref).trim(), label: str(attrs.label).trim() } }),
    };
  },
});
