/** Formats a text document can be read as, with how each is served. */
export const EXPORT_FORMATS = {
  text: { contentType: 'text/plain; charset=utf-8', ext: 'txt', binary: false },
  html: { contentType: 'text/html; charset=utf-8', ext: 'html', binary: false },
  markdown: { contentType: 'text/markdown; charset=utf-8', ext: 'md', binary: false },
  odt: { contentType: 'application/vnd.oasis.opendocument.text', ext: 'odt', binary: true },
  docx: { contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', ext: 'docx', binary: true },
  pdf: { contentType: 'application/pdf', ext: 'pdf', binary: true },
} as const;
export type ExportFormat = keyof typeof EXPORT_FORMATS;
export const EXPORT_FORMAT_NAMES = Object.keys(EXPORT_FORMATS) as [ExportFormat, ...ExportFormat[]];

/** Formats whose text can replace a document's content through the API. */
export const REPLACE_FORMAT_NAMES = ['html', 'markdown', 'text'] as const;
export type ReplaceFormat = (typeof REPLACE_FORMAT_NAMES)[number];

export const IMPORT_FORMAT_NAMES = ['odt', 'docx', 'markdown', 'html', 'etherpad', 'text'] as const;
export type ImportFormat = (typeof IMPORT_FORMAT_NAMES)[number];

const BY_EXTENSION: Record<string, ImportFormat> = {
  odt: 'odt', docx: 'docx', md: 'markdown', markdown: 'markdown', html: 'html', htm: 'html', xhtml: 'html', etherpad: 'etherpad', txt: 'text', text: 'text',
};
const BY_TYPE: Record<string, ImportFormat> = {
  'application/vnd.oasis.opendocument.text': 'odt',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
  'text/markdown': 'markdown',
  'text/x-markdown': 'markdown',
  'text/html': 'html',
  'application/xhtml+xml': 'html',
  'text/plain': 'text',
};

/** The import format from the file name, else the declared content type; null when neither names one we read. */
export function importFormatOf(filename: string, contentType: string): ImportFormat | null {
  const ext = /\.([a-z0-9]+)$/i.exec(filename)?.[1]?.toLowerCase();
  if (ext && BY_EXTENSION[ext]) return BY_EXTENSION[ext];
  if (ext === 'json') return 'etherpad';
  return BY_TYPE[contentType.split(';')[0].trim().toLowerCase()] ?? null;
}

/** A file name from the title: characters that file systems or headers refuse are replaced. */
export function exportFileName(title: string, format: ExportFormat): string {
  const base =
    title
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u001f\u007f/\\:*?"<>|]+/g, '_')
      .replace(/^[\s.]+|[\s.]+$/g, '')
      .slice(0, 100) || 'Dokument';
  return `${base}.${EXPORT_FORMATS[format].ext}`;
}

/** RFC 6266: an ASCII fallback plus the exact UTF-8 name (Umlauts are common in titles). */
export function contentDisposition(kind: 'attachment' | 'inline', filename: string): string {
  const ascii = filename.normalize('NFKD').replace(/[^\x20-\x7e]/g, '').replace(/["\\%]/g, '_') || 'Dokument';
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

/** A title for an imported document: the file name without its extension. */
export function titleFromFileName(filename: string): string {
  const base = filename.replace(/^.*[\\/]/, '').replace(/\.[a-z0-9]{1,10}$/i, '').trim();
  return base.slice(0, 200) || 'Importiertes Dokument';
}
