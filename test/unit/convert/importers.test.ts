import { describe, expect, it } from 'vitest';
import { strToU8, zipSync } from 'fflate';
import { docToDocx } from '../../../lib/convert/docxExport';
import { docxToDoc } from '../../../lib/convert/docxImport';
import { etherpadToDoc } from '../../../lib/convert/etherpadImport';
import { docToHtml } from '../../../lib/convert/htmlExport';
import { htmlToDoc } from '../../../lib/convert/htmlImport';
import { importFile } from '../../../lib/convert/importFile';
import { docToMarkdown } from '../../../lib/convert/markdownExport';
import { markdownToDoc } from '../../../lib/convert/markdownImport';
import { docToOdt } from '../../../lib/convert/odtExport';
import { odtToDoc } from '../../../lib/convert/odtImport';
import { normalizeDoc } from '../../../lib/convert/schemaDoc';
import { textToDoc } from '../../../lib/convert/textImport';
import { markedTexts, outline, sampleDoc } from './fixture';

const expected = outline(normalizeDoc(sampleDoc));
const expectedMarks = markedTexts(normalizeDoc(sampleDoc));

describe('importers map every structure back', () => {
  it('HTML', () => {
    const doc = htmlToDoc(docToHtml(sampleDoc));
    expect(outline(doc)).toEqual(expected);
    expect(markedTexts(doc)).toEqual(expectedMarks);
  });

  it('Markdown', () => {
    const doc = markdownToDoc(docToMarkdown(sampleDoc));
    expect(outline(doc)).toEqual(expected);
    expect(markedTexts(doc)).toEqual(expectedMarks);
  });

  it('ODT', () => {
    const doc = odtToDoc(docToOdt(sampleDoc, { title: 'x' }));
    expect(outline(doc)).toEqual(expected);
    expect(markedTexts(doc)).toEqual(expectedMarks);
  });

  it('DOCX', async () => {
    const doc = docxToDoc(await docToDocx(sampleDoc, { title: 'x' }));
    expect(outline(doc)).toEqual(expected);
    expect(markedTexts(doc)).toEqual(expectedMarks);
  });

  it('dispatches by extension and by content', async () => {
    const docx = await docToDocx(sampleDoc, { title: 'x' });
    expect(importFile({ bytes: docx, filename: 'bericht.docx', maxBytes: 1e7 }).format).toBe('docx');
    // A zip with a misleading name is read by what it contains.
    expect(importFile({ bytes: docToOdt(sampleDoc, { title: 'x' }), filename: 'bericht.html', maxBytes: 1e7 }).format).toBe('odt');
    expect(importFile({ bytes: strToU8('# Titel'), filename: 'notiz', contentType: 'text/markdown', maxBytes: 1e7 }).format).toBe('markdown');
    expect(() => importFile({ bytes: strToU8('x'), filename: 'bild.png', contentType: 'image/png', maxBytes: 1e7 })).toThrow(/Unsupported file type/);
    expect(() => importFile({ bytes: strToU8('kein zip'), filename: 'a.docx', maxBytes: 1e7 })).toThrow(/not a valid \.docx/);
  });
});

describe('HTML import details', () => {
  it('reads inline styles, spans across cells and GitHub task lists', () => {
    const doc = htmlToDoc(`
      <p><span style="font-weight:700">fett</span> <span style="font-style: italic">kursiv</span></p>
      <table><tr><th colspan="2">Kopf</th></tr><tr><td>a</td><td>b</td></tr><tr><td>nur eine</td></tr></table>
      <ul><li><input type="checkbox" checked> erledigt</li><li><input type="checkbox"> offen</li></ul>
      <h6>Tief</h6>`);
    expect(markedTexts(doc)).toEqual(['fett:bold', 'kursiv:italic']);
    const table = doc.content!.find((n) => n.type === 'table')!;
    expect(table.content![0].content![0].attrs).toMatchObject({ colspan: 2 });
    // The short last row is padded to the table's width.
    expect(table.content![2].content).toHaveLength(2);
    expect(outline(doc)).toEqual(expect.arrayContaining(['taskList', '  taskItem(x)', '    paragraph: erledigt', '  taskItem( )', 'h4: Tief']));
  });

  it('keeps code blocks verbatim', () => {
    const doc = htmlToDoc('<pre><code class="language-ts">if (a &lt; b) {\n    run();\n}</code></pre>');
    expect(doc.content![0]).toMatchObject({ type: 'codeBlock', attrs: { language: 'ts' }, content: [{ text: 'if (a < b) {\n    run();\n}' }] });
  });
});

describe('Etherpad import', () => {
  // A pad as Etherpad's "Export → Etherpad" writes it: heading, bold text with a URL, a list.
  const pad = {
    'pad:sitzung': {
      atext: {
        text: '*Protokoll\nEin fetter Satz mit https://kreis.example/a.\n*Punkt eins\n*Unterpunkt\n*Punkt zwei\n\nEnde\n',
        attribs: '*1*2*3+1*0|1+a*0+4*0*4+6*0|1+z*3*5*2+1*0|1+b*3*6*2+1*0|1+b*3*5*2+1*0|1+b|1+1*0|1+5',
      },
      pool: {
        numToAttrib: { 0: ['author', 'a.x1'], 1: ['heading', 'h1'], 2: ['insertorder', 'first'], 3: ['lmkr', '1'], 4: ['bold', 'true'], 5: ['list', 'bullet1'], 6: ['list', 'bullet2'] },
        nextNum: 7,
      },
      head: 4,
    },
    'pad:sitzung:revs:0': { changeset: 'Z:1>1*0+1$x' },
    'globalAuthor:a.x1': { name: 'Anna' },
  };

  it('reads text, headings, lists, bold and links', () => {
    const doc = etherpadToDoc(JSON.stringify(pad));
    expect(outline(doc)).toEqual([
      'h1: Protokoll',
      'paragraph: Ein fetter Satz mit https://kreis.example/a.',
      'bulletList',
      '  listItem',
      '    paragraph: Punkt eins',
      '    bulletList',
      '      listItem',
      '        paragraph: Unterpunkt',
      '  listItem',
      '    paragraph: Punkt zwei',
      'paragraph: Ende',
    ]);
    expect(markedTexts(doc)).toEqual(['fetter:bold', 'https://kreis.example/a:link=https://kreis.example/a']);
  });

  it('refuses files that are not Etherpad exports', () => {
    expect(() => etherpadToDoc('{"foo": 1}')).toThrow(/not an Etherpad export/);
    expect(() => etherpadToDoc('{nope')).toThrow(/not valid JSON/);
  });
});

describe('plain text and office details', () => {
  it('splits text into paragraphs at blank lines', () => {
    expect(outline(textToDoc('Erste Zeile\nzweite Zeile\n\nNeuer Absatz'))).toEqual(['paragraph: Erste Zeile\nzweite Zeile', 'paragraph: Neuer Absatz']);
  });

  it('reads vertically merged Word cells as a rowspan', () => {
    const xml = `<w:document xmlns:w="w"><w:body><w:tbl>
      <w:tr><w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr><w:p><w:r><w:t>A</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>B</w:t></w:r></w:p></w:tc></w:tr>
      <w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc><w:tc><w:p><w:r><w:t>C</w:t></w:r></w:p></w:tc></w:tr>
    </w:tbl></w:body></w:document>`;
    const doc = docxToDoc(zipSync({ 'word/document.xml': strToU8(xml) }));
    const rows = doc.content![0].content!;
    expect(rows[0].content![0].attrs).toMatchObject({ rowspan: 2 });
    expect(rows[1].content).toHaveLength(1);
  });
});
