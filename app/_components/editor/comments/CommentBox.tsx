'use client';

import { useId, useLayoutEffect, useRef, useState } from 'react';
import { useTranslations } from 'next-intl';
import type { MentionCandidate } from './commentsApi';

/** The `@query` being typed right before the caret, if any. */
function mentionQuery(text: string, caret: number): { start: number; query: string } | null {
  const m = /(^|\s)@([^\s@]{0,30})$/.exec(text.slice(0, caret));
  return m ? { start: caret - m[2].length - 1, query: m[2].toLowerCase() } : null;
}

/**
 * A comment text field. Typing `@` offers the people with access to the document (combobox
 * pattern: arrow keys choose, Enter or Tab takes, Escape closes).
 */
export function CommentBox(props: {
  label: string;
  submitLabel: string;
  candidates: MentionCandidate[];
  onSubmit(body: string, mentions: string[]): Promise<void>;
  onCancel?(): void;
  autoFocus?: boolean;
}) {
  const t = useTranslations('editor.comments');
  const id = useId();
  const ref = useRef<HTMLTextAreaElement>(null);
  const [text, setText] = useState('');
  const [picked, setPicked] = useState<MentionCandidate[]>([]);
  const [query, setQuery] = useState<{ start: number; query: string } | null>(null);
  const [index, setIndex] = useState(0);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // Where the caret goes once a taken mention is rendered, before the next key arrives.
  const caretAfter = useRef<number | null>(null);
  useLayoutEffect(() => {
    if (caretAfter.current === null) return;
    ref.current?.setSelectionRange(caretAfter.current, caretAfter.current);
    caretAfter.current = null;
  }, [text]);

  const options = query ? props.candidates.filter((c) => c.name.toLowerCase().includes(query.query) || c.email.toLowerCase().startsWith(query.query)).slice(0, 8) : [];
  const open = options.length > 0;

  function onChange(value: string, caret: number) {
    setText(value);
    setQuery(mentionQuery(value, caret));
    setIndex(0);
  }

  function take(c: MentionCandidate) {
    if (!query) return;
    const caret = ref.current?.selectionStart ?? text.length;
    const next = `${text.slice(0, query.start)}@${c.name} ${text.slice(caret)}`;
    setText(next);
    setPicked((p) => (p.some((x) => x.id === c.id) ? p : [...p, c]));
    setQuery(null);
    caretAfter.current = query.start + c.name.length + 2;
  }

  async function submit() {
    if (!text.trim() || busy) return;
    setBusy(true);
    setError(null);
    try {
      // Only people still named in the text count as mentioned.
      await props.onSubmit(text.trim(), picked.filter((c) => text.includes(`@${c.name}`)).map((c) => c.id));
      setText('');
      setPicked([]);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  }

  function onKeyDown(ev: React.KeyboardEvent<HTMLTextAreaElement>) {
    if (open && (ev.key === 'ArrowDown' || ev.key === 'ArrowUp')) {
      ev.preventDefault();
      setIndex((i) => (i + (ev.key === 'ArrowDown' ? 1 : -1) + options.length) % options.length);
    } else if (open && (ev.key === 'Enter' || ev.key === 'Tab')) {
      ev.preventDefault();
      take(options[index]);
    } else if (ev.key === 'Escape') {
      if (open) {
        ev.preventDefault();
        setQuery(null);
      } else props.onCancel?.();
    } else if (ev.key === 'Enter' && (ev.ctrlKey || ev.metaKey)) {
      ev.preventDefault();
      void submit();
    }
  }

  return (
    <form
      className="comment-box"
      onSubmit={(ev) => {
        ev.preventDefault();
        void submit();
      }}
    >
      <label htmlFor={`${id}-text`} className="visually-hidden">{props.label}</label>
      <textarea
        id={`${id}-text`}
        ref={ref}
        rows={2}
        value={text}
        autoFocus={props.autoFocus}
        placeholder={t('placeholder')}
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={open}
        aria-controls={`${id}-list`}
        aria-activedescendant={open ? `${id}-opt-${index}` : undefined}
        aria-describedby={`${id}-hint`}
        onChange={(ev) => onChange(ev.target.value, ev.target.selectionStart)}
        onKeyDown={onKeyDown}
      />
      <span id={`${id}-hint`} className="visually-hidden">{t('mentionHint')}</span>
      <ul id={`${id}-list`} role="listbox" aria-label={t('mentionList')} className="mention-list" hidden={!open}>
        {options.map((c, i) => (
          <li
            key={c.id}
            id={`${id}-opt-${i}`}
            role="option"
            aria-selected={i === index}
            onMouseDown={(ev) => {
              ev.preventDefault();
              take(c);
            }}
          >
            {c.name} <span className="muted">{c.email}</span>
          </li>
        ))}
      </ul>
      {error && <p role="alert" className="error">{t('failed', { message: error })}</p>}
      <div className="comment-actions">
        <button type="submit" className="button small" disabled={busy || !text.trim()}>{props.submitLabel}</button>
        {props.onCancel && <button type="button" className="button small secondary" onClick={props.onCancel}>{t('cancel')}</button>}
      </div>
    </form>
  );
}
