'use client';

import type { Editor } from '@tiptap/core';
import { useEditorState } from '@tiptap/react';
import { useState } from 'react';
import { useTranslations } from 'next-intl';
import { ImageDialog } from './ImageDialog';
import { SheetFigureDialog } from './sheetFigure/SheetFigureDialog';
import { hasGuidance } from '@/lib/richtext/guidance';

type Mark = 'bold' | 'italic' | 'underline' | 'strike' | 'highlight';

interface ToolButton {
  key: string;
  label: string;
  shortcut?: string;
  icon: string;
  active?: (e: Editor) => boolean;
  run: (e: Editor) => void;
  enabled?: (e: Editor) => boolean;
}

/** Formatting toolbar; one tab stop, arrow keys move between buttons (WAI-ARIA toolbar pattern). */
export function Toolbar({ editor, onComment }: { editor: Editor; onComment?: () => void }) {
  const t = useTranslations('editor.tb');
  const te = useTranslations('editor');
  const tk = useTranslations('keys');
  const tf = useTranslations('sheetFigure');
  const [imageOpen, setImageOpen] = useState(false);
  const [figureOpen, setFigureOpen] = useState(false);
  // Shortcuts are written as Mod+Shift+X: shown in the user's language, announced in ARIA's terms.
  const shownShortcut = (s: string) => s.replace('Mod', tk('mod')).replace('Shift', tk('shift')).replace('Alt', tk('alt'));
  const ariaShortcut = (s: string) => s.replace('Mod', 'Control');
  // Re-render on selection and content changes so pressed states stay true.
  const state = useEditorState({
    editor,
    selector: ({ editor: e }) => ({
      block: e.isActive('heading', { level: 1 }) ? 'h1' : e.isActive('heading', { level: 2 }) ? 'h2' : e.isActive('heading', { level: 3 }) ? 'h3' : e.isActive('heading', { level: 4 }) ? 'h4' : 'p',
      inTable: e.isActive('table'),
      hasGuidance: hasGuidance(e.state.doc),
      version: e.state.doc.content.size + e.state.selection.from * 7 + e.state.selection.to,
    }),
  });

  const mark = (name: Mark, icon: string, shortcut: string): ToolButton => ({
    key: name,
    label: t(name),
    shortcut,
    icon,
    active: (e) => e.isActive(name),
    run: (e) => e.chain().focus().toggleMark(name).run(),
  });

  const groups: ToolButton[][] = [
    [
      { key: 'undo', label: t('undo'), shortcut: 'Mod+Z', icon: '↶', run: (e) => e.chain().focus().undo().run(), enabled: (e) => e.can().undo() },
      { key: 'redo', label: t('redo'), shortcut: 'Mod+Shift+Z', icon: '↷', run: (e) => e.chain().focus().redo().run(), enabled: (e) => e.can().redo() },
    ],
    [
      mark('bold', 'B', 'Mod+B'),
      mark('italic', 'I', 'Mod+I'),
      mark('underline', 'U', 'Mod+U'),
      mark('strike', 'S', 'Mod+Shift+S'),
      mark('highlight', '▮', 'Mod+Shift+H'),
      {
        key: 'link', label: t('link'), icon: '↗',
        active: (e) => e.isActive('link'),
        run: (e) => {
          const previous = (e.getAttributes('link').href as string | undefined) ?? '';
          const url = window.prompt(t('linkPrompt'), previous);
          if (url === null) return;
          if (url.trim() === '') e.chain().focus().extendMarkRange('link').unsetLink().run();
          else e.chain().focus().extendMarkRange('link').setLink({ href: url.trim() }).run();
        },
      },
    ],
    [
      { key: 'bulletList', label: t('bulletList'), shortcut: 'Mod+Shift+8', icon: '•', active: (e) => e.isActive('bulletList'), run: (e) => e.chain().focus().toggleBulletList().run() },
      { key: 'orderedList', label: t('orderedList'), shortcut: 'Mod+Shift+7', icon: '1.', active: (e) => e.isActive('orderedList'), run: (e) => e.chain().focus().toggleOrderedList().run() },
      { key: 'taskList', label: t('taskList'), shortcut: 'Mod+Shift+9', icon: '☑', active: (e) => e.isActive('taskList'), run: (e) => e.chain().focus().toggleTaskList().run() },
      { key: 'blockquote', label: t('blockquote'), shortcut: 'Mod+Shift+B', icon: '❝', active: (e) => e.isActive('blockquote'), run: (e) => e.chain().focus().toggleBlockquote().run() },
      { key: 'codeBlock', label: t('codeBlock'), shortcut: 'Mod+Alt+C', icon: '{}', active: (e) => e.isActive('codeBlock'), run: (e) => e.chain().focus().toggleCodeBlock().run() },
      { key: 'horizontalRule', label: t('horizontalRule'), icon: '―', run: (e) => e.chain().focus().setHorizontalRule().run() },
    ],
    [
      { key: 'alignLeft', label: t('alignLeft'), shortcut: 'Mod+Shift+L', icon: '⇤', active: (e) => e.isActive({ textAlign: 'left' }), run: (e) => e.chain().focus().setTextAlign('left').run() },
      { key: 'alignCenter', label: t('alignCenter'), shortcut: 'Mod+Shift+E', icon: '↔', active: (e) => e.isActive({ textAlign: 'center' }), run: (e) => e.chain().focus().setTextAlign('center').run() },
      { key: 'alignRight', label: t('alignRight'), shortcut: 'Mod+Shift+R', icon: '⇥', active: (e) => e.isActive({ textAlign: 'right' }), run: (e) => e.chain().focus().setTextAlign('right').run() },
    ],
    [
      { key: 'image', label: t('image'), icon: '▣', run: () => setImageOpen(true) },
      { key: 'table', label: t('table'), icon: '▦', run: (e) => e.chain().focus().insertTable({ rows: 3, cols: 3, withHeaderRow: true }).run() },
      { key: 'sheetFigure', label: tf('insert'), icon: '∑', run: () => setFigureOpen(true) },
      ...(onComment ? [{ key: 'comment', label: t('comment'), shortcut: 'Mod+Alt+M', icon: '✎', run: () => onComment(), enabled: (e: Editor) => !e.state.selection.empty }] : []),
      ...(state.inTable
        ? [
            { key: 'headerRow', label: t('headerRow'), icon: 'H▤', run: (e: Editor) => e.chain().focus().toggleHeaderRow().run() },
            { key: 'addRow', label: t('addRow'), icon: '+▤', run: (e: Editor) => e.chain().focus().addRowAfter().run() },
            { key: 'addColumn', label: t('addColumn'), icon: '+▥', run: (e: Editor) => e.chain().focus().addColumnAfter().run() },
            { key: 'deleteTable', label: t('deleteTable'), icon: '✕▦', run: (e: Editor) => e.chain().focus().deleteTable().run() },
          ]
        : []),
    ],
    // Template guidance notes, all at once (one undo step), once the draft no longer needs them.
    ...(state.hasGuidance ? [[{ key: 'removeGuidance', label: t('removeGuidance'), icon: '✂', run: (e: Editor) => e.chain().focus().removeGuidance().run() }]] : []),
  ];

  function onKeyDown(ev: React.KeyboardEvent<HTMLDivElement>) {
    if (!['ArrowLeft', 'ArrowRight', 'Home', 'End'].includes(ev.key)) return;
    const items = Array.from(ev.currentTarget.querySelectorAll<HTMLElement>('button:not([disabled]), select'));
    const i = items.indexOf(document.activeElement as HTMLElement);
    if (i < 0) return;
    ev.preventDefault();
    const next = ev.key === 'Home' ? 0 : ev.key === 'End' ? items.length - 1 : (i + (ev.key === 'ArrowRight' ? 1 : -1) + items.length) % items.length;
    items[next].focus();
  }

  return (
    <div role="toolbar" aria-label={te('toolbar')} className="toolbar" onKeyDown={onKeyDown}>
      <select
        aria-label={t('blockType')}
        value={state.block}
        onChange={(ev) => {
          const v = ev.target.value;
          if (v === 'p') editor.chain().focus().setParagraph().run();
          else editor.chain().focus().toggleHeading({ level: Number(v.slice(1)) as 1 | 2 | 3 | 4 }).run();
        }}
      >
        <option value="p">{t('paragraph')}</option>
        {[1, 2, 3, 4].map((l) => <option key={l} value={`h${l}`}>{t('heading', { level: l })}</option>)}
      </select>
      {groups.map((group, gi) => (
        <div key={gi} className="toolbar-group" role="group">
          {group.map((b) => {
            const pressed = b.active?.(editor);
            return (
              <button
                key={b.key}
                type="button"
                className="tool"
                aria-label={b.label}
                aria-pressed={b.active ? !!pressed : undefined}
                aria-keyshortcuts={b.shortcut ? ariaShortcut(b.shortcut) : undefined}
                title={b.shortcut ? `${b.label} (${shownShortcut(b.shortcut)})` : b.label}
                disabled={b.enabled ? !b.enabled(editor) : false}
                tabIndex={-1}
                onMouseDown={(ev) => ev.preventDefault()}
                onClick={() => b.run(editor)}
              >
                <span aria-hidden="true">{b.icon}</span>
              </button>
            );
          })}
        </div>
      ))}
      {imageOpen && <ImageDialog editor={editor} onClose={() => setImageOpen(false)} />}
      {figureOpen && <SheetFigureDialog onClose={() => setFigureOpen(false)} onSubmit={(attrs) => editor.chain().focus().insertSheetFigure(attrs).run()} />}
    </div>
  );
}
