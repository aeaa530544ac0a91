import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { prosemirrorJSONToYDoc } from '@tiptap/y-tiptap';
import { getSchema } from '@tiptap/core';
import { CONTENT_FIELD, isSafeUrl, richTextExtensions } from '../../lib/richtext/extensions';
import { documentHTML, documentText } from '../../lib/richtext/content';

function docFrom(json: object): Y.Doc {
  return prosemirrorJSONToYDoc(getSchema(richTextExtensions()), json, CONTENT_FIELD);
}

describe('rich text on the server', () => {
  const doc = docFrom({
    type: 'doc',
    content: [
      { type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: 'Handlungsfelder' }] },
      { type: 'paragraph', content: [{ type: 'text', text: 'HF1 ' }, { type: 'text', marks: [{ type: 'bold' }], text: 'OZG-Leistungen' }] },
      { type: 'bulletList', content: [{ type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Punkt <eins>' }] }] }] },
      { type: 'paragraph', content: [{ type: 'text', marks: [{ type: 'link', attrs: { href: 'https://ozg.example' } }], text: 'Quelle' }] },
    ],
  });

  it('renders plain text with blocks separated by blank lines', () => {
    expect(documentText(doc)).toBe('Handlungsfelder\n\nHF1 OZG-Leistungen\n\nPunkt <eins>\n\nQuelle');
  });

  it('renders escaped HTML from the editor schema', () => {
    const html = documentHTML(doc);
    expect(html).toContain('<h2>Handlungsfelder</h2>');
    expect(html).toContain('<strong>OZG-Leistungen</strong>');
    expect(html).toContain('Punkt &lt;eins&gt;');
    expect(html).toMatch(/<a [^>]*href="https:\/\/ozg.example"/);
  });

  it('allows only web, mail and phone links', () => {
    expect(isSafeUrl('https://kreis.example')).toBe(true);
    expect(isSafeUrl('mailto:amt@kreis.example')).toBe(true);
    expect(isSafeUrl('kreis.example/seite')).toBe(true);
    expect(isSafeUrl('javascript:alert(1)')).toBe(false);
    expect(isSafeUrl(' JavaScript:alert(1)')).toBe(false);
    expect(isSafeUrl('data:text/html,<script>')).toBe(false);
  });
});
