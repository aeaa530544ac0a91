'use client';

import { useTranslations } from 'next-intl';
import type { SheetModel, SheetInfo } from '@/lib/sheet/SheetModel';

/** Sheet tabs: switch, add, rename, reorder, delete (all shared edits except switching). */
export function SheetTabs({ model, sheets, current, onSelect, editable }: { model: SheetModel; sheets: SheetInfo[]; current: string; onSelect: (id: string) => void; editable: boolean }) {
  const t = useTranslations('sheet');
  const index = sheets.findIndex((s) => s.id === current);
  const run = (fn: () => void) => {
    try {
      fn();
    } catch (err) {
      window.alert((err as Error).message);
    }
  };
  return (
    <div className="sheet-tabs">
      <div role="tablist" aria-label={t('tabs')}>
        {sheets.map((s) => (
          <button key={s.id} type="button" role="tab" aria-selected={s.id === current} className="sheet-tab" onClick={() => onSelect(s.id)}>
            {s.name}
          </button>
        ))}
      </div>
      {editable && (
        <div className="sheet-tab-actions">
          <button type="button" className="button small secondary" onClick={() => run(() => onSelect(model.addSheet({ rows: 100, cols: 26 })))}>{t('addSheet')}</button>
          <button type="button" className="button small secondary" onClick={() => {
            const name = window.prompt(t('renamePrompt'), sheets[index]?.name);
            if (name) run(() => model.renameSheet(current, name));
          }}>{t('renameSheet')}</button>
          <button type="button" className="button small secondary" disabled={index <= 0} onClick={() => run(() => model.moveSheet(current, index - 1))}>{t('moveSheetLeft')}</button>
          <button type="button" className="button small secondary" disabled={index >= sheets.length - 1} onClick={() => run(() => model.moveSheet(current, index + 1))}>{t('moveSheetRight')}</button>
          <button type="button" className="button small danger" disabled={sheets.length <= 1} onClick={() => {
            if (window.confirm(t('deleteConfirm', { name: sheets[index]?.name ?? '' }))) run(() => model.deleteSheet(current));
          }}>{t('deleteSheet')}</button>
        </div>
      )}
    </div>
  );
}
