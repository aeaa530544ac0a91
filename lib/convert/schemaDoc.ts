import { getSchema, type JSONContent } from '@tiptap/core';
import { Mark, type Node as PMNode, type Schema } from '@tiptap/pm/model';
import { isSafeUrl, richTextExtensions, safeImageSrc } from '../richtext/extensions';
import { figurePlaceholder } from '../richtext/sheetFigure';
import { malformed } from './errors';

let schema: Schema | undefined;

/** The editor's schema, built on first use (nothing is created at import time). */
export function richTextSchema(): Schema {
  schema ??= getSchema(richTextExtensions());
  return schema;
}

const INLINE = new Set(['text', 'hardBreak']);
const ALIGN = new Set(['left', 'center', 'right', 'justify']);
const CELL_ALIGN = new Set(['left', 'center', 'right']);
const LIST_TYPES: Record<string, 'listItem' | 'taskItem'> = { bulletList: 'listItem', orderedList: 'listItem', taskList: 'taskItem' };
const MAX_SPAN = 100;

/**
 * Turns loosely built JSON (from an importer, or from a Y.Doc that any client may have written)
 * into a valid document of our schema: unknown nodes are unwrapped, unknown marks and attributes
 * dropped, unsafe links and image sources removed, stray inline content wrapped in paragraphs,
 * lists and tables repaired. Every importer and exporter goes through here, so nothing outside the
 * schema reaches a file or a document.
 */
export function normalizeDoc(input: JSONContent): JSONContent {
  const s = richTextSchema();
  let content = blocks(s, input.type === 'doc' || !input.type ? (input.content ?? []) : [input]);
  if (content.length === 0) content = [s.nodes.paragraph.create()];
  const doc = s.nodes.doc.create(null, content);
  try {
    doc.check();
  } catch (err) {
    throw malformed(`The content does not fit the document schema: ${(err as Error).message}`);
  }
  return doc.toJSON() as JSONContent;
}

function blocks(s: Schema, items: JSONContent[]): PMNode[] {
  const out: PMNode[] = [];
  let run: JSONContent[] = [];
  const flush = () => {
    const inline = inlines(s, run, []);
    run = [];
    // Whitespace between blocks (HTML source formatting) is not a paragraph of its own.
    if (inline.some((n) => n.type.name !== 'text' || (n.text ?? '').trim() !== '')) out.push(s.nodes.paragraph.create(null, trimInline(s, inline)));
  };
  for (const item of items) {
    if (INLINE.has(item.type ?? '')) run.push(item);
    else {
      flush();
      out.push(...block(s, item));
    }
  }
  flush();
  return out;
}

