import { getFormatter, getTranslations } from 'next-intl/server';
import { getServices } from '@/lib/services';
import { AppHeader } from '@/app/_components/AppHeader';
import { AdminNav } from '../AdminNav';
import { requireAdmin } from '../requireAdmin';

export const dynamic = 'force-dynamic';

export async function generateMetadata() {
  return { title: (await getTranslations('admin'))('feedbackTitle') };
}

export default async function AdminFeedbackPage() {
  const principal = await requireAdmin();
  const t = await getTranslations('admin');
  const format = await getFormatter();
  const entries = await getServices().store.listFeedback();
  return (
    <>
      <AppHeader principal={principal} />
      <main id="main" className="page">
        <AdminNav current="feedback" />
        <h1>{t('feedbackTitle')}</h1>
        {entries.length === 0 ? (
          <p>{t('feedbackEmpty')}</p>
        ) : (
          <table className="doc-table">
            <thead>
              <tr>
                <th scope="col">{t('feedbackAt')}</th>
                <th scope="col">{t('feedbackFrom')}</th>
                <th scope="col">{t('feedbackMessage')}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr key={e.id}>
                  <td><time dateTime={new Date(e.at).toISOString()}>{format.dateTime(new Date(e.at), { dateStyle: 'medium', timeStyle: 'short' })}</time></td>
                  <td>{[e.name, e.email].filter(Boolean).join(', ') || t('feedbackAnonymous')}</td>
                  <td className="pre-wrap">{e.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </main>
    </>
  );
}
