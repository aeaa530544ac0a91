import type { JSONContent } from '@tiptap/core';
import { MAX_IMAGE_BYTES } from '../richtext/extensions';
import { malformed } from './errors';
import { bytesToDataUrl } from './images';
import { childElements, findAll, isElement, parseMarkup, type MarkupElement } from './markup';
import { normalizeDoc } from './schemaDoc';
import { taskBoxPrefix } from './taskBoxes';
import { unzipBounded, utf8, type UnzipLimits } from './unzip';

type Marks = NonNullable<JSONContent['marks']>;

interface StyleInfo {
  parent?: string;
  display: string;
  marks: string[];
  listStyle?: string;
}

/** OpenDocument text (as LibreOffice, Word or we write it) → document JSON of our schema. */
export function odtToDoc(bytes: Uint8Array, limits?: UnzipLimits): JSONContent {
  const files = unzipBounded(bytes, (n) => n === 'content.xml' || n === 'styles.xml' || n.startsWith('Pictures/'), limits);
  const content = files.get('content.xml');
  if (!content) throw malformed('The file is not an OpenDocument text: content.xml is missing');
  const root = parseMarkup(utf8(content), 'xml');
  const stylesRoot = parseMarkup(utf8(files.get('styles.xml')), 'xml');
  const reader = new OdtReader([stylesRoot, root], files);
  const body = findAll(root, 'office:text')[0];
  if (!body) throw malformed('The file is not an OpenDocument text: it has no text body');
  return normalizeDoc({ type: 'doc', content: reader.blocks(body.children.filter(isElement)) });
}

class OdtReader {
  private styles = new Map<string, StyleInfo>();
  private lists = new Map<string, string[]>();

