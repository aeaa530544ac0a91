import { digitalstrategie } from './definitions/digitalstrategie';
import { ergebnisprotokoll } from './definitions/ergebnisprotokoll';
import { ozgPriorisierung } from './definitions/ozgPriorisierung';
import { quartalsbericht } from './definitions/quartalsbericht';
import { zustaendigkeitsmatrix } from './definitions/zustaendigkeitsmatrix';
import type { TemplateDefinition } from './types';

/** The templates every installation has, in gallery order. Their ids are part of the API. */
export const BUILT_IN_TEMPLATES: readonly TemplateDefinition[] = [digitalstrategie, quartalsbericht, ergebnisprotokoll, ozgPriorisierung, zustaendigkeitsmatrix];

export function builtInTemplate(id: string): TemplateDefinition | undefined {
  return BUILT_IN_TEMPLATES.find((t) => t.id === id);
}
