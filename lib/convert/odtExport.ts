import type { JSONContent } from '@tiptap/core';
import { strToU8, zipSync } from 'fflate';
import { escapeXml } from './markup';
import { dataUrlImage } from './images';
import { normalizeDoc } from './schemaDoc';
import { TASK_BOX } from './taskBoxes';

type Mark = NonNullable<JSONContent['marks']>[number];

const NS = [
  'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"',
  'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"',
  'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"',
  'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"',
  'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"',
  'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"',
  'xmlns:xlink="http://www.w3.org/1999/xlink"',
  'xmlns:dc="http://purl.org/dc/elements/1.1/"',
  'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0"',
  'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"',
  'xmlns:loext="urn:org:documentfoundation:names:experimental:office:xmlns:loext:1.0"',
].join(' ');

export const ODT_MIME = 'application/vnd.oasis.opendocument.text';
const FONT = 'DejaVu Sans';
const MONO = 'DejaVu Sans Mono';
const CM_PER_PX = 2.54 / 96;

interface Ctx {
  para: string;
}

/**
 * OpenDocument text written directly (content, styles, meta, manifest in a zip). Headings use the
 * standard outline styles, quotes and code the standard "Quotations" and "Preformatted Text"
 * styles, so LibreOffice and Word map them to their own; task items keep their box as ☐/☑.
 */
export function docToOdt(input: JSONContent, meta: { title: string }): Uint8Array {
  const w = new OdtWriter();
  const body = w.blocks(normalizeDoc(input).content ?? [], { para: 'Standard' });
  const content = `<?xml version="1.0" encoding="UTF-8"?>
<office:document-content ${NS} office:version="1.3"><office:font-face-decls>${fontFaces()}</office:font-face-decls><office:automatic-styles>${w.automaticStyles()}</office:automatic-styles><office:body><office:text>${body}</office:text></office:body></office:document-content>`;
  const files: Record<string, Uint8Array | [Uint8Array, { level: 0 }]> = {
    // The mimetype entry comes first and uncompressed, so tools can sniff the type.
    mimetype: [strToU8(ODT_MIME), { level: 0 }],
    'content.xml': strToU8(content),
    'styles.xml': strToU8(stylesXml()),
    'meta.xml': strToU8(metaXml(meta.title)),
  };
  for (const [name, bytes] of w.pictures) files[name] = [bytes, { level: 0 }];
  files['META-INF/manifest.xml'] = strToU8(manifestXml([...w.pictures.keys()]));
  return zipSync(files, { level: 6 });
}

class OdtWriter {
  private textStyles = new Map<string, string>();
  private paraStyles = new Map<string, string>();
  private listStyles: string[] = [];
  private tables = 0;
  readonly pictures = new Map<string, Uint8Array>();

  blocks(nodes: JSONContent[], ctx: Ctx): string {
    return nodes.map((n) => this.block(n, ctx)).join('');
  }

  private block(n: JSONContent, ctx: Ctx): string {
    const kids = n.content ?? [];
    switch (n.type) {
      case 'heading': {
        const level = Number(n.attrs?.level ?? 1);
        const style = this.aligned(`Heading_20_${level}`, n.attrs?.textAlign);
        return `<text:h text:style-name="${style}" text:outline-level="${level}">${this.inline(kids)}</text:h>`;
      }
      case 'paragraph':
        return `<text:p text:style-name="${this.aligned(ctx.para, n.attrs?.textAlign)}">${this.inline(kids)}</text:p>`;
      case 'blockquote':
        return this.blocks(kids, { para: 'Quotations' });
      case 'bulletList':
      case 'orderedList':
      case 'taskList':
        return this.list(n, ctx, 0, null);
      case 'codeBlock': {
        const text = kids.map((k) => k.text ?? '').join('');
        return `<text:p text:style-name="Preformatted_20_Text">${odtText(text)}</text:p>`;
      }
      case 'horizontalRule':
        return '<text:p text:style-name="Horizontal_20_Line"/>';
      case 'image':
        return this.image(n, ctx);
      case 'table':
        return this.table(n);
      default:
        return this.blocks(kids, ctx);
    }
  }

  private list(n: JSONContent, ctx: Ctx, depth: number, style: string | null): string {
    const top = style === null;
    const name = style ?? this.listStyle(n);
    const items = (n.content ?? [])
      .map((item, i) => {
        const start = n.type === 'orderedList' && i === 0 && Number(n.attrs?.start ?? 1) !== 1 ? ` text:start-value="${Number(n.attrs?.start)}"` : '';
        const [first, ...rest] = item.content ?? [];
        const box = n.type === 'taskList' ? `${item.attrs?.checked ? TASK_BOX.checked : TASK_BOX.open} ` : '';
        const head = first ? `<text:p text:style-name="${this.aligned(ctx.para, first.attrs?.textAlign)}">${odtText(box)}${this.inline(first.content ?? [])}</text:p>` : '';
        const tail = rest.map((b) => (isList(b) ? this.list(b, ctx, depth + 1, name) : this.block(b, ctx))).join('');
        return `<text:list-item${start}>${head}${tail}</text:list-item>`;
      })
      .join('');
    return `<text:list${top ? ` text:style-name="${name}"` : ''}>${items}</text:list>`;
  }