  constructor(
    roots: MarkupElement[],
    private files: Map<string, Uint8Array>,
  ) {
    for (const root of roots) {
      for (const s of findAll(root, 'style:style')) {
        const name = s.attrs['style:name'];
        const props = childElements(s, 'style:text-properties')[0]?.attrs ?? {};
        const marks: string[] = [];
        if (props['fo:font-weight'] === 'bold' || Number(props['fo:font-weight']) >= 600) marks.push('bold');
        if (props['fo:font-style'] === 'italic') marks.push('italic');
        if (props['style:text-underline-style'] && props['style:text-underline-style'] !== 'none') marks.push('underline');
        if (props['style:text-line-through-style'] && props['style:text-line-through-style'] !== 'none') marks.push('strike');
        if (/mono|courier|consol/i.test(props['style:font-name'] ?? '')) marks.push('code');
        if (props['fo:background-color'] && !/^(transparent|#ffffff)$/i.test(props['fo:background-color'])) marks.push('highlight');
        this.styles.set(name, { parent: s.attrs['style:parent-style-name'], display: s.attrs['style:display-name'] ?? name.replace(/_20_/g, ' '), marks, listStyle: s.attrs['style:list-style-name'] });
      }
      for (const l of findAll(root, 'text:list-style')) {
        const kinds: string[] = [];
        for (const level of l.children.filter(isElement)) {
          const n = Number(level.attrs['text:level'] ?? 1) - 1;
          const numbered = level.name === 'text:list-level-style-number' && (level.attrs['style:num-format'] ?? '') !== '';
          kinds[n] = numbered ? 'orderedList' : 'bulletList';
        }
        this.lists.set(l.attrs['style:name'], kinds);
      }
    }
  }

  /** Follows the parent chain: is the style (or one it inherits from) named like `pattern`? */
  private styleIs(name: string | undefined, pattern: RegExp): boolean {
    for (let i = 0; name && i < 20; i++) {
      const s = this.styles.get(name);
      if (pattern.test(name) || (s && pattern.test(s.display))) return true;
      name = s?.parent;
    }
    return false;
  }

  /** Automatic character styles carry the emphasis; named ones may too (e.g. "Strong Emphasis"). */
  private marksOf(name: string | undefined): Marks {
    const s = name ? this.styles.get(name) : undefined;
    if (!s) return [];
    const types = new Set(s.marks);
    if (this.styleIs(name, /^(Strong|Strong_20_Emphasis|Strong Emphasis)$/)) types.add('bold');
    if (this.styleIs(name, /^(Emphasis)$/)) types.add('italic');
    if (this.styleIs(name, /^(Source_20_Text|Source Text)$/)) types.add('code');
    return [...types].map((type) => ({ type }));
  }

  blocks(els: MarkupElement[]): JSONContent[] {
    const out: JSONContent[] = [];
    for (const el of els) {
      for (const b of this.block(el)) {
        const prev = out[out.length - 1];
        // Consecutive quote or code paragraphs are one quote or one code block in our model.
        if (b.type === 'blockquote' && prev?.type === 'blockquote') prev.content!.push(...b.content!);
        else if (b.type === 'codeBlock' && prev?.type === 'codeBlock') prev.content!.push({ type: 'text', text: '\n' }, ...b.content!);
        else out.push(b);
      }
    }
    return out;
  }

  private block(el: MarkupElement): JSONContent[] {
    switch (el.name) {
      case 'text:h': {
        const level = Number(el.attrs['text:outline-level'] ?? 1);
        return [{ type: 'heading', attrs: { level: Math.min(4, Math.max(1, level)) }, content: this.inline(el, []) }];
      }
      case 'text:p': {
        const style = el.attrs['text:style-name'];
        if (this.styleIs(style, /^(Preformatted_20_Text|Preformatted Text|Source Code|Code)/i)) {
          return [{ type: 'codeBlock', content: [{ type: 'text', text: this.plain(el) }] }];
        }
        const headingLevel = this.headingLevel(style);
        if (headingLevel) return [{ type: 'heading', attrs: { level: headingLevel }, content: this.inline(el, []) }];
        const images = findAll(el, 'draw:image').flatMap((img) => this.image(img));
        const para: JSONContent = { type: 'paragraph', content: this.inline(el, []) };
        const blocks = [...(para.content!.length || !images.length ? [para] : []), ...images];
        if (this.styleIs(style, /^(Quotations|Quote)/i)) return [{ type: 'blockquote', content: blocks }];
        return blocks;
      }
      case 'text:list':
        return [this.list(el, this.lists.get(el.attrs['text:style-name'] ?? '') ?? [], 0)];
      case 'table:table':
        return [this.table(el)];
      case 'text:section':
      case 'text:table-of-content':
      case 'text:index-body':
      case 'text:illustration-index':
      case 'text:alphabetical-index':
        return this.blocks(el.children.filter(isElement));
      default:
        return [];
    }
  }

  private headingLevel(style: string | undefined): number | null {
    for (let i = 0, name = style; name && i < 20; i++) {
      const m = /^Heading[ _](?:20_)?(\d)$/.exec(this.styles.get(name)?.display ?? name) ?? /^Heading_20_(\d)$/.exec(name);
      if (m) return Math.min(4, Number(m[1]));
      name = this.styles.get(name)?.parent;
    }
    return null;
  }

  private list(el: MarkupElement, kinds: string[], depth: number): JSONContent {
    const kind = kinds[depth] ?? 'bulletList';
    const items: JSONContent[] = [];
    let start: number | undefined;
    for (const item of childElements(el).filter((c) => c.name === 'text:list-item' || c.name === 'text:list-header')) {
      if (start === undefined && item.attrs['text:start-value']) start = Number(item.attrs['text:start-value']);
      const content: JSONContent[] = [];
      for (const c of item.children.filter(isElement)) {
        if (c.name === 'text:list') content.push(this.list(c, kinds, depth + 1));
        else content.push(...this.block(c));
      }
      items.push({ type: 'listItem', content });
    }
    // Items that all begin with a ballot box are a task list (that is how task lists are exported).
    const boxes = items.map((i) => firstTextBox(i));
    if (items.length && boxes.every((b) => b)) {
      return { type: 'taskList', content: items.map((i, n) => ({ type: 'taskItem', attrs: { checked: boxes[n]!.checked }, content: stripBox(i.content ?? [], boxes[n]!.length) })) };
    }
    return { type: kind, ...(kind === 'orderedList' ? { attrs: { start: start ?? 1 } } : {}), content: items };
  }

  private table(el: MarkupElement): JSONContent {
    const rows: JSONContent[] = [];
    const visit = (container: MarkupElement, header: boolean) => {
      for (const c of container.children.filter(isElement)) {
        if (c.name === 'table:table-header-rows') visit(c, true);
        else if (c.name === 'table:table-rows' || c.name === 'table:table-row-group') visit(c, header);
        else if (c.name === 'table:table-row') {
          const repeat = Math.min(100, Number(c.attrs['table:number-rows-repeated'] ?? 1));
          const cells = childElements(c, 'table:table-cell').map((cell) => ({
            type: header ? 'tableHeader' : 'tableCell',
            attrs: { colspan: cell.attrs['table:number-columns-spanned'], rowspan: cell.attrs['table:number-rows-spanned'] },
            content: this.blocks(cell.children.filter(isElement)),
          }));
          for (let i = 0; i < repeat; i++) rows.push({ type: 'tableRow', content: cells });
        }
      }
    };
    visit(el, false);
    return { type: 'table', content: rows };
  }

  private image(img: MarkupElement): JSONContent[] {
    const href = img.attrs['xlink:href'] ?? '';
    const bytes = this.files.get(href);
    const src = bytes ? bytesToDataUrl(bytes, href, MAX_IMAGE_BYTES) : null;
    if (!src) return [];
    const frame = findAll({ name: '', attrs: {}, children: [img] }, 'svg:title')[0];
    return [{ type: 'image', attrs: { src, alt: frame ? this.plain(frame) : null } }];
  }

  private inline(el: MarkupElement, marks: Marks): JSONContent[] {
    const out: JSONContent[] = [];
    for (const c of el.children) {
      if (!isElement(c)) {
        const text = c.replace(/[ \t\n\r]+/g, ' ');
        if (text) out.push({ type: 'text', text, marks });
        continue;
      }
      switch (c.name) {
        case 'text:span':
          out.push(...this.inline(c, [...marks, ...this.marksOf(c.attrs['text:style-name'])]));
          break;
        case 'text:a': {
          const href = c.attrs['xlink:href'];
          out.push(...this.inline(c, href ? [...marks, { type: 'link', attrs: { href } }] : marks));
          break;
        }
        case 'text:s':
          out.push({ type: 'text', text: ' '.repeat(Math.min(1000, Number(c.attrs['text:c'] ?? 1))), marks });
          break;
        case 'text:tab':
          out.push({ type: 'text', text: '\t', marks });
          break;
        case 'text:line-break':
          out.push({ type: 'hardBreak' });
          break;
        case 'text:note':
        case 'office:annotation':
        case 'text:bookmark':
        case 'text:bookmark-start':
        case 'text:bookmark-end':
        case 'text:soft-page-break':
        case 'draw:frame':
          break;
        default:
          // Fields and other wrappers: their visible text counts.
          out.push(...this.inline(c, marks));
      }
    }
    return out;
  }

  /** Text of a code paragraph, keeping its spaces and breaks exactly. */
  private plain(el: MarkupElement): string {
    return el.children
      .map((c) => {
        if (!isElement(c)) return c;
        if (c.name === 'text:s') return ' '.repeat(Math.min(1000, Number(c.attrs['text:c'] ?? 1)));
        if (c.name === 'text:tab') return '\t';
        if (c.name === 'text:line-break') return '\n';
        return this.plain(c);
      })
      .join('');
  }
}

function firstTextBox(item: JSONContent): { checked: boolean; length: number } | null {
  const first = item.content?.[0];
  const text = first?.type === 'paragraph' ? (first.content ?? []).map((c) => c.text ?? '').join('') : '';
  return taskBoxPrefix(text);
}

/** Removes the ballot box characters from the start of the item's first paragraph. */
export function stripBox(content: JSONContent[], length: number): JSONContent[] {
  const [first, ...rest] = content;
  let left = length;
  const inline: JSONContent[] = [];
  for (const c of first.content ?? []) {
    if (left > 0 && c.type === 'text') {
      const text = c.text ?? '';
      const cut = Math.min(left, text.length);
      left -= cut;
      if (text.length > cut) inline.push({ ...c, text: text.slice(cut) });
    } else inline.push(c);
  }
  return [{ ...first, content: inline }, ...rest];
}
