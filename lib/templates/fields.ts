import type { JSONContent } from '@tiptap/core';

/**
 * Values a text template fills in when a document is made from it ("Berichtszeitraum: Q4/2026",
 * "Stand: 30.11.2026"). Templates are German and the county's calendar is Berlin's, whatever the
 * server's time zone.
 */
export const TEMPLATE_FIELD = {
  quarter: '{{Quartal}}',
  today: '{{Datum}}',
} as const;

const berlinDate = new Intl.DateTimeFormat('de-DE', { timeZone: 'Europe/Berlin', day: '2-digit', month: '2-digit', year: 'numeric' });

export function fieldValues(now: Date): Record<string, string> {
  const today = berlinDate.format(now);
  const [, month, year] = today.split('.').map(Number);
  return { [TEMPLATE_FIELD.quarter]: `Q${Math.ceil(month / 3)}/${year}`, [TEMPLATE_FIELD.today]: today };
}

/** A copy of `content` with every field in its text replaced by its value. */
export function fillFields(content: JSONContent, now: Date): JSONContent {
  const values = fieldValues(now);
  const pattern = new RegExp(Object.keys(values).map((k) => k.replace(/[{}]/g, '\\$&')).join('|'), 'g');
  const fill = (node: JSONContent): JSONContent => ({
    ...node,
    ...(node.text !== undefined ? { text: node.text.replace(pattern, (k) => values[k]) } : {}),
    ...(node.content ? { content: node.content.map(fill) } : {}),
  });
  return fill(content);
}