  /** One list style per top-level list: each level numbered or bulleted like the first list found at that depth. */
  private listStyle(n: JSONContent): string {
    const kinds: string[] = [];
    const visit = (l: JSONContent, depth: number) => {
      kinds[depth] ??= l.type ?? 'bulletList';
      for (const item of l.content ?? []) for (const b of item.content ?? []) if (isList(b)) visit(b, depth + 1);
    };
    visit(n, 0);
    const name = `L${this.listStyles.length + 1}`;
    const levels = Array.from({ length: 10 }, (_, i) => {
      const kind = kinds[Math.min(i, kinds.length - 1)];
      const indent = `<style:list-level-properties text:list-level-position-and-space-mode="label-alignment"><style:list-level-label-alignment text:label-followed-by="listtab" text:list-tab-stop-position="${(0.635 * (i + 1)).toFixed(3)}cm" fo:text-indent="-0.635cm" fo:margin-left="${(0.635 * (i + 1)).toFixed(3)}cm"/></style:list-level-properties>`;
      return kind === 'orderedList'
        ? `<text:list-level-style-number text:level="${i + 1}" style:num-suffix="." style:num-format="1">${indent}</text:list-level-style-number>`
        : `<text:list-level-style-bullet text:level="${i + 1}" text:bullet-char="${i % 2 ? '◦' : '•'}">${indent}</text:list-level-style-bullet>`;
    }).join('');
    this.listStyles.push(`<text:list-style style:name="${name}">${levels}</text:list-style>`);
    return name;
  }

  private table(n: JSONContent): string {
    const rows = n.content ?? [];
    const grid = layoutTable(rows);
    const name = `Tabelle${++this.tables}`;
    const header = rows.length > 1 && (rows[0].content ?? []).every((c) => c.type === 'tableHeader') ? 1 : 0;
    const rowXml = rows.map((row, r) => {
      const cells: string[] = [];
      for (let col = 0; col < grid.width; col++) {
        const cell = grid.at[r][col];
        if (!cell || cell.row !== r || cell.col !== col) {
          cells.push('<table:covered-table-cell/>');
          continue;
        }
        const a = cell.node.attrs ?? {};
        const span = `${Number(a.colspan) > 1 ? ` table:number-columns-spanned="${a.colspan}"` : ''}${Number(a.rowspan) > 1 ? ` table:number-rows-spanned="${a.rowspan}"` : ''}`;
        const para = cell.node.type === 'tableHeader' ? 'Table_20_Heading' : 'Table_20_Contents';
        cells.push(`<table:table-cell table:style-name="Cell" office:value-type="string"${span}>${this.blocks(cell.node.content ?? [], { para })}</table:table-cell>`);
      }
      return `<table:table-row>${cells.join('')}</table:table-row>`;
    });
    const head = header ? `<table:table-header-rows>${rowXml.slice(0, header).join('')}</table:table-header-rows>` : '';
    return `<table:table table:name="${name}" table:style-name="Table"><table:table-column table:number-columns-repeated="${grid.width}"/>${head}${rowXml.slice(header).join('')}</table:table>`;
  }

  private image(n: JSONContent, ctx: Ctx): string {
    const img = dataUrlImage(String(n.attrs?.src ?? ''));
    if (!img) return '';
    const name = `Pictures/image${this.pictures.size + 1}.${img.ext}`;
    this.pictures.set(name, img.bytes);
    // Fit into the text width (16 cm) and keep the aspect ratio.
    const wantW = Number(n.attrs?.width) || img.width;
    const scale = Math.min(1, 16 / (wantW * CM_PER_PX));
    const w = wantW * CM_PER_PX * scale;
    const h = (img.height / img.width) * w;
    const alt = escapeXml(String(n.attrs?.alt ?? ''));
    return `<text:p text:style-name="${ctx.para}"><draw:frame draw:name="image${this.pictures.size}" text:anchor-type="as-char" svg:width="${w.toFixed(3)}cm" svg:height="${h.toFixed(3)}cm"><draw:image xlink:href="${name}" xlink:type="simple" xlink:show="embed" xlink:actuate="onLoad"/><svg:title>${alt}</svg:title><svg:desc>${alt}</svg:desc></draw:frame></text:p>`;
  }

