import { describe, expect, it } from 'vitest';
import path from 'node:path';
import de from '../../app/_i18n/messages/de.json';
import en from '../../app/_i18n/messages/en.json';
import { hardcodedStrings, missingAcrossLocales, sourceFiles, unknownKeys, usedKeys } from '../helpers/i18nCheck';

const APP = path.resolve(import.meta.dirname, '../../app');

describe('translations', () => {
  it('German and English have the same keys', () => {
    expect(missingAcrossLocales({ de, en })).toEqual([]);
  });

  it('every literal key used in the UI exists', () => {
    expect(unknownKeys(sourceFiles(APP), de)).toEqual([]);
  });

  it('components contain no hard-coded user-visible text', () => {
    expect(sourceFiles(APP, /\.tsx$/).flatMap((f) => hardcodedStrings(f))).toEqual([]);
  });

  it('the check fails on a missing key, an unknown key and a hard-coded string', () => {
    expect(missingAcrossLocales({ de: { a: { b: 'x', c: 'y' } }, en: { a: { b: 'x' } } })).toEqual(['en: a.c']);
    const src = "const t = useTranslations('home');\nt('title'); t('nope');";
    expect(usedKeys(src)).toEqual(['home.title', 'home.nope']);
    expect(hardcodedStrings('x.tsx', 'export const X = () => <button aria-label="Speichern">Speichern</button>;')).toHaveLength(2);
    expect(hardcodedStrings('x.tsx', "export const X = () => <b aria-hidden=\"true\">{t('a')}</b>;")).toEqual([]);
  });
});
