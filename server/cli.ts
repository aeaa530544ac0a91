import { parseArgs } from 'node:util';
import { createInterface } from 'node:readline';
import { parseConfig } from '../lib/config';
import { openStore } from '../lib/store';
import { createLocalUser, userJson } from '../lib/users';
import { generateApiToken } from '../lib/auth/apiTokens';
import { AppError } from '../lib/errors';
import { ZodError } from 'zod';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { NotEmptyError } from '../lib/store/types';
import { createBackup, restoreBackup } from './backup/backup';
import { BackupFormatError } from './backup/format';

const USAGE = `Werkraum administration

  npm run cli -- user add --email <email> --name <name> [--admin]   (password from a prompt or stdin)
  npm run cli -- user list
  npm run cli -- user disable --email <email>
  npm run cli -- user enable --email <email>
  npm run cli -- token create --user <email> --name <label>          (prints the token once)
  npm run cli -- backup --out <file>     consistent online backup of everything (gzip'd JSON lines)
  npm run cli -- restore --in <file>     load a backup into an EMPTY store (SQLite or DATABASE_URL)
`;

async function readPassword(): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stdin.isTTY ? process.stderr : undefined, terminal: !!process.stdin.isTTY });
  if (process.stdin.isTTY) process.stderr.write('Passwort: ');
  const line = await new Promise<string>((resolve) => {
    let got = false;
    rl.once('line', (l) => { got = true; resolve(l); });
    rl.once('close', () => { if (!got) resolve(''); });
  });
  rl.close();
  return line.replace(/\r$/, '');
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      email: { type: 'string' },
      name: { type: 'string' },
      admin: { type: 'boolean', default: false },
      user: { type: 'string' },
      out: { type: 'string' },
      in: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [area, action] = positionals;
  if (values.help || !area) {
    console.log(USAGE);
    return values.help ? 0 : 2;
  }
  const store = await openStore(parseConfig(process.env));
  try {
    if (area === 'backup') {
      if (!values.out) throw new AppError(2, 'usage', 'backup needs --out <file>');
      const file = path.resolve(values.out);
      if (existsSync(file)) throw new AppError(1, 'exists', `${file} exists already; choose a new file name`);
      const counts = await createBackup(store, file);
      console.log(JSON.stringify({ file, store: store.kind, counts }));
      return 0;
    }
    if (area === 'restore') {
      if (!values.in) throw new AppError(2, 'usage', 'restore needs --in <file>');
      const counts = await restoreBackup(store, path.resolve(values.in));
      await store.audit({ actor: null, action: 'backup.restore', detail: { file: path.basename(values.in), counts, via: 'cli' } });
      console.log(JSON.stringify({ store: store.kind, counts }));
      return 0;
    }
    if (area === 'user' && action === 'add') {
      if (!values.email || !values.name) throw new AppError(2, 'usage', 'user add needs --email and --name');
      const password = await readPassword();
      const user = await createLocalUser(store, { email: values.email, name: values.name, password, isAdmin: values.admin }, null);
      console.log(JSON.stringify(userJson(user)));
      return 0;
    }
    if (area === 'user' && action === 'list') {
      for (const u of await store.listUsers()) console.log(JSON.stringify(userJson(u)));
      return 0;
    }
    if (area === 'user' && (action === 'disable' || action === 'enable')) {
      const user = values.email ? await store.getUserByEmail(values.email) : null;
      if (!user) throw new AppError(1, 'not_found', `No user with email ${values.email ?? '(missing --email)'}`);
      await store.updateUser(user.id, { disabled: action === 'disable' });
      await store.audit({ actor: null, action: `user.${action}`, detail: { userId: user.id, via: 'cli' } });
      console.log(`${user.email}: ${action}d`);
      return 0;
    }
    if (area === 'token' && action === 'create') {
      if (!values.user || !values.name) throw new AppError(2, 'usage', 'token create needs --user and --name');
      const user = await store.getUserByEmail(values.user);
      if (!user) throw new AppError(1, 'not_found', `No user with email ${values.user}`);
      const { token, tokenHash } = generateApiToken();
      await store.createApiToken({ userId: user.id, name: values.name, tokenHash });
      await store.audit({ actor: null, action: 'token.create', detail: { userId: user.id, name: values.name, via: 'cli' } });
      console.log(token);
      return 0;
    }
    console.error(USAGE);
    return 2;
  } finally {
    await store.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    if (err instanceof NotEmptyError || err instanceof BackupFormatError) console.error(`Error: ${err.message}`);
    else if (err instanceof ZodError) console.error(`Error: ${err.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    else if (err instanceof AppError) {
      console.error(`Error: ${err.message}`);
      process.exit(err.status === 2 ? 2 : 1);
    } else console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
