import { describe, expect, it } from 'vitest';
import { getSchema } from '@tiptap/core';
import { Node as PMNode } from '@tiptap/pm/model';
import { richTextExtensions } from '../../lib/richtext/extensions';
import { accessibilityIssues } from '../../lib/richtext/accessibilityCheck';

const schema = getSchema(richTextExtensions());
const h = (level: number, text: string) => ({ type: 'heading', attrs: { level }, content: [{ type: 'text', text }] });
const doc = (...content: object[]) => PMNode.fromJSON(schema, { type: 'doc', content });
const cell = (type: string, text: string) => ({ type, content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] });

describe('accessibility check of documents', () => {
  it('accepts a well-ordered outline, decorative images and tables with a header row', () => {
    const d = doc(
      h(1, 'Digitalstrategie'), h(2, 'Ausgangslage'), h(3, 'Infrastruktur'), h(2, 'Zielbild'),
      { type: 'image', attrs: { src: 'data:image/png;base64,AAAA', alt: '' } },
      { type: 'table', content: [{ type: 'tableRow', content: [cell('tableHeader', 'Amt')] }, { type: 'tableRow', content: [cell('tableCell', 'Umweltamt')] }] },
    );
    expect(accessibilityIssues(d)).toEqual([]);
  });

  it('reports skipped heading levels, a deep first heading, missing alt text and missing table headers', () => {
    const d = doc(
      h(3, 'Start'), h(1, 'Titel'), h(3, 'Zu tief'),
      { type: 'image', attrs: { src: 'data:image/png;base64,AAAA' } },
      { type: 'table', content: [{ type: 'tableRow', content: [cell('tableCell', 'x')] }] },
    );
    expect(accessibilityIssues(d).map((i) => i.kind)).toEqual(['firstHeading', 'headingSkip', 'imageAlt', 'tableHeader']);
    expect(accessibilityIssues(d)[1]).toMatchObject({ text: 'Zu tief', from: 1, to: 3 });
  });
});