  private inline(nodes: JSONContent[]): string {
    return nodes
      .map((n) => {
        if (n.type === 'hardBreak') return '<text:line-break/>';
        const marks = n.marks ?? [];
        const link = marks.find((m) => m.type === 'link');
        const style = this.textStyle(marks.filter((m) => m.type !== 'link'));
        const text = odtText(n.text ?? '');
        const span = style ? `<text:span text:style-name="${style}">${text}</text:span>` : text;
        return link ? `<text:a xlink:type="simple" xlink:href="${escapeXml(String(link.attrs?.href ?? ''))}" text:style-name="Internet_20_link">${span}</text:a>` : span;
      })
      .join('');
  }

  private textStyle(marks: Mark[]): string | null {
    const types = marks.map((m) => m.type).sort();
    if (!types.length) return null;
    const key = types.join('+');
    let name = this.textStyles.get(key);
    if (!name) {
      name = `T${this.textStyles.size + 1}`;
      this.textStyles.set(key, name);
    }
    return name;
  }

  private aligned(parent: string, align: unknown): string {
    if (typeof align !== 'string' || !align || align === 'left') return parent;
    const key = `${parent}|${align}`;
    let name = this.paraStyles.get(key);
    if (!name) {
      name = `P${this.paraStyles.size + 1}`;
      this.paraStyles.set(key, name);
    }
    return name;
  }

  automaticStyles(): string {
    const text = [...this.textStyles].map(([key, name]) => `<style:style style:name="${name}" style:family="text"><style:text-properties ${textProps(key.split('+'))}/></style:style>`);
    const para = [...this.paraStyles].map(([key, name]) => {
      const [parent, align] = key.split('|');
      return `<style:style style:name="${name}" style:family="paragraph" style:parent-style-name="${parent}"><style:paragraph-properties fo:text-align="${align === 'right' ? 'end' : align}"/></style:style>`;
    });
    const table =
      '<style:style style:name="Table" style:family="table"><style:table-properties style:width="17cm" table:align="margins"/></style:style>' +
      '<style:style style:name="Cell" style:family="table-cell"><style:table-cell-properties fo:padding="0.1cm" fo:border="0.5pt solid #000000"/></style:style>';
    return [...text, ...para, table, ...this.listStyles].join('');
  }
}

function textProps(types: string[]): string {
  const p: string[] = [];
  if (types.includes('bold')) p.push('fo:font-weight="bold" style:font-weight-asian="bold" style:font-weight-complex="bold"');
  if (types.includes('italic')) p.push('fo:font-style="italic" style:font-style-asian="italic" style:font-style-complex="italic"');
  if (types.includes('underline')) p.push('style:text-underline-style="solid" style:text-underline-width="auto" style:text-underline-color="font-color"');
  if (types.includes('strike')) p.push('style:text-line-through-style="solid" style:text-line-through-type="single"');
  if (types.includes('code')) p.push(`style:font-name="${MONO}"`);
  if (types.includes('highlight')) p.push('fo:background-color="#ffff00"');
  return p.join(' ');
}

function isList(n: JSONContent): boolean {
  return n.type === 'bulletList' || n.type === 'orderedList' || n.type === 'taskList';
}

interface GridCell {
  node: JSONContent;
  row: number;
  col: number;
}

/** Places cells on a grid, honouring colspan and rowspan, as ODF and OOXML need covered cells. */
export function layoutTable(rows: JSONContent[]): { width: number; at: Array<Array<GridCell | undefined>> } {
  const at: Array<Array<GridCell | undefined>> = rows.map(() => []);
  rows.forEach((row, r) => {
    let col = 0;
    for (const node of row.content ?? []) {
      while (at[r][col]) col++;
      const cs = Number(node.attrs?.colspan ?? 1);
      const rs = Math.min(Number(node.attrs?.rowspan ?? 1), rows.length - r);
      const cell = { node, row: r, col };
      for (let dr = 0; dr < rs; dr++) for (let dc = 0; dc < cs; dc++) at[r + dr][col + dc] = cell;
      col += cs;
    }
  });
  const width = Math.max(1, ...at.map((r) => r.length));
  return { width, at };
}

/** ODF text: runs of spaces, tabs and line breaks are elements, not characters. */
export function odtText(s: string): string {
  return s
    .split('\n')
    .map((line) =>
      line
        .split('\t')
        .map((part) => escapeXml(part).replace(/^ +| {2,}/g, (m, offset: number) => (offset === 0 ? spaces(m.length) : ` ${spaces(m.length - 1)}`)))
        .join('<text:tab/>'),
    )
    .join('<text:line-break/>');
}

function spaces(n: number): string {
  return n === 1 ? '<text:s/>' : `<text:s text:c="${n}"/>`;
}

