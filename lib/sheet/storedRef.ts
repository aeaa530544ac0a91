import { ITEM_ID_PATTERN } from './ids';

/**
 * The stored form of one reference inside a formula. Positions change under concurrent edits,
 * ids do not, so a reference names its row and column ids:
 *
 *   {{c=COLID,r=ROWID}}                       a cell          (A1)
 *   {{c=$COLID,r=$ROWID}}                     absolute        ($A$1); `$` marks each part
 *   {{c=C1,r=R1,c2=C2,r2=R2}}                 a range         (A1:B2)
 *   {{c=C1,c2=C2}}   {{r=R1,r2=R2}}           whole columns / rows (A:B, 3:5)
 *   {{s=SHEETID,c=…,r=…}}                     on another sheet (Sheet2!A1)
 *
 * A reference without `s` points into the sheet that holds the formula. `{{`, `}}`, `,`, `=`
 * and `$` never occur in ids (base64url), and the lexer skips string literals, so the encoding
 * cannot be confused with formula text.
 */
export interface IdCoord {
  id: string;
  abs: boolean;
}

export type RefKind = 'cell' | 'range' | 'cols' | 'rows';

export interface StoredRef {
  sheetId?: string;
  kind: RefKind;
  c1?: IdCoord;
  r1?: IdCoord;
  c2?: IdCoord;
  r2?: IdCoord;
}

const coord = (c: IdCoord) => `${c.abs ? '$' : ''}${c.id}`;

export function encodeStoredRef(ref: StoredRef): string {
  const parts: string[] = [];
  if (ref.sheetId !== undefined) parts.push(`s=${ref.sheetId}`);
  if (ref.c1) parts.push(`c=${coord(ref.c1)}`);
  if (ref.r1) parts.push(`r=${coord(ref.r1)}`);
  if (ref.c2) parts.push(`c2=${coord(ref.c2)}`);
  if (ref.r2) parts.push(`r2=${coord(ref.r2)}`);
  return `{{${parts.join(',')}}}`;
}

const ID_CHAR = /^[A-Za-z0-9_-]+$/;

function readCoord(raw: string): IdCoord | null {
  const abs = raw.charCodeAt(0) === 36; // '$'
  const id = abs ? raw.slice(1) : raw;
  return id.length > 0 && id.length <= 64 && ID_CHAR.test(id) ? { id, abs } : null;
}

/**
 * Decodes the text between `{{` and `}}`; null when it is not a well-formed reference.
 * Runs for every reference of every formula when a sheet is evaluated, so it avoids
 * intermediate collections.
 */
export function decodeStoredRef(body: string): StoredRef | null {
  let sheetId: string | undefined;
  let c1: IdCoord | undefined, r1: IdCoord | undefined, c2: IdCoord | undefined, r2: IdCoord | undefined;
  let pos = 0;
  while (pos <= body.length) {
    let end = body.indexOf(',', pos);
    if (end < 0) end = body.length;
    const eq = body.indexOf('=', pos);
    if (eq < 0 || eq >= end) return null;
    const key = body.slice(pos, eq);
    const raw = body.slice(eq + 1, end);
    if (key === 's') {
      if (sheetId !== undefined || !ITEM_ID_PATTERN.test(raw)) return null;
      sheetId = raw;
    } else {
      const coord = readCoord(raw);
      if (!coord) return null;
      if (key === 'c' && !c1) c1 = coord;
      else if (key === 'r' && !r1) r1 = coord;
      else if (key === 'c2' && !c2) c2 = coord;
      else if (key === 'r2' && !r2) r2 = coord;
      else return null;
    }
    pos = end + 1;
  }
  let kind: RefKind;
  if (c1 && r1 && !c2 && !r2) kind = 'cell';
  else if (c1 && r1 && c2 && r2) kind = 'range';
  else if (c1 && c2 && !r1 && !r2) kind = 'cols';
  else if (r1 && r2 && !c1 && !c2) kind = 'rows';
  else return null;
  const ref: StoredRef = { kind };
  if (sheetId !== undefined) ref.sheetId = sheetId;
  if (c1) ref.c1 = c1;
  if (r1) ref.r1 = r1;
  if (c2) ref.c2 = c2;
  if (r2) ref.r2 = r2;
  return ref;
}

/** Every row/column id a reference names. */
export function refIds(ref: StoredRef): string[] {
  return [ref.c1, ref.r1, ref.c2, ref.r2].filter((c): c is IdCoord => !!c).map((c) => c.id);
}