function block(s: Schema, item: JSONContent): PMNode[] {
  const a = item.attrs ?? {};
  const kids = item.content ?? [];
  switch (item.type) {
    case 'paragraph':
      return textblock(s, 'paragraph', { textAlign: align(a.textAlign) }, kids);
    case 'heading':
      return textblock(s, 'heading', { level: clampInt(a.level, 1, 4, 1), textAlign: align(a.textAlign) }, kids);
    // Files have no guidance notes; a quotation keeps them apart from the text.
    case 'blockquote':
    case 'guidance': {
      const inner = blocks(s, kids);
      return inner.length ? [s.nodes.blockquote.create(null, inner)] : [];
    }
    case 'bulletList':
    case 'orderedList':
    case 'taskList':
      return list(s, item.type, a, kids);
    case 'listItem':
    case 'taskItem':
      // An item outside a list gets a list of its own.
      return list(s, item.type === 'taskItem' ? 'taskList' : 'bulletList', {}, [item]);
    case 'codeBlock': {
      const text = plainText(kids);
      const language = typeof a.language === 'string' && /^[\w+#.-]{1,32}$/.test(a.language) ? a.language : null;
      return [s.nodes.codeBlock.create({ language }, text ? s.text(text) : null)];
    }
    case 'table':
      return table(s, kids);
    case 'image': {
      const src = typeof a.src === 'string' ? safeImageSrc(a.src) : null;
      if (!src) return [];
      return [
        s.nodes.image.create({
          src,
          alt: typeof a.alt === 'string' ? a.alt.slice(0, 1000) : null,
          title: typeof a.title === 'string' ? a.title.slice(0, 1000) : null,
          width: positiveNumber(a.width),
          height: positiveNumber(a.height),
        }),
      ];
    }
    case 'horizontalRule':
      return [s.nodes.horizontalRule.create()];
    case 'sheetFigure':
      return sheetFigure(s, a);
    default:
      // doc, tableRow outside a table, unknown containers: keep what is inside.
      return blocks(s, kids);
  }
}

/**
 * Files have no live figures: the value resolved for the exporting user (`attrs.value`, added
 * by the export, never stored), a range as a table, or a placeholder.
 */
function sheetFigure(s: Schema, a: Record<string, unknown>): PMNode[] {
  const label = typeof a.label === 'string' ? cleanText(a.label) : '';
  const value = a.value as { text?: unknown; rows?: unknown } | null | undefined;
  const para = (text: string) => (text ? [s.nodes.paragraph.create(null, s.text(text))] : []);
  if (value && Array.isArray(value.rows)) {
    const rows = (value.rows as unknown[]).filter(Array.isArray).map((r) => ({
      type: 'tableRow',
      content: (r as unknown[]).map((c) => ({ type: 'tableCell', content: [{ type: 'paragraph', content: c === '' || c == null ? [] : [{ type: 'text', text: String(c) }] }] })),
    }));
    return [...para(label), ...table(s, rows)];
  }
  if (value && typeof value.text === 'string') return para(cleanText(label ? `${label}: ${value.text}` : value.text));
  return para(cleanText(figurePlaceholder(a)));
}

/** A paragraph or heading; blocks nested inside it are lifted out after it. */
function textblock(s: Schema, type: 'paragraph' | 'heading', attrs: Record<string, unknown>, kids: JSONContent[]): PMNode[] {
  const out: PMNode[] = [];
  let run: JSONContent[] = [];
  let emitted = false;
  const flush = (force: boolean) => {
    if (!run.length && !force) return;
    out.push(s.nodes[type].create(attrs, trimInline(s, inlines(s, run, []))));
    run = [];
    emitted = true;
  };
  for (const k of kids) {
    if (INLINE.has(k.type ?? '') || isInlineWrapper(k)) run.push(k);
    else {
      flush(false);
      out.push(...block(s, k));
    }
  }
  flush(!emitted);
  return out;
}

function isInlineWrapper(k: JSONContent): boolean {
  return !k.type && Array.isArray(k.content);
}

function inlines(s: Schema, items: JSONContent[], inherited: readonly Mark[]): PMNode[] {
  const out: PMNode[] = [];
  for (const item of items) {
    if (item.type === 'text') {
      const text = cleanText(typeof item.text === 'string' ? item.text : '');
      if (text) out.push(s.text(text, markSet(s, [...inherited, ...marksOf(s, item.marks)])));
    } else if (item.type === 'hardBreak') {
      out.push(s.nodes.hardBreak.create());
    } else if (item.content) {
      out.push(...inlines(s, item.content, [...inherited, ...marksOf(s, item.marks)]));
    }
  }
  return out;
}

/** Leading and trailing spaces of a block are layout, not content (HTML sources are indented). */
function trimInline(s: Schema, nodes: PMNode[]): PMNode[] {
  const out = [...nodes];
  while (out.length && out[0].isText && out[0].text!.trimStart() === '') out.shift();
  while (out.length && out[out.length - 1].isText && out[out.length - 1].text!.trimEnd() === '') out.pop();
  while (out.length && out[out.length - 1].type.name === 'hardBreak') out.pop();
  if (out.length && out[0].isText) out[0] = s.text(out[0].text!.trimStart(), out[0].marks);
  const last = out.length - 1;
  if (last >= 0 && out[last].isText) out[last] = s.text(out[last].text!.trimEnd(), out[last].marks);
  return out;
}

function marksOf(s: Schema, marks: JSONContent['marks']): Mark[] {
  const out: Mark[] = [];
  for (const m of marks ?? []) {
    const type = s.marks[m.type];
    if (!type) continue;
    if (m.type === 'link') {
      const href = typeof m.attrs?.href === 'string' ? m.attrs.href.trim() : '';
      if (!href || !isSafeUrl(href)) continue;
      out.push(type.create({ href, title: typeof m.attrs?.title === 'string' ? m.attrs.title : null }));
    } else {
      out.push(type.create());
    }
  }
  return out;
}

/** Adds marks one by one so the schema's exclusions apply (inline code excludes all others). */
function markSet(_s: Schema, marks: Mark[]): readonly Mark[] {
  let set: readonly Mark[] = Mark.none;
  for (const m of marks) set = m.addToSet(set);
  return set;
}

function list(s: Schema, type: 'bulletList' | 'orderedList' | 'taskList', a: Record<string, unknown>, kids: JSONContent[]): PMNode[] {
  const itemType = LIST_TYPES[type];
  const items: JSONContent[][] = [];
  const checked: boolean[] = [];
  for (const k of kids) {
    if (k.type === 'listItem' || k.type === 'taskItem') {
      items.push([...(k.content ?? [])]);
      checked.push(k.attrs?.checked === true);
    } else if (items.length && (k.type === 'bulletList' || k.type === 'orderedList' || k.type === 'taskList')) {
      // <ul><li>a</li><ul>…</ul></ul>: a nested list written beside its item belongs to it.
      items[items.length - 1].push(k);
    } else if (k.type === 'text' && !(k.text ?? '').trim()) {
      continue;
    } else {
      items.push([k]);
      checked.push(false);
    }
  }
  const nodes = items.map((content, i) => {
    let inner = blocks(s, content);
    if (inner.length === 0 || inner[0].type.name !== 'paragraph') {
      const first = inner[0];
      if (first?.type.name === 'heading') inner = [s.nodes.paragraph.create(null, first.content), ...inner.slice(1)];
      else inner = [s.nodes.paragraph.create(), ...inner];
    }
    return s.nodes[itemType].create(itemType === 'taskItem' ? { checked: checked[i] } : null, inner);
  });
  if (!nodes.length) return [];
  const attrs =
    type === 'orderedList'
      ? { start: clampInt(a.start, 0, 1_000_000, 1), type: typeof a.type === 'string' && /^[1aAiI]$/.test(a.type) ? a.type : null }
      : null;
  return [s.nodes[type].create(attrs, nodes)];
}

function table(s: Schema, kids: JSONContent[]): PMNode[] {
  const rows: PMNode[] = [];
  const rowItems = kids.flatMap((k) => (k.type === 'tableRow' ? [k] : k.type === 'table' ? [] : (k.content ?? []).filter((r) => r.type === 'tableRow')));
  let hasRowspan = false;
  for (const r of rowItems) {
    const cells: PMNode[] = [];
    for (const c of r.content ?? []) {
      if (c.type !== 'tableCell' && c.type !== 'tableHeader') continue;
      const a = c.attrs ?? {};
      const colspan = clampInt(a.colspan, 1, MAX_SPAN, 1);
      const rowspan = clampInt(a.rowspan, 1, MAX_SPAN, 1);
      if (rowspan > 1) hasRowspan = true;
      const widths = Array.isArray(a.colwidth) && a.colwidth.length === colspan && a.colwidth.every((w: unknown) => Number.isInteger(w) && (w as number) > 0) ? a.colwidth : null;
      const inner = blocks(s, c.content ?? []);
      cells.push(
        s.nodes[c.type].create(
          { colspan, rowspan, colwidth: widths, align: typeof a.align === 'string' && CELL_ALIGN.has(a.align) ? a.align : null },
          inner.length ? inner : [s.nodes.paragraph.create()],
        ),
      );
    }
    if (cells.length) rows.push(s.nodes.tableRow.create(null, cells));
  }
  if (!rows.length) return [];
  // Ragged rows confuse every reader; pad them (only when no cell spans rows, where widths vary by design).
  if (!hasRowspan) {
    const width = (r: PMNode) => {
      let w = 0;
      r.forEach((c) => (w += c.attrs.colspan as number));
      return w;
    };
    const max = Math.max(...rows.map(width));
    for (let i = 0; i < rows.length; i++) {
      const missing = max - width(rows[i]);
      if (missing > 0) {
        const pad = Array.from({ length: missing }, () => s.nodes.tableCell.create(null, [s.nodes.paragraph.create()]));
        const cells: PMNode[] = [];
        rows[i].forEach((c) => cells.push(c));
        rows[i] = s.nodes.tableRow.create(null, [...cells, ...pad]);
      }
    }
  }
  return [s.nodes.table.create(null, rows)];
}

function plainText(items: JSONContent[]): string {
  return items.map((i) => (i.type === 'text' ? cleanText(i.text ?? '') : i.type === 'hardBreak' ? '\n' : plainText(i.content ?? []))).join('');
}

function cleanText(t: string): string {
  // Control characters other than tab and newline cannot be stored in ODF/OOXML and carry no meaning.
  // eslint-disable-next-line no-control-regex
  return t.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '').replace(/\r\n?/g, '\n');
}

function align(v: unknown): string | null {
  return typeof v === 'string' && ALIGN.has(v) ? v : null;
}

function clampInt(v: unknown, min: number, max: number, fallback: number): number {
  const n = typeof v === 'string' ? Number.parseInt(v, 10) : v;
  return typeof n === 'number' && Number.isInteger(n) ? Math.min(max, Math.max(min, n)) : fallback;
}

function positiveNumber(v: unknown): number | null {
  const n = typeof v === 'string' ? Number.parseFloat(v) : v;
  return typeof n === 'number' && Number.isFinite(n) && n > 0 && n < 100_000 ? n : null;
}

/** The document's text in reading order, blocks separated by blank lines (as `documentText`). */
export function jsonText(doc: JSONContent): string {
  const s = richTextSchema();
  const node = s.nodeFromJSON(doc);
  return node.textBetween(0, node.content.size, '\n\n', '\n').trim();
}
