import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { instantiateTemplate } from '../../../lib/templates/instantiate';
import { zustaendigkeitsmatrix } from '../../../lib/templates/definitions/zustaendigkeitsmatrix';
import { SheetModel } from '../../../lib/sheet/SheetModel';

function create(groups: Array<{ id: string; name: string; externalName: string | null }>) {
  const doc = new Y.Doc();
  instantiateTemplate(doc, zustaendigkeitsmatrix, 'Zuständigkeiten', { groups });
  const model = new SheetModel(doc);
  const sheetId = model.sheetIds()[0];
  const rows = Array.from({ length: model.rowCount(sheetId) }, (_, r) => ({ amt: model.getValue(sheetId, r, 6), owner: model.getRowMeta(sheetId, r).owner }));
  model.destroy();
  return rows;
}

describe('Zuständigkeitsmatrix: row owners from the Amt', () => {
  it('gives each row to the group named like its Amt, and leaves other rows free', () => {
    const rows = create([
      { id: 'g-jugend', name: 'jugendamt', externalName: null },
      { id: 'g-zul', name: 'Kfz', externalName: 'Zulassungsbehörde' },
    ]);
    const data = rows.slice(1);
    expect(rows[0].owner).toBeUndefined();
    expect(data.filter((r) => r.amt === 'Jugendamt').every((r) => r.owner === 'g-jugend')).toBe(true);
    expect(data.filter((r) => r.amt === 'Zulassungsbehörde').every((r) => r.owner === 'g-zul')).toBe(true);
    expect(data.some((r) => r.amt === 'Jugendamt')).toBe(true);
    expect(data.filter((r) => r.amt !== 'Jugendamt' && r.amt !== 'Zulassungsbehörde').every((r) => r.owner === undefined)).toBe(true);
  });

  it('sets no owners without groups', () => {
    expect(create([]).every((r) => r.owner === undefined)).toBe(true);
  });
});
