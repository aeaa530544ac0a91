import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { docToDocx } from '../../../lib/convert/docxExport';
import { docxToDoc } from '../../../lib/convert/docxImport';
import { docToOdt } from '../../../lib/convert/odtExport';
import { odtToDoc } from '../../../lib/convert/odtImport';
import { docToPdf } from '../../../lib/convert/pdfExport';
import { jsonText, normalizeDoc } from '../../../lib/convert/schemaDoc';
import { markedTexts, outline, sampleDoc, sampleTexts } from './fixture';

const run = promisify(execFile);
const available = (cmd: string, flag: string) => spawnSync(cmd, [flag], { stdio: 'ignore' }).status === 0;
// LibreOffice is the independent reader; CI installs it (.ci/run), so there these tests always run.
const skipOffice = !available('soffice', '--version') && !process.env.CI;
const skipPdf = !available('pdftotext', '-v') && !process.env.CI;

const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

function expectInOrder(text: string, needles: string[]): void {
  const flat = squash(text);
  let at = 0;
  for (const n of needles) {
    const i = flat.indexOf(squash(n), at);
    expect(i, `"${n}" in LibreOffice's text after position ${at}`).toBeGreaterThanOrEqual(0);
    at = i + squash(n).length;
  }
}

describe.skipIf(skipOffice)('round trips through LibreOffice', () => {
  let dir: string;
  const converted = new Map<string, Buffer>();

  /** One soffice call per target format (it takes several seconds to start), with a throwaway profile. */
  async function soffice(target: string, files: string[], outDir: string): Promise<void> {
    await run('soffice', [`-env:UserInstallation=file://${path.join(dir, 'profile')}`, '--headless', '--norestore', '--convert-to', target, '--outdir', outDir, ...files], { timeout: 180_000 });
  }

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'werkraum-lo-'));
    const odt = path.join(dir, 'ours.odt');
    const docx = path.join(dir, 'ours-word.docx');
    writeFileSync(odt, docToOdt(sampleDoc, { title: 'Digitalstrategie' }));
    writeFileSync(docx, await docToDocx(sampleDoc, { title: 'Digitalstrategie' }));
    const text = path.join(dir, 'text');
    const office = path.join(dir, 'office');
    await soffice('txt:Text', [odt, docx], text);
    // LibreOffice rewrites our ODT in its own words, as ODT and as Word.
    await soffice('odt', [odt], office);
    await soffice('docx', [odt], office);
    for (const [key, file] of [
      ['odt.txt', path.join(text, 'ours.txt')],
      ['docx.txt', path.join(text, 'ours-word.txt')],
      ['lo.odt', path.join(office, 'ours.odt')],
      ['lo.docx', path.join(office, 'ours.docx')],
    ]) converted.set(key, readFileSync(file));
  }, 300_000);

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('opens our ODT with the same headings, list items, table cells and text', () => {
    const text = converted.get('odt.txt')!.toString('utf8');
    expectInOrder(text, sampleTexts);
    expect(text).toMatch(/☑ Erledigte Aufgabe/);
  });

  it('opens our DOCX with the same headings, list items, table cells and text', () => {
    expectInOrder(converted.get('docx.txt')!.toString('utf8'), sampleTexts);
  });

  it('imports the ODT LibreOffice writes with the same structure', () => {
    const doc = odtToDoc(new Uint8Array(converted.get('lo.odt')!));
    expect(outline(doc)).toEqual(outline(normalizeDoc(sampleDoc)));
    expect(markedTexts(doc)).toEqual(markedTexts(normalizeDoc(sampleDoc)));
  });

  it('imports the DOCX LibreOffice writes with the same structure', () => {
    const doc = docxToDoc(new Uint8Array(converted.get('lo.docx')!));
    expect(outline(doc)).toEqual(outline(normalizeDoc(sampleDoc)));
    expect(markedTexts(doc)).toEqual(markedTexts(normalizeDoc(sampleDoc)));
  });
});

describe.skipIf(skipPdf)('PDF text through pdftotext', () => {
  it('equals the document text', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'werkraum-pdf-'));
    try {
      const file = path.join(dir, 'doc.pdf');
      writeFileSync(file, await docToPdf(sampleDoc, { title: 'Digitalstrategie' }));
      const { stdout } = await run('pdftotext', ['-enc', 'UTF-8', file, '-']);
      // Numbers of ordered lists and task boxes are drawn as text; bullets are drawn as shapes.
      const pdfText = stdout.replace(/^\s*\d+\.\s/gm, '').replace(/[☐☑]\s/g, '');
      expect(squash(pdfText)).toBe(squash(jsonText(normalizeDoc(sampleDoc))));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
