import type { JSONContent } from '@tiptap/core';
import { countyServices } from './seed/countyServices';
import type { TemplateDefinition, TemplatePreview } from './types';

const textOf = (n: JSONContent): string => (n.text ?? '') + (n.content ?? []).map(textOf).join('');

/** What the gallery draws small: headings down to level 3, or tabs with their column titles. */
export function templatePreview(t: TemplateDefinition): TemplatePreview {
  if (t.kind === 'text') {
    const outline: Array<{ level: number; text: string }> = [];
    const walk = (n: JSONContent) => {
      if (n.type === 'heading' && Number(n.attrs?.level) <= 3) outline.push({ level: Number(n.attrs?.level), text: textOf(n) });
      else if (n.type !== 'guidance') (n.content ?? []).forEach(walk);
    };
    walk(t.content);
    return { kind: 'text', outline };
  }
  return {
    kind: 'sheet',
    tabs: t.tabs.map((tab) => ({ name: tab.name, columns: tab.columns.map((c) => c.title), rows: 'seed' in tab.rows ? countyServices().length : tab.rows.count })),
  };
}
