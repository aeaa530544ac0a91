import type * as Y from 'yjs';
import type { JSONContent } from '@tiptap/core';
import { prosemirrorJSONToYXmlFragment } from '@tiptap/y-tiptap';
import { CONTENT_FIELD, META_MAP, RICHTEXT_SCHEMA_VERSION } from '../richtext/extensions';
import { richTextSchema } from '../convert/schemaDoc';
import { columnLetters, parseA1 } from '../sheet/a1';
import { isFormula } from '../sheet/formulaRefs';
import { SheetModel } from '../sheet/SheetModel';
import type { CellStyle, ColumnMeta, RawValue } from '../sheet/types';
import { fillFields } from './fields';
import { countyServices, type CountyService } from './seed/countyServices';
import type { DocumentTemplate, SheetColumnSpec, SheetTabSpec, SheetTemplate, TemplateContext, TemplateDefinition } from './types';

/**
 * Fills an empty Y.Doc from a template, inside the caller's transaction (the document's creation),
 * so every client receives the finished document in one update. One generic path per kind:
 * what differs between templates is data.
 */
export function instantiateTemplate(ydoc: Y.Doc, template: TemplateDefinition, title: string, ctx: TemplateContext = {}): void {
  if (template.kind === 'text') writeDocument(ydoc, template, title, ctx.now ?? new Date());
  else writeSheet(ydoc, template, title, ctx);
  const meta = ydoc.getMap(META_MAP);
  meta.set('templateId', template.id);
  meta.set('templateVersion', template.version);
}

function writeDocument(ydoc: Y.Doc, template: DocumentTemplate, title: string, now: Date): void {
  const meta = ydoc.getMap(META_MAP);
  meta.set('title', title);
  meta.set('schemaVersion', RICHTEXT_SCHEMA_VERSION);
  writeRichText(ydoc, fillFields(template.content, now));
}

/** Content is checked against the schema first: a broken template fails here, not in an editor. */
export function writeRichText(ydoc: Y.Doc, content: JSONContent): void {
  const schema = richTextSchema();
  schema.nodeFromJSON(content).check();
  prosemirrorJSONToYXmlFragment(schema, content, ydoc.getXmlFragment(CONTENT_FIELD));
}

const HEADER_STYLE: CellStyle = { bold: true, background: '#dde4ee', wrap: true, valign: 'top' };

function dataRows(tab: SheetTabSpec): Array<CountyService | null> {
  return 'seed' in tab.rows ? [...countyServices()] : new Array<null>(tab.rows.count).fill(null);
}

function writeSheet(ydoc: Y.Doc, template: SheetTemplate, title: string, ctx: TemplateContext): void {
  const model = new SheetModel(ydoc);
  try {
    model.transact(() => {
      const [first, ...rest] = template.tabs;
      const size = (tab: SheetTabSpec) => ({ rows: 1 + dataRows(tab).length, cols: tab.columns.length });
      model.initialize({ title, name: first.name, ...size(first) });
      const ids = [model.sheetIds()[0], ...rest.map((tab) => model.addSheet({ name: tab.name, ...size(tab) }))];
      // Every tab exists before the first formula is stored, so references across tabs resolve.
      template.tabs.forEach((tab, i) => writeTab(model, ids[i], tab));
      template.tabs.forEach((tab, i) => assignRowOwners(model, ids[i], tab, ctx));
    });
  } finally {
    model.destroy();
  }
}

function columnMeta(col: SheetColumnSpec): ColumnMeta {
  const meta: ColumnMeta = {};
  if (col.width !== undefined) meta.width = col.width;
  if (col.type !== undefined) meta.type = col.type;
  if (col.options !== undefined) meta.options = col.options;
  if (col.validation !== undefined) meta.validation = col.validation;
  if (col.optionColors !== undefined) meta.optionColors = col.optionColors;
  return meta;
}

function writeTab(model: SheetModel, sheetId: string, tab: SheetTabSpec): void {
  const rows = dataRows(tab);
  const headerStyle = model.defineStyle(sheetId, HEADER_STYLE);
  tab.columns.forEach((col, c) => {
    if (col.letter !== columnLetters(c)) throw new Error(`Template tab ${tab.name}: column ${col.title} is ${columnLetters(c)}, not ${col.letter}`);
    model.setColumnMeta(sheetId, c, columnMeta(col));
    model.setCell(sheetId, 0, c, { v: col.title, s: headerStyle });
  });
  const values: RawValue[][] = rows.map((seed) => tab.columns.map((col) => (col.field && seed ? (seed[col.field] ?? '') : (col.value ?? ''))));
  if (values.length) model.setValues(sheetId, 1, 0, values);
  tab.columns.forEach((col, c) => {
    const style = col.style ? model.defineStyle(sheetId, col.style) : undefined;
    rows.forEach((_, i) => {
      if (col.formula) model.setInput(sheetId, i + 1, c, col.formula.replaceAll('{row}', String(i + 2)), 'en');
      if (style) model.setStyle(sheetId, i + 1, c, style);
    });
  });
  for (const [a1, v] of Object.entries(tab.cells ?? {})) {
    const at = parseA1(a1)!;
    // Only formulas are parsed; labels such as the model version `1.1` stay text.
    if (isFormula(v)) model.setInput(sheetId, at.row, at.col, v as string, 'en');
    else model.setValue(sheetId, at.row, at.col, v);
  }
  for (const [a1, style] of Object.entries(tab.cellStyles ?? {})) {
    const at = parseA1(a1)!;
    model.setStyle(sheetId, at.row, at.col, style);
  }
  if (tab.frozen) model.setFrozen(sheetId, tab.frozen);
}


/** Gives each data row to the group whose name (or external name) is the row's value in `rowOwnerFrom`. */
function assignRowOwners(model: SheetModel, sheetId: string, tab: SheetTabSpec, ctx: TemplateContext): void {
  if (!tab.rowOwnerFrom || !ctx.groups?.length) return;
  const col = tab.columns.findIndex((c) => c.letter === tab.rowOwnerFrom);
  if (col < 0) return;
  const key = (v: string) => v.trim().toLocaleLowerCase('de');
  const byName = new Map<string, string>();
  for (const g of ctx.groups) {
    byName.set(key(g.name), g.id);
    if (g.externalName) byName.set(key(g.externalName), byName.get(key(g.externalName)) ?? g.id);
  }
  const rows = model.rowCount(sheetId);
  for (let row = 1; row < rows; row++) {
    const value = model.getValue(sheetId, row, col);
    const owner = typeof value === 'string' && value.trim() ? byName.get(key(value)) : undefined;
    if (owner) model.setRowMeta(sheetId, row, { ...model.getRowMeta(sheetId, row), owner });
  }
}
