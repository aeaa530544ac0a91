import { describe, expect, it } from 'vitest';
import { strFromU8, unzipSync } from 'fflate';
import { docToDocx } from '../../../lib/convert/docxExport';
import { exportDocument } from '../../../lib/convert/exportDocument';
import { docToHtml, docToHtmlPage } from '../../../lib/convert/htmlExport';
import { htmlToDoc } from '../../../lib/convert/htmlImport';
import { docToMarkdown } from '../../../lib/convert/markdownExport';
import { docToOdt, odtText } from '../../../lib/convert/odtExport';
import { docToPdf } from '../../../lib/convert/pdfExport';
import { contentDisposition, exportFileName } from '../../../lib/convert/formats';
import { parseMarkup, findAll } from '../../../lib/convert/markup';
import { sampleDoc, sampleTexts } from './fixture';

function inOrder(haystack: string, needles: string[]): void {
  let at = 0;
  for (const n of needles) {
    const i = haystack.indexOf(n, at);
    expect(i, `"${n}" after position ${at}`).toBeGreaterThanOrEqual(0);
    at = i + n.length;
  }
}

describe('HTML export', () => {
  it('writes every structure with the schema’s elements', () => {
    const html = docToHtml(sampleDoc);
    for (const tag of ['<h1>', '<h2>', '<h3>', '<strong>fett</strong>', '<em>kursiv</em>', '<u>unterstrichen</u>', '<s>durchgestrichen</s>', '<blockquote>', '<pre><code class="language-json">', '<th', '<td', 'data-type="taskList"', 'data-checked="true"']) {
      expect(html).toContain(tag);
    }
    expect(html).toMatch(/<a [^>]*href="https:\/\/kreis\.example\/strategie"[^>]*>Verweis<\/a>/);
    expect(html).toMatch(/<ul><li><p>Erster Punkt<\/p><ul><li><p>Unterpunkt A/);
    expect(html).toMatch(/<ol[^>]*><li><p>Schritt eins<\/p><ol/);
    inOrder(html.replace(/&amp;/g, '&').replace(/&quot;/g, '"'), sampleTexts);
  });
});

describe('HTML download', () => {
  it('is a whole page that declares its encoding and title, and imports as the same document', async () => {
    const file = await exportDocument(sampleDoc, 'html', 'Strategie <Entwurf> & Ziele');
    const page = file.body as string;
    expect(page).toBe(docToHtmlPage(sampleDoc, 'Strategie <Entwurf> & Ziele'));
    expect(page.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(page).toContain('<meta charset="utf-8">');
    expect(page).toContain('<title>Strategie &lt;Entwurf&gt; &amp; Ziele</title>');
    expect(page).toContain(docToHtml(sampleDoc));
    expect(htmlToDoc(page)).toEqual(htmlToDoc(docToHtml(sampleDoc)));
  });
});

describe('Markdown export', () => {
  it('writes GitHub-flavoured Markdown', () => {
    const md = docToMarkdown(sampleDoc);
    const lines = md.split('\n');
    expect(lines).toEqual(expect.arrayContaining(['# Digitalstrategie 2026', '## Ziele \\& Maßnahmen', '### Aufgaben', '- Erster Punkt', '  - Unterpunkt A', '1. Schritt eins', '   1. Teilschritt', '- [x] Erledigte Aufgabe', '- [ ] Offene Aufgabe', '| Amt | Leistung |', '| --- | --- |', '| Bauamt | Bauantrag |', '> Ein Zitat aus dem Kreistag.', '```json']));
    expect(md).toContain('**fett**, _kursiv_, <u>unterstrichen</u>, ~~durchgestrichen~~ und einem [Verweis](https://kreis.example/strategie).');
  });

  it('escapes text that Markdown would read as syntax', () => {
    const md = docToMarkdown({ type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: '1. kein *Listenpunkt* <b>' }] }] });
    expect(md.trim()).toBe('1\\. kein \\*Listenpunkt\\* \\<b\\>');
  });
});

