import { describe, expect, it } from 'vitest';
import type { JSONContent } from '@tiptap/core';
import { docToHtml } from '../../../lib/convert/htmlExport';
import { htmlToDoc } from '../../../lib/convert/htmlImport';
import { docToMarkdown } from '../../../lib/convert/markdownExport';
import { markdownToDoc } from '../../../lib/convert/markdownImport';
import { docToOdt } from '../../../lib/convert/odtExport';
import { normalizeDoc } from '../../../lib/convert/schemaDoc';
import { strFromU8, unzipSync } from 'fflate';

const MALICIOUS = [
  '<img src=x onerror=alert(1)>',
  '<a href="javascript:alert(1)">klick</a>',
  '<a href=" JaVaScRiPt:alert(1)">leer</a>',
  '<script>alert(1)</script>',
  '<p onclick="alert(1)" style="background:url(javascript:alert(1))">Text</p>',
  '<iframe src="https://evil.example"></iframe>',
  '<svg><script>alert(1)</script></svg>',
  '<img src="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">',
  '<a href="data:text/html,<script>alert(1)</script>">daten</a>',
  '<style>body{background:url(javascript:alert(1))}</style>',
].join('\n');

function expectHarmless(html: string): void {
  expect(html).not.toMatch(/<script|<iframe|<svg|<style/i);
  expect(html).not.toMatch(/\son\w+=/i);
  expect(html).not.toMatch(/javascript:/i);
  expect(html).not.toMatch(/data:text/i);
  expect(html).not.toContain('alert(1)');
}

describe('malicious input', () => {
  it('never survives an HTML import', () => {
    const doc = htmlToDoc(MALICIOUS);
    expectHarmless(JSON.stringify(doc));
    expectHarmless(docToHtml(doc));
    // The visible text is kept, just without the link.
    expect(JSON.stringify(doc)).toContain('klick');
    expect(JSON.stringify(doc)).not.toContain('"type":"link"');
  });

  it('never survives a Markdown import (raw HTML, links and images)', () => {
    const md = `${MALICIOUS}\n\n[link](javascript:alert(1)) ![bild](javascript:alert(1))\n\n[ok](https://kreis.example)`;
    const doc = markdownToDoc(md);
    expectHarmless(JSON.stringify(doc));
    expectHarmless(docToHtml(doc));
    expect(JSON.stringify(doc)).toContain('https://kreis.example');
    // An autolink to javascript: stays visible text, never a link.
    const auto = markdownToDoc('<javascript:alert(1)>');
    expect(JSON.stringify(auto)).not.toContain('"type":"link"');
    expect(docToHtml(auto)).not.toContain('<a');
  });

  it('never leaves through an HTML export, even when a client wrote it into the Y.Doc', () => {
    // What a hostile client could write directly through Yjs, bypassing the editor.
    const hostile: JSONContent = {
      type: 'doc',
      content: [
        { type: 'paragraph', attrs: { onclick: 'alert(1)' }, content: [{ type: 'text', text: 'klick', marks: [{ type: 'link', attrs: { href: 'javascript:alert(1)', onmouseover: 'alert(1)' } }] }] },
        { type: 'image', attrs: { src: 'x', onerror: 'alert(1)' } },
        { type: 'image', attrs: { src: 'javascript:alert(1)' } },
        { type: 'script', content: [{ type: 'text', text: 'alert(1)' }] },
        { type: 'paragraph', content: [{ type: 'text', text: '<img src=x onerror=alert(1)>' }] },
        { type: 'paragraph', content: [{ type: 'text', text: 'q', marks: [{ type: 'link', attrs: { href: 'https://x.example/"onmouseover="alert(1)' } }] }] },
      ],
    };
    const html = docToHtml(hostile);
    expect(html).not.toMatch(/<script|<img/i);
    expect(html).not.toMatch(/\son\w+="/i);
    expect(html).not.toMatch(/href="javascript/i);
    // Text that looks like markup is text, escaped.
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('href="https://x.example/&quot;onmouseover=&quot;alert(1)"');
    // The same normalisation guards the other exports.
    expect(docToMarkdown(hostile)).not.toMatch(/javascript:/);
    expect(strFromU8(unzipSync(docToOdt(hostile, { title: 't' }))['content.xml'])).not.toMatch(/javascript:/);
  });

  it('keeps data-URL images and drops every other source', () => {
    const png = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
    const doc = normalizeDoc(htmlToDoc(`<img src="${png}" alt="Logo"><img src="https://tracker.example/p.png">`));
    expect(doc.content).toEqual([{ type: 'image', attrs: { src: png, alt: 'Logo', title: null, width: null, height: null } }]);
  });
});
