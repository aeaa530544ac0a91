import { z } from 'zod';
import { getCells, putCells, putCellsSchema } from '@/lib/documents/sheetService';
import { json, parseBody, route } from '@/app/_lib/api';

export const dynamic = 'force-dynamic';

const cellsQuery = z.object({ range: z.string().min(2).max(100), sheet: z.string().min(1).max(31).optional() });

/** `?range=A1:D20[&sheet=Name]` → the non-empty cells with evaluated values and A1 formulas. */
export const GET = route<{ id: string }>(async ({ req, principal, params, services }) => {
  const q = new URL(req.url).searchParams;
  const { range, sheet } = cellsQuery.parse({ range: q.get('range') ?? undefined, sheet: q.get('sheet') ?? undefined });
  return json(await getCells(services, principal, params.id, range, sheet));
});

/** `{"sheet"?: name, "cells": {"A1": 1, "A3": "=SUM(A1:A2)"}}` as one collaborative edit. */
export const PUT = route<{ id: string }>(async ({ req, principal, params, services }) => {
  const body = await parseBody(req, putCellsSchema);
  return json(await putCells(services, principal, params.id, body));
});
