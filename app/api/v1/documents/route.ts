import { createDocument, createDocumentSchema, documentJson } from '@/lib/documents/service';
import { json, parseBody, route } from '@/app/_lib/api';

export const dynamic = 'force-dynamic';

export const GET = route(async ({ req, principal, services }) => {
  const url = new URL(req.url);
  const docs = await services.store.listDocumentsForUser(principal.user.id, {
    trashed: url.searchParams.get('trash') === '1',
    query: url.searchParams.get('q') ?? undefined,
  });
  return json({ documents: docs.map(documentJson) });
});

export const POST = route(async ({ req, principal, services }) => {
  const input = await parseBody(req, createDocumentSchema);
  const doc = await createDocument(services, principal, input);
  return json(documentJson(doc), 201);
});
