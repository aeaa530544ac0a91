import { getRequestConfig } from 'next-intl/server';
import { cookies } from 'next/headers';
import { LOCALE_COOKIE, toLocale } from './config';

// German by default; the user's choice is kept in a cookie (no locale prefix in URLs).
export default getRequestConfig(async () => {
  const locale = toLocale((await cookies()).get(LOCALE_COOKIE)?.value);
  return {
    locale,
    timeZone: 'Europe/Berlin',
    messages: (await import(`./messages/${locale}.json`)).default,
  };
});
