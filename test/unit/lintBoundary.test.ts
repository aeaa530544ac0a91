import { describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';

describe('the app/server import boundary (ESLint)', () => {
  const eslint = new ESLint({ cwd: process.cwd() });
  const errorsFor = async (filePath: string, code: string) =>
    (await eslint.lintText(code, { filePath })).flatMap((r) => r.messages.filter((m) => m.ruleId === 'no-restricted-imports'));

  it('forbids app/ importing server/', async () => {
    expect(await errorsFor('app/page.ts', "import { x } from '../server/sync/DocumentRegistry';\nexport default x;\n")).toHaveLength(1);
    expect(await errorsFor('app/page.ts', "import { x } from '@/server/http';\nexport default x;\n")).toHaveLength(1);
  });

  it('forbids server/ importing app/ and lib/ importing either', async () => {
    expect(await errorsFor('server/x.ts', "import { x } from '../app/_lib/api';\nexport default x;\n")).toHaveLength(1);
    expect(await errorsFor('lib/x.ts', "import { x } from '../server/http';\nexport default x;\n")).toHaveLength(1);
  });

  it('allows both to import lib/', async () => {
    expect(await errorsFor('app/page.ts', "import { x } from '@/lib/config';\nexport default x;\n")).toHaveLength(0);
    expect(await errorsFor('server/x.ts', "import { x } from '../lib/config';\nexport default x;\n")).toHaveLength(0);
  });
});
