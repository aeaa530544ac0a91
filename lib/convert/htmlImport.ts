import type { JSONContent } from '@tiptap/core';
import { isElement, parseMarkup, type MarkupElement, type MarkupNode } from './markup';
import { normalizeDoc } from './schemaDoc';

type Marks = NonNullable<JSONContent['marks']>;

// Elements whose content is never document text: scripts, styles, embedded objects, forms.
const DROP = new Set([
  'script', 'style', 'template', 'noscript', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'svg', 'math',
  'head', 'title', 'meta', 'link', 'base', 'button', 'select', 'textarea', 'input', 'canvas', 'audio', 'video', 'source', 'track', 'map',
]);
const MARKS: Record<string, string> = {
  strong: 'bold', b: 'bold', em: 'italic', i: 'italic', u: 'underline', ins: 'underline',
  s: 'strike', strike: 'strike', del: 'strike', code: 'code', kbd: 'code', samp: 'code', tt: 'code', mark: 'highlight',
};

/**
 * HTML → document JSON of our schema. Only elements the schema knows are mapped; everything else
 * is unwrapped to its text or dropped, and attributes are read by name (never copied), so
 * handlers like `onerror` and `javascript:` links cannot come through.
 */
export function htmlToDoc(html: string): JSONContent {
  const root = parseMarkup(html, 'html');
  return normalizeDoc({ type: 'doc', content: children(root, []) });
}

function children(el: MarkupElement, marks: Marks, pre = false): JSONContent[] {
  return el.children.flatMap((c) => node(c, marks, pre));
}

function node(n: MarkupNode, marks: Marks, pre: boolean): JSONContent[] {
  if (!isElement(n)) {
    const text = pre ? n : n.replace(/[ \t\n\r\f]+/g, ' ');
    return text ? [{ type: 'text', text, marks }] : [];
  }
  const name = n.name;
  if (DROP.has(name)) return [];
  const markName = MARKS[name];
  if (markName) return children(n, [...marks, { type: markName }], pre);
  if (name === 'a') {
    const href = n.attrs.href;
    return children(n, href ? [...marks, { type: 'link', attrs: { href, title: n.attrs.title ?? null } }] : marks, pre);
  }
  if (name === 'span' || name === 'font') return children(n, [...marks, ...styleMarks(n.attrs.style)], pre);
  if (name === 'br') return [{ type: 'hardBreak' }];
  const align = textAlign(n);
  switch (name) {
    case 'p':
      return [{ type: 'paragraph', attrs: { textAlign: align }, content: children(n, marks) }];
    case 'h1':
    case 'h2':
    case 'h3':
    case 'h4':
    case 'h5':
    case 'h6':
      return [{ type: 'heading', attrs: { level: Math.min(4, Number(name[1])), textAlign: align }, content: children(n, marks) }];
    case 'blockquote':
      return [{ type: 'blockquote', content: children(n, marks) }];
    case 'pre':
      return [{ type: 'codeBlock', attrs: { language: codeLanguage(n) }, content: [{ type: 'text', text: textOf(n).replace(/\n$/, '') }] }];
    case 'hr':
      return [{ type: 'horizontalRule' }];
    case 'img':
      return [{ type: 'image', attrs: { src: n.attrs.src, alt: n.attrs.alt ?? null, title: n.attrs.title ?? null, width: n.attrs.width, height: n.attrs.height } }];
    case 'ul':
    case 'ol':
      return [list(n, marks)];
    case 'li':
      return [listItem(n, marks, false)];
    case 'table':
      return [{ type: 'table', content: tableRows(n, marks) }];
    case 'tr':
      return [{ type: 'tableRow', content: children(n, marks) }];
    case 'td':
    case 'th':
      return [
        {
          type: name === 'th' ? 'tableHeader' : 'tableCell',
          attrs: { colspan: n.attrs.colspan, rowspan: n.attrs.rowspan, align: n.attrs.align ?? alignOf(n.attrs.style) },
          content: children(n, marks),
        },
      ];
    default:
      // div, section, body, thead … and unknown elements: only their content counts.
      return children(n, marks, pre);
  }
}

