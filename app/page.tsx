import { getTranslations } from 'next-intl/server';
import { requirePrincipal } from './_lib/session';
import { AppHeader } from './_components/AppHeader';
import { DocumentList } from './_components/DocumentList';

export const dynamic = 'force-dynamic';

export async function generateMetadata() {
  return { title: (await getTranslations('home'))('title') };
}

export default async function HomePage() {
  const principal = await requirePrincipal();
  return (
    <>
      <AppHeader principal={principal} />
      <main id="main" className="page">
        <DocumentList userId={principal.user.id} isAdmin={principal.user.isAdmin} />
      </main>
    </>
  );
}
