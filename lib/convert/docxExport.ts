import type { JSONContent } from '@tiptap/core';
import {
  AlignmentType, Document, ExternalHyperlink, HeadingLevel, ImageRun, LevelFormat, Packer, Paragraph, Tab, Table, TableCell, TableRow, TextRun, WidthType,
  type ILevelsOptions, type ParagraphChild,
} from 'docx';
import { dataUrlImage } from './images';
import { normalizeDoc } from './schemaDoc';
import { TASK_BOX } from './taskBoxes';

type Mark = NonNullable<JSONContent['marks']>[number];
type Block = Paragraph | Table;

export const DOCX_MIME = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const FONT = 'DejaVu Sans';
const MONO = 'DejaVu Sans Mono';
// A4 with 2 cm margins leaves 17 cm = 9638 twentieths of a point for the text.
const TEXT_WIDTH_TWIPS = 9638;
const TEXT_WIDTH_PX = 642;
const HEADINGS = [HeadingLevel.HEADING_1, HeadingLevel.HEADING_2, HeadingLevel.HEADING_3, HeadingLevel.HEADING_4];
const ALIGN = { left: AlignmentType.LEFT, center: AlignmentType.CENTER, right: AlignmentType.RIGHT, justify: AlignmentType.JUSTIFIED } as const;

interface Ctx {
  style?: string;
  list?: { reference: string; level: number; instance: number };
}

/**
 * Word (OOXML) through the `docx` package. Styles use Word's built-in names (Heading 1–4, Quote,
 * a "Preformatted Text" code style like LibreOffice's), so other editors map them to their own.
 */
export async function docToDocx(input: JSONContent, meta: { title: string }): Promise<Uint8Array> {
  const w = new DocxWriter();
  const children = w.blocks(normalizeDoc(input).content ?? [], {});
  const doc = new Document({
    creator: 'Werkraum',
    title: meta.title,
    styles: {
      default: { document: { run: { font: FONT, size: 22 } } },
      paragraphStyles: [
        { id: 'Quote', name: 'Quote', basedOn: 'Normal', next: 'Normal', quickFormat: true, run: { italics: true }, paragraph: { indent: { left: 567, right: 567 } } },
        { id: 'PreformattedText', name: 'Preformatted Text', basedOn: 'Normal', run: { font: MONO, size: 20 }, paragraph: { spacing: { before: 0, after: 0 } } },
      ],
    },
    numbering: { config: w.numberingConfig() },
    sections: [{ properties: { page: { size: { width: 11906, height: 16838 }, margin: { top: 1134, bottom: 1134, left: 1134, right: 1134 } } }, children: children.length ? children : [new Paragraph('')] }],
  });
  return new Uint8Array(await Packer.toBuffer(doc));
}

class DocxWriter {
  private instances = 0;
  private starts = new Set<number>();

  blocks(nodes: JSONContent[], ctx: Ctx): Block[] {
    return nodes.flatMap((n) => this.block(n, ctx));
  }

  private block(n: JSONContent, ctx: Ctx): Block[] {
    const kids = n.content ?? [];
    const alignment = ALIGN[n.attrs?.textAlign as keyof typeof ALIGN];
    switch (n.type) {
      case 'heading':
        return [new Paragraph({ heading: HEADINGS[Number(n.attrs?.level ?? 1) - 1], alignment, children: this.inline(kids) })];
      case 'paragraph':
        return [new Paragraph({ style: ctx.style, alignment, numbering: ctx.list, children: this.inline(kids) })];
      case 'blockquote':
        return this.blocks(kids, { ...ctx, style: 'Quote' });
      case 'bulletList':
      case 'orderedList':
      case 'taskList':
        return this.list(n, ctx, ctx.list ? ctx.list.level + 1 : 0);
      case 'codeBlock': {
        const lines = kids.map((k) => k.text ?? '').join('').split('\n');
        return [new Paragraph({ style: 'PreformattedText', children: lines.map((line, i) => new TextRun({ children: tabbed(line), break: i ? 1 : undefined })) })];
      }
      case 'horizontalRule':
        return [new Paragraph({ border: { bottom: { style: 'single', size: 6, color: '808080', space: 1 } }, children: [] })];
      case 'image':
        return this.image(n, ctx);
      case 'table':
        return [this.table(n)];
      default:
        return this.blocks(kids, ctx);
    }
  }

