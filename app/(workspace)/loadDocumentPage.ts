import { notFound, redirect } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { AppError } from '@/lib/errors';
import { authorize } from '@/lib/documents/service';
import { isDocId } from '@/lib/collab/protocol';
import { getServices } from '@/lib/services';
import type { DocumentKind } from '@/lib/store/types';
import { requirePrincipal } from '@/app/_lib/session';
import { documentPath } from '@/app/_components/paths';


/** Loads a document page's data: signed in, readable, and of the page's kind (else redirected). */
export async function loadDocumentPage(id: string, kind: DocumentKind) {
  const principal = await requirePrincipal();
  if (!isDocId(id)) notFound();
  let found;
  try {
    found = await authorize(getServices(), principal, id, 'read');
  } catch (err) {
    if (err instanceof AppError && (err.status === 404 || err.status === 403)) notFound();
    throw err;
  }
  if (found.doc.kind !== kind) redirect(documentPath(found.doc.kind, id));
  return { principal, ...found };
}

export async function documentPageTitle(id: string): Promise<string> {
  const p = await requirePrincipal();
  const doc = isDocId(id) ? await getServices().store.getDocument(id) : null;
  const role = doc && doc.deletedAt === null ? await getServices().store.getRole(id, p.user.id) : null;
  return doc && role ? doc.title : (await getTranslations('errors'))('notFoundTitle');
}
