import type { JSONContent } from '@tiptap/core';
import { normalizeDoc } from './schemaDoc';

type Mark = NonNullable<JSONContent['marks']>[number];

/**
 * Markdown in the GitHub dialect (tables, task lists, strikethrough). Underline and highlight
 * have no Markdown syntax and are written as `<u>` and `<mark>`, which our import reads back.
 */
export function docToMarkdown(doc: JSONContent): string {
  return blocks(normalizeDoc(doc).content ?? [], '').replace(/\n{3,}/g, '\n\n').trim() + '\n';
}

function blocks(nodes: JSONContent[], indent: string): string {
  return nodes.map((n) => block(n, indent)).join('\n\n');
}

function block(n: JSONContent, indent: string): string {
  const kids = n.content ?? [];
  switch (n.type) {
    case 'heading':
      return `${indent}${'#'.repeat(Number(n.attrs?.level ?? 1))} ${inline(kids)}`;
    case 'paragraph':
      return indent + inline(kids).replace(/\n/g, `\n${indent}`);
    case 'blockquote':
      return blocks(kids, '')
        .split('\n')
        .map((l) => `${indent}>${l ? ` ${l}` : ''}`)
        .join('\n');
    case 'bulletList':
    case 'orderedList':
    case 'taskList': {
      let number = Number(n.attrs?.start ?? 1);
      return kids
        .map((item) => {
          const marker = n.type === 'orderedList' ? `${number++}.` : n.type === 'taskList' ? `- [${item.attrs?.checked ? 'x' : ' '}]` : '-';
          const pad = ' '.repeat(n.type === 'taskList' ? 2 : marker.length + 1);
          const [first, ...rest] = item.content ?? [];
          const head = `${indent}${marker} ${first ? block(first, '').trimStart() : ''}`;
          // Continuation lines and nested blocks are indented under the marker's text.
          const headLines = head.split('\n').join(`\n${indent}${pad}`);
          const tail = rest.map((b) => block(b, indent + pad)).join('\n\n');
          return tail ? `${headLines}\n${rest.every(isList) ? '' : '\n'}${tail}` : headLines;
        })
        .join('\n');
    }
    case 'codeBlock': {
      const text = kids.map((k) => k.text ?? '').join('');
      const fence = '`'.repeat(Math.max(3, longestRun(text, '`') + 1));
      return [`${fence}${n.attrs?.language ?? ''}`, ...text.split('\n'), fence].map((l) => indent + l).join('\n');
    }
    case 'horizontalRule':
      return `${indent}---`;
    case 'image':
      return `${indent}![${escapeText(String(n.attrs?.alt ?? ''))}](${n.attrs?.src})`;
    case 'table':
      return table(n, indent);
    default:
      return blocks(kids, indent);
  }
}

function isList(n: JSONContent): boolean {
  return n.type === 'bulletList' || n.type === 'orderedList' || n.type === 'taskList';
}

function table(n: JSONContent, indent: string): string {
  const rows = (n.content ?? []).map((r) =>
    (r.content ?? []).flatMap((c) => {
      // GitHub tables hold one line per cell; blocks inside a cell are joined with <br>.
      const text = (c.content ?? []).map((b) => (b.type === 'paragraph' || b.type === 'heading' ? inline(b.content ?? []) : markdownOneLine(b))).join('<br>');
      const cell = text.replace(/\n/g, '<br>').replace(/\|/g, '\\|');
      return [cell, ...Array.from({ length: Number(c.attrs?.colspan ?? 1) - 1 }, () => '')];
    }),
  );
  const width = Math.max(...rows.map((r) => r.length));
  const line = (cells: string[]) => `${indent}| ${[...cells, ...Array(width - cells.length).fill('')].join(' | ')} |`;
  return [line(rows[0] ?? []), `${indent}|${' --- |'.repeat(width)}`, ...rows.slice(1).map(line)].join('\n');
}

function markdownOneLine(n: JSONContent): string {
  return block(n, '').replace(/\n+/g, ' ');
}

function inline(nodes: JSONContent[]): string {
  let out = '';
  let open: Mark[] = [];
  const close = (from: number) => {
    for (let i = open.length - 1; i >= from; i--) out += markSyntax(open[i], false);
    open = open.slice(0, from);
  };
  for (const n of nodes) {
    if (n.type === 'hardBreak') {
      close(0);
      out += '\\\n';
      continue;
    }
    const marks = sortMarks(n.marks ?? []);
    let keep = 0;
    while (keep < open.length && keep < marks.length && sameMark(open[keep], marks[keep])) keep++;
    close(keep);
    for (const m of marks.slice(keep)) {
      out += markSyntax(m, true);
      open.push(m);
    }
    const text = n.text ?? '';
    out += marks.some((m) => m.type === 'code') ? codeSpan(text) : escapeText(text);
  }
  close(0);
  return out;
}

// Links outermost, so `[**a** b](…)` nests correctly; code innermost.
const ORDER = ['link', 'bold', 'italic', 'strike', 'underline', 'highlight', 'code'];
function sortMarks(marks: Mark[]): Mark[] {
  return [...marks].sort((a, b) => ORDER.indexOf(a.type) - ORDER.indexOf(b.type));
}

function sameMark(a: Mark, b: Mark): boolean {
  return a.type === b.type && (a.type !== 'link' || a.attrs?.href === b.attrs?.href);
}

function markSyntax(m: Mark, opening: boolean): string {
  switch (m.type) {
    case 'bold':
      return '**';
    case 'italic':
      return '_';
    case 'strike':
      return '~~';
    case 'underline':
      return opening ? '<u>' : '</u>';
    case 'highlight':
      return opening ? '<mark>' : '</mark>';
    case 'link':
      return opening ? '[' : `](${String(m.attrs?.href ?? '').replace(/[()\s]/g, encodeURIComponent)})`;
    default:
      return ''; // code is written by codeSpan
  }
}

function codeSpan(text: string): string {
  const ticks = '`'.repeat(longestRun(text, '`') + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${ticks}${pad}${text}${pad}${ticks}`;
}

function longestRun(text: string, ch: string): number {
  let best = 0;
  let run = 0;
  for (const c of text) {
    run = c === ch ? run + 1 : 0;
    best = Math.max(best, run);
  }
  return best;
}

/** Escapes what Markdown would otherwise read as syntax (including raw HTML). */
function escapeText(text: string): string {
  return text
    .replace(/[\\`*_[\]<>~|&]/g, (c) => `\\${c}`)
    .replace(/^(\s*)([#+-]|\d+[.)])(?=\s|$)/, (_m, sp: string, mk: string) => `${sp}${mk.replace(/([#+\-.)])$/, '\\$1')}`);
}
