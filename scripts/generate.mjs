// `npm run generate` (also run after `npm install`): the Prisma client and Pothos types into
// src/db/generated. Prisma's CLI wants a schema engine binary it cannot download here, though
// `generate` never runs it: any existing file satisfies the lookup.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const env = { ...process.env, PRISMA_HIDE_UPDATE_MESSAGE: '1', CHECKPOINT_DISABLE: '1' };
env.PRISMA_SCHEMA_ENGINE_BINARY ??= process.execPath;
env.PATH = `${root}node_modules/.bin:${env.PATH ?? ''}`; // the pothos generator is a bin
const result = spawnSync(process.execPath, ['node_modules/prisma/build/index.js', 'generate', '--schema', 'prisma/schema.prisma'], {
  cwd: root,
  env,
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
