import { notFound } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { AppError } from '@/lib/errors';
import { authorize } from '@/lib/documents/service';
import { isDocId } from '@/lib/collab/protocol';
import { userColor } from '@/lib/collab/userColor';
import { getServices } from '@/lib/services';
import { requirePrincipal } from '@/app/_lib/session';
import { AppHeader } from '@/app/_components/AppHeader';
import { DocumentEditor } from '@/app/_components/editor/DocumentEditor';

export const dynamic = 'force-dynamic';

async function load(id: string) {
  const principal = await requirePrincipal();
  if (!isDocId(id)) notFound();
  try {
    return { principal, ...(await authorize(getServices(), principal, id, 'read')) };
  } catch (err) {
    if (err instanceof AppError && (err.status === 404 || err.status === 403)) notFound();
    throw err;
  }
}

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const p = await requirePrincipal();
  const doc = isDocId(id) ? await getServices().store.getDocument(id) : null;
  const role = doc ? await getServices().store.getRole(id, p.user.id) : null;
  return { title: doc && role ? doc.title : (await getTranslations('errors'))('notFoundTitle') };
}

export default async function DocumentPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { principal, doc, role } = await load(id);
  return (
    <>
      <AppHeader principal={principal} />
      <DocumentEditor
        docId={doc.id}
        initialTitle={doc.title}
        role={role}
        user={{ id: principal.user.id, name: principal.user.name, color: userColor(principal.user.id) }}
      />
    </>
  );
}
