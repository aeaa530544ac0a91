import { userColor } from '@/lib/collab/userColor';
import { AppHeader } from '@/app/_components/AppHeader';
import { DocumentEditor } from '@/app/_components/editor/DocumentEditor';
import { documentPageTitle, loadDocumentPage } from '../../loadDocumentPage';

export const dynamic = 'force-dynamic';

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }) {
  return { title: await documentPageTitle((await params).id) };
}

export default async function DocumentPage({ params }: { params: Promise<{ id: string }> }) {
  const { principal, doc, role } = await loadDocumentPage((await params).id, 'text');
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
