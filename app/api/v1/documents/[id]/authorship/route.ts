import { getAuthorship } from '@/lib/documents/versions';
import { json, route } from '@/app/_lib/api';

export const dynamic = 'force-dynamic';

/** Who wrote which part of the live document: Yjs client marks and the people behind them. */
export const GET = route<{ id: string }>(async ({ principal, params, services }) => json(await getAuthorship(services, principal, params.id)));
