import type { JSONContent } from '@tiptap/core';

/**
 * Shorthands for writing template content as ProseMirror JSON. They only spell out nodes; the
 * result is plain data, checked against the editor's schema by the template tests.
 */

type Inline = string | JSONContent;

const inline = (parts: Inline[]): JSONContent[] => parts.filter((p) => p !== '').map((p) => (typeof p === 'string' ? { type: 'text', text: p } : p));

export const doc = (...content: JSONContent[]): JSONContent => ({ type: 'doc', content });

export const h = (level: 1 | 2 | 3 | 4, text: string): JSONContent => ({ type: 'heading', attrs: { level }, content: inline([text]) });

export const p = (...parts: Inline[]): JSONContent => (parts.length ? { type: 'paragraph', content: inline(parts) } : { type: 'paragraph' });

export const bold = (text: string): JSONContent => ({ type: 'text', text, marks: [{ type: 'bold' }] });

export const mark = (text: string): JSONContent => ({ type: 'text', text, marks: [{ type: 'highlight' }] });

/** A guidance note: what belongs here; removed with "Hinweise entfernen". */
export const guide = (...paragraphs: Array<string | JSONContent>): JSONContent => ({
  type: 'guidance',
  content: paragraphs.map((x) => (typeof x === 'string' ? p(x) : x)),
});

export const bullets = (...items: Array<Inline | Inline[]>): JSONContent => ({
  type: 'bulletList',
  content: items.map((i) => ({ type: 'listItem', content: [p(...(Array.isArray(i) ? i : [i]))] })),
});

export const numbered = (...items: string[]): JSONContent => ({
  type: 'orderedList',
  attrs: { start: 1 },
  content: items.map((i) => ({ type: 'listItem', content: [p(i)] })),
});

export const tasks = (...items: string[]): JSONContent => ({
  type: 'taskList',
  content: items.map((i) => ({ type: 'taskItem', attrs: { checked: false }, content: [p(i)] })),
});

/** Ampel status to tick: grün = im Plan, gelb = verzögert/Risiko, rot = gefährdet/Eskalation. */
export const ampel = (): JSONContent => tasks('grün – im Plan', 'gelb – verzögert/Risiko', 'rot – gefährdet/Eskalation');

type CellContent = string | JSONContent | JSONContent[];

const cell = (type: 'tableCell' | 'tableHeader', c: CellContent): JSONContent => ({
  type,
  attrs: { colspan: 1, rowspan: 1, colwidth: null },
  content: typeof c === 'string' ? [c ? p(c) : p()] : Array.isArray(c) ? c : [c],
});

/** A table whose first row is the header row. */
export const table = (header: string[], ...rows: CellContent[][]): JSONContent => ({
  type: 'table',
  content: [
    { type: 'tableRow', content: header.map((x) => cell('tableHeader', x)) },
    ...rows.map((r) => ({ type: 'tableRow', content: r.map((x) => cell('tableCell', x)) })),
  ],
});

/** A two-column form: a header cell per line on the left, the value to fill in on the right. */
export const form = (...lines: Array<[string, CellContent]>): JSONContent => ({
  type: 'table',
  content: lines.map(([label, value]) => ({ type: 'tableRow', content: [cell('tableHeader', label), cell('tableCell', value)] })),
});

/** The participation marker each strategy section carries. */
export const participation = (): JSONContent => p(mark('Kommentar/Beteiligung:'), ' Anmerkungen bitte als Kommentar an diesem Abschnitt.');
