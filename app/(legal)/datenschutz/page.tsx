import { getTranslations } from 'next-intl/server';
import { LegalPageView } from '@/app/_components/LegalPageView';

export const dynamic = 'force-dynamic';

export async function generateMetadata() {
  return { title: (await getTranslations('legal'))('datenschutz') };
}

export default function Page() {
  return <LegalPageView page="datenschutz" />;
}