  private list(n: JSONContent, ctx: Ctx, level: number): Block[] {
    const start = Number(n.attrs?.start ?? 1);
    if (n.type === 'orderedList') this.starts.add(start);
    // Every ordered list gets its own numbering instance, so it counts from its own start.
    const list = { reference: n.type === 'orderedList' ? `ordered-${start}` : 'bullet', level: Math.min(level, 8), instance: ++this.instances };
    return (n.content ?? []).flatMap((item) => {
      const [first, ...rest] = item.content ?? [];
      const box = n.type === 'taskList' ? [new TextRun(`${item.attrs?.checked ? TASK_BOX.checked : TASK_BOX.open} `)] : [];
      const head = new Paragraph({ style: ctx.style, numbering: list, children: [...box, ...this.inline(first?.content ?? [])] });
      // Further paragraphs of an item continue it, indented like the item's text.
      const tail = rest.flatMap((b) => (isList(b) ? this.list(b, { ...ctx, list }, level + 1) : this.block(b, { style: ctx.style })));
      return [head, ...tail];
    });
  }

  numberingConfig() {
    const levels = (ordered: boolean, start = 1): ILevelsOptions[] =>
      Array.from({ length: 9 }, (_, level) => ({
        level,
        format: ordered ? LevelFormat.DECIMAL : LevelFormat.BULLET,
        text: ordered ? `%${level + 1}.` : level % 2 ? '◦' : '•',
        start: level === 0 ? start : 1,
        alignment: AlignmentType.START,
        style: { paragraph: { indent: { left: 720 * (level + 1), hanging: 360 } } },
      }));
    return [{ reference: 'bullet', levels: levels(false) }, ...[...this.starts].map((s) => ({ reference: `ordered-${s}`, levels: levels(true, s) }))];
  }

  private table(n: JSONContent): Table {
    const rows = n.content ?? [];
    let width = 1;
    for (const r of rows) width = Math.max(width, (r.content ?? []).reduce((sum, c) => sum + Number(c.attrs?.colspan ?? 1), 0));
    const header = rows.length > 1 && (rows[0].content ?? []).every((c) => c.type === 'tableHeader');
    return new Table({
      width: { size: TEXT_WIDTH_TWIPS, type: WidthType.DXA },
      columnWidths: Array.from({ length: width }, () => Math.floor(TEXT_WIDTH_TWIPS / width)),
      rows: rows.map(
        (r, i) =>
          new TableRow({
            tableHeader: header && i === 0,
            children: (r.content ?? []).map((c) => {
              const inner = c.type === 'tableHeader' ? boldened(c.content ?? []) : (c.content ?? []);
              return new TableCell({
                columnSpan: Number(c.attrs?.colspan ?? 1),
                rowSpan: Number(c.attrs?.rowspan ?? 1),
                children: this.blocks(inner, {}),
              });
            }),
          }),
      ),
    });
  }

  private image(n: JSONContent, ctx: Ctx): Block[] {
    const img = dataUrlImage(String(n.attrs?.src ?? ''));
    if (!img || img.ext === 'webp') return [];
    const wantW = Number(n.attrs?.width) || img.width;
    const w = Math.min(wantW, TEXT_WIDTH_PX);
    const h = Math.round((img.height / img.width) * w);
    const alt = String(n.attrs?.alt ?? '');
    return [
      new Paragraph({
        style: ctx.style,
        children: [new ImageRun({ type: img.ext, data: img.bytes, transformation: { width: w, height: h }, altText: { name: 'image', title: alt, description: alt } })],
      }),
    ];
  }

  private inline(nodes: JSONContent[]): ParagraphChild[] {
    const out: ParagraphChild[] = [];
    for (const n of nodes) {
      if (n.type === 'hardBreak') {
        out.push(new TextRun({ break: 1 }));
        continue;
      }
      const marks = n.marks ?? [];
      const link = marks.find((m) => m.type === 'link');
      const run = textRun(n.text ?? '', marks, Boolean(link));
      out.push(link ? new ExternalHyperlink({ link: String(link.attrs?.href ?? ''), children: [run] }) : run);
    }
    return out;
  }
}

function textRun(text: string, marks: Mark[], link: boolean): TextRun {
  const has = (t: string) => marks.some((m) => m.type === t);
  return new TextRun({
    children: tabbed(text),
    bold: has('bold') || undefined,
    italics: has('italic') || undefined,
    underline: has('underline') ? {} : undefined,
    strike: has('strike') || undefined,
    font: has('code') ? MONO : undefined,
    highlight: has('highlight') ? 'yellow' : undefined,
    style: link ? 'Hyperlink' : undefined,
  });
}

function tabbed(text: string): Array<string | Tab> {
  return text.split('\t').flatMap((part, i) => (i ? [new Tab(), part] : [part])).filter((p) => p !== '');
}

/** Header cells are bold in the file itself, so they read as headers in any editor. */
function boldened(nodes: JSONContent[]): JSONContent[] {
  return nodes.map((n) =>
    n.type === 'text' ? { ...n, marks: [...(n.marks ?? []).filter((m) => m.type !== 'bold'), { type: 'bold' }] } : { ...n, content: n.content && boldened(n.content) },
  );
}

function isList(n: JSONContent): boolean {
  return n.type === 'bulletList' || n.type === 'orderedList' || n.type === 'taskList';
}
