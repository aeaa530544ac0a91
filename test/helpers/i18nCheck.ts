import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

type Messages = { [key: string]: string | Messages };

export function flattenKeys(obj: Messages, prefix = ''): string[] {
  return Object.entries(obj).flatMap(([k, v]) => (typeof v === 'string' ? [`${prefix}${k}`] : flattenKeys(v, `${prefix}${k}.`)));
}

/** Keys present in one locale but missing in another, as "locale: key". */
export function missingAcrossLocales(byLocale: Record<string, Messages>): string[] {
  const sets = Object.fromEntries(Object.entries(byLocale).map(([l, m]) => [l, new Set(flattenKeys(m))]));
  const all = new Set(Object.values(sets).flatMap((s) => [...s]));
  return Object.entries(sets).flatMap(([locale, keys]) => [...all].filter((k) => !keys.has(k)).map((k) => `${locale}: ${k}`));
}

export function sourceFiles(dir: string, ext = /\.tsx?$/): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) return sourceFiles(p, ext);
    return ext.test(name) ? [p] : [];
  });
}

/**
 * Literal translation keys used in a source file: `const t = useTranslations('ns')` (or
 * getTranslations) followed by `t('key')`. Dynamic keys (`t(variable)`) cannot be checked statically.
 */
export function usedKeys(source: string): string[] {
  const namespaces = new Map<string, string>();
  for (const m of source.matchAll(/const (\w+) = (?:await )?(?:useTranslations|getTranslations)\(\s*(?:'([\w.]+)')?\s*\)/g)) {
    namespaces.set(m[1], m[2] ?? '');
  }
  const keys: string[] = [];
  for (const [fn, ns] of namespaces) {
    for (const m of source.matchAll(new RegExp(`\\b${fn}(?:\\.rich)?\\(\\s*'([\\w.]+)'`, 'g'))) keys.push(ns ? `${ns}.${m[1]}` : m[1]);
  }
  return keys;
}

export function unknownKeys(files: string[], messages: Messages): string[] {
  const known = new Set(flattenKeys(messages));
  return files.flatMap((f) => usedKeys(readFileSync(f, 'utf8')).filter((k) => !known.has(k)).map((k) => `${f}: ${k}`));
}

const TEXT_ATTRIBUTES = new Set(['aria-label', 'title', 'placeholder', 'alt', 'label', 'aria-description']);
const WORDS = /\p{L}{2,}/u;

/** User-visible text written directly into JSX instead of coming from the message catalogue. */
export function hardcodedStrings(file: string, source = readFileSync(file, 'utf8')): string[] {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isJsxText(node) && WORDS.test(node.text)) found.push(node.text.trim());
    if (ts.isJsxAttribute(node) && TEXT_ATTRIBUTES.has(node.name.getText()) && node.initializer && ts.isStringLiteral(node.initializer) && WORDS.test(node.initializer.text)) {
      found.push(`${node.name.getText()}="${node.initializer.text}"`);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found.map((s) => `${file}: ${s}`);
}