function list(n: MarkupElement, marks: Marks): JSONContent {
  const items = n.children.filter(isElement);
  const task = n.attrs['data-type'] === 'taskList' || (items.length > 0 && items.every((li) => li.name !== 'li' || isTaskItem(li)));
  if (task) return { type: 'taskList', content: items.flatMap((li) => (li.name === 'li' ? [listItem(li, marks, true)] : node(li, marks, false))) };
  if (n.name === 'ol') return { type: 'orderedList', attrs: { start: n.attrs.start ?? 1, type: n.attrs.type ?? null }, content: children(n, marks) };
  return { type: 'bulletList', content: children(n, marks) };
}

function isTaskItem(li: MarkupElement): boolean {
  return li.attrs['data-type'] === 'taskItem' || checkbox(li) !== undefined;
}

function listItem(li: MarkupElement, marks: Marks, task: boolean): JSONContent {
  if (!task) return { type: 'listItem', content: children(li, marks) };
  const box = checkbox(li);
  const checked = li.attrs['data-checked'] === 'true' || (box !== undefined && 'checked' in box.attrs);
  return { type: 'taskItem', attrs: { checked }, content: children(li, marks) };
}

/** The checkbox of a task item: our own `<label><input type=checkbox>` or GitHub-style `<li><input>`. */
function checkbox(li: MarkupElement): MarkupElement | undefined {
  const stack = [...li.children];
  let budget = 4;
  while (stack.length && budget-- > 0) {
    const c = stack.shift()!;
    if (!isElement(c)) {
      if (c.trim()) return undefined;
      budget++;
      continue;
    }
    if (c.name === 'input' && c.attrs.type === 'checkbox') return c;
    if (c.name === 'label' || c.name === 'p') stack.unshift(...c.children);
    else if (c.name !== 'span') return undefined;
  }
  return undefined;
}

function tableRows(table: MarkupElement, marks: Marks): JSONContent[] {
  const rows: JSONContent[] = [];
  for (const c of table.children) {
    if (!isElement(c)) continue;
    if (c.name === 'tr') rows.push(...node(c, marks, false));
    else if (c.name === 'thead' || c.name === 'tbody' || c.name === 'tfoot') rows.push(...tableRows(c, marks));
  }
  return rows;
}

function codeLanguage(pre: MarkupElement): string | null {
  const code = pre.children.find((c): c is MarkupElement => isElement(c) && c.name === 'code');
  const cls = `${code?.attrs.class ?? ''} ${pre.attrs.class ?? ''}`;
  return /(?:^|\s)language-([\w+#.-]{1,32})/.exec(cls)?.[1] ?? null;
}

function textOf(n: MarkupNode): string {
  if (!isElement(n)) return n;
  if (n.name === 'br') return '\n';
  return DROP.has(n.name) ? '' : n.children.map(textOf).join('');
}

function textAlign(n: MarkupElement): string | null {
  return n.attrs.align ?? alignOf(n.attrs.style);
}

function alignOf(style: string | undefined): string | null {
  return /text-align\s*:\s*(left|center|right|justify)/i.exec(style ?? '')?.[1].toLowerCase() ?? null;
}

/** Word processors and web editors often express emphasis with inline styles instead of tags. */
function styleMarks(style: string | undefined): Marks {
  if (!style) return [];
  const marks: Marks = [];
  if (/font-weight\s*:\s*(bold|[6-9]00)/i.test(style)) marks.push({ type: 'bold' });
  if (/font-style\s*:\s*italic/i.test(style)) marks.push({ type: 'italic' });
  if (/text-decoration[^;]*underline/i.test(style)) marks.push({ type: 'underline' });
  if (/text-decoration[^;]*line-through/i.test(style)) marks.push({ type: 'strike' });
  return marks;
}
