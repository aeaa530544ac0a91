import { deleteLines, insertLines, columnsSchema } from '@/lib/documents/sheetService';
import { json, parseBody, route } from '@/app/_lib/api';

export const dynamic = 'force-dynamic';

/** `{"sheet"?: name, "at": 3 | "C", "count"?: 1}`: the new columns start at `at` (1-based number or letter). */
export const POST = route<{ id: string }>(async ({ req, principal, params, services }) => {
  const input = await parseBody(req, columnsSchema);
  return json(await insertLines(services, principal, params.id, 'columns', input));
});

/** `?at=C&count=1[&sheet=name]`: deletes columns `at` … `at + count - 1`. */
export const DELETE = route<{ id: string }>(async ({ req, principal, params, services }) => {
  const q = new URL(req.url).searchParams;
  const input = columnsSchema.parse({ at: q.get('at') ?? undefined, count: q.get('count') ?? undefined, sheet: q.get('sheet') ?? undefined });
  return json(await deleteLines(services, principal, params.id, 'columns', input));
});
