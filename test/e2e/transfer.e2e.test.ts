import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { tempDir } from '../helpers/testApp';
import { editorText, signIn } from '../helpers/browser';
import { waitFor } from '../helpers/waitFor';
import { browserSuite } from '../helpers/browserSuite';

describe('export and import from the UI', () => {
  const suite = browserSuite({
    prefix: 'werkraum-e2e-transfer-',
    admin: { name: 'Erika Export', email: 'erika@kreis.example', password: 'export-passwort-1' },
    context: { acceptDownloads: true },
  });
  let page: Page;

  beforeAll(async () => {
    page = await suite.newPage();
    await signIn(page, suite.server.url, 'erika@kreis.example', 'export-passwort-1');
  });

  async function documentCount(): Promise<number> {
    const res = await page.request.get(`${suite.server.url}/api/v1/documents`);
    return ((await res.json()) as { documents: unknown[] }).documents.length;
  }

  it('downloads a text document as ODT and a sheet as XLSX', async () => {
    const created = await page.request.post(`${suite.server.url}/api/v1/documents`, { data: { title: 'Bericht', kind: 'text' } });
    const { id } = (await created.json()) as { id: string };
    const put = await page.request.put(`${suite.server.url}/api/v1/documents/${id}/content?format=markdown`, {
      headers: { 'content-type': 'text/markdown' },
      data: '# Quartalsbericht\n\nDer Stand der Umsetzung.\n',
    });
    expect(put.ok()).toBe(true);
    await page.goto(`${suite.server.url}/d/${id}`);
    await waitFor(async () => (await editorText(page)).includes('Der Stand der Umsetzung.'));
    await page.getByText('Exportieren').click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Als ODT herunterladen' }).click()]);
    const file = await download.path();
    const bytes = readFileSync(file);
    // An ODF package: a zip whose first entry is the uncompressed mimetype.
    expect(bytes.subarray(0, 2).toString()).toBe('PK');
    expect(bytes.includes(Buffer.from('application/vnd.oasis.opendocument.text'))).toBe(true);
    expect(download.suggestedFilename()).toMatch(/\.odt$/);

    const sheetId = await suite.createDocument(page, { title: 'Zahlen', kind: 'sheet' });
    await page.goto(`${suite.server.url}/s/${sheetId}`);
    await page.locator('.sheet-grid td').first().waitFor();
    await page.getByText('Exportieren').click();
    const [xlsx] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Als XLSX herunterladen' }).click()]);
    expect(xlsx.suggestedFilename()).toMatch(/\.xlsx$/);
    expect(readFileSync(await xlsx.path()).subarray(0, 2).toString()).toBe('PK');
  });

  it('imports a Markdown file as a new document and refuses a broken file without creating anything', async () => {
    const dir = tempDir('werkraum-upload-');
    try {
      const md = path.join(dir, 'protokoll.md');
      writeFileSync(md, '# Ergebnisprotokoll\n\n- Beschluss: Einführung der E-Akte\n');
      const broken = path.join(dir, 'kaputt.docx');
      writeFileSync(broken, 'this is not a zip file');

      await page.goto(`${suite.server.url}/`);
      // The list is fetched by the page's script: once it shows, the file input reacts too.
      await page.getByRole('cell', { name: 'Bericht' }).first().waitFor();
      const before = await documentCount();
      await page.getByTestId('import-file').setInputFiles(broken);
      await page.getByRole('alert').filter({ hasText: 'Der Import ist fehlgeschlagen' }).waitFor();
      expect(await documentCount()).toBe(before);

      await page.getByTestId('import-file').setInputFiles(md);
      await page.waitForURL(/\/d\/[\w-]+$/);
      await waitFor(async () => (await editorText(page)).includes('Beschluss: Einführung der E-Akte'));
      expect(await page.locator('[data-testid="editor-content"] h1').innerText()).toBe('Ergebnisprotokoll');
      expect(await documentCount()).toBe(before + 1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
