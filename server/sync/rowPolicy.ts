import type * as Y from 'yjs';
import { SHEETS_MAP, sheetParts } from '../../lib/sheet/sheetDoc';
import type { DocumentRole } from '../../lib/store/types';
import { rowWrites } from './rowWrites';

/**
 * Row ownership in sheets: a row whose `rowMeta.owner` names a group may be changed only by
 * that group's members and by the document's owners. Only owners give or take a row's owner.
 * Returns why an update must be refused, or null.
 */
export function refuseRowWrites(doc: Y.Doc, update: Uint8Array, role: DocumentRole, groupIds: ReadonlySet<string>): string | null {
  if (role === 'owner' || !doc.share.has(SHEETS_MAP)) return null;
  const sheets = doc.getMap(SHEETS_MAP);
  const writes = rowWrites(doc, update);
  const ownerOf = (sheetId: string, rowId: string): string | undefined => {
    const meta = sheetParts(sheets.get(sheetId))?.rowMeta.get(rowId) as { owner?: unknown } | undefined;
    return typeof meta?.owner === 'string' ? meta.owner : undefined;
  };
  for (const [sheetId, rows] of writes.rows) {
    for (const rowId of rows) {
      const owner = ownerOf(sheetId, rowId);
      if (owner !== undefined && !groupIds.has(owner)) return `row ${rowId} belongs to group ${owner}`;
    }
  }
  for (const { sheetId, rowId, value } of writes.rowMetaValues) {
    const next = value && typeof value === 'object' ? (value as { owner?: unknown }).owner : undefined;
    if (next !== ownerOf(sheetId, rowId)) return `only owners change the owner of row ${rowId}`;
  }
  for (const sheetId of writes.wholeSheets) {
    const parts = sheetParts(sheets.get(sheetId));
    if (!parts) continue;
    for (const [, meta] of parts.rowMeta) {
      if (meta && typeof meta === 'object' && typeof (meta as { owner?: unknown }).owner === 'string') return `sheet ${sheetId} has owned rows`;
    }
  }
  return null;
}
