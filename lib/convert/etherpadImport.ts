import type { JSONContent } from '@tiptap/core';
import { z } from 'zod';
import { nestLists } from './docxImport';
import { malformed } from './errors';
import { normalizeDoc } from './schemaDoc';

const padSchema = z.object({
  atext: z.object({ text: z.string(), attribs: z.string() }),
  pool: z.object({ numToAttrib: z.record(z.string(), z.tuple([z.string(), z.string()])) }),
});

type Attrs = Map<string, string>;
interface Segment {
  text: string;
  attrs: Attrs;
}

// Etherpad's changeset operation syntax: attributes (*n…), optional line count (|n), op, char count; base 36.
const OP = /((?:\*[0-9a-z]+)*)(?:\|([0-9a-z]+))?([-+=])([0-9a-z]+)/g;
const URL_IN_TEXT = /\bhttps?:\/\/[^\s<>"']+[^\s<>"'.,;:!?)]/g;

/**
 * Etherpad's `.etherpad` export (JSON of the pad's database records) → document JSON. The pad's
 * current text and attributes are read; revisions, chat and authorship colours are not kept.
 */
export function etherpadToDoc(source: string): JSONContent {
  let data: unknown;
  try {
    data = JSON.parse(source);
  } catch {
    throw malformed('The Etherpad export is not valid JSON');
  }
  if (typeof data !== 'object' || data === null) throw malformed('The Etherpad export is not a JSON object');
  const key = Object.keys(data).find((k) => /^pad:[^:]+$/.test(k));
  const pad = padSchema.safeParse(key ? (data as Record<string, unknown>)[key] : undefined);
  if (!pad.success) throw malformed('The file is not an Etherpad export: no pad with text and attributes found');
  const { text, attribs } = pad.data.atext;
  const pool = pad.data.pool.numToAttrib;

  const lines: Segment[][] = [[]];
  let pos = 0;
  for (const m of attribs.matchAll(OP)) {
    if (m[3] !== '+') continue;
    const attrs: Attrs = new Map();
    for (const n of m[1].split('*').filter(Boolean)) {
      const a = pool[String(Number.parseInt(n, 36))];
      if (a && a[1] !== '') attrs.set(a[0], a[1]);
    }
    const chunk = text.slice(pos, pos + Number.parseInt(m[4], 36));
    pos += chunk.length;
    chunk.split('\n').forEach((part, i) => {
      if (i > 0) lines.push([]);
      if (part) lines[lines.length - 1].push({ text: part, attrs });
    });
  }

  const out: JSONContent[] = [];
  let listRun: Parameters<typeof nestLists>[0] = [];
  const flush = () => {
    out.push(...nestLists(listRun));
    listRun = [];
  };
  for (const segments of lines) {
    // A line with list or heading formatting starts with a '*' marker character (attribute lmkr).
    let lineAttrs: Attrs = new Map();
    if (segments[0]?.attrs.has('lmkr') && segments[0].text.startsWith('*')) {
      lineAttrs = segments[0].attrs;
      segments[0] = { ...segments[0], text: segments[0].text.slice(1) };
    }
    const content = segments.flatMap((s) => inline(s));
    const list = /^(bullet|number)(\d+)$/.exec(lineAttrs.get('list') ?? '');
    if (list) {
      listRun.push({ level: Math.min(8, Number(list[2]) - 1), ordered: list[1] === 'number', numKey: list[1], para: { type: 'paragraph', content } });
      continue;
    }
    flush();
    if (!content.length) continue; // blank lines only space the pad's paragraphs
    const heading = /^h(\d)$/.exec(lineAttrs.get('heading') ?? '');
    if (heading) out.push({ type: 'heading', attrs: { level: Math.min(4, Number(heading[1])) }, content });
    else if (lineAttrs.get('heading') === 'code') out.push({ type: 'codeBlock', content: [{ type: 'text', text: segments.map((s) => s.text).join('') }] });
    else out.push({ type: 'paragraph', attrs: { textAlign: lineAttrs.get('align') ?? null }, content });
  }
  flush();
  return normalizeDoc({ type: 'doc', content: out });
}

function inline(s: Segment): JSONContent[] {
  const marks = [
    ...(s.attrs.get('bold') === 'true' ? [{ type: 'bold' }] : []),
    ...(s.attrs.get('italic') === 'true' ? [{ type: 'italic' }] : []),
    ...(s.attrs.get('underline') === 'true' ? [{ type: 'underline' }] : []),
    ...(s.attrs.get('strikethrough') === 'true' ? [{ type: 'strike' }] : []),
  ];
  // Etherpad links URLs when it shows them; here they become real links.
  const out: JSONContent[] = [];
  let at = 0;
  for (const m of s.text.matchAll(URL_IN_TEXT)) {
    if (m.index! > at) out.push({ type: 'text', text: s.text.slice(at, m.index), marks });
    out.push({ type: 'text', text: m[0], marks: [...marks, { type: 'link', attrs: { href: m[0] } }] });
    at = m.index! + m[0].length;
  }
  if (at < s.text.length) out.push({ type: 'text', text: s.text.slice(at), marks });
  return out;
}
