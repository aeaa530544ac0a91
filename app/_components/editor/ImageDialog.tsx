'use client';

import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { Editor } from '@tiptap/core';
import { useTranslations } from 'next-intl';
import { MAX_IMAGE_BYTES } from '@/lib/richtext/extensions';

/** Inserting an image always asks for its alternative text (or an explicit "decorative"). */
export function ImageDialog({ editor, onClose }: { editor: Editor; onClose: () => void }) {
  const t = useTranslations('editor.tb');
  const tc = useTranslations('common');
  const ref = useRef<HTMLDialogElement>(null);
  const [error, setError] = useState('');
  useEffect(() => ref.current?.showModal(), []);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const d = new FormData(e.currentTarget);
    const file = d.get('file');
    const alt = String(d.get('alt') ?? '').trim();
    const decorative = d.get('decorative') === 'on';
    if (!(file instanceof File) || file.size === 0) return;
    if (file.size > MAX_IMAGE_BYTES) return setError(t('imageTooLarge'));
    if (!alt && !decorative) return setError(t('imageAltRequired'));
    const src = await new Promise<string>((resolve, reject) => {
      const reader = new FileReader();
      reader.onload = () => resolve(String(reader.result));
      reader.onerror = () => reject(reader.error);
      reader.readAsDataURL(file);
    });
    editor.chain().focus().setImage({ src, alt: decorative ? '' : alt }).run();
    ref.current?.close();
  }

  return (
    <dialog ref={ref} className="dialog" aria-labelledby="image-dialog-title" onClose={onClose}>
      <h2 id="image-dialog-title">{t('image')}</h2>
      <form onSubmit={onSubmit} className="stack">
        <label className="field"><span>{t('imageFile')}</span><input type="file" name="file" accept="image/png,image/jpeg,image/gif,image/webp" required /></label>
        <label className="field"><span>{t('imageAlt')}</span><input name="alt" maxLength={500} /></label>
        <label className="checkbox"><input type="checkbox" name="decorative" /> {t('imageDecorative')}</label>
        {error && <p role="alert" className="error">{error}</p>}
        <div className="dialog-actions">
          <button type="button" className="button secondary" onClick={() => ref.current?.close()}>{tc('cancel')}</button>
          <button type="submit" className="button">{t('imageInsert')}</button>
        </div>
      </form>
    </dialog>
  );
}
