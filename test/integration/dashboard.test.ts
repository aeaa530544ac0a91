import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createDocument, exportContent, setAcl } from '../../lib/documents/service';
import { putCells } from '../../lib/documents/sheetService';
import { createVersion } from '../../lib/documents/versions';
import { dashboardHistory } from '../../lib/documents/dashboard';
import { weekStart } from '../../lib/dashboard/weeks';
import type { Principal } from '../../lib/auth/principal';
import type { User } from '../../lib/store/types';
import { createUserWithToken, startTestApp, type TestApp } from '../helpers/testApp';

const WEEK = 7 * 86_400_000;
const principal = (user: User): Principal => ({ user, via: 'token' });

describe('dashboard history and live figures on the server', () => {
  let app: TestApp;
  let anna: Principal, ben: Principal;

  beforeAll(async () => {
    app = await startTestApp();
    anna = principal((await createUserWithToken(app.services.store, 'anna@kreis.example', 'Anna Amt')).user);
    ben = principal((await createUserWithToken(app.services.store, 'ben@kreis.example', 'Ben Bauamt')).user);
  });
  afterAll(() => app?.dispose());

  it('counts services at Stufe ≥ 3 per week from the last version of each week and the live sheet', async () => {
    const s = app.services;
    const sheet = await createDocument(s, anna, { template: 'ozg-priorisierung', title: 'Priorisierung' });
    await putCells(s, anna, sheet.id, { cells: { L2: 3, L3: 4, L4: 1 } });
    await createVersion(s, anna, sheet.id, 'Stand 1');
    await putCells(s, anna, sheet.id, { cells: { L4: 3, L5: 3 } });
    await createVersion(s, anna, sheet.id, null);
    await putCells(s, anna, sheet.id, { cells: { L6: 4 } });

    // Two weeks on: this week's versions are history, the live sheet is the current week.
    const later = Date.now() + 2 * WEEK;
    const { weeks } = await dashboardHistory(s, anna, sheet.id, later);
    expect(weeks.map((w) => [w.online, w.total, w.recorded])).toEqual([
      [4, 49, true],
      [4, 49, false],
      [5, 49, true],
    ]);
    expect(weeks[2].start).toBe(new Date(weekStart(later)).toISOString().slice(0, 10));

    await expect(dashboardHistory(s, ben, sheet.id)).rejects.toMatchObject({ status: 404 });
    const text = await createDocument(s, anna, { title: 'Text' });
    await expect(dashboardHistory(s, anna, text.id)).rejects.toMatchObject({ status: 400 });
  });

  it('exports live figures with the exporting user’s access: values for readers of the sheet, placeholders for others', async () => {
    const s = app.services;
    const sheet = await createDocument(s, anna, { template: 'ozg-priorisierung', title: 'Priorisierung' });
    await putCells(s, anna, sheet.id, { cells: { L2: 3, L3: 1 } });
    const report = await createDocument(s, anna, { template: 'quartalsbericht', title: 'Bericht' });
    await s.liveDocs.change(report.id, anna.user.id, (ydoc) => {
      const walk = (n: Y.XmlElement | Y.XmlFragment) => {
        for (const c of n.toArray()) {
          if (!(c instanceof Y.XmlElement)) continue;
          if (c.nodeName === 'sheetFigure') c.setAttribute('docId', sheet.id);
          walk(c);
        }
      };
      walk(ydoc.getXmlFragment('content'));
    });
    await setAcl(s, anna, report.id, { entries: [{ principal: 'user', id: ben.user.id, role: 'viewer' }] });

    const mine = String((await exportContent(s, anna, report.id, 'text')).body);
    // The template's figures have no label of their own: the table's first column names them.
    expect(mine).toMatch(/Erfasste OZG-Leistungen\s+49\s/);
    expect(mine).toMatch(/Anteil Reifegrad ≥ 3\s+50\s%/);
    expect(mine).not.toContain('(Kennzahl aus Tabelle)');
    const theirs = String((await exportContent(s, ben, report.id, 'text')).body);
    expect(theirs).toContain('Leistungen gesamt: (Kennzahl aus Tabelle)');
    expect(theirs).not.toMatch(/50\s%/);
    for (const format of ['odt', 'docx', 'pdf', 'html', 'markdown'] as const) expect((await exportContent(s, anna, report.id, format)).body.length).toBeGreaterThan(100);
  });
});
