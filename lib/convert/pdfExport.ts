import type { JSONContent } from '@tiptap/core';
import pdfmake from 'pdfmake';
import type { Content, TableCell, TDocumentDefinitions } from 'pdfmake/interfaces';
import { dejaVu } from './fonts';
import { dataUrlImage } from './images';
import { layoutTable } from './odtExport';
import { normalizeDoc } from './schemaDoc';
import { TASK_BOX } from './taskBoxes';

type Mark = NonNullable<JSONContent['marks']>[number];
type Inline = Exclude<Content, string | Content[]>;

// A4 (595 × 842 pt) with 2 cm margins.
const MARGIN = 57;
const TEXT_WIDTH = 595 - 2 * MARGIN;

/**
 * PDF through pdfmake (pure JavaScript, on pdfkit) with DejaVu embedded and subset, marked as
 * PDF/A-2b with the document language and title, so archives (DMS, e-Akte) accept it.
 */
export async function docToPdf(input: JSONContent, meta: { title: string }): Promise<Uint8Array> {
  const content = blocks(normalizeDoc(input).content ?? []);
  const sans = dejaVu('sans');
  const mono = dejaVu('mono');
  const fontFiles = new Set([...Object.values(sans), ...Object.values(mono)]);
  pdfmake.setFonts({ DejaVu: sans, DejaVuMono: mono });
  // Everything the PDF shows is in the document: no URL is fetched and no file but the fonts read.
  pdfmake.setUrlAccessPolicy(() => false);
  pdfmake.setLocalAccessPolicy((file) => fontFiles.has(file));
  const definition = (pdfA: boolean): TDocumentDefinitions => ({
    info: { title: meta.title, creator: 'Werkraum', producer: 'Werkraum' },
    version: '1.7',
    ...(pdfA ? { subset: 'PDF/A-2b' as const } : {}),
    language: 'de-DE',
    displayTitle: true,
    pageSize: 'A4',
    pageMargins: MARGIN,
    defaultStyle: { font: 'DejaVu', fontSize: 10.5, lineHeight: 1.2 },
    styles: {
      h1: { fontSize: 20, bold: true, margin: [0, 10, 0, 6] },
      h2: { fontSize: 16, bold: true, margin: [0, 8, 0, 5] },
      h3: { fontSize: 13, bold: true, margin: [0, 6, 0, 4] },
      h4: { fontSize: 11.5, bold: true, margin: [0, 6, 0, 4] },
      code: { font: 'DejaVuMono', fontSize: 9, preserveLeadingSpaces: true, margin: [8, 2, 0, 8] },
      quote: { italics: true, color: '#444444', margin: [18, 0, 18, 6] },
      th: { bold: true },
    },
    // pdfmake consumes the content it lays out, so each attempt gets its own copy.
    content: structuredClone(content),
  });
  try {
    return new Uint8Array(await pdfmake.createPdf(definition(true)).getBuffer());
  } catch (err) {
    // PDF/A needs pdfkit's sRGB profile file next to its own code; where a bundler moved pdfkit
    // away from it, an ordinary PDF with the same embedded fonts is still better than no export.
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    return new Uint8Array(await pdfmake.createPdf(definition(false)).getBuffer());
  }
}

function blocks(nodes: JSONContent[]): Content[] {
  return nodes.flatMap((n) => block(n));
}

function block(n: JSONContent): Content[] {
  const kids = n.content ?? [];
  const alignment = n.attrs?.textAlign ?? undefined;
  switch (n.type) {
    case 'heading':
      return [{ text: inline(kids), style: `h${n.attrs?.level ?? 1}`, alignment, headlineLevel: Number(n.attrs?.level ?? 1) }];
    case 'paragraph':
      return [{ text: kids.length ? inline(kids) : ' ', alignment, margin: [0, 0, 0, 6] }];
    case 'blockquote':
      return [{ stack: blocks(kids), style: 'quote' }];
    case 'bulletList':
    case 'taskList':
      return [{ ul: listItems(n), ...(n.type === 'taskList' ? { type: 'none' as const } : {}), margin: [0, 0, 0, 6] }];
    case 'orderedList':
      return [{ ol: listItems(n), start: Number(n.attrs?.start ?? 1), margin: [0, 0, 0, 6] }];
    case 'codeBlock':
      return [{ text: kids.map((k) => k.text ?? '').join(''), style: 'code' }];
    case 'horizontalRule':
      return [{ canvas: [{ type: 'line', x1: 0, y1: 4, x2: TEXT_WIDTH, y2: 4, lineWidth: 0.5, lineColor: '#808080' }], margin: [0, 0, 0, 10] }];
    case 'image': {
      const img = dataUrlImage(String(n.attrs?.src ?? ''));
      // pdfkit embeds PNG and JPEG; other kinds are represented by their text alternative.
      if (!img || (img.ext !== 'png' && img.ext !== 'jpg')) return n.attrs?.alt ? [{ text: String(n.attrs.alt), italics: true }] : [];
      const width = Math.min(TEXT_WIDTH, (Number(n.attrs?.width) || img.width) * 0.75);
      return [{ image: String(n.attrs?.src), width, margin: [0, 0, 0, 6] }];
    }
    case 'table':
      return [table(n)];
    default:
      return blocks(kids);
  }
}

function listItems(list: JSONContent): Content[] {
  return (list.content ?? []).map((item) => {
    const box = list.type === 'taskList' ? `${item.attrs?.checked ? TASK_BOX.checked : TASK_BOX.open} ` : '';
    const [first, ...rest] = item.content ?? [];
    const head: Content = { text: [box, ...inline(first?.content ?? [])] };
    return rest.length ? { stack: [head, ...blocks(rest)] } : head;
  });
}

function table(n: JSONContent): Content {
  const rows = n.content ?? [];
  const grid = layoutTable(rows);
  const header = rows.length > 1 && (rows[0].content ?? []).every((c) => c.type === 'tableHeader') ? 1 : 0;
  const body: TableCell[][] = grid.at.map((cells, r) =>
    Array.from({ length: grid.width }, (_, col): TableCell => {
      const cell = cells[col];
      // pdfmake wants a placeholder where a spanning cell covers the grid.
      if (!cell || cell.row !== r || cell.col !== col) return {};
      const a = cell.node.attrs ?? {};
      return { stack: blocks(cell.node.content ?? []), colSpan: Number(a.colspan ?? 1), rowSpan: Number(a.rowspan ?? 1), style: cell.node.type === 'tableHeader' ? 'th' : undefined };
    }),
  );
  return { table: { headerRows: header, widths: Array(grid.width).fill('*'), body }, margin: [0, 0, 0, 8] };
}

function inline(nodes: JSONContent[]): Inline[] {
  return nodes.map((n): Inline => {
    if (n.type === 'hardBreak') return { text: '\n' };
    const marks = n.marks ?? [];
    const has = (t: string) => marks.some((m: Mark) => m.type === t);
    const link = marks.find((m) => m.type === 'link');
    const decoration = [has('underline') || link ? 'underline' : null, has('strike') ? 'lineThrough' : null].filter((d): d is 'underline' | 'lineThrough' => d !== null);
    return {
      text: n.text ?? '',
      bold: has('bold') || undefined,
      italics: has('italic') || undefined,
      decoration: decoration.length ? decoration : undefined,
      font: has('code') ? 'DejaVuMono' : undefined,
      background: has('highlight') ? '#ffff00' : undefined,
      link: link ? String(link.attrs?.href ?? '') : undefined,
      color: link ? '#1a4d8f' : undefined,
    };
  });
}
