// `budget keys create | list | revoke`: API keys from the command line (audited as `cli`).
import { parseArgs } from 'node:util';
import { db } from '../db/index.ts';
import { CLI } from '../domain/scope.ts';
import { createKey, listKeys, revokeKey } from '../engine/keys.ts';

export async function keys(args: string[]): Promise<number> {
  const [action, ...rest] = args;
  switch (action) {
    case 'create': {
      const { values } = parseArgs({
        args: rest,
        options: { role: { type: 'string' }, name: { type: 'string' }, brand: { type: 'string', multiple: true } },
      });
      const { key, token } = await db().$transaction((tx) =>
        createKey(tx, { name: values.name ?? '', role: values.role ?? '', brandIds: values.brand ?? [] }, CLI, new Date()),
      );
      process.stdout.write(
        `API key "${key.name}" (${key.role}${key.brandIds.length ? `, brands ${key.brandIds.join(', ')}` : ''}), id ${key.id}.\n` +
          `Shown this once, stored only as a hash:\n\n  ${token}\n\n`,
      );
      return 0;
    }
    case 'list': {
      const { values } = parseArgs({ args: rest, options: { json: { type: 'boolean' } } });
      const rows = await listKeys(db());
      if (values.json) {
        process.stdout.write(`${JSON.stringify(rows)}\n`);
        return 0;
      }
      for (const k of rows) {
        process.stdout.write(
          `${k.id}  ${k.name.padEnd(20)} ${k.role.padEnd(9)} ${k.revokedAt ? `revoked ${k.revokedAt.toISOString()}` : 'active'}` +
            `  last used ${k.lastUsedAt?.toISOString() ?? 'never'}${k.brandIds.length ? `  brands ${k.brandIds.join(',')}` : ''}\n`,
        );
      }
      if (rows.length === 0) process.stdout.write('no API keys\n');
      return 0;
    }
    case 'revoke': {
      const target = rest[0];
      if (!target) {
        process.stderr.write('budget: keys revoke needs the key’s id or name\n');
        return 2;
      }
      const key = await db().$transaction((tx) => revokeKey(tx, target, CLI, new Date()));
      process.stdout.write(`API key "${key.name}" (${key.id}) is revoked: every process refuses it within a second.\n`);
      return 0;
    }
    default:
      process.stderr.write('budget: keys create --role R --name N [--brand ID] | keys list | keys revoke <id|name>\n');
      return 2;
  }
}