describe('ODT export', () => {
  it('is an OpenDocument package with mimetype first and stored', () => {
    const bytes = docToOdt(sampleDoc, { title: 'Digitalstrategie' });
    // Local header of the first entry: name "mimetype", compression method 0.
    expect(strFromU8(bytes.subarray(30, 38))).toBe('mimetype');
    expect(bytes[8] | (bytes[9] << 8)).toBe(0);
    const files = unzipSync(bytes);
    expect(strFromU8(files.mimetype)).toBe('application/vnd.oasis.opendocument.text');
    expect(Object.keys(files)).toEqual(expect.arrayContaining(['content.xml', 'styles.xml', 'meta.xml', 'META-INF/manifest.xml']));
    expect(strFromU8(files['meta.xml'])).toContain('<dc:title>Digitalstrategie</dc:title>');
  });

  it('maps headings, lists, tables, quotes, code and emphasis to ODF elements', () => {
    const content = strFromU8(unzipSync(docToOdt(sampleDoc, { title: 'x' }))['content.xml']);
    const root = parseMarkup(content, 'xml');
    const headings = findAll(root, 'text:h').map((h) => h.attrs['text:outline-level']);
    expect(headings).toEqual(['1', '2', '3']);
    const lists = findAll(root, 'text:list');
    expect(lists.length).toBe(5); // bullet + nested, ordered + nested, task list
    const table = findAll(root, 'table:table')[0];
    expect(findAll(table, 'table:table-header-rows')).toHaveLength(1);
    expect(findAll(table, 'table:table-cell')).toHaveLength(6);
    expect(content).toContain('text:style-name="Quotations"');
    expect(content).toContain('<text:p text:style-name="Preformatted_20_Text">{<text:line-break/><text:s text:c="2"/>&quot;amt&quot;: &quot;Bauamt&quot;<text:line-break/>}</text:p>');
    expect(content).toContain('xlink:href="https://kreis.example/strategie"');
    expect(content).toMatch(/<style:style style:name="T\d" style:family="text"><style:text-properties fo:font-weight="bold"/);
    expect(content).toContain('☑ Erledigte Aufgabe');
    expect(content).toContain('text:list-level-style-number');
  });

  it('writes runs of spaces, tabs and breaks as ODF elements', () => {
    expect(odtText(' a  b\tc\nd')).toBe('<text:s/>a <text:s/>b<text:tab/>c<text:line-break/>d');
  });
});

describe('DOCX export', () => {
  it('uses Word’s heading styles, numbering, a header row and hyperlinks', async () => {
    const files = unzipSync(await docToDocx(sampleDoc, { title: 'Digitalstrategie' }));
    const doc = strFromU8(files['word/document.xml']);
    for (const s of ['Heading1', 'Heading2', 'Heading3', 'Quote', 'PreformattedText']) expect(doc).toContain(`<w:pStyle w:val="${s}"/>`);
    expect(doc.match(/<w:numPr>/g)!.length).toBe(9);
    expect(doc).toMatch(/<w:ilvl w:val="1"\/>/);
    expect(doc).toContain('<w:tblHeader/>');
    expect(doc).toMatch(/<w:hyperlink [^>]*r:id="([\w-]+)"/);
    for (const tag of ['<w:b/>', '<w:i/>', '<w:u w:val="single"/>', '<w:strike/>']) expect(doc).toContain(tag);
    expect(strFromU8(files['word/_rels/document.xml.rels'])).toContain('Target="https://kreis.example/strategie" TargetMode="External"');
    expect(strFromU8(files['word/numbering.xml'])).toContain('w:val="decimal"');
    expect(strFromU8(files['docProps/core.xml'])).toContain('Digitalstrategie');
    const text = findAll(parseMarkup(doc, 'xml'), 'w:t').map((t) => t.children.join('')).join('');
    inOrder(text, sampleTexts.filter((t) => !t.startsWith('"amt"')));
  });
});

describe('PDF export', () => {
  it('embeds subset DejaVu fonts and declares PDF/A-2b', async () => {
    const pdf = Buffer.from(await docToPdf(sampleDoc, { title: 'Digitalstrategie' }));
    expect(pdf.subarray(0, 8).toString('latin1')).toBe('%PDF-1.7');
    const raw = pdf.toString('latin1');
    expect(raw).toMatch(/\/FontFile2/);
    expect(raw).toMatch(/\/BaseFont \/[A-Z]{6}\+DejaVuSans/);
    expect(raw).not.toMatch(/\/BaseFont \/Helvetica/);
    expect(raw).toContain('<pdfaid:part>2</pdfaid:part>');
    expect(raw).toContain('/OutputIntents');
  });
});

describe('export dispatch and file names', () => {
  it('names files after the title and serves the right type', async () => {
    const file = await exportDocument(sampleDoc, 'odt', 'Bericht: Q2/2026 "final"');
    expect(file.contentType).toBe('application/vnd.oasis.opendocument.text');
    expect(file.filename).toBe('Bericht_ Q2_2026 _final_.odt');
    expect(exportFileName('  ', 'pdf')).toBe('Dokument.pdf');
    expect(contentDisposition('attachment', 'Übersicht.pdf')).toBe(`attachment; filename="Ubersicht.pdf"; filename*=UTF-8''%C3%9Cbersicht.pdf`);
    const text = await exportDocument(sampleDoc, 'text', 'x');
    expect(text.body).toContain('Digitalstrategie 2026\n\nEin Absatz mit fett');
  });
});
