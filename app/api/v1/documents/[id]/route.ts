import { z } from 'zod';
import { authorize, documentJson, renameDocument, titleSchema, trashDocument } from '@/lib/documents/service';
import { json, parseBody, route } from '@/app/_lib/api';

export const dynamic = 'force-dynamic';

export const GET = route<{ id: string }>(async ({ principal, params, services }) => {
  const { doc, role } = await authorize(services, principal, params.id, 'read');
  return json({ ...documentJson(doc), role });
});

export const PATCH = route<{ id: string }>(async ({ req, principal, params, services }) => {
  const { title } = await parseBody(req, z.object({ title: titleSchema }));
  return json(documentJson(await renameDocument(services, principal, params.id, title)));
});

/** Moves the document to the trash (restorable with POST …/restore). */
export const DELETE = route<{ id: string }>(async ({ principal, params, services }) => {
  await trashDocument(services, principal, params.id);
  return json({ id: params.id, deleted: true });
});
