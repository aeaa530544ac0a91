import { defaultLocale, locales, type Locale } from '@/lib/locales';

export { defaultLocale, locales, type Locale };
export const LOCALE_COOKIE = 'NEXT_LOCALE';

export function toLocale(value: string | undefined | null): Locale {
  return (locales as readonly string[]).includes(value ?? '') ? (value as Locale) : defaultLocale;
}