function fontFaces(): string {
  return `<style:font-face style:name="${FONT}" svg:font-family="'${FONT}'" style:font-family-generic="swiss" style:font-pitch="variable"/><style:font-face style:name="${MONO}" svg:font-family="'${MONO}'" style:font-family-generic="modern" style:font-pitch="fixed"/>`;
}

function stylesXml(): string {
  const heading = (level: number, size: string) =>
    `<style:style style:name="Heading_20_${level}" style:display-name="Heading ${level}" style:family="paragraph" style:parent-style-name="Heading" style:next-style-name="Standard" style:default-outline-level="${level}" style:class="text"><style:text-properties fo:font-size="${size}" fo:font-weight="bold" style:font-weight-asian="bold" style:font-weight-complex="bold"/></style:style>`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<office:document-styles ${NS} office:version="1.3"><office:font-face-decls>${fontFaces()}</office:font-face-decls><office:styles>` +
    `<style:default-style style:family="paragraph"><style:paragraph-properties fo:orphans="2" fo:widows="2"/><style:text-properties style:font-name="${FONT}" fo:font-size="11pt" fo:language="de" fo:country="DE"/></style:default-style>` +
    '<style:style style:name="Standard" style:family="paragraph" style:class="text"><style:paragraph-properties fo:margin-top="0cm" fo:margin-bottom="0.212cm" fo:line-height="115%"/></style:style>' +
    '<style:style style:name="Heading" style:family="paragraph" style:parent-style-name="Standard" style:next-style-name="Standard" style:class="text"><style:paragraph-properties fo:margin-top="0.423cm" fo:margin-bottom="0.212cm" fo:keep-with-next="always"/></style:style>' +
    heading(1, '20pt') + heading(2, '16pt') + heading(3, '13pt') + heading(4, '12pt') +
    '<style:style style:name="Quotations" style:family="paragraph" style:parent-style-name="Standard" style:class="html"><style:paragraph-properties fo:margin-left="1cm" fo:margin-right="1cm" fo:padding-left="0.2cm" fo:border-left="1.5pt solid #999999"/><style:text-properties fo:font-style="italic"/></style:style>' +
    `<style:style style:name="Preformatted_20_Text" style:display-name="Preformatted Text" style:family="paragraph" style:parent-style-name="Standard" style:class="html"><style:paragraph-properties fo:background-color="#f2f2f2" fo:padding="0.2cm"/><style:text-properties style:font-name="${MONO}" fo:font-size="10pt"/></style:style>` +
    '<style:style style:name="Table_20_Contents" style:display-name="Table Contents" style:family="paragraph" style:parent-style-name="Standard" style:class="extra"/>' +
    '<style:style style:name="Table_20_Heading" style:display-name="Table Heading" style:family="paragraph" style:parent-style-name="Table_20_Contents" style:class="extra"><style:text-properties fo:font-weight="bold"/></style:style>' +
    '<style:style style:name="Horizontal_20_Line" style:display-name="Horizontal Line" style:family="paragraph" style:parent-style-name="Standard" style:class="html"><style:paragraph-properties fo:padding="0cm" fo:border-bottom="0.5pt solid #808080"/></style:style>' +
    '<style:style style:name="Internet_20_link" style:display-name="Internet link" style:family="text"><style:text-properties fo:color="#000080" style:text-underline-style="solid" style:text-underline-width="auto" style:text-underline-color="font-color"/></style:style>' +
    '</office:styles><office:automatic-styles><style:page-layout style:name="pm1"><style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm" style:print-orientation="portrait" fo:margin-top="2cm" fo:margin-bottom="2cm" fo:margin-left="2cm" fo:margin-right="2cm"/></style:page-layout></office:automatic-styles>' +
    '<office:master-styles><style:master-page style:name="Standard" style:page-layout-name="pm1"/></office:master-styles></office:document-styles>';
}

function metaXml(title: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<office:document-meta ${NS} office:version="1.3"><office:meta><meta:generator>Werkraum</meta:generator><dc:title>${escapeXml(title)}</dc:title><dc:language>de-DE</dc:language></office:meta></office:document-meta>`;
}

function manifestXml(pictures: string[]): string {
  const pics = pictures.map((p) => `<manifest:file-entry manifest:full-path="${p}" manifest:media-type="image/${p.split('.').pop() === 'jpg' ? 'jpeg' : p.split('.').pop()}"/>`).join('');
  return `<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3"><manifest:file-entry manifest:full-path="/" manifest:version="1.3" manifest:media-type="${ODT_MIME}"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/><manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml"/><manifest:file-entry manifest:full-path="meta.xml" manifest:media-type="text/xml"/>${pics}</manifest:manifest>`;
}
