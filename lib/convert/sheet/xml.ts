import { Parser } from 'htmlparser2';

export interface SaxHandlers {
  open(name: string, attrs: Record<string, string>): void;
  text?(text: string): void;
  close?(name: string): void;
}

/**
 * Streams an XML part through `handlers` without building a tree: worksheets can hold a million
 * cells, and a reader that refuses a file at the limit should not have built it first. Names are
 * given without their namespace prefix (`x:c` and `c` are the same OOXML element).
 */
export function sax(source: string, handlers: SaxHandlers, keepPrefix = false): void {
  const local = (n: string) => (keepPrefix ? n : n.slice(n.indexOf(':') + 1));
  const parser = new Parser(
    {
      onopentag: (name, attrs) => handlers.open(local(name), attrs),
      ontext: (text) => handlers.text?.(text),
      onclosetag: (name) => handlers.close?.(local(name)),
    },
    { xmlMode: true, decodeEntities: true, recognizeCDATA: true },
  );
  parser.write(source);
  parser.end();
}
