import type { JSONContent } from '@tiptap/core';
import { MAX_IMAGE_BYTES } from '../richtext/extensions';
import { malformed } from './errors';
import { bytesToDataUrl } from './images';
import { childElements, findAll, firstChild, isElement, parseMarkup, type MarkupElement } from './markup';
import { stripBox } from './odtImport';
import { normalizeDoc } from './schemaDoc';
import { taskBoxPrefix } from './taskBoxes';
import { unzipBounded, utf8, type UnzipLimits } from './unzip';

type Marks = NonNullable<JSONContent['marks']>;

interface ParaStyle {
  name: string;
  basedOn?: string;
  outline?: number;
  numId?: string;
}

interface ListPara {
  level: number;
  ordered: boolean;
  numKey: string;
  para: JSONContent;
}

/** Word (OOXML) → document JSON of our schema: body paragraphs, lists, tables, links, emphasis. */
export function docxToDoc(bytes: Uint8Array, limits?: UnzipLimits): JSONContent {
  const files = unzipBounded(bytes, (n) => /^word\/(document|styles|numbering)\.xml$|^word\/_rels\/document\.xml\.rels$|^word\/media\//.test(n), limits);
  const main = files.get('word/document.xml');
  if (!main) throw malformed('The file is not a Word document: word/document.xml is missing');
  const body = findAll(parseMarkup(utf8(main), 'xml'), 'w:body')[0];
  if (!body) throw malformed('The file is not a Word document: it has no body');
  const reader = new DocxReader(files);
  return normalizeDoc({ type: 'doc', content: reader.blocks(body.children.filter(isElement)) });
}

class DocxReader {
  private styles = new Map<string, ParaStyle>();
  private rels = new Map<string, string>();
  /** numId → per-level "is numbered" (false = bullet). */
  private numbering = new Map<string, boolean[]>();

  constructor(private files: Map<string, Uint8Array>) {
    const styles = parseMarkup(utf8(files.get('word/styles.xml')), 'xml');
    for (const s of findAll(styles, 'w:style')) {
      if (s.attrs['w:type'] !== 'paragraph') continue;
      const pPr = firstChild(s, 'w:pPr');
      const outline = firstChild(pPr, 'w:outlineLvl')?.attrs['w:val'];
      this.styles.set(s.attrs['w:styleId'], {
        name: firstChild(s, 'w:name')?.attrs['w:val'] ?? s.attrs['w:styleId'],
        basedOn: firstChild(s, 'w:basedOn')?.attrs['w:val'],
        outline: outline === undefined ? undefined : Number(outline),
        numId: firstChild(firstChild(pPr, 'w:numPr'), 'w:numId')?.attrs['w:val'],
      });
    }
    const rels = parseMarkup(utf8(files.get('word/_rels/document.xml.rels')), 'xml');
    for (const r of findAll(rels, 'Relationship')) this.rels.set(r.attrs.Id, r.attrs.Target);
    const numbering = parseMarkup(utf8(files.get('word/numbering.xml')), 'xml');
    const abstract = new Map<string, boolean[]>();
    for (const a of findAll(numbering, 'w:abstractNum')) {
      const levels: boolean[] = [];
      for (const lvl of childElements(a, 'w:lvl')) {
        const fmt = firstChild(lvl, 'w:numFmt')?.attrs['w:val'] ?? 'decimal';
        levels[Number(lvl.attrs['w:ilvl'] ?? 0)] = fmt !== 'bullet' && fmt !== 'none';
      }
      abstract.set(a.attrs['w:abstractNumId'], levels);
    }
    for (const n of findAll(numbering, 'w:num')) {
      this.numbering.set(n.attrs['w:numId'], abstract.get(firstChild(n, 'w:abstractNumId')?.attrs['w:val'] ?? '') ?? []);
    }
  }

  /** The style and the ones it is based on, nearest first. */
  private chain(id: string | undefined): ParaStyle[] {
    const out: ParaStyle[] = [];
    for (let i = 0; id && i < 20; i++) {
      const s = this.styles.get(id);
      if (!s) break;
      out.push(s);
      id = s.basedOn;
    }
    return out;
  }

  blocks(els: MarkupElement[]): JSONContent[] {
    const out: JSONContent[] = [];
    let pending: ListPara[] = [];
    const flush = () => {
      if (pending.length) out.push(...nestLists(pending));
      pending = [];
    };
    for (const el of els) {
      if (el.name === 'w:p') {
        const read = this.paragraph(el);
        if ('list' in read) {
          pending.push(read.list);
          continue;
        }
        const p = read.block;
        flush();
        const prev = out[out.length - 1];
        // Consecutive quote or code paragraphs are one quote or one code block in our model.
        if (p.type === 'blockquote' && prev?.type === 'blockquote') prev.content!.push(...p.content!);
        else if (p.type === 'codeBlock' && prev?.type === 'codeBlock') prev.content!.push({ type: 'text', text: '\n' }, ...p.content!);
        else out.push(p);
      } else if (el.name === 'w:tbl') {
        flush();
        out.push(this.table(el));
      } else if (el.name === 'w:sdt' || el.name === 'w:customXml' || el.name === 'w:ins') {
        flush();
        out.push(...this.blocks(findAll(el, 'w:sdtContent').flatMap((c) => c.children.filter(isElement)).concat(el.name === 'w:sdt' ? [] : el.children.filter(isElement))));
      }
    }
    flush();
    return out;
  }

  private paragraph(p: MarkupElement): { list: ListPara } | { block: JSONContent } {
    const pPr = firstChild(p, 'w:pPr');
    const styleId = firstChild(pPr, 'w:pStyle')?.attrs['w:val'];
    const chain = this.chain(styleId ?? 'Normal');
    const names = chain.map((s) => s.name);
    const align = firstChild(pPr, 'w:jc')?.attrs['w:val'];
    const textAlign = align === 'center' ? 'center' : align === 'right' || align === 'end' ? 'right' : align === 'both' ? 'justify' : null;
    if (names.some((n) => /preformatted|source|code|html.?pre/i.test(n))) {
      return { block: { type: 'codeBlock', content: [{ type: 'text', text: this.plain(p) }] } };
    }
    const content = this.inline(p, []);
    const images = findAll(p, 'a:blip').flatMap((b) => this.image(b, p));
    const headingName = names.map((n) => /^(?:heading\s*(\d)|title)$/i.exec(n)).find(Boolean);
    const outline = firstChild(pPr, 'w:outlineLvl')?.attrs['w:val'] ?? chain.find((s) => s.outline !== undefined)?.outline;
    const level = headingName ? Number(headingName[1] ?? 1) : outline !== undefined && Number(outline) < 9 ? Number(outline) + 1 : 0;
    if (level) return { block: { type: 'heading', attrs: { level: Math.min(4, level), textAlign }, content } };
    const numPr = firstChild(pPr, 'w:numPr');
    const numId = firstChild(numPr, 'w:numId')?.attrs['w:val'] ?? chain.find((s) => s.numId)?.numId;
    const para: JSONContent = { type: 'paragraph', attrs: { textAlign }, content };
    if (numId && numId !== '0') {
      const ilvl = Number(firstChild(numPr, 'w:ilvl')?.attrs['w:val'] ?? 0);
      return { list: { level: Math.min(ilvl, 8), ordered: this.numbering.get(numId)?.[ilvl] ?? false, numKey: numId, para } };
    }
    const blocks = [...(content.length || !images.length ? [para] : []), ...images];
    if (names.some((n) => /quot/i.test(n))) return { block: { type: 'blockquote', content: blocks } };
    return { block: blocks.length === 1 ? blocks[0] : { type: 'doc', content: blocks } };
  }

  private inline(el: MarkupElement, marks: Marks): JSONContent[] {
    const out: JSONContent[] = [];
    for (const c of el.children) {
      if (!isElement(c)) continue;
      switch (c.name) {
        case 'w:r':
          out.push(...this.run(c, marks));
          break;
        case 'w:hyperlink': {
          const href = c.attrs['r:id'] ? this.rels.get(c.attrs['r:id']) : undefined;
          out.push(...this.inline(c, href ? [...marks, { type: 'link', attrs: { href } }] : marks));
          break;
        }
        case 'w:del':
        case 'w:moveFrom':
        case 'w:pPr':
          break;
        default:
          // w:ins, w:smartTag, w:fldSimple, w:sdt …: their runs are visible text.
          out.push(...this.inline(c, marks));
      }
    }
    return out;
  }

  private run(r: MarkupElement, marks: Marks): JSONContent[] {
    const rPr = firstChild(r, 'w:rPr');
    const on = (name: string) => {
      const e = firstChild(rPr, name);
      return e !== undefined && !/^(0|false|off|none)$/i.test(e.attrs['w:val'] ?? 'true');
    };
    const own: Marks = [];
    if (on('w:b')) own.push({ type: 'bold' });
    if (on('w:i')) own.push({ type: 'italic' });
    if (on('w:u')) own.push({ type: 'underline' });
    if (on('w:strike') || on('w:dstrike')) own.push({ type: 'strike' });
    if (on('w:highlight')) own.push({ type: 'highlight' });
    const font = firstChild(rPr, 'w:rFonts')?.attrs['w:ascii'] ?? '';
    if (/mono|courier|consol/i.test(font)) own.push({ type: 'code' });
    const all = [...marks, ...own];
    const out: JSONContent[] = [];
    for (const c of r.children) {
      if (!isElement(c)) continue;
      if (c.name === 'w:t') out.push({ type: 'text', text: c.children.filter((x): x is string => typeof x === 'string').join(''), marks: all });
      else if (c.name === 'w:tab') out.push({ type: 'text', text: '\t', marks: all });
      else if (c.name === 'w:br' && (c.attrs['w:type'] ?? 'textWrapping') === 'textWrapping') out.push({ type: 'hardBreak' });
      else if (c.name === 'w:cr') out.push({ type: 'hardBreak' });
      else if (c.name === 'w:sym') out.push({ type: 'text', text: String.fromCodePoint(Number.parseInt(c.attrs['w:char'] ?? '20', 16) || 32), marks: all });
    }
    return out;
  }

  private plain(p: MarkupElement): string {
    return this.inline(p, [])
      .map((n) => (n.type === 'hardBreak' ? '\n' : (n.text ?? '')))
      .join('');
  }

  private image(blip: MarkupElement, p: MarkupElement): JSONContent[] {
    const target = this.rels.get(blip.attrs['r:embed'] ?? '');
    const bytes = target ? this.files.get(`word/${target.replace(/^\/?word\//, '')}`) : undefined;
    const src = bytes && target ? bytesToDataUrl(bytes, target, MAX_IMAGE_BYTES) : null;
    if (!src) return [];
    const alt = findAll(p, 'wp:docPr')[0]?.attrs.descr ?? null;
    return [{ type: 'image', attrs: { src, alt } }];
  }

  private table(tbl: MarkupElement): JSONContent {
    const rows: JSONContent[] = [];
    // Vertically merged cells: the first cell of a merge grows its rowspan, continuations vanish.
    const openMerge = new Map<number, JSONContent>();
    for (const tr of childElements(tbl, 'w:tr')) {
      const mark = firstChild(firstChild(tr, 'w:trPr'), 'w:tblHeader');
      const header = mark !== undefined && !/^(0|false|off)$/i.test(mark.attrs['w:val'] ?? 'true');
      const cells: JSONContent[] = [];
      let col = 0;
      for (const tc of childElements(tr, 'w:tc')) {
        const tcPr = firstChild(tc, 'w:tcPr');
        const span = Number(firstChild(tcPr, 'w:gridSpan')?.attrs['w:val'] ?? 1);
        const vMerge = firstChild(tcPr, 'w:vMerge');
        if (vMerge && (vMerge.attrs['w:val'] ?? 'continue') === 'continue' && openMerge.has(col)) {
          const first = openMerge.get(col)!;
          first.attrs!.rowspan = Number(first.attrs!.rowspan) + 1;
        } else {
          const content = this.blocks(tc.children.filter(isElement));
          // Header text is bold in the file so any editor shows it as a header; here the cell type says so.
          const cell: JSONContent = { type: header ? 'tableHeader' : 'tableCell', attrs: { colspan: span, rowspan: 1 }, content: header ? withoutBold(content) : content };
          cells.push(cell);
          if (vMerge) openMerge.set(col, cell);
          else openMerge.delete(col);
        }
        col += span;
      }
      rows.push({ type: 'tableRow', content: cells });
    }
    return { type: 'table', content: rows };
  }
}

/** Flat numbered paragraphs (level, kind) → nested lists; task boxes make task lists. */
export function nestLists(paras: ListPara[]): JSONContent[] {
  const out: JSONContent[] = [];
  const stack: Array<{ list: JSONContent; level: number; numKey: string }> = [];
  for (const p of paras) {
    while (stack.length && (stack[stack.length - 1].level > p.level || (stack[stack.length - 1].level === p.level && stack[stack.length - 1].numKey !== p.numKey))) stack.pop();
    const top = stack[stack.length - 1];
    const item: JSONContent = { type: 'listItem', content: [p.para] };
    if (top && top.level === p.level) {
      top.list.content!.push(item);
      continue;
    }
    const list: JSONContent = { type: p.ordered ? 'orderedList' : 'bulletList', content: [item] };
    if (top) {
      const parentItems = top.list.content!;
      parentItems[parentItems.length - 1].content!.push(list);
    } else out.push(list);
    stack.push({ list, level: p.level, numKey: p.numKey });
  }
  const tasks = (l: JSONContent): JSONContent => {
    const items = l.content ?? [];
    for (const i of items) i.content = (i.content ?? []).map((c) => (c.type?.endsWith('List') ? tasks(c) : c));
    const boxes = items.map((i) => taskBoxPrefix(((i.content?.[0]?.content ?? []) as JSONContent[]).map((c) => c.text ?? '').join('')));
    if (!items.length || !boxes.every(Boolean)) return l;
    return { type: 'taskList', content: items.map((i, n) => ({ type: 'taskItem', attrs: { checked: boxes[n]!.checked }, content: stripBox(i.content ?? [], boxes[n]!.length) })) };
  };
  return out.map(tasks);
}

function withoutBold(nodes: JSONContent[]): JSONContent[] {
  return nodes.map((n) => ({ ...n, marks: n.marks?.filter((m) => m.type !== 'bold'), content: n.content && withoutBold(n.content) }));
}
