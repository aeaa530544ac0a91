'use client';

import type { Editor } from '@tiptap/core';
import { useEditorState } from '@tiptap/react';
import { useTranslations } from 'next-intl';
import { accessibilityIssues, type A11yIssue } from '@/lib/richtext/accessibilityCheck';

export function AccessibilityPanel({ editor }: { editor: Editor }) {
  const t = useTranslations('editor.check');
  const issues = useEditorState({ editor, selector: ({ editor: e }) => accessibilityIssues(e.state.doc), equalityFn: (a, b) => JSON.stringify(a) === JSON.stringify(b) }) ?? [];

  const describe = (i: A11yIssue) => {
    switch (i.kind) {
      case 'firstHeading': return t('firstHeading', { text: i.text, to: i.to });
      case 'headingSkip': return t('headingSkip', { text: i.text, from: i.from, to: i.to });
      case 'imageAlt': return t('imageAlt');
      case 'tableHeader': return t('tableHeader');
    }
  };

  return (
    <details className="a11y-panel" data-testid="a11y-panel">
      <summary>{t('title', { count: issues.length })}</summary>
      {issues.length === 0 ? (
        <p>{t('ok')}</p>
      ) : (
        <ul>
          {issues.map((i) => (
            <li key={`${i.kind}-${i.pos}`}>
              {describe(i)}{' '}
              <button type="button" className="link-button" onClick={() => editor.chain().focus().setNodeSelection(i.pos).scrollIntoView().run()}>
                {t('goTo')}
              </button>
            </li>
          ))}
        </ul>
      )}
    </details>
  );
}
