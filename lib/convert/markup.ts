import { Parser } from 'htmlparser2';

/** A minimal element tree: enough for mapping HTML, ODF and OOXML, and nothing that can run. */
export interface MarkupElement {
  name: string;
  attrs: Record<string, string>;
  children: MarkupNode[];
}
export type MarkupNode = MarkupElement | string;

// Deeper structure than this is flattened, so hostile nesting cannot exhaust the stack of the
// recursive mappers; real documents stay far below it.
const MAX_DEPTH = 120;

/**
 * Parses HTML (forgiving, lower-cased names) or XML (names as written, prefixes included: ODF and
 * OOXML files use their conventional prefixes `text:`, `w:` …). Entities are decoded.
 */
export function parseMarkup(source: string, mode: 'html' | 'xml'): MarkupElement {
  const root: MarkupElement = { name: '#root', attrs: {}, children: [] };
  const stack: MarkupElement[] = [root];
  let flattened = 0;
  const parser = new Parser(
    {
      onopentag(name, attribs) {
        if (stack.length >= MAX_DEPTH) {
          flattened++;
          return;
        }
        const el: MarkupElement = { name, attrs: attribs, children: [] };
        stack[stack.length - 1].children.push(el);
        stack.push(el);
      },
      ontext(text) {
        const top = stack[stack.length - 1];
        const last = top.children.length - 1;
        if (last >= 0 && typeof top.children[last] === 'string') top.children[last] += text;
        else top.children.push(text);
      },
      onclosetag() {
        if (flattened > 0) flattened--;
        else if (stack.length > 1) stack.pop();
      },
    },
    {
      xmlMode: mode === 'xml',
      decodeEntities: true,
      lowerCaseTags: mode === 'html',
      lowerCaseAttributeNames: mode === 'html',
      recognizeCDATA: true,
    },
  );
  parser.write(source);
  parser.end();
  return root;
}

export function isElement(n: MarkupNode): n is MarkupElement {
  return typeof n !== 'string';
}

export function childElements(el: MarkupElement, name?: string): MarkupElement[] {
  return el.children.filter((c): c is MarkupElement => isElement(c) && (name === undefined || c.name === name));
}

export function firstChild(el: MarkupElement | undefined, name: string): MarkupElement | undefined {
  return el?.children.find((c): c is MarkupElement => isElement(c) && c.name === name);
}

/** Depth-first search for descendants with one of the names. */
export function findAll(el: MarkupElement, name: string): MarkupElement[] {
  const out: MarkupElement[] = [];
  const visit = (e: MarkupElement) => {
    for (const c of e.children) {
      if (!isElement(c)) continue;
      if (c.name === name) out.push(c);
      visit(c);
    }
  };
  visit(el);
  return out;
}

export function textContent(el: MarkupNode): string {
  return typeof el === 'string' ? el : el.children.map(textContent).join('');
}

/** Escapes text for XML content and attribute values; drops characters XML 1.0 forbids. */
export function escapeXml(s: string): string {
  return s
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}
