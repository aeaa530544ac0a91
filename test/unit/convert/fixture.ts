import type { JSONContent } from '@tiptap/core';

const t = (text: string, ...marks: string[]): JSONContent => ({ type: 'text', text, ...(marks.length ? { marks: marks.map((type) => ({ type })) } : {}) });
const p = (...content: JSONContent[]): JSONContent => ({ type: 'paragraph', content });
const li = (...content: JSONContent[]): JSONContent => ({ type: 'listItem', content });
const cell = (type: 'tableCell' | 'tableHeader', text: string): JSONContent => ({ type, content: [p(t(text))] });

/** One document with every structure the converters must carry: the shared fixture of the convert tests. */
export const sampleDoc: JSONContent = {
  type: 'doc',
  content: [
    { type: 'heading', attrs: { level: 1 }, content: [t('Digitalstrategie 2026')] },
    p(t('Ein Absatz mit '), t('fett', 'bold'), t(', '), t('kursiv', 'italic'), t(', '), t('unterstrichen', 'underline'), t(', '), t('durchgestrichen', 'strike'), t(' und einem '), { type: 'text', text: 'Verweis', marks: [{ type: 'link', attrs: { href: 'https://kreis.example/strategie' } }] }, t('.')),
    { type: 'heading', attrs: { level: 2 }, content: [t('Ziele & Maßnahmen')] },
    {
      type: 'bulletList',
      content: [
        li(p(t('Erster Punkt')), { type: 'bulletList', content: [li(p(t('Unterpunkt A'))), li(p(t('Unterpunkt B')))] }),
        li(p(t('Zweiter Punkt'))),
      ],
    },
    {
      type: 'orderedList',
      attrs: { start: 1 },
      content: [li(p(t('Schritt eins')), { type: 'orderedList', attrs: { start: 1 }, content: [li(p(t('Teilschritt')))] }), li(p(t('Schritt zwei')))],
    },
    { type: 'heading', attrs: { level: 3 }, content: [t('Aufgaben')] },
    {
      type: 'taskList',
      content: [
        { type: 'taskItem', attrs: { checked: true }, content: [p(t('Erledigte Aufgabe'))] },
        { type: 'taskItem', attrs: { checked: false }, content: [p(t('Offene Aufgabe'))] },
      ],
    },
    {
      type: 'table',
      content: [
        { type: 'tableRow', content: [cell('tableHeader', 'Amt'), cell('tableHeader', 'Leistung')] },
        { type: 'tableRow', content: [cell('tableCell', 'Bauamt'), cell('tableCell', 'Bauantrag')] },
        { type: 'tableRow', content: [cell('tableCell', 'Ordnungsamt'), cell('tableCell', 'Gewerbeanmeldung')] },
      ],
    },
    { type: 'blockquote', content: [p(t('Ein Zitat aus dem Kreistag.'))] },
    { type: 'codeBlock', attrs: { language: 'json' }, content: [t('{\n  "amt": "Bauamt"\n}')] },
    p(t('Schlusssatz.')),
  ],
};

/** The words every export must contain, in order. */
export const sampleTexts = [
  'Digitalstrategie 2026', 'fett', 'kursiv', 'unterstrichen', 'durchgestrichen', 'Verweis', 'Ziele & Maßnahmen',
  'Erster Punkt', 'Unterpunkt A', 'Unterpunkt B', 'Zweiter Punkt', 'Schritt eins', 'Teilschritt', 'Schritt zwei', 'Aufgaben',
  'Erledigte Aufgabe', 'Offene Aufgabe', 'Amt', 'Leistung', 'Bauamt', 'Bauantrag', 'Ordnungsamt', 'Gewerbeanmeldung',
  'Ein Zitat aus dem Kreistag.', '"amt": "Bauamt"', 'Schlusssatz.',
];

type Node = JSONContent;

/** The structure as a compact outline (node types, levels, checked flags, text), for comparing round trips. */
export function outline(doc: Node): string[] {
  const out: string[] = [];
  const visit = (n: Node, depth: number) => {
    const label = (() => {
      switch (n.type) {
        case 'heading':
          return `h${n.attrs?.level}`;
        case 'taskItem':
          return `taskItem(${n.attrs?.checked ? 'x' : ' '})`;
        case 'tableHeader':
        case 'tableCell':
          return `${n.type}`;
        default:
          return n.type ?? '?';
      }
    })();
    if (n.type === 'text' || n.type === 'hardBreak') return;
    const text = n.type === 'paragraph' || n.type === 'heading' || n.type === 'codeBlock' ? `: ${(n.content ?? []).map((c) => c.text ?? (c.type === 'hardBreak' ? '\n' : '')).join('')}` : '';
    if (n.type !== 'doc') out.push(`${'  '.repeat(depth)}${label}${text}`);
    for (const c of n.content ?? []) visit(c, n.type === 'doc' ? 0 : depth + 1);
  };
  visit(doc, 0);
  return out;
}

/** Marks found on text, as "text:mark" pairs. */
export function markedTexts(doc: Node): string[] {
  const out: string[] = [];
  const visit = (n: Node) => {
    for (const m of n.marks ?? []) out.push(`${n.text}:${m.type}${m.type === 'link' ? `=${m.attrs?.href}` : ''}`);
    for (const c of n.content ?? []) visit(c);
  };
  visit(doc);
  return out.sort();
}
