'use client';

import { useTranslations } from 'next-intl';

/** What screen readers hear for a task's checkbox, in the user's language. */
export function useTaskLabel(): (text: string) => string {
  const t = useTranslations('editor');
  return (text) => (text ? t('taskLabel', { text }) : t('emptyTask'));
}
