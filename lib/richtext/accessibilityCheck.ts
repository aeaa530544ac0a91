import type { Node as PMNode } from '@tiptap/pm/model';

export type A11yIssue =
  | { kind: 'firstHeading'; pos: number; text: string; to: number }
  | { kind: 'headingSkip'; pos: number; text: string; from: number; to: number }
  | { kind: 'imageAlt'; pos: number }
  | { kind: 'tableHeader'; pos: number };

/**
 * What keeps a document from being accessible (EN 301 549 treats the editor as an authoring tool):
 * skipped heading levels, images without alternative text, tables without a header row.
 * An image with alt="" was marked decorative on purpose and is fine.
 */
export function accessibilityIssues(doc: PMNode): A11yIssue[] {
  const issues: A11yIssue[] = [];
  let previous = 0;
  doc.descendants((node, pos) => {
    if (node.type.name === 'heading') {
      const level = Number(node.attrs.level);
      const text = node.textContent.slice(0, 60);
      if (previous === 0 && level > 2) issues.push({ kind: 'firstHeading', pos, text, to: level });
      else if (previous > 0 && level > previous + 1) issues.push({ kind: 'headingSkip', pos, text, from: previous, to: level });
      previous = level;
    } else if (node.type.name === 'image' && (node.attrs.alt === null || node.attrs.alt === undefined)) {
      issues.push({ kind: 'imageAlt', pos });
    } else if (node.type.name === 'table') {
      const firstRow = node.firstChild;
      const hasHeader = !!firstRow && firstRow.childCount > 0 && firstRow.firstChild!.type.name === 'tableHeader';
      if (!hasHeader) issues.push({ kind: 'tableHeader', pos });
      return false;
    }
    return true;
  });
  return issues;
}
