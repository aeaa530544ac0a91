import type { JSONContent } from '@tiptap/core';
import { docToDocx } from './docxExport';
import { EXPORT_FORMATS, exportFileName, type ExportFormat } from './formats';
import { docToHtmlPage } from './htmlExport';
import { docToMarkdown } from './markdownExport';
import { docToOdt } from './odtExport';
import { docToPdf } from './pdfExport';
import { jsonText, normalizeDoc } from './schemaDoc';

export interface ExportedFile {
  body: Uint8Array | string;
  contentType: string;
  filename: string;
}

/** Renders document JSON (from `documentJSON`) in one of the export formats. */
export async function exportDocument(doc: JSONContent, format: ExportFormat, title: string): Promise<ExportedFile> {
  const meta = { title };
  const body = await (async () => {
    switch (format) {
      case 'text':
        return jsonText(normalizeDoc(doc));
      case 'html':
        return docToHtmlPage(doc, title);
      case 'markdown':
        return docToMarkdown(doc);
      case 'odt':
        return docToOdt(doc, meta);
      case 'docx':
        return docToDocx(doc, meta);
      case 'pdf':
        return docToPdf(doc, meta);
    }
  })();
  return { body, contentType: EXPORT_FORMATS[format].contentType, filename: exportFileName(title, format) };
}
