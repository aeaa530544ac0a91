import type { JSONContent } from '@tiptap/core';
import { docxToDoc } from './docxImport';
import { malformed, tooLarge, unsupportedFormat } from './errors';
import { etherpadToDoc } from './etherpadImport';
import { importFormatOf, type ImportFormat } from './formats';
import { htmlToDoc } from './htmlImport';
import { markdownToDoc } from './markdownImport';
import { odtToDoc } from './odtImport';
import { textToDoc } from './textImport';
import { DEFAULT_UNZIP_LIMITS, isZip, type UnzipLimits } from './unzip';

export interface ImportInput {
  bytes: Uint8Array;
  filename: string;
  contentType?: string;
  maxBytes: number;
  unzipLimits?: UnzipLimits;
}

/**
 * Reads an uploaded file into document JSON of our schema, or throws an AppError (413 too large,
 * 400 unsupported or malformed). Pure: nothing is stored here, so a failure leaves nothing behind.
 */
export function importFile(input: ImportInput): { doc: JSONContent; format: ImportFormat } {
  const { bytes, filename, maxBytes } = input;
  if (bytes.length > maxBytes) throw tooLarge(`The file is larger than ${maxBytes} bytes`);
  if (bytes.length === 0) throw malformed('The file is empty');
  let format = importFormatOf(filename, input.contentType ?? '');
  if (!format) throw unsupportedFormat('Unsupported file type: use .odt, .docx, .md, .html, .etherpad or .txt');
  // Office files are zips; a zip named otherwise is still read by what it contains.
  if (isZip(bytes) && format !== 'odt' && format !== 'docx') format = officeKind(bytes);
  if ((format === 'odt' || format === 'docx') && !isZip(bytes)) throw malformed(`The file is not a valid .${format} file`);
  // Office XML compresses about tenfold; more than that (beyond a small floor) is a bomb.
  const limits = { ...DEFAULT_UNZIP_LIMITS, maxTotalBytes: Math.max(8 * 1024 * 1024, 10 * maxBytes), ...input.unzipLimits };
  switch (format) {
    case 'odt':
      return { doc: odtToDoc(bytes, limits), format };
    case 'docx':
      return { doc: docxToDoc(bytes, limits), format };
    case 'markdown':
      return { doc: markdownToDoc(text(bytes)), format };
    case 'html':
      return { doc: htmlToDoc(text(bytes)), format };
    case 'etherpad':
      return { doc: etherpadToDoc(text(bytes)), format };
    case 'text':
      return { doc: textToDoc(text(bytes)), format };
  }
}

function officeKind(bytes: Uint8Array): 'odt' | 'docx' {
  // An ODF package starts with its uncompressed "mimetype" entry.
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 100));
  return head.includes('mimetypeapplication/vnd.oasis.opendocument.text') ? 'odt' : 'docx';
}

function text(bytes: Uint8Array): string {
  return new TextDecoder('utf-8').decode(bytes).replace(/^\uFEFF/, '');
}
