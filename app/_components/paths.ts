/** Where a document opens: text documents at /d/<id>, spreadsheets at /s/<id>. */
export const documentPath = (kind: 'text' | 'sheet', id: string) => `${kind === 'sheet' ? '/s' : '/d'}/${id}`;
