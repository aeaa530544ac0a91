import { userColor } from '@/lib/collab/userColor';
import { getServices } from '@/lib/services';
import { AppHeader } from '@/app/_components/AppHeader';
import { SheetEditor } from '@/app/_components/sheet/SheetEditor';
import { SheetPreview } from '@/app/_components/sheet/SheetPreview';
import { documentPageTitle, loadDocumentPage } from '../../loadDocumentPage';

export const dynamic = 'force-dynamic';

// Handsontable is proprietary: production needs HANDSONTABLE_LICENSE_KEY (see README, Licence).
const EVALUATION_KEY = 'non-commercial-and-evaluation';

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }) {
  return { title: await documentPageTitle((await params).id) };
}

export default async function SheetPage({ params }: { params: Promise<{ id: string }> }) {
  const { principal, doc, role } = await loadDocumentPage((await params).id, 'sheet');
  const groups = await getServices().store.listUserGroups(principal.user.id);
  return (
    <>
      <AppHeader principal={principal} />
      <SheetEditor
        docId={doc.id}
        initialTitle={doc.title}
        role={role}
        groupIds={groups.map((g) => g.id)}
        dashboard={doc.templateId === 'ozg-priorisierung'}
        licenseKey={getServices().config.handsontableLicenseKey ?? EVALUATION_KEY}
        user={{ id: principal.user.id, name: principal.user.name, color: userColor(principal.user.id) }}
      >
        <SheetPreview docId={doc.id} />
      </SheetEditor>
    </>
  );
}
